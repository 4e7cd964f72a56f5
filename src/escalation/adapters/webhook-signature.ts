import { createHmac } from 'node:crypto';

/** The header carrying the hand-off webhook's signature. */
export const WEBHOOK_SIGNATURE_HEADER = 'X-Dunbot-Signature';

/**
 * The hand-off webhook's signature header value: `t=<unix seconds>,v1=<hex HMAC-SHA256>` over
 * `<unix seconds>.<body bytes>` with the shared secret. Signing the timestamp with the body lets a
 * receiver refuse a replayed request by its age (5 minutes is usual) without keeping state; the
 * `v1=` scheme name leaves room for another algorithm later without breaking receivers.
 */
export function signWebhookBody(secret: string, timestampS: number, body: Uint8Array): string {
  const digest = createHmac('sha256', secret).update(`${timestampS}.`, 'utf8').update(body).digest('hex');
  return `t=${timestampS},v1=${digest}`;
}
