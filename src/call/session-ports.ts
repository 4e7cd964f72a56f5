import type { GroundingFacts } from '../answering/grounding-facts.js';
import type { Disposition } from '../domain/dispositions.js';
import type { Locale } from '../domain/locale.js';
import type { EscalationRequest } from '../escalation/escalation-handler.js';
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
 * Who carries out the flow's effects besides the record: `say` is played (or printed), `escalate`
 * goes to the escalation handler, `hang_up` ends the call with the provider once what was said has
 * been heard. `promise` and notes go to the record, which the session keeps itself.
 */
export interface CallEffects {
  say(prompt: RenderedPrompt): void;
  escalate(request: EscalationRequest): void | Promise<void>;
  hangUp(disposition: Disposition): void;
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

