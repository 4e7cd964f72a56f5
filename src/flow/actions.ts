import type { Disposition } from '../domain/dispositions.js';
import type { AccountFlagKind } from '../domain/account-flags.js';
import type { Intent, Signal } from '../nlu/intents.js';
import type { EscalationReason } from './events.js';
import type { FlowAction, FlowGuard } from './flow-config.js';

/** Speak a prompt from the scripts library, e.g. `say('promise.readback')`. */
export function say(prompt: string): FlowAction {
  return { type: 'say', params: { prompt } };
}

/** Speak the answer that came with the debtor's question (`UserSaidEvent.answer`), through the compliance guard like any line. */
export function sayAnswer(): FlowAction {
  return { type: 'sayAnswer' };
}

/** Hand the call to a human for `reason`. */
export function escalate(reason: EscalationReason): FlowAction {
  return { type: 'escalate', params: { reason } };
}

/** Record the disposition and emit `hang_up`. */
export function finish(disposition: Disposition): FlowAction {
  return { type: 'finish', params: { disposition } };
}

/** Append a note to the call record's flow notes. */
export function note(text: string): FlowAction {
  return { type: 'note', params: { note: text } };
}

/** Guard: the debtor's utterance was classified as `intent`. */
export function intentIs(intent: Intent): FlowGuard {
  return { type: 'intentIs', params: { intent } };
}

/** Guard: the debtor pressed `digit`. */
export function dtmfIs(digit: string): FlowGuard {
  return { type: 'dtmfIs', params: { digit } };
}

/** Raise an account flag; with `withDetail`, what the debtor just said is kept as its detail. */
export function flag(kind: AccountFlagKind, withDetail = false): FlowAction {
  return { type: 'flag', params: { kind, withDetail } };
}

/** Guard: the debtor's utterance carries `signal` (a request to repeat, a threat, a retraction…). */
export function signalIs(signal: Signal): FlowGuard {
  return { type: 'signalIs', params: { signal } };
}
