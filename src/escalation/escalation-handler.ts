import type { Debtor } from '../domain/debtor.js';
import type { Locale } from '../domain/locale.js';
import type { EscalationReason } from '../flow/events.js';
import type { Logger } from '../log/logger.js';
import type { TranscriptEntry } from '../call/transcript.js';

/** A call the flow hands to a person, with everything that person needs to take it over. */
export interface EscalationRequest {
  readonly callId: string;
  readonly reason: EscalationReason;
  readonly debtor: Debtor;
  readonly locale: Locale;
  readonly flow: string;
  /** The flow state the request was made in. */
  readonly state: string;
  /** Everything said so far, in order. */
  readonly transcript: readonly TranscriptEntry[];
  /** The call clock's time of the request. */
  readonly atMs: number;
}

/**
 * Carries out a flow's `escalate` effect. The session has already recorded the request
 * (`escalation.requested`) when this is called; a handler that fails is logged and noted in the
 * record, and the flow ends the call as it decided either way.
 */
export interface EscalationHandler {
  readonly name: string;
  escalate(request: EscalationRequest): void | Promise<void>;
}

/**
 * The default: the request is in the record and the log, and the flow's escalation ending closes
 * the call (disposition ESCALATED) for a person to call back with the record in hand.
 */
export function recordOnlyEscalation(logger: Logger): EscalationHandler {
  return {
    name: 'record',
    escalate: (request) => {
      logger.info('escalation recorded for a person to follow up', { callId: request.callId, reason: request.reason, state: request.state });
    },
  };
}
