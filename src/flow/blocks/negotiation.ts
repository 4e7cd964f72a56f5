import type { Intent } from '../../nlu/intents.js';
import { say } from '../actions.js';
import type { AnswerSpec } from '../ask.js';
import { STATE } from './state-keys.js';

/** Answers, by intent, of an intent map a block or flow builds on. */
export type Answers = Partial<Record<Intent, AnswerSpec>>;

/** The first refusal hears the factual consequences and is asked again; the second ends the call (REFUSED). */
export const REFUSAL: AnswerSpec = [
  { guard: { type: 'firstRefusal' }, target: STATE.askAgain, actions: [{ type: 'countRefusal' }, { type: 'sayConsequences' }] },
  { target: STATE.refused },
];

/** Hardship: empathy first and a plan offer; said again, the case goes to the hardship team. */
export const HARDSHIP: AnswerSpec = [
  { guard: { type: 'firstHardship' }, target: STATE.plan, actions: [{ type: 'countHardship' }, say('hardship.empathy')] },
  { target: STATE.hardshipRouted },
];

/**
 * How every question after right-party verification answers the debtor: a promise is captured
 * and validated, hardship and plan requests lead to a plan, already-paid and dispute stop the
 * push, questions about the balance or the caller are answered and the question asked again.
 * `overrides` replace single intents for one question.
 */
export function negotiationAnswers(overrides: Answers = {}): Answers {
  return {
    affirm: STATE.checkPromise,
    promise_to_pay: { target: STATE.checkPromise, actions: [{ type: 'capturePromise' }] },
    request_plan: STATE.plan,
    hardship: HARDSHIP,
    already_paid: STATE.alreadyPaid,
    dispute: STATE.dispute,
    callback: STATE.callback,
    refuse: REFUSAL,
    deny: REFUSAL,
    ask_balance: { actions: [say('info.balance')] },
    ask_caller_identity: { actions: [say('info.identity')] },
    wrong_number: STATE.wrongNumber,
    third_party: STATE.thirdParty,
    ...overrides,
  };
}
