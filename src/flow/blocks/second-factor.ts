import type { VerifyFactor } from '../../domain/debtor.js';
import { flag, say } from '../actions.js';
import { ask, type Answer } from '../ask.js';
import type { FlowStateConfig } from '../flow-config.js';
import { outcome } from '../outcome.js';
import type { Answers } from './negotiation.js';
import { STATE } from './state-keys.js';

/** Each second factor's question and the prompt that asks for it: the partial identifier only, never more. */
const QUESTIONS: Readonly<Record<VerifyFactor, { readonly state: string; readonly prompt: string }>> = {
  date_of_birth: { state: STATE.verifyDateOfBirth, prompt: 'verify.ask_date_of_birth' },
  postcode: { state: STATE.verifyPostcode, prompt: 'verify.ask_postcode' },
  id_last4: { state: STATE.verifyIdLast4, prompt: 'verify.ask_id_last4' },
};

const FACTORS = Object.keys(QUESTIONS) as VerifyFactor[];

/** The debtor is who the record says: the disclosures (mini-Miranda or institution notice, amount and due date), then `verifiedTarget`. */
function verified(verifiedTarget: string): Answer {
  return { target: verifiedTarget, actions: [{ type: 'markVerified' }, say('disclosure.collector_notice'), say('disclosure.debt')] };
}

/**
 * The debtor confirmed their name (a yes, 1, or their name in any wording): where the policy asks
 * for a second factor, its question comes next and nothing is disclosed yet; otherwise they are
 * verified.
 */
export function nameConfirmed(verifiedTarget: string): Answer[] {
  return [...FACTORS.map((factor): Answer => ({ guard: { type: 'verifiesWith', params: { factor } }, target: QUESTIONS[factor].state })), verified(verifiedTarget)];
}

/**
 * One second-factor question. The answer that gives the identifier asked for comes as `affirm`
 * carrying it (the contextual reading and the keypad entry read it so): on record, the debtor is
 * verified; the first miss is told so and asked again; a second miss, a refusal or a "no" ends the
 * call without a word about the debt. Someone else answering, a callback and the standard answers
 * (distress, a person, a lawyer…) go where they go before verification; a question about the debt
 * waits for the check.
 */
function factorQuestion(factor: VerifyFactor, verifiedTarget: string): FlowStateConfig {
  const afterTheCheck: Answer = { actions: [say('verify.identifier_first')] };
  const on: Answers = {
    affirm: [
      { guard: { type: 'identifierMatches' }, ...verified(verifiedTarget) },
      { guard: { type: 'identifierMayRetry' }, actions: [{ type: 'countIdentityMiss' }, say('verify.identifier_mismatch')] },
      { guard: { type: 'identifierGiven' }, target: STATE.identityNotVerified, actions: [{ type: 'countIdentityMiss' }] },
    ],
    deny: STATE.identityNotVerified,
    refuse: STATE.identityNotVerified,
    third_party: STATE.thirdParty,
    wrong_number: STATE.wrongNumber,
    callback: STATE.callback,
    ask_caller_identity: { actions: [say('answer.purpose_unverified')] },
    ask_balance: afterTheCheck,
    already_paid: afterTheCheck,
    dispute: afterTheCheck,
    hardship: afterTheCheck,
    request_plan: afterTheCheck,
  };
  // Keys 1 and 2 are no answer to "your date of birth?": only 0 for a person, and the identifier keyed and ended with #.
  return ask({ prompts: [QUESTIONS[factor].prompt], on, dtmf: { '0': 'request_human' }, slots: [factor] });
}

/**
 * The second-factor questions of right-party verification (`Policy.verifyWith`) and the ending of
 * a caller who could not be verified. That ending is CALLBACK, as for a call that could not be
 * completed: nobody was verified and nothing was disclosed, so it is neither a refusal to pay
 * (REFUSED) nor someone else answering (THIRD_PARTY); the flag `identity_not_verified` says why.
 */
export function secondFactorQuestions(verifiedTarget: string): Record<string, FlowStateConfig> {
  const states: Record<string, FlowStateConfig> = {};
  for (const factor of FACTORS) states[QUESTIONS[factor].state] = factorQuestion(factor, verifiedTarget);
  states[STATE.identityNotVerified] = outcome('CALLBACK', ['verify.unverified_goodbye'], [flag('identity_not_verified')]);
  return states;
}
