import { describe, expect, it } from 'vitest';
import { CallSession } from '../../src/call/call-session.js';
import type { CallEffects } from '../../src/call/session-ports.js';
import type { EscalationRequest } from '../../src/escalation/escalation-handler.js';
import { FLOW_EFFECT_TYPES, escalate, finish, flowContext, flowOutput, flowSetup, say, type FlowEffect } from '../../src/flow/index.js';
import { defaultScriptsLibrary } from '../../src/scripts/index.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { ManualClock } from '../../src/time/clock.js';
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
    const escalations: EscalationRequest[] = [];
    const effects: CallEffects = {
      say: () => seen.add('say'),
      escalate: (request) => {
        seen.add('escalate');
        escalations.push(request);
      },
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
    // The promise goes to the record, which the session keeps itself.
    if (record?.events.some((event) => event.type === 'promise.captured') === true) seen.add('promise');
    expect([...seen].sort()).toEqual([...FLOW_EFFECT_TYPES].sort());
    // The escalation handler gets the call's whole context, and the record has the request.
    expect(escalations[0]).toMatchObject({ callId: session.callId, reason: 'request_human', flow: 'every-effect', locale: 'en-US' });
    expect(escalations[0]?.transcript.map((entry) => entry.prompt)).toEqual(['opening.greeting']);
    expect(record?.events.map((event) => event.type)).toEqual(expect.arrayContaining(['escalation.requested', 'promise.captured', 'bot.said', 'call.ended']));
    expect(session.outcome?.disposition).toBe('ESCALATED');
  });

  it('records a failed hand-off and still ends the call as the flow decided', async () => {
    const store = new MemoryCallStore();
    const session = await CallSession.start({
      flowName: 'every-effect',
      machine: everyEffect,
      input: fixtureInput('en-US-early'),
      understanding: rulesUnderstanding(),
      scripts: defaultScriptsLibrary(),
      store,
      clock: new ManualClock(Date.parse('2026-03-11T15:00:00Z')),
      effects: {
        say: () => undefined,
        escalate: () => {
          throw new Error('no agent queue');
        },
        hangUp: () => undefined,
      },
    });
    const record = await store.getCall(session.callId);
    expect(record?.events.find((event) => event.type === 'call.note')).toMatchObject({ code: 'DUN_NOTE_ESCALATION_FAILED' });
    expect(record?.disposition).toBe('ESCALATED');
  });
});
