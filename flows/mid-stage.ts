import { CALL_ENDINGS, STATE, ask, flowContext, flowOutput, flowSetup, negotiationAnswers, objectionHandling, planOffer, promiseCapture, rightPartyVerification, standardEndings } from '../src/flow/index.js';

/**
 * Mid stage, 31–90 days past due: firmer. A "no" or a refusal hears the consequences that are
 * true for this account (late fees, credit reporting) before being asked again; hardship and
 * plan requests lead to a plan within policy.
 */
export const midStageFlow = flowSetup.createMachine({
  id: 'mid',
  initial: STATE.opening,
  context: flowContext,
  output: flowOutput,
  on: CALL_ENDINGS,
  states: {
    ...rightPartyVerification(STATE.askPayment),
    [STATE.askPayment]: ask({ prompts: ['mid.ask_payment'], on: negotiationAnswers() }),
    ...promiseCapture(),
    ...planOffer(),
    ...objectionHandling({ deny: STATE.plan }),
    ...standardEndings(),
  },
});
