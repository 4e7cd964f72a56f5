import { isTransferTarget } from '../call-transfer.js';

/** What the hand-off webhook answered, once read. */
export type WebhookReply =
  /** A person takes the call; `target` is where to put the caller through, when the reply names one. */
  | { readonly kind: 'accepted'; readonly target?: string }
  | { readonly kind: 'declined'; readonly reason: string }
  /** The reply could not be read; `reason` says why, for the record. */
  | { readonly kind: 'malformed'; readonly reason: string };

/** Longest declined reason kept: it goes into the call record, and a reply is not a document. */
const MAX_REASON_CHARS = 500;

/** A value from the reply, quoted and cut short, so a reason never carries a whole foreign document. */
function quoted(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

/**
 * Reads a 2xx reply body: `{"accepted": true, "target": "+15551234567"}` or
 * `{"accepted": false, "reason": "…"}`. Other fields are ignored, so receivers may add their own.
 * A body that is not UTF-8 JSON, mistyped fields, or a target that is neither an E.164 number nor
 * a sip:/sips: URI make the reply malformed: dunbot never dials something it cannot vouch for.
 */
export function readWebhookReply(body: Uint8Array): WebhookReply {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
  } catch {
    return { kind: 'malformed', reason: body.byteLength === 0 ? 'webhook reply is empty, expected JSON' : 'webhook reply is not JSON' };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { kind: 'malformed', reason: 'webhook reply is not a JSON object' };
  const reply = parsed as Record<string, unknown>;
  if (typeof reply.accepted !== 'boolean') return { kind: 'malformed', reason: 'webhook reply has no boolean "accepted"' };
  if (reply.accepted) {
    if (reply.target === undefined) return { kind: 'accepted' };
    if (typeof reply.target !== 'string') return { kind: 'malformed', reason: 'webhook reply "target" is not a string' };
    if (!isTransferTarget(reply.target)) return { kind: 'malformed', reason: `webhook reply target ${quoted(reply.target)} is neither an E.164 phone number nor a sip:/sips: URI` };
    return { kind: 'accepted', target: reply.target };
  }
  if (reply.reason !== undefined && typeof reply.reason !== 'string') return { kind: 'malformed', reason: 'webhook reply "reason" is not a string' };
  const reason = (reply.reason ?? '').trim();
  if (reason === '') return { kind: 'declined', reason: 'declined by the webhook' };
  return { kind: 'declined', reason: reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS)}…` : reason };
}
