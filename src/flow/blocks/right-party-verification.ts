import type { Intent } from '../../nlu/intents.js';
import { say } from '../actions.js';
import { ask } from '../ask.js';
import type { FlowStateConfig } from '../flow-config.js';
import { outcome } from '../outcome.js';
import type { Answers } from './negotiation.js';
import { nameConfirmed, secondFactorQuestions } from './second-factor.js';
import { STATE } from './state-keys.js';

/** Intents that are about the debt: before verification they only get "I can only discuss this with …". */
const DEBT_TALK: readonly Intent[] = ['promise_to_pay', 'already_paid', 'dispute', 'hardship', 'request_plan', 'refuse', 'ask_balance'];

function verificationAnswers(verifiedTarget: string, onIdentityQuestion: Answers['ask_caller_identity']): Answers {
  const answers: Answers = {
    affirm: nameConfirmed(verifiedTarget),
    deny: STATE.thirdParty,
    third_party: STATE.thirdParty,
    wrong_number: STATE.wrongNumber,
    callback: STATE.callback,
    ask_caller_identity: onIdentityQuestion,
  };
  for (const intent of DEBT_TALK) answers[intent] = STATE.needRightParty;
  return answers;
}

// These questions ask who is speaking: a promise heard here is not captured (it waits for the
// right party), so they ask for no amount or date although they branch on promise_to_pay.
const NO_SLOTS = [] as const;

/**
 * Opening and right-party verification (US-D1, US-R1, CN-O1): the greeting names the business, the
 * AI assistant and the recording, and asks for the debtor; nothing about the debt is said until the
 * debtor confirms who they are — their name and, where the policy asks for one (`verifyWith`), a
 * second factor from the record (see `secondFactorQuestions`). Then the disclosures (mini-Miranda
 * or institution notice, amount and due date) are said and the call moves to `verifiedTarget`. A
 * third party or wrong number, or a caller who fails the second factor, hears no debt detail.
 */
export function rightPartyVerification(verifiedTarget: string): Record<string, FlowStateConfig> {
  const identityThenAsk = { target: STATE.verifyIdentity, actions: [say('verify.identity_unverified')] };
  const identityInPlace = { actions: [say('verify.identity_unverified')] };
  return {
    [STATE.opening]: ask({ prompts: ['opening.greeting'], on: verificationAnswers(verifiedTarget, identityThenAsk), slots: NO_SLOTS }),
    [STATE.verifyIdentity]: ask({ prompts: ['verify.ask_identity'], on: verificationAnswers(verifiedTarget, identityInPlace), slots: NO_SLOTS }),
    [STATE.needRightParty]: ask({ prompts: ['verify.need_right_party'], on: verificationAnswers(verifiedTarget, identityInPlace), slots: NO_SLOTS }),
    [STATE.thirdParty]: outcome('THIRD_PARTY', ['third_party.message']),
    [STATE.wrongNumber]: outcome('WRONG_NUMBER', ['wrong_number.apology', 'closing.goodbye']),
    ...secondFactorQuestions(verifiedTarget),
  };
}
