import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CallRecordEvent } from '../../src/store/call-record.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { runDunbot } from './run-cli.js';

const AT = Date.parse('2026-03-11T15:00:00Z');
const root = join(import.meta.dirname, '..', '..');

const TIMING: Extract<CallRecordEvent, { type: 'turn.timing' }> = {
  type: 'turn.timing',
  atMs: AT + 3000,
  turn: 1,
  state: 'opening',
  input: 'speech',
  prompt: 'disclosure.collector_notice',
  stages: { endpointingMs: 300, recognitionMs: 240, understandingMs: 60, flowMs: 0, synthesisMs: 100, firstFrameMs: 0 },
  totalMs: 700,
};

const METRICS: Extract<CallRecordEvent, { type: 'call.metrics' }> = {
  type: 'call.metrics',
  atMs: AT + 9000,
  turns: 1,
  stages: { endpointing: { turns: 1, p50Ms: 300, maxMs: 300 }, recognition: { turns: 1, p50Ms: 240, maxMs: 240 }, synthesis: { turns: 1, p50Ms: 100, maxMs: 100 } },
  total: { turns: 1, p50Ms: 700, maxMs: 700 },
  interruptions: { byCaller: 1, byBot: 0 },
  talk: { durationMs: 9000, callerMs: 600, botMs: 4000, overlapMs: 60, silenceMs: 4460, shares: { callerOnly: 0.06, botOnly: 0.4377, overlap: 0.0066, silence: 0.4955 } },
  noInput: 2,
  notUnderstood: 1,
};

async function storeWith(events: readonly CallRecordEvent[]): Promise<string> {
  const db = join(mkdtempSync(join(tmpdir(), 'dunbot-show-')), 'calls.db');
  const store = SqliteCallStore.open(db);
  await store.startCall({ callId: 'c-1', debtorId: 'D-1001', flow: 'early', locale: 'en-US', channel: 'voice', startedAtMs: AT, provider: 'twilio' });
  await store.append('c-1', { type: 'call.started', atMs: AT, flow: 'early', locale: 'en-US', debtorId: 'D-1001', state: 'opening' }, ...events, { type: 'call.ended', atMs: AT + 9000, disposition: 'HUNG_UP', state: 'askPayment' });
  await store.finishCall('c-1', { disposition: 'HUNG_UP', endedAtMs: AT + 9000 });
  await store.close();
  return db;
}

describe('dunbot calls show with turn timing and call metrics', () => {
  it('prints each turn\'s latency by stage and the call\'s summary, and --json carries both', async () => {
    const db = await storeWith([TIMING, METRICS]);
    const shown = await runDunbot(['calls', 'show', 'c-1', '--db', db]);
    expect(shown.code).toBe(0);
    const lines = shown.stdout.split('\n');
    expect(lines).toContain('  +  3000ms  timing [opening] turn 1 (speech) answered in 700 ms = endpointing 300 + recognition 240 + understanding 60 + flow 0 + synthesis 100 + first frame 0   (disclosure.collector_notice)');
    const at = lines.findIndex((line) => line.includes('metrics 1 timed turn'));
    expect(lines.slice(at, at + 4)).toEqual([
      '  +  9000ms  metrics 1 timed turn, whole turn p50/max 700/700 ms',
      '                     by stage, p50/max ms (turns): endpointing 300/300 (1) · recognition 240/240 (1) · synthesis 100/100 (1)',
      '                     interruptions: 1 by the caller, 0 by the bot; no input 2; not understood 1',
      '                     talk over 9.0 s: caller alone 6.0% · bot alone 43.8% · both 0.7% (60 ms) · silence 49.5% (caller 600 ms, bot 4000 ms)',
    ]);
    const json = await runDunbot(['calls', 'show', 'c-1', '--json', '--db', db]);
    const record = JSON.parse(json.stdout) as { events: unknown[] };
    expect(record.events).toContainEqual(TIMING);
    expect(record.events).toContainEqual(METRICS);
  });

  it('shows a record written before them as before', async () => {
    const db = await storeWith([{ type: 'bot.said', atMs: AT, state: 'opening', prompt: 'opening.greeting', text: 'Hello' }]);
    const shown = await runDunbot(['calls', 'show', 'c-1', '--db', db]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).not.toContain('timing');
    expect(shown.stdout).not.toContain('metrics');
    expect(shown.stdout).toContain('call ended: HUNG_UP in askPayment');
  });

  it('shows the timings and summary a text call recorded', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'dunbot-show-')), 'calls.db');
    const chat = await runDunbot(['chat', '--debtor', join(root, 'fixtures', 'debtors', 'en-US-early.json'), '--now', '2026-03-11T15:00:00Z', '--script', join(root, 'fixtures', 'chat-scripts', 'en-US-early-promise.txt'), '--json', '--db', db]);
    expect(chat.code).toBe(0);
    const { recordId } = JSON.parse(chat.stdout) as { recordId: string };
    const shown = await runDunbot(['calls', 'show', recordId, '--db', db]);
    // A fixed clock (--now): every stage is 0, and the summary still counts the turns.
    expect(shown.stdout).toMatch(/timing \[opening\] turn 1 \(text\) answered in 0 ms = endpointing 0 \+ recognition 0 \+ understanding 0 \+ flow 0 \+ synthesis 0 \+ first frame 0/);
    expect(shown.stdout).toMatch(/metrics \d+ timed turns, whole turn p50\/max 0\/0 ms/);
    expect(shown.stdout).toContain('by stage, p50/max ms (turns): understanding 0/0');
    expect(shown.stdout).not.toContain('talk over');
  });
});
