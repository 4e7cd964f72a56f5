import type { Intent } from '../../nlu/intents.js';
import { flag, say } from '../actions.js';
import type { Answer, AnswerSpec } from '../ask.js';
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
 * A plan request that names its start ("six payments of 580, the first on March 20th") keeps that
 * day as the first instalment's, when within the window, and the plan is read back before it counts.
 */
export const PLAN_FROM_NAMED_START: Answer = { guard: { type: 'requestsPlanFrom' }, target: STATE.planOfferFromStart, actions: [{ type: 'startPlanOnNamedDay' }] };

/** A plan request: from the day the debtor named, else the plan on offer. */
export const PLAN_REQUEST: AnswerSpec = [PLAN_FROM_NAMED_START, { target: STATE.plan }];

/**
 * A dispute stops the push: the call ends DISPUTE with the written-notice acknowledgement, or, where
 * the escalation policy says so, goes to a person — flagged either way, so collection pauses.
 */
export const DISPUTE: AnswerSpec = [
  { guard: { type: 'disputesGoToPerson' }, target: STATE.escalateDispute, actions: [flag('dispute')] },
  { target: STATE.dispute },
];

/**
 * How every question after right-party verification answers the debtor: a promise is captured
 * and validated, hardship and plan requests lead to a plan, already-paid and dispute stop the
 * push, questions about the balance or the caller are answered and the question asked again.
 * `overrides` replace single intents for one question.
 */
export function negotiationAnswers(overrides: Answers = {}): Answers {
  const answers: Answers = {
    affirm: STATE.checkPromise,
    promise_to_pay: { target: STATE.checkPromise, actions: [{ type: 'capturePromise' }] },
    request_plan: PLAN_REQUEST,
    hardship: HARDSHIP,
    already_paid: STATE.alreadyPaid,
    dispute: DISPUTE,
    callback: STATE.callback,
    refuse: REFUSAL,
    deny: REFUSAL,
    ask_balance: { actions: [say('info.balance')] },
    ask_caller_identity: { actions: [say('info.identity')] },
    wrong_number: STATE.wrongNumber,
    third_party: STATE.thirdParty,
    ...overrides,
  };
  // Whatever the answer's intent, asking again to pay less than the balance is beyond the bot's authority.
  return Object.fromEntries(Object.entries(answers).map(([intent, spec]) => [intent, [INSISTS_ON_REDUCTION, ...answerList(spec)]]));
}

/**
 * A second request to pay less than the balance (or a figure held as final), after the bot has
 * offered what it may: a person decides (EscalationPolicy.beyondAuthority).
 */
const INSISTS_ON_REDUCTION: Answer = { guard: { type: 'insistsOnReduction' }, target: STATE.escalateBeyondAuthority };

function answerList(spec: AnswerSpec): readonly Answer[] {
  if (typeof spec === 'string') return [{ target: spec }];
  return Array.isArray(spec) ? (spec as readonly Answer[]) : [spec as Answer];
}
