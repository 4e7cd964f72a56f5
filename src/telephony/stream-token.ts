import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** The providers whose media streams dunbot accepts, as in the `/media/<provider>` path. */
export const TELEPHONY_PROVIDERS = ['twilio', 'telnyx', 'plivo', 'vonage', 'jambonz'] as const;

/** A telephony provider dunbot has a serializer for. */
export type TelephonyProvider = (typeof TELEPHONY_PROVIDERS)[number];

/** True when `value` names a telephony provider. */
export function isTelephonyProvider(value: string): value is TelephonyProvider {
  return (TELEPHONY_PROVIDERS as readonly string[]).includes(value);
}

/**
 * What a stream token grants: one media stream from one provider's endpoint, for one call to one
 * debtor, once, until it expires. The nonce makes every token unique, so a used one can be refused.
 */
export interface StreamClaims {
  readonly debtorId: string;
  /** The only endpoint (`/media/<provider>`) that accepts the token. */
  readonly provider: TelephonyProvider;
  /** 128 random bits, base64url: the token's identity for single use. */
  readonly nonce: string;
  /** The provider's call id the token was minted for (Twilio's CallSid); when set, `start` must carry the same. */
  readonly callId?: string;
  readonly flow?: string;
  readonly locale?: string;
  /** Expiry, milliseconds since the Unix epoch. */
  readonly expiresAtMs: number;
}

/** What minting needs: the claims, with the nonce drawn at random unless given. */
export type StreamGrant = Omit<StreamClaims, 'nonce'> & { readonly nonce?: string };

const ClaimsSchema = z.strictObject({
  debtorId: z.string().min(1).max(200),
  provider: z.enum(TELEPHONY_PROVIDERS),
  nonce: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/),
  callId: z.string().min(1).max(200).optional(),
  flow: z.string().min(1).max(100).optional(),
  locale: z.string().min(1).max(20).optional(),
  expiresAtMs: z.number().int().positive(),
});

/** The smallest secret accepted, in bytes: shorter HMAC keys are guessable. */
export const MIN_TOKEN_SECRET_BYTES = 16;

/** The longest token read; anything longer is malformed before any work is spent on it. */
export const MAX_TOKEN_CHARS = 4096;

function sign(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url');
}

/**
 * Mints an HMAC-SHA256 signed, expiring, single-use token for a media stream:
 * `<payload>.<signature>`, both base64url. The payload is readable, not secret; it names only the
 * debtor id, the provider and a nonce, never account data.
 *
 * @example
 * ```ts
 * const token = mintStreamToken({ debtorId: 'D-1001', provider: 'twilio', expiresAtMs: clock.nowMs() + 300_000 }, secret);
 * ```
 */
export function mintStreamToken(grant: StreamGrant, secret: string): string {
  if (Buffer.byteLength(secret) < MIN_TOKEN_SECRET_BYTES) throw new RangeError(`token secret must be at least ${MIN_TOKEN_SECRET_BYTES} bytes`);
  const claims = ClaimsSchema.parse({ ...grant, nonce: grant.nonce ?? randomBytes(16).toString('base64url') });
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${sign(payload, secret)}`;
}

/** Why a token was refused. */
export type TokenRejection = 'malformed' | 'bad_signature' | 'expired' | 'wrong_provider';

/**
 * Verifies a stream token's signature (in constant time), expiry against `nowMs`, and that it was
 * minted for `provider`'s endpoint. Single use is the caller's to enforce (StreamTokenGate).
 */
export function verifyStreamToken(token: string, secret: string, nowMs: number, provider: TelephonyProvider): { ok: true; claims: StreamClaims } | { ok: false; reason: TokenRejection } {
  if (token.length > MAX_TOKEN_CHARS) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 2 || parts[0] === undefined || parts[1] === undefined || parts[0] === '') return { ok: false, reason: 'malformed' };
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
  if (claims.data.provider !== provider) return { ok: false, reason: 'wrong_provider' };
  return { ok: true, claims: claims.data };
}
