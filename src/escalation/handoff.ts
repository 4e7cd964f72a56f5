import type { AccountFlag } from '../domain/account-flags.js';
import type { Locale } from '../domain/locale.js';
import type { EscalationReason } from '../flow/events.js';
import type { NluResult } from '../nlu/intents.js';
import type { TranscriptEntry } from '../call/transcript.js';

/**
 * The life of one hand-off to a person. `requested` is recorded when the flow asks for a person,
 * `briefing` while the agent is told about the call (a whisper, a summary), `ringing` while the
 * agent's phone rings; then exactly one outcome.
 */
export const HANDOFF_STATES = ['requested', 'briefing', 'ringing', 'bridged', 'declined', 'no_answer', 'busy', 'failed', 'cancelled'] as const;

/** A state of a hand-off (see HANDOFF_STATES). */
export type HandoffState = (typeof HANDOFF_STATES)[number];

/** The states that end a hand-off. */
export const HANDOFF_OUTCOMES = ['bridged', 'declined', 'no_answer', 'busy', 'failed', 'cancelled'] as const;

/** How a hand-off ended: bridged to a person, or why not. */
export type HandoffOutcomeState = (typeof HANDOFF_OUTCOMES)[number];

/** True when `state` ends a hand-off. */
export function isHandoffOutcome(state: HandoffState): state is HandoffOutcomeState {
  return (HANDOFF_OUTCOMES as readonly string[]).includes(state);
}

/** What made the call go to a person: the words, and what understanding made of them. */
export interface HandoffEvidence {
  /** The debtor's words that triggered it, when a turn did. */
  readonly utterance?: string;
  readonly nlu?: NluResult;
  /** The emotion score of that turn (0 calm – 1 furious or desperate), when measured. */
  readonly emotion?: number;
  /** Call-clock time of the trigger, in ms. */
  readonly atMs: number;
}

/** One debtor turn as the agent sees it: the words and their reading. */
export interface HandoffTurn {
  readonly atMs: number;
  readonly text: string;
  readonly nlu: NluResult;
}

/**
 * Everything a person needs to take the call over without asking the debtor to repeat
 * themselves. Sent as JSON by the webhook adapter; read aloud in part (the summary) to the agent
 * by the warm-transfer adapters.
 */
export interface HandoffPacket {
  readonly version: 1;
  /** Unique per hand-off; the webhook's idempotency key. */
  readonly handoffId: string;
  readonly callId: string;
  readonly flow: string;
  readonly state: string;
  readonly reason: EscalationReason;
  readonly evidence: HandoffEvidence;
  readonly debtor: {
    readonly id: string;
    readonly name: string;
    readonly phone: string;
    readonly locale: Locale;
    readonly creditor: string;
    readonly product: string;
    readonly currency: string;
    readonly balance: number;
    readonly daysPastDue: number;
  };
  /** Whether the debtor confirmed who they are (an agent must not disclose the debt otherwise). */
  readonly verified: boolean;
  readonly transcript: readonly TranscriptEntry[];
  readonly turns: readonly HandoffTurn[];
  /** The promise the debtor confirmed, if any. */
  readonly promise?: { readonly amount: number; readonly date: string; readonly kind: string; readonly installments?: number };
  readonly flags: readonly AccountFlag[];
  /** The emotion score of each debtor turn, in order. */
  readonly emotion: readonly { readonly atMs: number; readonly score: number }[];
  /** The provider's ids for the call, when telephony carries it. */
  readonly telephony?: { readonly provider: string; readonly callId?: string; readonly streamId?: string };
  /** A few sentences for the agent, in the agent's language. */
  readonly summary: { readonly locale: Locale; readonly text: string; readonly source: 'template' | 'llm' };
  /** ISO instant of the request. */
  readonly requestedAt: string;
}

/** One hand-off as an adapter sees it. */
export interface Handoff {
  readonly packet: HandoffPacket;
  /** Who to reach, when configured (DUNBOT_HANDOFF_TARGET): a phone number or a sip: URI. */
  readonly target?: string;
  /**
   * How long the agent's phone may ring, in ms. The runtime enforces it from the first `ringing`
   * reported, so what comes before (a webhook's reply, a dial request) does not count, and it
   * stops counting once a `briefing` follows the ringing (the agent picked up).
   */
  readonly ringTimeoutMs: number;
  /**
   * Aborted when the hand-off is over from dunbot's side: the caller hung up (`cancelled`) or a
   * time limit passed (`no_answer`). Stop dialling then; what is returned afterwards is ignored.
   */
  readonly signal: AbortSignal;
  /** Reports a state on the way (`briefing`, `ringing`), recorded with its time. */
  report(state: 'briefing' | 'ringing', detail?: string): void;
  /**
   * Says that the adapter is about to ask the provider to move the caller's leg off dunbot's media
   * stream (a transfer, a conference): call it right before that request. From then on the end of
   * the stream is the move, not the caller hanging up, and the call waits for this hand-off's
   * outcome instead of cancelling it. An adapter that never moves the caller's leg never calls it.
   */
  movingCaller(): void;
}

/** How a hand-off ended, as the adapter saw it. */
export interface HandoffResult {
  readonly state: HandoffOutcomeState;
  /** Why it did not bridge (the provider's status, the webhook's reason). */
  readonly reason?: string;
  /** Who it bridged to. */
  readonly target?: string;
}

/**
 * Puts a caller through to a person: one adapter per way of doing it (a generic webhook, Twilio's
 * warm transfer, a provider's transfer API). `onEscalate` resolves with the outcome; it should not
 * reject (a rejection is recorded as `failed` with its message).
 */
export interface HandoffAdapter {
  readonly name: string;
  onEscalate(handoff: Handoff): Promise<HandoffResult>;
}
