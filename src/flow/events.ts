import type { Disposition } from '../domain/dispositions.js';
import type { NluResult } from '../nlu/intents.js';
import type { PromptVariables } from '../scripts/scripts-library.js';

/** The debtor said something; `nlu` is what the NLU made of `text`. */
export interface UserSaidEvent {
  readonly type: 'user.said';
  readonly text: string;
  readonly nlu: NluResult;
  readonly atMs: number;
}

/** The debtor pressed a key (one DTMF digit: 0-9, *, #, A-D). */
export interface UserDtmfEvent {
  readonly type: 'user.dtmf';
  readonly digit: string;
  readonly atMs: number;
}

/** The debtor said nothing within the no-input timeout (the runtime turns timers into this event). */
export interface UserSilentEvent {
  readonly type: 'user.silent';
  readonly atMs: number;
}

/** The debtor started talking while the bot was speaking; `heardMs` is how much of the prompt was played. */
export interface UserBargedInEvent {
  readonly type: 'user.barged_in';
  readonly atMs: number;
  readonly heardMs?: number;
}

/** The debtor (or the network) ended the call. */
export interface CallHungUpEvent {
  readonly type: 'call.hung_up';
  readonly atMs: number;
}

/** The telephony layer detected an answering machine: only the limited-content voicemail may be left. */
export interface CallVoicemailEvent {
  readonly type: 'call.voicemail';
  readonly atMs: number;
}

/** Every event a flow machine accepts. */
export type TurnEvent =
  | UserSaidEvent
  | UserDtmfEvent
  | UserSilentEvent
  | UserBargedInEvent
  | CallHungUpEvent
  | CallVoicemailEvent;

/** The type names of all turn events, for validating events that arrive from outside. */
export const TURN_EVENT_TYPES = [
  'user.said',
  'user.dtmf',
  'user.silent',
  'user.barged_in',
  'call.hung_up',
  'call.voicemail',
] as const satisfies readonly TurnEvent['type'][];

export type { PromptVariables };

/** Speak a prompt from the scripts library. */
export interface SayEffect {
  readonly type: 'say';
  readonly prompt: string;
  readonly vars: PromptVariables;
}

/** Why a call goes to a human. */
export type EscalationReason =
  | 'request_human'
  | 'distress'
  | 'abusive'
  | 'not_understood'
  | 'beyond_authority';

/** Hand the call to a human agent; the runtime passes the call's full context with it. */
export interface EscalateEffect {
  readonly type: 'escalate';
  readonly reason: EscalationReason;
}

/** End the call with this disposition. */
export interface HangUpEffect {
  readonly type: 'hang_up';
  readonly disposition: Disposition;
}

/** What kind of commitment a promise is. */
export type PromiseKind = 'single' | 'plan' | 'settlement';

/** The debtor confirmed a promise to pay `amount` on `date` (ISO). */
export interface PromiseEffect {
  readonly type: 'promise';
  readonly amount: number;
  readonly date: string;
  readonly kind: PromiseKind;
  readonly installments?: number;
}

/** Every effect a flow emits; the call Session carries them out. */
export type FlowEffect = SayEffect | EscalateEffect | HangUpEffect | PromiseEffect;

/** The type names of every effect the flow kit emits. */
export const FLOW_EFFECT_TYPES = ['say', 'escalate', 'hang_up', 'promise'] as const satisfies readonly FlowEffect['type'][];

const EFFECT_TYPE_SET: ReadonlySet<string> = new Set<string>(FLOW_EFFECT_TYPES);

/** True when an event a flow actor emitted is one of the flow kit's effects. */
export function isFlowEffect(event: { readonly type: string }): event is FlowEffect {
  return EFFECT_TYPE_SET.has(event.type);
}
