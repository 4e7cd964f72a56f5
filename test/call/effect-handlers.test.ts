import { describe, expect, it } from 'vitest';
import { CallSession } from '../../src/call/call-session.js';
import type { CallEffects } from '../../src/call/session-ports.js';
import type { HandoffAdapter } from '../../src/escalation/handoff.js';
import { FLOW_EFFECT_TYPES, escalate, finish, flowContext, flowOutput, flowSetup, say, type FlowEffect } from '../../src/flow/index.js';
import { defaultScriptsLibrary } from '../../src/scripts/index.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { ManualClock } from '../../src/time/clock.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { fixtureInput, rulesUnderstanding } from '../support/fixtures.js';

/** A flow whose only state emits one effect of every type the flow kit has. */
const everyEffect = flowSetup.createMachine({
  id: 'every-effect',
  initial: 'only',
  context: flowContext,
  output: flowOutput,
  states: {
    only: { type: 'final', entry: [say('opening.greeting'), { type: 'confirmPlan' }, escalate('request_human'), finish('ESCALATED')] },
  },
});

describe('effects of the flow', () => {
  it('each reach a handler or the record: none is dropped', async () => {
    const seen = new Set<FlowEffect['type']>();
    const effects: CallEffects = {
      say: () => seen.add('say'),
      hangUp: (disposition) => {
        seen.add('hang_up');
        expect(disposition).toBe('ESCALATED');
      },
    };
    const store = new MemoryCallStore();
    const session = await CallSession.start({
      flowName: 'every-effect',
      machine: everyEffect,
      input: fixtureInput('en-US-early'),
      understanding: rulesUnderstanding(),
      scripts: defaultScriptsLibrary(),
      store,
      clock: new ManualClock(Date.parse('2026-03-11T15:00:00Z')),
      effects,
    });
    const record = await store.getCall(session.callId);
    // The promise and the escalation go to the record, which the session keeps itself.
    if (record?.events.some((event) => event.type === 'promise.captured') === true) seen.add('promise');
    if (record?.events.some((event) => event.type === 'escalation.requested') === true) seen.add('escalate');
    expect([...seen].sort()).toEqual([...FLOW_EFFECT_TYPES].sort());
    expect(record?.events.map((event) => event.type)).toEqual(expect.arrayContaining(['escalation.requested', 'promise.captured', 'bot.said', 'call.ended']));
    expect(session.outcome?.disposition).toBe('ESCALATED');
  });

  it('calls no hand-off adapter for a flow that ends the call as it escalates, live or not', async () => {
    const store = new MemoryCallStore();
    let asked = 0;
    const adapter: HandoffAdapter = {
      name: 'desk',
      onEscalate: async () => {
        asked += 1;
        return { state: 'bridged' };
      },
    };
    const session = await CallSession.start({
      flowName: 'every-effect',
      machine: everyEffect,
      input: fixtureInput('en-US-early'),
      understanding: rulesUnderstanding(),
      scripts: defaultScriptsLibrary(),
      store,
      clock: new ManualClock(Date.parse('2026-03-11T15:00:00Z')),
      effects: { say: () => undefined, hangUp: () => undefined },
      handoff: { adapter, ringTimeoutMs: 25_000 },
      scheduler: new ManualScheduler(Date.parse('2026-03-11T15:00:00Z')),
    });
    const record = await store.getCall(session.callId);
    expect(asked).toBe(0);
    expect(record?.events.some((event) => event.type === 'handoff.state')).toBe(false);
    expect(record?.disposition).toBe('ESCALATED');
  });
});
