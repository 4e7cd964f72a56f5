import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';

// These run the published entry point, bin/dunbot.js, as a real process: signals and a closed
// pipe only happen to processes. It runs the build in dist/ (`npm run build`, done by `npm test`).
const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'bin', 'dunbot.js');
const debtor = join(root, 'fixtures', 'debtors', 'en-US-early.json');
const CHILD_TIMEOUT_MS = 30_000;

let db: string;
beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'src', 'cli', 'main.js'))) throw new Error('dist/ is missing: run `npm run build` first');
});
beforeEach(() => {
  db = join(mkdtempSync(join(tmpdir(), 'dunbot-chat-proc-')), 'calls.db');
});

interface Running {
  readonly child: ChildProcess;
  /** Resolves once stdout has printed `text`. */
  readonly printed: (text: string) => Promise<void>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

function startChat(args: readonly string[]): Running {
  const child = spawn(process.execPath, [bin, 'chat', '--debtor', debtor, '--now', '2026-03-11T15:00:00Z', '--db', db, ...args], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const waiting: { text: string; resolve: () => void }[] = [];
  child.stdout?.on('data', (chunk: Buffer) => {
    stdout += chunk.toString('utf8');
    for (const wait of waiting.filter((w) => stdout.includes(w.text))) wait.resolve();
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  const printed = (text: string): Promise<void> => new Promise((resolve, reject) => {
    if (stdout.includes(text)) return resolve();
    waiting.push({ text, resolve });
    void exited.then(({ stdout: out, stderr: err }) => reject(new Error(`exited before printing "${text}"\nstdout: ${out}\nstderr: ${err}`)));
  });
  return { child, printed, exited };
}

/** The only call in the database: its disposition and the codes of its notes. */
function storedCall(): { disposition: string | null; notes: string[]; noteText: string } {
  const database = new Database(db, { readonly: true });
  try {
    const calls = database.prepare('SELECT call_id, disposition FROM calls').all() as { call_id: string; disposition: string | null }[];
    expect(calls).toHaveLength(1);
    const [call] = calls;
    const notes = database.prepare("SELECT body_json FROM call_events WHERE call_id = ? AND type = 'call.note' ORDER BY seq").all(call?.call_id) as { body_json: string }[];
    const bodies = notes.map((row) => JSON.parse(row.body_json) as { code: string; message: string });
    return { disposition: call?.disposition ?? null, notes: bodies.map((body) => body.code), noteText: bodies.map((body) => body.message).join('\n') };
  } finally {
    database.close();
  }
}

describe('dunbot chat cut short (real processes)', () => {
  it('ends HUNG_UP, noted, when the person at the terminal presses Ctrl-C', async () => {
    const chat = startChat([]);
    await chat.printed('May I please speak with John Smith?');
    chat.child.stdin?.write('yes this is john\n');
    await chat.printed('in the next few days?');
    chat.child.kill('SIGINT');
    const { code, stdout, stderr } = await chat.exited;
    expect(code).toBe(130);
    expect(stdout).toContain('disposition: HUNG_UP');
    expect(stderr).toContain('Ctrl-C (SIGINT)');
    expect(storedCall()).toMatchObject({ disposition: 'HUNG_UP', notes: ['DUN_NOTE_INTERRUPTED'] });
  }, CHILD_TIMEOUT_MS);

  it('ends SYSTEM_FAILURE, noted, when stopped with SIGTERM', async () => {
    const chat = startChat([]);
    await chat.printed('May I please speak with John Smith?');
    chat.child.kill('SIGTERM');
    const { code, stdout, stderr } = await chat.exited;
    expect(code).toBe(143);
    expect(stdout).toContain('disposition: SYSTEM_FAILURE');
    expect(stderr).toContain('SIGTERM');
    expect(storedCall()).toMatchObject({ disposition: 'SYSTEM_FAILURE', notes: ['DUN_NOTE_INTERRUPTED'] });
  }, CHILD_TIMEOUT_MS);

  it('ends SYSTEM_FAILURE, noted, when the reader of its output goes away (EPIPE)', async () => {
    const chat = startChat([]);
    await chat.printed('May I please speak with John Smith?');
    chat.child.stdout?.destroy();
    // The bot's answer to this line is written to a pipe nobody reads any more.
    chat.child.stdin?.write('yes this is john\n');
    const { code, stderr } = await chat.exited;
    expect(code).toBe(1);
    expect(stderr).toContain('EPIPE');
    expect(stderr).not.toContain('Unhandled');
    const call = storedCall();
    expect(call).toMatchObject({ disposition: 'SYSTEM_FAILURE', notes: ['DUN_NOTE_INTERRUPTED'] });
    expect(call.noteText).toContain('EPIPE');
  }, CHILD_TIMEOUT_MS);

  it('never leaves the record open when piped into `head -1`', async () => {
    const script = join(root, 'fixtures', 'chat-scripts', 'en-US-early-promise.txt');
    const shell = spawn('sh', ['-c', `"${process.execPath}" "${bin}" chat --debtor "${debtor}" --now 2026-03-11T15:00:00Z --script "${script}" --db "${db}" | head -1`], { cwd: root });
    let stdout = '';
    let stderr = '';
    shell.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    shell.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => shell.on('close', resolve));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^bot> [^\n]*\n$/);
    expect(stderr).not.toMatch(/Unhandled|at .*\.js:\d+/);
    // Whether the call ran to its end before the pipe closed is a race; either way it is recorded.
    expect(['PTP', 'SYSTEM_FAILURE']).toContain(storedCall().disposition);
  }, CHILD_TIMEOUT_MS);
});
