import type { GroundingFacts } from '../answering/grounding-facts.js';
import type { Disposition } from '../domain/dispositions.js';
import type { Locale } from '../domain/locale.js';
import type { HandoffAdapter, HandoffOutcomeState } from '../escalation/handoff.js';
import type { RenderedPrompt } from '../scripts/scripts-library.js';
import type { TurnContext } from '../understanding/turn-context.js';
import type { Understood } from '../understanding/understander.js';

/**
 * Answering, as a call uses it: a short answer to an off-script question from the call's facts,
 * within the turn's budget, or undefined when there is none; it never rejects.
 */
export interface TurnAnswering {
  answer(question: string, facts: GroundingFacts, locale: Locale): Promise<string | undefined>;
}

/** Understanding, as a call uses it: what the debtor meant, within the turn's budget; it never rejects. */
export interface TurnUnderstanding {
  understand(utterance: string, context: TurnContext): Promise<Understood>;
}

/**
 * How one line said is getting to the caller, as the voice that plays it reports it: the first line
 * of an answer carries one, so the call can time the answer (see AnswerTimer). Each is reported
 * at most once, on the call's clock, in this order; `dropped` instead of `started` when the line
 * will never be heard (cut by a barge-in, dropped, not synthesized).
 */
export interface SpeechProgress {
  /** The line's audio is synthesized and queued to be sent. */
  ready(atMs: number): void;
  /** The line's first frame left for the caller. */
  started(atMs: number): void;
  dropped(): void;
}

/**
 * Who carries out the flow's effects besides the record: `say` is played (or printed), `hang_up`
 * ends the call with the provider once what was said has been heard. `escalate` is the session's
 * own (the record, and a live hand-off when one is configured), as are `promise` and notes.
 */
export interface CallEffects {
  /**
   * Says a line. `progress`, when given, is to be told how the line's audio gets to the caller —
   * by effects that play audio (`reportsAudio`); others may ignore it.
   */
  say(prompt: RenderedPrompt, progress?: SpeechProgress): void;
  /**
   * True when `say` plays audio and reports each line's progress: an answer is then timed to its
   * first frame. Otherwise (a terminal) a line reaches the debtor the moment it is said.
   */
  readonly reportsAudio?: boolean;
  hangUp(disposition: Disposition): void;
  /**
   * A live hand-off has begun: once what was said (the hold line) has been heard, the caller waits
   * on hold — hold audio on a voice call, never silence — until `endHold`.
   */
  hold?(): void;
  /**
   * The hand-off has its outcome: the hold ends. After `bridged` the call is the provider's: the
   * bot says nothing more and leaves the line open for the provider to end (no `hangUp` follows).
   */
  endHold?(outcome: HandoffOutcomeState): void;
}

/** How a call puts a caller through to a person, shared by every call of a deployment. */
export interface CallHandoff {
  /** The adapter (DUNBOT_HANDOFF); `none` means no live hand-off: an escalation ends the call at once. */
  readonly adapter: HandoffAdapter;
  /** How long a hand-off may take before it ends `no_answer`, in ms (DUNBOT_HANDOFF_RING_TIMEOUT_S). */
  readonly ringTimeoutMs: number;
  /** Who to reach (DUNBOT_HANDOFF_TARGET). */
  readonly target?: string;
  /** The language of the agent's summary (DUNBOT_HANDOFF_AGENT_LOCALE); the call's when absent. */
  readonly agentLocale?: Locale;
}

/** The provider's own ids for a call carried by telephony, kept in the record beside dunbot's. */
export interface TelephonyIds {
  readonly provider: string;
  readonly callId?: string;
  readonly streamId?: string;
}

/** The record's fields for a call's telephony ids (none for a text call). */
export function telephonyFields(ids: TelephonyIds | undefined): { provider?: string; providerCallId?: string; providerStreamId?: string } {
  if (ids === undefined) return {};
  return { provider: ids.provider, ...(ids.callId !== undefined ? { providerCallId: ids.callId } : {}), ...(ids.streamId !== undefined ? { providerStreamId: ids.streamId } : {}) };
}

