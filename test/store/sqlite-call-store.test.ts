import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { PROCESS_LOST_NOTE, SQLITE_SCHEMA_VERSION, SqliteCallStore, type CallRecordEvent, type CallStart } from '../../src/store/index.js';

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

  it(`creates schema version ${SQLITE_SCHEMA_VERSION} with the calls, call_events and store_processes tables`, async () => {
    const path = tempDbPath();
    await SqliteCallStore.open(path).close();
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' ORDER BY name").all();
      expect(tables).toEqual([{ name: 'call_events' }, { name: 'calls' }, { name: 'calls_by_started_at' }, { name: 'calls_open' }, { name: 'store_processes' }]);
    } finally {
      db.close();
    }
    // Opening again runs no migration twice.
    await SqliteCallStore.open(path).close();
  });

  it('writes the owner of every call it starts and registers its process when it opens', async () => {
    const path = tempDbPath();
    const store = SqliteCallStore.open(path, { owner: { host: 'host-a', pid: 4242, instanceId: 'instance-1' } });
    await store.startCall(callStart('owned'));
    await store.close();
    const db = new Database(path, { readonly: true });
    try {
      expect(db.prepare('SELECT owner_host, owner_pid, owner_instance FROM calls').all()).toEqual([{ owner_host: 'host-a', owner_pid: 4242, owner_instance: 'instance-1' }]);
      expect(db.prepare('SELECT host, pid, instance_id FROM store_processes').all()).toEqual([{ host: 'host-a', pid: 4242, instance_id: 'instance-1' }]);
    } finally {
      db.close();
    }
  });

  it('upgrades a version 1 database and closes its open calls, which name no owner, leaving finished ones as they were', async () => {
    const path = tempDbPath();
    mkdirSync(dirname(path), { recursive: true });
    const raw = new Database(path);
    // Version 1 exactly as it shipped.
    raw.exec(`CREATE TABLE calls (
       call_id TEXT PRIMARY KEY NOT NULL, debtor_id TEXT NOT NULL, flow TEXT NOT NULL, locale TEXT NOT NULL, channel TEXT NOT NULL,
       started_at_ms INTEGER NOT NULL, ended_at_ms INTEGER, disposition TEXT, outcome_json TEXT);
     CREATE INDEX calls_by_started_at ON calls (started_at_ms DESC);
     CREATE TABLE call_events (
       call_id TEXT NOT NULL REFERENCES calls (call_id), seq INTEGER NOT NULL, at_ms INTEGER NOT NULL, type TEXT NOT NULL, body_json TEXT NOT NULL,
       PRIMARY KEY (call_id, seq));`);
    raw.pragma('user_version = 1');
    const insertCall = raw.prepare("INSERT INTO calls (call_id, debtor_id, flow, locale, channel, started_at_ms, ended_at_ms, disposition, outcome_json) VALUES (?, 'D-1001', 'early', 'zh-CN', 'voice', ?, ?, ?, ?)");
    insertCall.run('old-open', START_MS, null, null, null);
    insertCall.run('old-done', START_MS, START_MS + 500, 'HUNG_UP', JSON.stringify({ disposition: 'HUNG_UP', endedAtMs: START_MS + 500 }));
    const insertEvent = raw.prepare('INSERT INTO call_events (call_id, seq, at_ms, type, body_json) VALUES (?, ?, ?, ?, ?)');
    [1, 2].forEach((index) => insertEvent.run('old-open', index, turn(index).atMs, 'debtor.turn', JSON.stringify(turn(index))));
    raw.close();

    const store = SqliteCallStore.open(path, { owner: { host: 'host-a', pid: 4242, instanceId: 'new' } });
    try {
      const doneBefore = { ...callStart('old-done'), endedAtMs: START_MS + 500, disposition: 'HUNG_UP', eventCount: 0, outcome: { disposition: 'HUNG_UP', endedAtMs: START_MS + 500 }, events: [] };
      expect(await store.closeAbandonedCalls(START_MS + 86_400_000)).toEqual({ closedCallIds: ['old-open'], liveCallCount: 0, otherHostCallCount: 0 });
      const record = await store.getCall('old-open');
      expect(record?.events.slice(2)).toEqual([
        { type: 'call.note', atMs: turn(2).atMs, code: PROCESS_LOST_NOTE, message: expect.stringContaining('started before the store recorded which process holds a call') },
        { type: 'call.ended', atMs: turn(2).atMs, disposition: 'SYSTEM_FAILURE', state: 'ask' },
      ]);
      expect(record?.outcome).toEqual({ disposition: 'SYSTEM_FAILURE', endedAtMs: turn(2).atMs });
      expect(await store.getCall('old-done')).toEqual(doneBefore);
    } finally {
      await store.close();
    }
  });

  it('upgrades a version 2 database, keeping its calls, which name no provider, and records providers from then on', async () => {
    const path = tempDbPath();
    mkdirSync(dirname(path), { recursive: true });
    const raw = new Database(path);
    // Version 2 exactly as it shipped: version 1, then the owner columns and store_processes.
    raw.exec(`CREATE TABLE calls (
       call_id TEXT PRIMARY KEY NOT NULL, debtor_id TEXT NOT NULL, flow TEXT NOT NULL, locale TEXT NOT NULL, channel TEXT NOT NULL,
       started_at_ms INTEGER NOT NULL, ended_at_ms INTEGER, disposition TEXT, outcome_json TEXT);
     CREATE INDEX calls_by_started_at ON calls (started_at_ms DESC);
     CREATE TABLE call_events (
       call_id TEXT NOT NULL REFERENCES calls (call_id), seq INTEGER NOT NULL, at_ms INTEGER NOT NULL, type TEXT NOT NULL, body_json TEXT NOT NULL,
       PRIMARY KEY (call_id, seq));
     ALTER TABLE calls ADD COLUMN owner_host TEXT;
     ALTER TABLE calls ADD COLUMN owner_pid INTEGER;
     ALTER TABLE calls ADD COLUMN owner_instance TEXT;
     CREATE INDEX calls_open ON calls (started_at_ms) WHERE ended_at_ms IS NULL;
     CREATE TABLE store_processes (host TEXT NOT NULL, pid INTEGER NOT NULL, instance_id TEXT NOT NULL, PRIMARY KEY (host, pid)) WITHOUT ROWID;`);
    raw.pragma('user_version = 2');
    const insertCall = raw.prepare("INSERT INTO calls (call_id, debtor_id, flow, locale, channel, started_at_ms, ended_at_ms, disposition, outcome_json, owner_host, owner_pid, owner_instance) VALUES (?, 'D-1001', 'early', 'zh-CN', 'voice', ?, ?, ?, ?, 'host-a', 4242, 'old')");
    insertCall.run('v2-open', START_MS, null, null, null);
    insertCall.run('v2-done', START_MS - 1000, START_MS + 500, 'HUNG_UP', JSON.stringify({ disposition: 'HUNG_UP', endedAtMs: START_MS + 500 }));
    const insertEvent = raw.prepare('INSERT INTO call_events (call_id, seq, at_ms, type, body_json) VALUES (?, ?, ?, ?, ?)');
    const started: CallRecordEvent = { type: 'call.started', atMs: START_MS, flow: 'early', locale: 'zh-CN', debtorId: 'D-1001', state: 'opening' };
    insertEvent.run('v2-open', 1, START_MS, 'call.started', JSON.stringify(started));
    insertEvent.run('v2-open', 2, turn(1).atMs, 'debtor.turn', JSON.stringify(turn(1)));
    raw.close();

    const store = SqliteCallStore.open(path, { owner: { host: 'host-a', pid: 4242, instanceId: 'old' } });
    try {
      expect(await store.getCall('v2-open')).toEqual({ ...callStart('v2-open'), eventCount: 2, events: [started, turn(1)] });
      expect(await store.getCall('v2-done')).toEqual({ ...callStart('v2-done'), startedAtMs: START_MS - 1000, endedAtMs: START_MS + 500, disposition: 'HUNG_UP', eventCount: 0, outcome: { disposition: 'HUNG_UP', endedAtMs: START_MS + 500 }, events: [] });
      // The old call is still open for writing, and new calls keep their provider ids.
      await store.append('v2-open', turn(2));
      const ids = { provider: 'twilio', providerCallId: 'CA0f7a1c9e', providerStreamId: 'MZ18ad3ab5' };
      await store.startCall({ ...callStart('v3-call'), startedAtMs: START_MS + 1000, ...ids });
      expect((await store.listCalls()).map((call) => [call.callId, call.provider, call.providerCallId, call.providerStreamId, call.eventCount])).toEqual([
        ['v3-call', 'twilio', 'CA0f7a1c9e', 'MZ18ad3ab5', 0],
        ['v2-open', undefined, undefined, undefined, 3],
        ['v2-done', undefined, undefined, undefined, 0],
      ]);
    } finally {
      await store.close();
    }
    const check = new Database(path, { readonly: true });
    try {
      expect(check.pragma('user_version', { simple: true })).toBe(SQLITE_SCHEMA_VERSION);
      expect(check.prepare("SELECT call_id, provider, provider_call_id, provider_stream_id FROM calls WHERE call_id = 'v2-open'").get()).toEqual({ call_id: 'v2-open', provider: null, provider_call_id: null, provider_stream_id: null });
    } finally {
      check.close();
    }
  });

  it('closes a call whose record has a damaged entry, ending it at the entries that read', async () => {
    const path = tempDbPath();
    const gone = SqliteCallStore.open(path, { owner: { host: 'host-a', pid: 101, instanceId: 'gone' } });
    await gone.startCall(callStart('damaged'));
    for (const event of [1, 2, 3].map(turn)) await gone.append('damaged', event);
    await gone.close();
    const raw = new Database(path);
    raw.prepare("UPDATE call_events SET body_json = '{' WHERE call_id = 'damaged' AND seq = 3").run();
    raw.close();
    const store = SqliteCallStore.open(path, { owner: { host: 'host-a', pid: 102, instanceId: 'here' }, isProcessAlive: (pid) => pid === 102 });
    try {
      expect((await store.closeAbandonedCalls(START_MS + 86_400_000)).closedCallIds).toEqual(['damaged']);
      const raw2 = new Database(path, { readonly: true });
      const outcome = raw2.prepare("SELECT ended_at_ms, disposition FROM calls WHERE call_id = 'damaged'").get();
      raw2.close();
      expect(outcome).toEqual({ ended_at_ms: turn(2).atMs, disposition: 'SYSTEM_FAILURE' });
    } finally {
      await store.close();
    }
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
