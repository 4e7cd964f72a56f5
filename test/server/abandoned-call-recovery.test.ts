import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROCESS_LOST_NOTE, SqliteCallStore, type CallRecord } from '../../src/store/index.js';
import { TwilioPhone } from '../../src/testing/twilio-phone.js';
import { runDunbot } from '../cli/run-cli.js';

const root = join(import.meta.dirname, '..', '..');
const SECRET = 'recovery-test-secret-0123456789';

/** One JSON log line of the server. */
type LogLine = Readonly<Record<string, unknown>> & { readonly msg?: unknown };

/** A `dunbot serve` process, started from the compiled CLI as an operator would. */
interface ServeProcess {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  readonly port: number;
  /** The first log line with message `msg` (already printed or still to come) that `matches`. */
  readonly logged: (msg: string, matches?: (line: LogLine) => boolean) => Promise<LogLine>;
  readonly exited: Promise<void>;
}

const children: ChildProcessWithoutNullStreams[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

async function startServe(db: string): Promise<ServeProcess> {
  const child = spawn(process.execPath, [join(root, 'bin', 'dunbot.js'), 'serve', '--port', '0'], {
    // No speech recognizer: the calls here need none, and the server starts sooner. The longest
    // silence timeout keeps a silent call live however long the other servers take to start.
    env: { ...process.env, DUNBOT_DB: db, DUNBOT_TOKEN_SECRET: SECRET, DUNBOT_ASR: 'none', DUNBOT_ALLOW_UNSIGNED_TWIML: 'true', DUNBOT_NO_INPUT_MS: '60000' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.push(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines: LogLine[] = [];
  const waiters: Array<() => void> = [];
  createInterface({ input: child.stderr }).on('line', (text) => {
    try {
      lines.push(JSON.parse(text) as LogLine);
    } catch {
      lines.push({ msg: text });
    }
    for (const wake of waiters.splice(0)) wake();
  });
  const logged = async (msg: string, matches: (line: LogLine) => boolean = () => true): Promise<LogLine> => {
    for (;;) {
      const found = lines.find((line) => line.msg === msg && matches(line));
      if (found !== undefined) return found;
      if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited before logging "${msg}": ${JSON.stringify(lines)}`);
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  let stdout = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/[0-9.]+:\d+)/.exec(stdout);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.once('exit', () => reject(new Error(`server exited: ${stdout} ${JSON.stringify(lines)}`)));
  });
  return { child, url, port: Number(new URL(url).port), logged, exited };
}

/** Calls the server as Twilio would: TwiML for the call, then the media stream with the token it carries; resolves with the call's id once it has started. */
async function placeCall(server: ServeProcess): Promise<{ readonly phone: TwilioPhone; readonly callId: string }> {
  const phone = new TwilioPhone(`ws://127.0.0.1:${server.port}/media/twilio`);
  const response = await fetch(`${server.url}/twiml/stream`, { method: 'POST', body: new URLSearchParams({ debtor: 'D-1001', flow: 'early', CallSid: phone.callSid }) });
  const xml = await response.text();
  const token = /<Parameter name="token" value="([^"]+)"\/>/.exec(xml)?.[1];
  if (token === undefined) throw new Error(`no token in ${response.status} ${xml}`);
  await phone.start({ debtor: 'D-1001', flow: 'early', token });
  // One call per server here, so its first "call started" is this one.
  const started = await server.logged('call started');
  if (typeof started.callId !== 'string') throw new Error(`no call id in ${JSON.stringify(started)}`);
  return { phone, callId: started.callId };
}

async function readCall(db: string, callId: string): Promise<CallRecord | undefined> {
  const store = SqliteCallStore.open(db);
  try {
    return await store.getCall(callId);
  } finally {
    await store.close();
  }
}

describe('a dunbot serve killed with SIGKILL mid-call', () => {
  it('has its live call closed SYSTEM_FAILURE by the next server on the same store, which leaves the live call of a sibling server alone', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'dunbot-recovery-')), 'calls.db');
    const [killed, sibling] = await Promise.all([startServe(db), startServe(db)]);
    const cutOff = await placeCall(killed);
    const live = await placeCall(sibling);

    // Killed once its record holds the call's first entries (on a loaded machine the log line can come first).
    await vi.waitFor(async () => expect((await readCall(db, cutOff.callId))?.events.length ?? 0).toBeGreaterThan(1), { timeout: 30_000, interval: 100 });
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(await cutOff.phone.closed).toBe(1006);
    const before = await readCall(db, cutOff.callId);
    expect(before?.disposition).toBeUndefined();

    const restarted = await startServe(db);
    expect(await restarted.logged('abandoned calls closed')).toMatchObject({ closedCalls: 1, liveCalls: 1, otherHostCalls: 0 });
    const record = await readCall(db, cutOff.callId);
    const lastTimeMs = Math.max(...(before?.events ?? []).map((event) => event.atMs));
    expect(record).toMatchObject({ disposition: 'SYSTEM_FAILURE', endedAtMs: lastTimeMs, outcome: { disposition: 'SYSTEM_FAILURE', endedAtMs: lastTimeMs } });
    expect(record?.events.slice(0, -2)).toEqual(before?.events);
    expect(record?.events.slice(-2)).toEqual([
      { type: 'call.note', atMs: lastTimeMs, code: PROCESS_LOST_NOTE, message: expect.stringContaining(`the process holding the call (pid ${killed.child.pid} on `) },
      { type: 'call.ended', atMs: lastTimeMs, disposition: 'SYSTEM_FAILURE', state: expect.any(String) },
    ]);
    const shown = await runDunbot(['calls', 'show', cutOff.callId, '--db', db]);
    expect(shown.stdout).toContain('disposition SYSTEM_FAILURE');
    expect(shown.stdout).toContain(`note ${PROCESS_LOST_NOTE}: the process holding the call`);

    // The sibling's call was live all along: still open, and it ends on its own terms.
    expect((await readCall(db, live.callId))?.disposition).toBeUndefined();
    live.phone.hangUp();
    await live.phone.closed;
    await sibling.logged('call ended', (line) => line.callId === live.callId);
    sibling.child.kill('SIGTERM');
    restarted.child.kill('SIGTERM');
    await Promise.all([sibling.exited, restarted.exited]);
    expect((await readCall(db, live.callId))?.disposition).toBe('HUNG_UP');
  }, 180_000);
});
