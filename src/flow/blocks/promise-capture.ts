import { say } from '../actions.js';
import { ask, decide } from '../ask.js';
import type { FlowStateConfig } from '../flow-config.js';
import { outcome } from '../outcome.js';
import { negotiationAnswers, type Answers } from './negotiation.js';
import { STATE } from './state-keys.js';

/**
 * Promise-to-pay capture: asks for whatever is missing of amount and date, validates both against
 * the policy (minimum amount, not above the balance, not in the past, not after the latest promise
 * date), reads the promise back and ends with PTP only on an explicit "yes".
 * `answers` tune the negotiation answers at these questions (e.g. a flow's refusal handling).
 */
export function promiseCapture(answers: Answers = {}): Record<string, FlowStateConfig> {
  // Only an answer that carries an amount or a date moves the promise on; a bare "ok" at "how much?"
  // is asked again (a bounded retry), never taken round the capture loop for ever.
  const capture = [{ guard: { type: 'carriesPromiseSlot' as const }, target: STATE.checkPromise, actions: [{ type: 'capturePromise' as const }] }, {}];
  return {
    [STATE.checkPromise]: decide([
      { guard: { type: 'promiseAmountTooLow' }, target: STATE.promiseAmount, actions: [say('promise.amount_too_low'), { type: 'clearPromiseAmount' }] },
      { guard: { type: 'promiseAmountTooHigh' }, target: STATE.promiseAmount, actions: [say('promise.amount_too_high'), { type: 'clearPromiseAmount' }] },
      { guard: { type: 'promiseDateInPast' }, target: STATE.promiseDate, actions: [say('promise.date_in_past'), { type: 'clearPromiseDate' }] },
      { guard: { type: 'promiseDateTooLate' }, target: STATE.promiseDate, actions: [say('promise.date_too_late'), { type: 'clearPromiseDate' }] },
      { guard: { type: 'promiseAmountMissing' }, target: STATE.promiseAmount },
      { guard: { type: 'promiseDateMissing' }, target: STATE.promiseDate },
      // The amount asked for was the minimum due: accepting less (within policy) is said, never implied.
      { guard: { type: 'promiseBelowMinimumDue' }, target: STATE.promiseReadback, actions: [say('promise.below_minimum_due')] },
      { target: STATE.promiseReadback },
    ]),
    [STATE.promiseAmount]: ask({
      prompts: ['promise.ask_amount'],
      on: negotiationAnswers({ ...answers, affirm: capture, deny: STATE.plan, promise_to_pay: capture }),
    }),
    [STATE.promiseDate]: ask({
      prompts: ['promise.ask_date'],
      on: negotiationAnswers({ ...answers, affirm: capture, deny: STATE.plan, promise_to_pay: capture }),
    }),
    [STATE.promiseReadback]: ask({
      prompts: ['promise.readback'],
      on: negotiationAnswers({
        ...answers,
        affirm: { target: STATE.promiseKept, actions: [{ type: 'confirmPromise' }] },
        deny: { target: STATE.promiseAmount, actions: [say('promise.change'), { type: 'clearPromise' }] },
        promise_to_pay: capture,
      }),
    }),
    [STATE.promiseKept]: outcome('PTP', ['promise.confirmed', 'closing.payment_channel']),
  };
}
