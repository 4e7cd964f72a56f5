import {
  CALL_ENDINGS,
  HARDSHIP,
  STATE,
  ask,
  decide,
  flowContext,
  flowOutput,
  flowSetup,
  negotiationAnswers,
  objectionHandling,
  planOffer,
  promiseCapture,
  rightPartyVerification,

  standardEndings,
} from '../src/flow/index.js';

/**
 * Late stage, 91 days and more past due: firm but lawful. The bot asks how the debtor will resolve
 * the balance; a "no" or a plan request is met with a one-off settlement when the policy allows
 * one (read back and confirmed like any promise), then with a plan.
 */
export const lateStageFlow = flowSetup.createMachine({
  id: 'late',
  initial: STATE.opening,
  context: flowContext,
  output: flowOutput,
  on: CALL_ENDINGS,
  states: {
    ...rightPartyVerification(STATE.askPayment),
    [STATE.askPayment]: ask({
      prompts: ['late.ask_payment'],
      on: negotiationAnswers({ deny: STATE.settlement, request_plan: STATE.settlement }),
    }),
    [STATE.settlement]: decide([{ guard: { type: 'settlementAvailable' }, target: STATE.settlementOffer }, { target: STATE.plan }]),
    [STATE.settlementOffer]: ask({
      prompts: ['late.settlement_offer'],
      on: negotiationAnswers({
        affirm: { target: STATE.checkPromise, actions: [{ type: 'takeSettlementOffer' }] },
        deny: STATE.plan,
        request_plan: STATE.plan,
        hardship: HARDSHIP,
      }),
    }),
    ...promiseCapture(),
    ...planOffer(),
    ...objectionHandling({ deny: STATE.settlement }),
    ...standardEndings(),
  },
});

