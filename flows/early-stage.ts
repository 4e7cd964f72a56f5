import { CALL_ENDINGS, STATE, ask, flowContext, flowOutput, flowSetup, negotiationAnswers, objectionHandling, planOffer, promiseCapture, rightPartyVerification, standardEndings } from '../src/flow/index.js';

/**
 * Early stage, 1–30 days past due: a friendly reminder that assumes an oversight. A debtor who
 * cannot pay the minimum now is offered a plan straight away; a refusal hears the factual
 * consequences once.
 */
export const earlyStageFlow = flowSetup.createMachine({
  id: 'early',
  initial: STATE.opening,
  context: flowContext,
  output: flowOutput,
  on: CALL_ENDINGS,
  states: {
    ...rightPartyVerification(STATE.askPayment),
    [STATE.askPayment]: ask({ prompts: ['early.ask_payment'], on: negotiationAnswers({ deny: STATE.plan }) }),
    ...promiseCapture(),
    ...planOffer(),
    ...objectionHandling({ deny: STATE.plan }),
    ...standardEndings(),
  },
});
