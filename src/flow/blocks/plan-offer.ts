import { say } from '../actions.js';
import { ask, decide } from '../ask.js';
import type { FlowStateConfig } from '../flow-config.js';
import { escalation, outcome } from '../outcome.js';
import { negotiationAnswers } from './negotiation.js';
import { STATE } from './state-keys.js';

/**
 * Plan negotiation within policy: when the balance can be split (maxInstallments and the minimum
 * first payment allow it) the bot offers the plan and, on "yes", records the first instalment as
 * the promise (HARDSHIP_PLAN). Otherwise, or on "no", it asks what first payment the debtor can
 * manage. Asking for other terms is beyond the bot's authority and goes to a human (unless the
 * escalation policy says otherwise: then the bot asks what first payment the debtor can manage).
 */
export function planOffer(): Record<string, FlowStateConfig> {
  const agrees = { target: STATE.planAgreed, actions: [{ type: 'confirmPlan' as const }] };
  // A start the debtor names within the policy's window moves the first instalment to that day.
  // …and is read back before a yes counts, since the terms changed.
  const agreesWithStart = { guard: { type: 'namesPlanStart' as const }, target: STATE.planReadback, actions: [{ type: 'startPlanOnNamedDay' as const }] };
  const restated = { ...agrees, guard: { type: 'restatesPlan' as const } };
  const restatedWithStart = { ...agreesWithStart, guard: { type: 'restatesPlanFrom' as const } };
  const askFirstPayment = { target: STATE.promiseAmount, actions: [say('plan.ask_first_payment'), { type: 'clearPromise' as const }] };
  return {
    [STATE.plan]: decide([{ guard: { type: 'planAvailable' }, target: STATE.planOffer }, askFirstPayment]),
    [STATE.planOffer]: ask({
      prompts: ['plan.offer'],
      on: negotiationAnswers({
        affirm: [agreesWithStart, agrees],
        deny: askFirstPayment,
        // "580 a month for six months, starting the 20th" restates the offer: a yes, with its start,
        // read back. Without a start the offered figure is named to turn it down ("580 is too much,
        // can it be less?"): the bot asks what the debtor can manage, within its authority.
        request_plan: [
          restatedWithStart,
          { ...askFirstPayment, guard: { type: 'namesOfferedInstalment' as const } },
          { guard: { type: 'beyondAuthorityGoesToPerson' }, target: STATE.escalateBeyondAuthority },
          askFirstPayment,
        ],
        // A single payment instead of the plan is captured like any promise.
        promise_to_pay: [restatedWithStart, restated, { target: STATE.checkPromise, actions: [{ type: 'capturePromise' }] }],
        hardship: STATE.hardshipRouted,
      }),
    }),
    // The debtor asked for a plan from a day they named (see PLAN_FROM_NAMED_START): the terms from
    // that day, read back before a yes counts.
    [STATE.planOfferFromStart]: ask({
      prompts: ['plan.offer', 'plan.readback'],
      on: negotiationAnswers({ affirm: agrees, deny: askFirstPayment, request_plan: [restatedWithStart, askFirstPayment], hardship: STATE.hardshipRouted }),
    }),
    [STATE.planReadback]: ask({
      prompts: ['plan.readback'],
      on: negotiationAnswers({ affirm: agrees, deny: askFirstPayment, hardship: STATE.hardshipRouted }),
    }),
    [STATE.planAgreed]: outcome('HARDSHIP_PLAN', ['plan.confirmed', 'closing.payment_channel']),
    [STATE.hardshipRouted]: outcome('HARDSHIP_PLAN', ['hardship.route', 'closing.goodbye']),
    [STATE.escalateBeyondAuthority]: escalation('beyond_authority', ['escalation.handoff'], ['escalation.follow_up']),
  };
}
