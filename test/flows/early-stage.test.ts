import { describe, expect, it } from 'vitest';
import { earlyStageFlow } from '../../flows/index.js';
import { driveFlow } from '../../src/testing/drive-flow.js';
import { fixtureInput } from '../support/fixtures.js';

const input = fixtureInput('en-US-early');

describe('early-stage flow', () => {
  it('captures a promise with amount and date, reads it back and ends PTP on "yes"', () => {
    const run = driveFlow(earlyStageFlow, input, ['affirm', { intent: 'promise_to_pay', amount: 300, date: '2026-03-13' }, 'affirm']);
    expect(run.output).toEqual({ disposition: 'PTP', promise: { amount: 300, date: '2026-03-13', kind: 'single' } });
    expect(run.prompts).toEqual([
      'opening.greeting',
      'disclosure.collector_notice',
      'disclosure.debt',
      'early.ask_payment',
      'promise.readback',
      'promise.confirmed',
      'closing.payment_channel',
    ]);
    expect(run.effects).toContainEqual({ type: 'promise', amount: 300, date: '2026-03-13', kind: 'single' });
    expect(run.effects.at(-1)).toEqual({ type: 'hang_up', disposition: 'PTP' });
  });

  it('says nothing about the debt before the debtor confirms who they are', () => {
    const run = driveFlow(earlyStageFlow, input, ['ask_balance', 'promise_to_pay']);
    expect(run.states).toEqual(['opening', 'needRightParty', 'needRightParty']);
    expect(run.prompts.filter((prompt) => /^(disclosure|info|early)\./.test(prompt))).toEqual([]);
  });

  it('asks for what is missing and rejects amounts and dates outside the policy', () => {
    const run = driveFlow(earlyStageFlow, input, [
      'affirm',
      'affirm',
      { intent: 'promise_to_pay', amount: 50 },
      { intent: 'promise_to_pay', amount: 5000 },
      { intent: 'promise_to_pay', amount: 200 },
      { intent: 'promise_to_pay', date: '2026-03-01' },
      { intent: 'promise_to_pay', date: '2026-04-30' },
      { intent: 'promise_to_pay', date: '2026-03-20' },
      'affirm',
    ]);
    expect(run.states.slice(1)).toEqual([
      'askPayment',
      'promiseAmount',
      'promiseAmount',
      'promiseAmount',
      'promiseDate',
      'promiseDate',
      'promiseDate',
      'promiseReadback',
      'promiseKept',
    ]);
    expect(run.prompts).toEqual(expect.arrayContaining(['promise.amount_too_low', 'promise.amount_too_high', 'promise.date_in_past', 'promise.date_too_late']));
    expect(run.output?.promise).toEqual({ amount: 200, date: '2026-03-20', kind: 'single' });
  });

  it('starts the promise again when the debtor says the read-back is wrong', () => {
    const run = driveFlow(earlyStageFlow, input, ['affirm', { intent: 'promise_to_pay', amount: 300, date: '2026-03-13' }, 'deny']);
    expect(run.states.at(-1)).toBe('promiseAmount');
    expect(run.prompts.slice(-2)).toEqual(['promise.change', 'promise.ask_amount']);
    expect(run.done).toBe(false);
  });

  it('lets the debtor correct the read-back with a new amount or date', () => {
    const run = driveFlow(earlyStageFlow, input, ['affirm', { intent: 'promise_to_pay', amount: 300, date: '2026-03-13' }, { intent: 'promise_to_pay', date: '2026-03-16' }, 'affirm']);
    expect(run.output?.promise).toEqual({ amount: 300, date: '2026-03-16', kind: 'single' });
  });

  it('meets hardship with empathy and a plan within policy (HARDSHIP_PLAN)', () => {
    const run = driveFlow(earlyStageFlow, input, ['affirm', 'hardship', 'affirm']);
    expect(run.prompts.slice(4)).toEqual(['hardship.empathy', 'plan.offer', 'plan.confirmed', 'closing.payment_channel']);
    // 1250.50 over 3 instalments, first one a week from today.
    expect(run.output).toEqual({ disposition: 'HARDSHIP_PLAN', promise: { amount: 416.83, date: '2026-03-18', kind: 'plan', installments: 3 } });
  });

  it('routes repeated hardship to the hardship team instead of pressing', () => {
    const run = driveFlow(earlyStageFlow, input, ['affirm', 'hardship', 'hardship']);
    expect(run.output?.disposition).toBe('HARDSHIP_PLAN');
    expect(run.prompts.slice(-2)).toEqual(['hardship.route', 'closing.goodbye']);
    expect(run.output?.promise).toBeUndefined();
  });

  it('asks for a first payment when the plan is declined', () => {
    const run = driveFlow(earlyStageFlow, input, ['affirm', 'request_plan', 'deny', { intent: 'promise_to_pay', amount: 150, date: '2026-03-14' }, 'affirm']);
    expect(run.states.slice(1, 4)).toEqual(['askPayment', 'planOffer', 'promiseAmount']);
    expect(run.output?.promise).toEqual({ amount: 150, date: '2026-03-14', kind: 'single' });
  });

  it('hears the consequences once on a refusal and ends REFUSED on the second', () => {
    const run = driveFlow(earlyStageFlow, input, ['affirm', 'refuse', 'refuse']);
    expect(run.prompts).toEqual(expect.arrayContaining(['consequences.fees', 'consequences.ask_again', 'refuse.ack']));
    expect(run.prompts).not.toContain('consequences.credit');
    expect(run.output?.disposition).toBe('REFUSED');
  });

  it('takes down an already-paid claim and stops pressing (PAID_CLAIMED)', () => {
    const run = driveFlow(earlyStageFlow, input, ['affirm', 'already_paid', { intent: 'already_paid', date: '2026-03-06' }]);
    expect(run.output?.disposition).toBe('PAID_CLAIMED');
    expect(run.prompts.slice(4)).toEqual(['paid.ask_details', 'paid.thanks', 'closing.goodbye']);
  });

  it.each([
    ['dispute', 'DISPUTE', 'dispute.ack'],
    ['callback', 'CALLBACK', 'callback.ack'],
    ['cease_contact', 'CEASE', 'cease.ack'],
    ['deceased', 'DECEASED', 'deceased.condolence'],
  ] as const)('ends lawfully on %s (%s)', (intent, disposition, prompt) => {
    const run = driveFlow(earlyStageFlow, input, ['affirm', intent]);
    expect(run.output?.disposition).toBe(disposition);
    expect(run.prompts).toContain(prompt);
  });

  it.each([
    ['attorney', 'ATTORNEY', 'attorney.ask_details'],
    ['bankruptcy', 'BANKRUPTCY', 'bankruptcy.ask_case'],
  ] as const)('asks for details, then ends on %s (%s)', (intent, disposition, prompt) => {
    const run = driveFlow(earlyStageFlow, input, ['affirm', intent, 'unknown']);
    expect(run.output?.disposition).toBe(disposition);
    expect(run.prompts).toContain(prompt);
  });

  it('never discloses the debt to a third party or a wrong number', () => {
    for (const [turn, disposition] of [['third_party', 'THIRD_PARTY'], ['deny', 'THIRD_PARTY'], ['wrong_number', 'WRONG_NUMBER']] as const) {
      const run = driveFlow(earlyStageFlow, input, [turn]);
      expect(run.output?.disposition).toBe(disposition);
      expect(run.prompts.some((prompt) => prompt.startsWith('disclosure.'))).toBe(false);
    }
  });

  it('answers "who is this?" before verification without naming the debt, then asks again', () => {
    const run = driveFlow(earlyStageFlow, input, ['ask_caller_identity', 'affirm']);
    expect(run.prompts.slice(1, 3)).toEqual(['verify.identity_unverified', 'verify.ask_identity']);
    expect(run.states.at(-1)).toBe('askPayment');
  });

  it('answers a balance question and asks the same question again', () => {
    const run = driveFlow(earlyStageFlow, input, ['affirm', 'ask_balance']);
    expect(run.states.at(-1)).toBe('askPayment');
    expect(run.prompts.slice(-2)).toEqual(['info.balance', 'early.ask_payment']);
  });

  it.each([
    ['request_human', 'escalation.follow_up'],
    ['distress', 'escalation.distress_follow_up'],
  ] as const)('hands the call to a human on %s', (intent, prompt) => {
    const run = driveFlow(earlyStageFlow, input, ['affirm', intent]);
    expect(run.output).toEqual({ disposition: 'ESCALATED', escalation: { reason: intent } });
    expect(run.prompts).toContain(prompt);
    expect(run.effects).toContainEqual({ type: 'escalate', reason: intent, evidence: expect.objectContaining({ trigger: `${intent}_intent`, intent }) });
  });

  it('de-escalates abuse once, then escalates', () => {
    const once = driveFlow(earlyStageFlow, input, ['affirm', 'abusive']);
    expect(once.done).toBe(false);
    expect(once.prompts.slice(-2)).toEqual(['escalation.deescalate', 'early.ask_payment']);
    const twice = driveFlow(earlyStageFlow, input, ['affirm', 'abusive', 'abusive']);
    expect(twice.output?.escalation).toEqual({ reason: 'abusive' });
  });

  it('re-prompts after one silence and ends politely after two (NO_RESPONSE)', () => {
    const once = driveFlow(earlyStageFlow, input, ['silence']);
    expect(once.prompts).toEqual(['opening.greeting', 'common.no_input', 'opening.greeting', 'keypad.keys_yes_no_person']);
    const twice = driveFlow(earlyStageFlow, input, ['silence', 'silence']);
    expect(twice.output?.disposition).toBe('NO_RESPONSE');
    expect(twice.prompts.at(-1)).toBe('common.no_response_goodbye');
  });

  it('counts silences per question: an answer in between starts the count again', () => {
    const run = driveFlow(earlyStageFlow, input, ['silence', 'affirm', 'silence']);
    expect(run.done).toBe(false);
    expect(run.states.at(-1)).toBe('askPayment');
  });

  it('escalates after two answers it does not understand, or ends if the flow is configured to', () => {
    const escalated = driveFlow(earlyStageFlow, input, ['affirm', 'unknown', 'unknown']);
    expect(escalated.output).toEqual({ disposition: 'ESCALATED', escalation: { reason: 'not_understood' } });
    const ended = driveFlow(earlyStageFlow, fixtureInput('en-US-early', { options: { onNotUnderstood: 'end' } }), ['affirm', 'unknown', 'unknown']);
    expect(ended.output?.disposition).toBe('CALLBACK');
    expect(ended.prompts.at(-1)).toBe('common.not_understood_goodbye');
  });

  it('takes keypad answers: 1 confirms, 0 asks for a person, other keys are not understood', () => {
    expect(driveFlow(earlyStageFlow, input, [{ dtmf: '1' }]).states.at(-1)).toBe('askPayment');
    expect(driveFlow(earlyStageFlow, input, [{ dtmf: '0' }]).output?.escalation).toEqual({ reason: 'request_human' });
    expect(driveFlow(earlyStageFlow, input, [{ dtmf: '7' }]).prompts.slice(-2)).toEqual(['common.no_match', 'opening.greeting']);
  });

  it('ends HUNG_UP from any state and leaves only the limited voicemail on an answering machine', () => {
    const hungUp = driveFlow(earlyStageFlow, input, ['affirm', 'hang_up']);
    expect(hungUp.output).toEqual({ disposition: 'HUNG_UP' });
    const voicemail = driveFlow(earlyStageFlow, input, ['voicemail']);
    expect(voicemail.output?.disposition).toBe('VOICEMAIL');
    expect(voicemail.prompts).toEqual(['opening.greeting', 'voicemail.message']);
  });

  it('ignores a barge-in: the flow waits for what the debtor says', () => {
    const run = driveFlow(earlyStageFlow, input, ['barge_in', 'affirm']);
    expect(run.states).toEqual(['opening', 'opening', 'askPayment']);
    expect(run.prompts.filter((prompt) => prompt === 'opening.greeting')).toHaveLength(1);
  });
});
