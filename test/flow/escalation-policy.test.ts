import { describe, expect, it } from 'vitest';
import { earlyStageFlow, midStageFlow } from '../../flows/index.js';
import type { EscalateEffect } from '../../src/flow/events.js';
import type { FlowInput, FlowOptionsInput } from '../../src/flow/flow-context.js';
import { driveFlow, type FlowRun, type TestTurn } from '../../src/testing/drive-flow.js';
import { fixtureInput } from '../support/fixtures.js';

const early = fixtureInput('en-US-early');
const mid = fixtureInput('en-US-mid');

function withOptions(input: FlowInput, options: FlowOptionsInput): FlowInput {
  return { ...input, options };
}

function escalation(run: FlowRun): EscalateEffect | undefined {
  return run.effects.find((effect): effect is EscalateEffect => effect.type === 'escalate');
}

const unknown = (text = 'mumble'): TestTurn => ({ intent: 'unknown', text });

describe('reasons that hand the call over at once', () => {
  it('a threat of violence, with its own reason and the words that made it', () => {
    const run = driveFlow(earlyStageFlow, early, ['affirm', { intent: 'abusive', signals: ['violence_threat'], text: 'come near my truck and you will regret it' }]);
    expect(run.output).toEqual({ disposition: 'ESCALATED', escalation: { reason: 'violence_threat' } });
    expect(escalation(run)?.evidence).toEqual({ trigger: 'violence_threat_signal', utterance: 'come near my truck and you will regret it', intent: 'abusive', confidence: 1, signals: ['violence_threat'] });
  });

  it('a complaint, with its own reason', () => {
    const run = driveFlow(earlyStageFlow, early, ['affirm', { intent: 'unknown', signals: ['complaint'] }]);
    expect(run.output?.escalation).toEqual({ reason: 'complaint' });
    expect(run.prompts.at(-1)).toBe('answer.complaint_follow_up');
    expect(escalation(run)?.evidence?.trigger).toBe('complaint_signal');
  });

  it('a vulnerable caller, before verification and without a word about the debt', () => {
    const run = driveFlow(earlyStageFlow, early, [{ intent: 'third_party', signals: ['vulnerable'], text: "I'm nine, my dad is at work" }]);
    expect(run.output?.escalation).toEqual({ reason: 'vulnerable' });
    expect(run.prompts).toEqual(['opening.greeting', 'escalation.follow_up']);
  });

  it('a vulnerable caller whose words read as distress: a person who can help, not the crisis line', () => {
    const run = driveFlow(earlyStageFlow, early, ['affirm', { intent: 'distress', signals: ['vulnerable'] }]);
    expect(run.output?.escalation).toEqual({ reason: 'vulnerable' });
    expect(run.prompts).not.toContain('escalation.distress_follow_up');
  });

  it('a bereaved debtor, verified, is not a deceased debtor', () => {
    const run = driveFlow(earlyStageFlow, early, ['affirm', { intent: 'deceased', signals: ['vulnerable'] }]);
    expect(run.output).toEqual({ disposition: 'ESCALATED', escalation: { reason: 'vulnerable' } });
  });

  it('keeps the lawful stops a vulnerable caller invokes: a death told before verification, a lawyer', () => {
    expect(driveFlow(earlyStageFlow, early, [{ intent: 'deceased', signals: ['vulnerable'] }]).output?.disposition).toBe('DECEASED');
    const lawyer = driveFlow(earlyStageFlow, early, ['affirm', { intent: 'attorney', signals: ['vulnerable'] }, 'hang_up']);
    expect(lawyer.output?.disposition).toBe('ATTORNEY');
  });

  it('self-harm still comes first, with the crisis line', () => {
    const run = driveFlow(earlyStageFlow, early, ['affirm', { intent: 'distress', signals: ['self_harm', 'vulnerable'] }]);
    expect(run.output?.escalation).toEqual({ reason: 'distress' });
    expect(run.prompts).toContain('escalation.distress_follow_up');
    expect(escalation(run)?.evidence?.trigger).toBe('self_harm_signal');
  });

  it('a request for a person by key, with the key as evidence', () => {
    const run = driveFlow(earlyStageFlow, early, ['affirm', { dtmf: '0' }]);
    expect(escalation(run)?.evidence).toEqual({ trigger: 'request_human_key', digit: '0' });
  });
});

describe('answers not understood in a row', () => {
  const patient = withOptions(early, { maxNoMatch: 5 });

  it('hand over at the policy count even where the question would ask again', () => {
    const run = driveFlow(earlyStageFlow, patient, ['affirm', unknown(), unknown(), unknown()]);
    expect(run.output?.escalation).toEqual({ reason: 'not_understood' });
    expect(escalation(run)?.evidence).toMatchObject({ trigger: 'not_understood_in_a_row', notUnderstoodInARow: 3, recognitionFailuresInARow: 0 });
  });

  it('start over with any answer understood', () => {
    const run = driveFlow(earlyStageFlow, patient, ['affirm', unknown(), unknown(), 'ask_balance', unknown(), unknown()]);
    expect(run.done).toBe(false);
  });

  it('count speech the recognizer gave no words for on their own', () => {
    const lenient = withOptions(early, { maxNoMatch: 5, escalation: { notUnderstoodInARow: false, recognitionFailuresInARow: 2 } });
    expect(driveFlow(earlyStageFlow, lenient, ['affirm', unknown(''), unknown('what'), unknown('')]).done).toBe(false);
    const run = driveFlow(earlyStageFlow, lenient, ['affirm', unknown('what'), unknown(''), unknown('')]);
    expect(escalation(run)?.evidence).toMatchObject({ trigger: 'recognition_failures_in_a_row', utterance: '', recognitionFailuresInARow: 2 });
  });

  it('leave each question its own limit when the policy has no count', () => {
    const off = withOptions(early, { maxNoMatch: 5, escalation: { notUnderstoodInARow: false, recognitionFailuresInARow: false } });
    expect(driveFlow(earlyStageFlow, off, ['affirm', unknown(), unknown(), unknown(), unknown()]).done).toBe(false);
    // The default question limit (two) is unchanged.
    const run = driveFlow(earlyStageFlow, early, ['affirm', unknown(), unknown()]);
    expect(escalation(run)?.evidence?.trigger).toBe('not_understood_at_question');
  });
});

describe('emotion over turns', () => {
  const heated = (emotion: number): TestTurn => ({ intent: 'ask_balance', emotion });

  it('hands over when the emotion stays heated and keeps rising, with its trajectory as evidence', () => {
    const run = driveFlow(earlyStageFlow, early, [{ intent: 'affirm', emotion: 0 }, heated(0.2), heated(0.6), heated(0.9)]);
    expect(run.output).toEqual({ disposition: 'ESCALATED', escalation: { reason: 'emotion' } });
    expect(escalation(run)?.evidence).toMatchObject({ trigger: 'emotion_rising', emotion: 0.9, emotionTrend: [0, 0.12, 0.408, 0.703] });
  });

  it('never on one outburst', () => {
    const run = driveFlow(earlyStageFlow, early, ['affirm', heated(1), heated(0), heated(0.3)]);
    expect(run.done).toBe(false);
  });

  it('leaves abuse to its own rule: one de-escalation first', () => {
    const run = driveFlow(earlyStageFlow, early, ['affirm', heated(0.9), { intent: 'abusive', emotion: 1 }]);
    expect(run.done).toBe(false);
    expect(run.prompts.at(-2)).toBe('escalation.deescalate');
  });

  it('is off when the policy says so', () => {
    const calmPolicy = withOptions(early, { escalation: { emotion: false } });
    expect(driveFlow(earlyStageFlow, calmPolicy, ['affirm', heated(0.9), heated(1), heated(1)]).done).toBe(false);
  });
});

describe('reasons by policy', () => {
  it('a debtor who asks again to pay less than the balance, after the offer, goes to a person', () => {
    const reduce = (intent: 'request_plan' | 'promise_to_pay' | 'hardship'): TestTurn => ({ intent, signals: ['reduction_request'] });
    const run = driveFlow(midStageFlow, mid, ['affirm', reduce('request_plan'), reduce('promise_to_pay')]);
    expect(run.states).toEqual(['opening', 'askPayment', 'planOffer', 'escalateBeyondAuthority']);
    expect(run.output?.escalation).toEqual({ reason: 'beyond_authority' });
    // Asked once, it is answered with the plan; a partial payment after it is taken as one.
    expect(driveFlow(midStageFlow, mid, ['affirm', reduce('request_plan'), { intent: 'promise_to_pay', amount: 500, date: '2026-03-13' }]).states.at(-1)).toBe('promiseReadback');
  });

  it('a dispute ends DISPUTE by default, and goes to a person, flagged, where the policy says so', () => {
    expect(driveFlow(earlyStageFlow, early, ['affirm', 'dispute']).output).toEqual({ disposition: 'DISPUTE', flags: [{ kind: 'dispute' }] });
    const run = driveFlow(earlyStageFlow, withOptions(early, { escalation: { dispute: true } }), ['affirm', 'dispute']);
    expect(run.output).toEqual({ disposition: 'ESCALATED', escalation: { reason: 'dispute' }, flags: [{ kind: 'dispute' }] });
    expect(escalation(run)?.evidence?.trigger).toBe('dispute_intent');
  });

  it('terms beyond authority go to a person by default, or the bot asks what the debtor can pay first', () => {
    expect(driveFlow(midStageFlow, mid, ['affirm', 'request_plan', 'request_plan']).output?.escalation).toEqual({ reason: 'beyond_authority' });
    const run = driveFlow(midStageFlow, withOptions(mid, { escalation: { beyondAuthority: false } }), ['affirm', 'request_plan', 'request_plan']);
    expect(run.done).toBe(false);
    expect(run.states.at(-1)).toBe('promiseAmount');
    expect(run.prompts).toContain('plan.ask_first_payment');
  });
});
