import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SQLITE_SCHEMA_VERSION, SqliteCallStore, type CallRecordEvent, type CallStart } from '../../src/store/index.js';

const START_MS = Date.parse('2026-03-11T15:00:00Z');
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

function tempDbPath(): string {
  // A folder that does not exist yet: open() creates it.
  return join(mkdtempSync(join(tmpdir(), 'dunbot-sqlite-')), 'nested', 'calls.db');
}

function callStart(callId: string): CallStart {
  return { callId, debtorId: 'D-1001', flow: 'early', locale: 'zh-CN', channel: 'voice', startedAtMs: START_MS };
}

function turn(index: number): CallRecordEvent {
  return { type: 'debtor.turn', atMs: START_MS + index * 1000, state: 'ask', input: 'speech', text: `第${index}句`, nlu: { intent: 'unknown', confidence: 0.1, entities: {} } };
}

/** What a throwing call threw. */
function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Counts the entries of `path` from a second Node process, through its own SQLite connection. */
function countEntriesFromAnotherProcess(path: string): { readonly count: number; readonly journalMode: string } {
  const script = [
    "import Database from 'better-sqlite3';",
    'const db = new Database(process.env.DUNBOT_TEST_DB, { readonly: true, fileMustExist: true });',
    "const { count } = db.prepare('SELECT COUNT(*) AS count FROM call_events').get();",
    "console.log(JSON.stringify({ count, journalMode: db.pragma('journal_mode', { simple: true }) }));",
    'db.close();',
  ].join('\n');
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: REPO_ROOT, env: { ...process.env, DUNBOT_TEST_DB: path }, encoding: 'utf8' });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  const parsed: unknown = JSON.parse(child.stdout);
  if (typeof parsed !== 'object' || parsed === null || !('count' in parsed) || !('journalMode' in parsed)) throw new Error(`unexpected child output: ${child.stdout}`);
  return { count: Number(parsed.count), journalMode: String(parsed.journalMode) };
}

describe('SqliteCallStore', () => {
  it('keeps every entry of a call cut off midway, in order, after closing and reopening', async () => {
    const path = tempDbPath();
    const first = SqliteCallStore.open(path);
    await first.startCall(callStart('cut-off'));
    const events = [1, 2, 3, 4, 5].map(turn);
    for (const event of events) await first.append('cut-off', event);
    // No finishCall: the call was cut off.
    await first.close();

    const reopened = SqliteCallStore.open(path);
    try {
      const record = await reopened.getCall('cut-off');
      expect(record).toEqual({ ...callStart('cut-off'), eventCount: 5, events });
      expect(record?.disposition).toBeUndefined();
      expect(record?.endedAtMs).toBeUndefined();
      expect(await reopened.listCalls()).toEqual([{ ...callStart('cut-off'), eventCount: 5 }]);
      // Numbering goes on where it stopped.
      await reopened.append('cut-off', turn(6));
      expect((await reopened.getCall('cut-off'))?.events.at(-1)).toEqual(turn(6));
    } finally {
      await reopened.close();
    }
  });

  it('lets another process read the entries while the store is still open', async () => {
    const path = tempDbPath();
    const store = SqliteCallStore.open(path);
    try {
      await store.startCall(callStart('live'));
      for (const event of [1, 2, 3].map(turn)) await store.append('live', event);
      // The entries are still in the write-ahead log, not yet checkpointed into the main file.
      expect(existsSync(`${path}-wal`)).toBe(true);
      expect(countEntriesFromAnotherProcess(path)).toEqual({ count: 3, journalMode: 'wal' });
      // The reader held no lock that blocks the writer.
      await store.append('live', turn(4));
      expect(countEntriesFromAnotherProcess(path).count).toBe(4);
    } finally {
      await store.close();
    }
  });

  it(`creates schema version ${SQLITE_SCHEMA_VERSION} with the calls and call_events tables`, async () => {
    const path = tempDbPath();
    await SqliteCallStore.open(path).close();
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
      expect(tables).toEqual([{ name: 'call_events' }, { name: 'calls' }, { name: 'calls_by_started_at' }]);
    } finally {
      db.close();
    }
    // Opening again runs no migration twice.
    await SqliteCallStore.open(path).close();
  });

  it('refuses a database written by a newer dunbot, leaving it untouched', async () => {
    const path = tempDbPath();
    await SqliteCallStore.open(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${SQLITE_SCHEMA_VERSION + 1}`);
    raw.close();

    const error = thrownBy(() => SqliteCallStore.open(path));
    expect(error).toMatchObject({ code: 'DUN_ERR_CONFIG_INVALID', message: expect.stringContaining(`schema version ${SQLITE_SCHEMA_VERSION + 1}`) });
    const check = new Database(path, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION + 1);
    check.close();
  });

  it('refuses a path it cannot open as a database', () => {
    const folder = mkdtempSync(join(tmpdir(), 'dunbot-sqlite-'));
    expect(thrownBy(() => SqliteCallStore.open(folder))).toMatchObject({ code: 'DUN_ERR_CONFIG_INVALID', message: expect.stringContaining(folder) });
  });

  it('names the call and the entry when a stored entry is unreadable', async () => {
    expect.assertions(2);
    const path = tempDbPath();
    const store = SqliteCallStore.open(path);
    try {
      await store.startCall(callStart('damaged'));
      for (const event of [1, 2, 3].map(turn)) await store.append('damaged', event);
      const raw = new Database(path);
      raw.prepare("UPDATE call_events SET body_json = ? WHERE call_id = 'damaged' AND seq = 2").run('{"type":"debtor.turn","atMs":"late"');
      raw.prepare("UPDATE call_events SET body_json = ? WHERE call_id = 'damaged' AND seq = 3").run('{"type":"no.such.type","atMs":1}');
      raw.close();
      await expect(store.getCall('damaged')).rejects.toMatchObject({ code: 'DUN_ERR_STORE_WRITE', message: expect.stringMatching(/call damaged .*seq 2/) });
      const fixJson = new Database(path);
      fixJson.prepare("UPDATE call_events SET body_json = ? WHERE call_id = 'damaged' AND seq = 2").run(JSON.stringify(turn(2)));
      fixJson.close();
      await expect(store.getCall('damaged')).rejects.toMatchObject({ code: 'DUN_ERR_STORE_WRITE', details: { callId: 'damaged', seq: 3 } });
    } finally {
      await store.close();
    }
  });
});
