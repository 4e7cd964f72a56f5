import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCallRecordEvent, checkStoredEvent } from '../../src/store/call-record-schema.js';
import type { CallRecordEvent } from '../../src/store/call-record.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';

const AT = Date.parse('2026-03-11T15:00:00Z');

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
  stages: { endpointing: { turns: 1, p50Ms: 300, maxMs: 300 }, synthesis: { turns: 1, p50Ms: 100, maxMs: 100 } },
  total: { turns: 1, p50Ms: 700, maxMs: 700 },
  interruptions: { byCaller: 1, byBot: 0 },
  talk: { durationMs: 9000, callerMs: 600, botMs: 4000, overlapMs: 60, silenceMs: 4460, shares: { callerOnly: 0.06, botOnly: 0.4377, overlap: 0.0066, silence: 0.4955 } },
  noInput: 0,
  notUnderstood: 0,
};

describe('turn timing and call metrics in the record', () => {
  it('are checked when written: stages that do not add up to the whole, or shares beyond the call, are refused', () => {
    expect(checkCallRecordEvent(TIMING).ok).toBe(true);
    expect(checkCallRecordEvent(METRICS).ok).toBe(true);
    const off = checkCallRecordEvent({ ...TIMING, totalMs: 701 });
    expect(off).toMatchObject({ ok: false, error: expect.stringContaining('totalMs: the stages must add up to totalMs') });
    expect(checkCallRecordEvent({ ...TIMING, stages: { ...TIMING.stages, flowMs: -1 }, totalMs: 699 }).ok).toBe(false);
    expect(checkCallRecordEvent({ ...TIMING, stages: { ...TIMING.stages, flowMs: 0.5 }, totalMs: 700.5 }).ok).toBe(false);
    const talk = METRICS.talk;
    if (talk === undefined) throw new Error('no talk');
    expect(checkCallRecordEvent({ ...METRICS, talk: { ...talk, shares: { ...talk.shares, silence: 0.6 } } })).toMatchObject({ ok: false, error: expect.stringContaining('talk.shares') });
    expect(checkStoredEvent({ ...METRICS, stages: { endpointing: { turns: 0, p50Ms: 0, maxMs: 0 } } }).ok).toBe(false);
  });

  it('round-trip through SQLite, and records written before them still load', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dunbot-metrics-')), 'calls.db');
    const store = SqliteCallStore.open(path);
    // A call as an older dunbot recorded it: no turn timing, no summary.
    await store.startCall({ callId: 'old', debtorId: 'D-1001', flow: 'early', locale: 'en-US', channel: 'voice', startedAtMs: AT, provider: 'twilio' });
    await store.append(
      'old',
      { type: 'call.started', atMs: AT, flow: 'early', locale: 'en-US', debtorId: 'D-1001', state: 'opening' },
      { type: 'bot.said', atMs: AT, state: 'opening', prompt: 'opening.greeting', text: 'Hello' },
      { type: 'debtor.turn', atMs: AT + 2000, state: 'opening', input: 'speech', text: 'yes speaking', nlu: { intent: 'affirm', confidence: 0.9, entities: {} } },
      { type: 'call.ended', atMs: AT + 5000, disposition: 'HUNG_UP', state: 'askPayment' },
    );
    await store.finishCall('old', { disposition: 'HUNG_UP', endedAtMs: AT + 5000 });
    await store.startCall({ callId: 'new', debtorId: 'D-1001', flow: 'early', locale: 'en-US', channel: 'voice', startedAtMs: AT, provider: 'twilio' });
    await store.append('new', TIMING, METRICS, { type: 'call.ended', atMs: AT + 9000, disposition: 'HUNG_UP', state: 'askPayment' });
    await store.close();

    const reopened = SqliteCallStore.open(path);
    const old = await reopened.getCall('old');
    const fresh = await reopened.getCall('new');
    await reopened.close();
    expect(old?.events.map((event) => event.type)).toEqual(['call.started', 'bot.said', 'debtor.turn', 'call.ended']);
    expect(fresh?.events).toEqual([TIMING, METRICS, { type: 'call.ended', atMs: AT + 9000, disposition: 'HUNG_UP', state: 'askPayment' }]);
  });
});
