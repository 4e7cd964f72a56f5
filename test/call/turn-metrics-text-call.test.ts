import { describe, expect, it } from 'vitest';
import { SHIPPED_FLOWS } from '../../flows/index.js';
import { CallSession } from '../../src/call/call-session.js';
import type { TurnAnswering, TurnUnderstanding } from '../../src/call/session-ports.js';
import { defaultScriptsLibrary } from '../../src/scripts/index.js';
import type { CallRecord, CallRecordEvent } from '../../src/store/call-record.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { collectingEffects, fixtureInput, rulesUnderstanding } from '../support/fixtures.js';

const START_MS = Date.parse('2026-03-11T15:00:00Z');
/** How long understanding and an off-script answer take, on the call's clock. */
const UNDERSTANDING_MS = 35;
const ANSWERING_MS = 70;

function entriesOf<T extends CallRecordEvent['type']>(record: CallRecord, type: T): Extract<CallRecordEvent, { type: T }>[] {
  return record.events.filter((event): event is Extract<CallRecordEvent, { type: T }> => event.type === type);
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

describe('per-turn latency on a text call', () => {
  it('times understanding and the flow only, and sums the call up without talk time', async () => {
    const scheduler = new ManualScheduler(START_MS);
    const after = (ms: number): Promise<void> => new Promise((resolve) => scheduler.setTimeout(() => resolve(), ms));
    const rules = rulesUnderstanding();
    const understanding: TurnUnderstanding = { understand: async (utterance, context) => (await after(UNDERSTANDING_MS), rules.understand(utterance, context)) };
    const answering: TurnAnswering = { answer: async () => (await after(ANSWERING_MS), undefined) };
    const store = new MemoryCallStore();
    const input = fixtureInput('en-US-early');
    const flow = SHIPPED_FLOWS.select(input.debtor);
    const session = await CallSession.start({ flowName: flow.name, machine: flow.machine, input, understanding, answering, scripts: defaultScriptsLibrary(), store, clock: scheduler, effects: collectingEffects(), channel: 'text' });
    /** Takes a turn, letting the call's clock run while it is understood. */
    const take = async (turn: Parameters<CallSession['take']>[0]): Promise<void> => {
      const taking = session.take(turn);
      for (let i = 0; i < 60; i += 1) {
        await settle();
        scheduler.increment(5);
      }
      await taking;
    };
    await take({ kind: 'text', text: 'yes speaking' });
    await take({ kind: 'text', text: 'what is the interest rate on this' });
    await take({ kind: 'text', text: '' });
    await take({ kind: 'dtmf', digit: '9' });
    await take({ kind: 'hang_up' });
    const record = await store.getCall(session.callId);
    if (record === undefined) throw new Error('no record');

    const stages = (understandingMs: number, flowMs: number) => ({ endpointingMs: 0, recognitionMs: 0, understandingMs, flowMs, synthesisMs: 0, firstFrameMs: 0 });
    expect(entriesOf(record, 'turn.timing').map(({ turn, input: kind, stages: times, totalMs }) => ({ turn, input: kind, stages: times, totalMs }))).toEqual([
      { turn: 1, input: 'text', stages: stages(UNDERSTANDING_MS, 0), totalMs: UNDERSTANDING_MS },
      // An off-script question waits for its answer before the flow says its line.
      { turn: 2, input: 'text', stages: stages(UNDERSTANDING_MS, ANSWERING_MS), totalMs: UNDERSTANDING_MS + ANSWERING_MS },
      // An empty line is silence, and a key has no words: nothing to understand.
      { turn: 3, input: 'silence', stages: stages(0, 0), totalMs: 0 },
      { turn: 4, input: 'dtmf', stages: stages(0, 0), totalMs: 0 },
    ]);
    // Each answer is timed the moment its first line is said, and names it.
    for (const timing of entriesOf(record, 'turn.timing')) {
      const said = entriesOf(record, 'bot.said').find((line) => line.atMs === timing.atMs);
      expect(said?.prompt).toBe(timing.prompt);
    }

    expect(record.disposition).toBe('HUNG_UP');
    expect(record.events.map((event) => event.type).slice(-2)).toEqual(['call.metrics', 'call.ended']);
    const [metrics] = entriesOf(record, 'call.metrics');
    // Key 9 answers nothing at that question: not understood. No talk time: a text call has no audio.
    expect(metrics).toEqual({
      type: 'call.metrics',
      atMs: record.endedAtMs,
      turns: 4,
      stages: { understanding: { turns: 2, p50Ms: UNDERSTANDING_MS, maxMs: UNDERSTANDING_MS }, flow: { turns: 4, p50Ms: 0, maxMs: ANSWERING_MS } },
      total: { turns: 4, p50Ms: 0, maxMs: UNDERSTANDING_MS + ANSWERING_MS },
      interruptions: { byCaller: 0, byBot: 0 },
      noInput: 1,
      notUnderstood: 1,
    });
  });

  it('records no summary for a call that ends before anything was measured', async () => {
    const store = new MemoryCallStore();
    const input = fixtureInput('en-US-early');
    const flow = SHIPPED_FLOWS.select(input.debtor);
    const session = await CallSession.start({ flowName: flow.name, machine: flow.machine, input, understanding: rulesUnderstanding(), scripts: defaultScriptsLibrary(), store, clock: new ManualScheduler(START_MS), effects: collectingEffects() });
    await session.take({ kind: 'hang_up' });
    const record = await store.getCall(session.callId);
    const types = record?.events.map((event) => event.type) ?? [];
    expect(types).not.toContain('call.metrics');
    expect(types.at(-1)).toBe('call.ended');
  });
});
