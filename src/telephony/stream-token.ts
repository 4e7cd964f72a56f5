import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** What a stream token grants: one call to one debtor, with an optional flow and locale, until it expires. */
export interface StreamClaims {
  readonly debtorId: string;
  readonly flow?: string;
  readonly locale?: string;
  /** Expiry, milliseconds since the Unix epoch. */
  readonly expiresAtMs: number;
}

const ClaimsSchema = z.object({
  debtorId: z.string().min(1).max(200),
  flow: z.string().min(1).max(100).optional(),
  locale: z.string().min(1).max(20).optional(),
  expiresAtMs: z.number().int().positive(),
});

/** The smallest secret accepted, in bytes: shorter HMAC keys are guessable. */
export const MIN_TOKEN_SECRET_BYTES = 16;

function sign(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

/**
 * Mints an HMAC-SHA256 signed, expiring token for a media stream: `<payload>.<signature>`, both
 * base64url. The payload is readable, not secret; it names only the debtor id, never account data.
 *
 * @example
 * ```ts
 * const token = mintStreamToken({ debtorId: 'D-1001', expiresAtMs: clock.nowMs() + 300_000 }, secret);
 * ```
 */
export function mintStreamToken(claims: StreamClaims, secret: string): string {
  if (Buffer.byteLength(secret) < MIN_TOKEN_SECRET_BYTES) throw new RangeError(`token secret must be at least ${MIN_TOKEN_SECRET_BYTES} bytes`);
  const payload = Buffer.from(JSON.stringify(ClaimsSchema.parse(claims))).toString('base64url');
  return `${payload}.${sign(payload, secret)}`;
}

/** Why a token was refused. */
export type TokenRejection = 'malformed' | 'bad_signature' | 'expired';

/** Verifies a stream token's signature (in constant time) and expiry against `nowMs`. */
export function verifyStreamToken(token: string, secret: string, nowMs: number): { ok: true; claims: StreamClaims } | { ok: false; reason: TokenRejection } {
  const parts = token.split('.');
  if (parts.length !== 2 || parts[0] === undefined || parts[1] === undefined || parts[0] === '' || token.length > 4096) return { ok: false, reason: 'malformed' };
  const [payload, signature] = parts;
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'bad_signature' };
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const claims = ClaimsSchema.safeParse(json);
  if (!claims.success) return { ok: false, reason: 'malformed' };
  if (claims.data.expiresAtMs <= nowMs) return { ok: false, reason: 'expired' };
  return { ok: true, claims: claims.data };
}
