import { describe, expect, it } from 'vitest';
import { FLOWS, earlyStageFlow } from '../../flows/index.js';
import { checkFlow, probeInputs } from '../../src/flow/index.js';
import { defaultScriptsLibrary } from '../../src/scripts/index.js';
import { driveFlow } from '../../src/testing/drive-flow.js';
import { fixtureInput } from '../support/fixtures.js';

const input = fixtureInput('en-US-early');
const live = fixtureInput('en-US-early', { handoff: true });

describe('a flow with a live hand-off', () => {
  it('without one, promises no transfer: a colleague will call back, then ESCALATED at once', () => {
    const run = driveFlow(earlyStageFlow, input, ['affirm', 'request_human']);
    expect(run.states.slice(1)).toEqual(['askPayment', 'escalateHuman']);
    expect(run.output).toEqual({ disposition: 'ESCALATED', escalation: { reason: 'request_human' } });
    expect(run.prompts.at(-1)).toBe('escalation.follow_up');
    expect(run.prompts).not.toContain('escalation.handoff');
  });

  it('says the hand-off line, emits escalate and waits on hold; bridged ends the call ESCALATED with nothing more said', () => {
    const held = driveFlow(earlyStageFlow, live, ['affirm', 'request_human']);
    expect(held.done).toBe(false);
    expect(held.states.at(-1)).toBe('escalateHumanOnHold');
    expect(held.prompts.at(-1)).toBe('escalation.handoff');
    expect(held.effects.filter((effect) => effect.type === 'escalate')).toEqual([expect.objectContaining({ type: 'escalate', reason: 'request_human' })]);
    expect(held.effects.some((effect) => effect.type === 'hang_up')).toBe(false);

    const bridged = driveFlow(earlyStageFlow, live, ['affirm', 'request_human', { handoff: 'bridged' }]);
    expect(bridged.output).toEqual({ disposition: 'ESCALATED', escalation: { reason: 'request_human', handoff: { state: 'bridged' } } });
    expect(bridged.prompts).toEqual(held.prompts);
    expect(bridged.effects.at(-1)).toEqual({ type: 'hang_up', disposition: 'ESCALATED' });
  });

  it('on no_answer says it could not reach anyone, asks when to call back, and ends ESCALATION_FAILED with the callback time', () => {
    const run = driveFlow(earlyStageFlow, live, [
      'affirm',
      'request_human',
      { handoff: 'no_answer', reason: 'no one answered within 25 s' },
      { intent: 'callback', text: 'tomorrow at 10am', date: '2026-03-12', callbackAt: '2026-03-12T10:00:00-04:00' },
    ]);
    expect(run.states.slice(2)).toEqual(['escalateHumanOnHold', 'handoffCallback', 'handoffCallbackNoted']);
    expect(run.prompts.slice(-4)).toEqual(['escalation.handoff', 'escalation.handoff_failed', 'escalation.ask_callback_time', 'escalation.callback_goodbye']);
    expect(run.output).toEqual({
      disposition: 'ESCALATION_FAILED',
      escalation: { reason: 'request_human', handoff: { state: 'no_answer', reason: 'no one answered within 25 s' } },
      flags: [{ kind: 'callback', detail: '2026-03-12T10:00:00-04:00' }],
    });
  });

  it('takes a bare day, a yes, a person asked for again or keys as the callback; a no as none', () => {
    const failed = ['affirm', 'request_human', { handoff: 'busy' }] as const;
    expect(driveFlow(earlyStageFlow, live, [...failed, { intent: 'promise_to_pay', date: '2026-03-13' }]).output?.flags).toEqual([{ kind: 'callback', detail: '2026-03-13' }]);
    expect(driveFlow(earlyStageFlow, live, [...failed, 'affirm']).output?.flags).toEqual([{ kind: 'callback' }]);
    // A person was just tried: asking again is asking for one to call back, not for another wait on hold.
    const again = driveFlow(earlyStageFlow, live, [...failed, 'request_human']);
    expect(again.output).toMatchObject({ disposition: 'ESCALATION_FAILED', flags: [{ kind: 'callback' }] });
    expect(driveFlow(earlyStageFlow, live, [...failed, { dtmf: '1' }]).output?.flags).toEqual([{ kind: 'callback' }]);
    const declined = driveFlow(earlyStageFlow, live, [...failed, 'deny']);
    expect(declined.output).toEqual({ disposition: 'ESCALATION_FAILED', escalation: { reason: 'request_human', handoff: { state: 'busy' } } });
    expect(declined.prompts.at(-1)).toBe('escalation.no_callback_goodbye');
  });

  it('bounds the callback question like every question: silence twice, or answers it cannot use, end with a callback without a time', () => {
    const failed = ['affirm', 'request_human', { handoff: 'failed', reason: 'webhook answered 500' }] as const;
    const silent = driveFlow(earlyStageFlow, live, [...failed, 'silence', 'silence']);
    expect(silent.prompts.slice(-3)).toEqual(['common.no_input', 'escalation.ask_callback_time', 'escalation.callback_goodbye']);
    expect(silent.output).toMatchObject({ disposition: 'ESCALATION_FAILED', flags: [{ kind: 'callback' }] });
    const muddled = driveFlow(earlyStageFlow, live, [...failed, 'unknown', 'unknown']);
    expect(muddled.output).toMatchObject({ disposition: 'ESCALATION_FAILED', flags: [{ kind: 'callback' }] });
  });

  it('keeps what the caller says on hold and moves on nothing but the outcome', () => {
    const run = driveFlow(earlyStageFlow, live, ['affirm', 'request_human', 'promise_to_pay', 'silence', { dtmf: '5' }, 'attorney', { handoff: 'bridged' }]);
    expect(run.states.slice(2, 6)).toEqual(['escalateHumanOnHold', 'escalateHumanOnHold', 'escalateHumanOnHold', 'escalateHumanOnHold']);
    expect(run.output).toMatchObject({ disposition: 'ESCALATED', flags: [{ kind: 'attorney' }] });
    // A represented debtor whom nobody could take is not offered a callback.
    const unreached = driveFlow(earlyStageFlow, live, ['affirm', 'request_human', 'attorney', { handoff: 'no_answer' }]);
    expect(unreached.output).toMatchObject({ disposition: 'ESCALATION_FAILED', flags: [{ kind: 'attorney' }] });
    expect(unreached.prompts.at(-1)).toBe('escalation.handoff_failed_end');
  });

  it('ends HUNG_UP when the caller hangs up on hold', () => {
    const run = driveFlow(earlyStageFlow, live, ['affirm', 'request_human', 'hang_up']);
    expect(run.output).toEqual({ disposition: 'HUNG_UP', escalation: { reason: 'request_human' } });
  });

  it('repeats the crisis line to a caller in distress whom nobody could take', () => {
    const run = driveFlow(earlyStageFlow, live, ['affirm', 'distress', { handoff: 'no_answer' }]);
    expect(run.prompts.slice(-3)).toEqual(['escalation.distress', 'escalation.handoff_failed_distress', 'escalation.ask_callback_time']);
  });

  it('with onHandoffFailure: end, apologises with the number to call and ends', () => {
    const ending = fixtureInput('en-US-early', { handoff: true, options: { onHandoffFailure: 'end' } });
    const run = driveFlow(earlyStageFlow, ending, ['affirm', 'request_human', { handoff: 'declined' }]);
    expect(run.output).toEqual({ disposition: 'ESCALATION_FAILED', escalation: { reason: 'request_human', handoff: { state: 'declined' } } });
    expect(run.prompts.at(-1)).toBe('escalation.handoff_failed_end');
  });

  it('tries one live hand-off per call: a later escalation ends the call for a person to follow up', () => {
    const run = driveFlow(earlyStageFlow, live, ['affirm', 'request_human', { handoff: 'no_answer' }, 'distress']);
    expect(run.states.at(-1)).toBe('escalateDistress');
    expect(run.output).toMatchObject({ disposition: 'ESCALATED', escalation: { reason: 'distress' } });
  });

  it('holds from every way into an escalation: a key, a safety signal, terms beyond authority', () => {
    expect(driveFlow(earlyStageFlow, live, ['affirm', { dtmf: '0' }]).states.at(-1)).toBe('escalateHumanOnHold');
    expect(driveFlow(earlyStageFlow, live, ['affirm', { intent: 'unknown', signals: ['self_harm'] }]).states.at(-1)).toBe('escalateDistressOnHold');
    expect(driveFlow(earlyStageFlow, live, ['affirm', 'deny', 'request_plan']).states.at(-1)).toBe('escalateBeyondAuthorityOnHold');
    expect(driveFlow(earlyStageFlow, input, ['affirm', 'deny', 'request_plan']).states.at(-1)).toBe('escalateBeyondAuthority');
  });

  it('never says the agent summary to the debtor: no flow speaks a handoff.* prompt', () => {
    const scripts = defaultScriptsLibrary();
    // Explored with a live hand-off, where every hand-off line is said.
    const liveProbe = probeInputs().filter((probe) => probe.handoff === true);
    expect(liveProbe).toHaveLength(1);
    for (const [name, machine] of Object.entries(FLOWS)) {
      const spoken = checkFlow(name, machine, scripts, liveProbe).promptsSpoken;
      expect(spoken.filter((prompt) => prompt.startsWith('handoff.')), name).toEqual([]);
      expect(spoken, name).toEqual(expect.arrayContaining(['escalation.handoff_failed', 'escalation.ask_callback_time']));
    }
  }, 300_000);
});
