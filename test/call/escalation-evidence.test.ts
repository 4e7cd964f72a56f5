import { describe, expect, it } from 'vitest';
import { SHIPPED_FLOWS } from '../../flows/index.js';
import { CallSession } from '../../src/call/call-session.js';
import { defaultScriptsLibrary } from '../../src/scripts/index.js';
import { MemoryCallStore, SqliteCallStore, type CallStore } from '../../src/store/index.js';
import type { CallRecordEvent } from '../../src/store/call-record.js';
import { ManualClock } from '../../src/time/clock.js';
import { collectingEffects, fixtureInput, rulesUnderstanding } from '../support/fixtures.js';

// Wednesday 2026-03-11, 10:00 in New York.
const START_MS = Date.parse('2026-03-11T15:00:00Z');

async function holdCall(store: CallStore, turns: readonly string[]): Promise<readonly CallRecordEvent[]> {
  const input = fixtureInput('en-US-early');
  const flow = SHIPPED_FLOWS.select(input.debtor);
  const clock = new ManualClock(START_MS);
  const session = await CallSession.start({ flowName: flow.name, machine: flow.machine, input, understanding: rulesUnderstanding(), scripts: defaultScriptsLibrary(), store, clock, effects: collectingEffects() });
  for (const text of turns) {
    if (session.ended) break;
    clock.increment(3000);
    await session.take({ kind: 'text', text });
  }
  await session.flush();
  return (await store.getCall(session.callId))?.events ?? [];
}

describe('the record of an escalation', () => {
  it('scores every spoken turn and keeps the score with the turn', async () => {
    const events = await holdCall(new MemoryCallStore(), ['yes this is john', 'I am so furious, I told you five times already!']);
    const scores = events.flatMap((event) => (event.type === 'debtor.turn' ? [event.emotion] : []));
    expect(scores[0]).toBe(0);
    expect(scores[1]).toBeGreaterThan(0.5);
  });

  it.each([
    ['in memory', () => new MemoryCallStore()],
    ['in SQLite', () => SqliteCallStore.open(':memory:')],
  ] as const)('keeps what set it off (%s): the rule, the words, intent, confidence, signals and emotion', async (_, store) => {
    const events = await holdCall(store(), ['yes this is john', "I'm in the hospital right now, I start chemo on Monday."]);
    const requested = events.find((event) => event.type === 'escalation.requested');
    expect(requested).toMatchObject({
      type: 'escalation.requested',
      reason: 'vulnerable',
      evidence: { trigger: 'vulnerable_signal', utterance: "I'm in the hospital right now, I start chemo on Monday.", signals: expect.arrayContaining(['vulnerable']), emotion: 0 },
    });
    if (requested?.type !== 'escalation.requested') return;
    expect(requested.evidence?.confidence).toBeGreaterThan(0);
    expect(requested.evidence?.intent).toBeDefined();
  });

  it('hands over on emotion that keeps rising, never on the first outburst', async () => {
    const events = await holdCall(new MemoryCallStore(), [
      'yes this is john',
      'Why do you keep calling me about this? This is so annoying.',
      // Angry about the calls without asking them to stop: "sick of these calls" is a cease request and ends the call.
      "I've told you five times already, this is driving me up the wall!",
      'I am absolutely furious, this is completely ridiculous!',
    ]);
    const requested = events.find((event) => event.type === 'escalation.requested');
    expect(requested).toMatchObject({ reason: 'emotion', evidence: { trigger: 'emotion_rising' } });
    const turns = events.filter((event) => event.type === 'debtor.turn').length;
    expect(turns).toBeGreaterThanOrEqual(3);
  });
});
