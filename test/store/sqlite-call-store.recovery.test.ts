import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/time/clock.js';
import { PROCESS_LOST_NOTE, SqliteCallStore } from '../../src/store/index.js';

// The child processes run the compiled store (`npm run build`), as `dunbot serve` does.
const STORE_MODULE = pathToFileURL(fileURLToPath(new URL('../../dist/src/store/index.js', import.meta.url))).href;
const START_MS = Date.parse('2026-03-11T15:00:00Z');

/** Opens the store, starts DUNBOT_TEST_CALLS calls with one entry each, says "ready", then holds them until killed. */
const HOLD_CALLS = `
import { SqliteCallStore } from '${STORE_MODULE}';
const store = SqliteCallStore.open(process.env.DUNBOT_TEST_DB);
for (const callId of process.env.DUNBOT_TEST_CALLS.split(',')) {
  await store.startCall({ callId, debtorId: 'D-1001', flow: 'early', locale: 'en-US', channel: 'voice', startedAtMs: ${START_MS} });
  await store.append(callId, { type: 'bot.said', atMs: ${START_MS + 1000}, state: 'verify', prompt: 'opening.greeting', text: 'Hello' });
}
console.log('ready');
setInterval(() => undefined, 60_000);
`;

/** Opens the store, says "ready", and on "go" from stdin closes the abandoned calls and prints what it closed. */
const RECOVER_ON_GO = `
import { createInterface } from 'node:readline';
import { SqliteCallStore } from '${STORE_MODULE}';
const store = SqliteCallStore.open(process.env.DUNBOT_TEST_DB);
console.log('ready');
for await (const line of createInterface({ input: process.stdin })) {
  if (line !== 'go') continue;
  console.log(JSON.stringify(await store.closeAbandonedCalls(${START_MS + 3_600_000})));
  await store.close();
  process.exit(0);
}
`;

interface StoreProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** The next line the process prints. */
  readonly nextLine: () => Promise<string>;
  readonly exited: Promise<void>;
}

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function startStoreProcess(script: string, env: Record<string, string>): StoreProcess {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async (): Promise<string> => {
    const next = await lines.next();
    if (next.done === true) throw new Error(`the store process ended without a line: ${stderr}`);
    return String(next.value);
  };
  return { child, nextLine, exited };
}

async function killHard(target: StoreProcess): Promise<void> {
  target.child.kill('SIGKILL');
  await target.exited;
}

function tempDbPath(): string {
  return join(mkdtempSync(join(tmpdir(), 'dunbot-recovery-')), 'calls.db');
}

describe('SqliteCallStore recovery across real processes', () => {
  it('closes the calls of a process killed with SIGKILL, and leaves those of a live process on the same file open until it dies too', async () => {
    const path = tempDbPath();
    const killed = startStoreProcess(HOLD_CALLS, { DUNBOT_TEST_DB: path, DUNBOT_TEST_CALLS: 'of-killed' });
    const live = startStoreProcess(HOLD_CALLS, { DUNBOT_TEST_DB: path, DUNBOT_TEST_CALLS: 'of-live' });
    expect(await killed.nextLine()).toBe('ready');
    expect(await live.nextLine()).toBe('ready');
    await killHard(killed);

    const store = SqliteCallStore.open(path);
    try {
      expect(await store.closeAbandonedCalls(systemClock.nowMs())).toEqual({ closedCallIds: ['of-killed'], liveCallCount: 1, otherHostCallCount: 0 });
      const record = await store.getCall('of-killed');
      expect(record?.disposition).toBe('SYSTEM_FAILURE');
      expect(record?.endedAtMs).toBe(START_MS + 1000);
      expect(record?.events.at(-2)).toEqual({
        type: 'call.note',
        atMs: START_MS + 1000,
        code: PROCESS_LOST_NOTE,
        message: expect.stringContaining(`the process holding the call (pid ${killed.child.pid} on ${hostname()}) stopped without ending it`),
      });
      expect((await store.getCall('of-live'))?.disposition).toBeUndefined();

      await killHard(live);
      expect((await store.closeAbandonedCalls(systemClock.nowMs())).closedCallIds).toEqual(['of-live']);
    } finally {
      await store.close();
    }
  }, 30_000);

  it('closes each call once when two processes recover at the same moment', async () => {
    const path = tempDbPath();
    const callIds = Array.from({ length: 200 }, (_, index) => `call-${String(index).padStart(3, '0')}`);
    const holder = startStoreProcess(HOLD_CALLS, { DUNBOT_TEST_DB: path, DUNBOT_TEST_CALLS: callIds.join(',') });
    expect(await holder.nextLine()).toBe('ready');
    await killHard(holder);

    const recoverers = [startStoreProcess(RECOVER_ON_GO, { DUNBOT_TEST_DB: path }), startStoreProcess(RECOVER_ON_GO, { DUNBOT_TEST_DB: path })];
    for (const recoverer of recoverers) expect(await recoverer.nextLine()).toBe('ready');
    for (const recoverer of recoverers) recoverer.child.stdin.write('go\n');
    const reports = await Promise.all(recoverers.map(async (recoverer) => JSON.parse(await recoverer.nextLine()) as { closedCallIds: string[] }));
    const closed = reports.flatMap((report) => report.closedCallIds);
    expect(closed.sort()).toEqual(callIds);

    const store = SqliteCallStore.open(path);
    try {
      const record = await store.getCall('call-123');
      expect(record?.events.filter((event) => event.type === 'call.note' || event.type === 'call.ended').map((event) => event.type)).toEqual(['call.note', 'call.ended']);
    } finally {
      await store.close();
    }
  }, 30_000);
});
