import type { Intent } from '../nlu/intents.js';
import { flag, intentIs, say } from './actions.js';
import { ask } from './ask.js';
import type { EscalationReason } from './events.js';
import type { FlowAction, FlowStateConfig } from './flow-config.js';
import { outcome } from './outcome.js';

/** The states every live hand-off shares once it has an outcome. */
export const HANDOFF_ENDING = {
  /** A person took the call: the bot says nothing more and the provider carries the call on. */
  bridged: 'handoffBridged',
  /** Nobody was reached: when should a colleague call back? */
  callback: 'handoffCallback',
  /** A callback agreed, at the time the debtor named if they named one. */
  callbackNoted: 'handoffCallbackNoted',
  /** The debtor wants no callback: the number to call, and goodbye. */
  noCallback: 'handoffNoCallback',
  /** Nobody was reached and no callback is offered (`onHandoffFailure: 'end'`, or a lawful stop heard). */
  failedEnd: 'handoffFailedEnd',
} as const;

/** The state in which a live hand-off of the escalation ending `ending` waits for its outcome. */
export function holdStateOf(ending: string): string {
  return `${ending}OnHold`;
}

/** What the bot says when nobody could be reached, before the callback question or the goodbye; distress hears the crisis line again. */
function failureLines(reason: EscalationReason): { readonly beforeCallback: string; readonly beforeEnd: string } {
  return reason === 'distress'
    ? { beforeCallback: 'escalation.handoff_failed_distress', beforeEnd: 'escalation.handoff_failed_distress_end' }
    : { beforeCallback: 'escalation.handoff_failed', beforeEnd: 'escalation.handoff_failed_end' };
}

/** Lawful stops heard on hold are kept, as every question keeps them, though nothing moves. */
const LEGAL_STOPS = ['attorney', 'bankruptcy', 'cease_contact', 'deceased'] as const satisfies readonly Intent[];

/**
 * The hold state of an escalation ending: the same entry (its lines, `escalate`) without the
 * ending itself, then waiting for `handoff.ended`. Speech on hold is recorded by the runtime and
 * moves nothing — what it says about the account (a restriction, a lawful stop) is kept, and the
 * safety stops need nothing more, the call being on its way to a person already. `bridged` ends
 * the call ESCALATED; any other outcome says why nobody came and offers a callback, or ends
 * (FlowOptions.onHandoffFailure).
 */
export function holdState(entry: readonly FlowAction[], reason: EscalationReason, prompts: readonly string[]): FlowStateConfig {
  const lines = failureLines(reason);
  const noted = { type: 'noteHandoff' } as const;
  return {
    // The call has left the question it was at: its retries and a promise still being taken down
    // (never confirmed) no longer count — whatever follows starts afresh.
    entry: [{ type: 'resetReprompts' }, { type: 'clearPromise' }, ...entry],
    meta: { onHold: true, prompts },
    on: {
      'handoff.ended': [
        { guard: { type: 'handoffBridged' }, target: HANDOFF_ENDING.bridged, actions: [noted] },
        { guard: { type: 'handoffFailureEndsCall' }, target: HANDOFF_ENDING.failedEnd, actions: [noted, say(lines.beforeEnd)] },
        { target: HANDOFF_ENDING.callback, actions: [noted, say(lines.beforeCallback)] },
      ],
      'user.said': [
        ...LEGAL_STOPS.map((intent) => ({ guard: intentIs(intent), actions: [{ type: 'noteSignals' } as const, flag(intent)] })),
        { actions: [{ type: 'noteSignals' }] },
      ],
    },
  };
}

/**
 * The states after a live hand-off, shared by every escalation ending. The callback question is a
 * question like any other (bounded retries, the turn limit, keys: 1 yes, 2 no, 0 a person, or a
 * day keyed); asking for a person there is taken as wanting one to call back, since one was just
 * tried, and an answer it cannot use ends with a callback without a time rather than another
 * hand-off.
 */
export function handoffEndings(): Record<string, FlowStateConfig> {
  const noted = { target: HANDOFF_ENDING.callbackNoted };
  return {
    [HANDOFF_ENDING.bridged]: outcome('ESCALATED', []),
    [HANDOFF_ENDING.callback]: ask({
      prompts: ['escalation.ask_callback_time'],
      on: {
        callback: noted,
        // A bare day ("tomorrow") is read as a promise's date: here it is when to call.
        promise_to_pay: noted,
        affirm: noted,
        request_human: noted,
        deny: HANDOFF_ENDING.noCallback,
      },
      otherwise: [{ guard: { type: 'canRepromptNoMatch' }, actions: [{ type: 'countNoMatch' }, say('common.no_match')] }, noted],
      onSilence: [{ guard: { type: 'canRepromptNoInput' }, actions: [{ type: 'countNoInput' }, say('common.no_input')] }, noted],
      slots: ['date'],
    }),
    [HANDOFF_ENDING.callbackNoted]: outcome('ESCALATION_FAILED', ['escalation.callback_goodbye'], [{ type: 'noteCallback' }]),
    [HANDOFF_ENDING.noCallback]: outcome('ESCALATION_FAILED', ['escalation.no_callback_goodbye']),
    [HANDOFF_ENDING.failedEnd]: outcome('ESCALATION_FAILED', []),
  };
}
