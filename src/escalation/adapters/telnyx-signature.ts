import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { DunbotError } from '../../errors.js';

/** How far a webhook's timestamp may be from now, in s: Telnyx's SDKs allow 300. */
export const TELNYX_SIGNATURE_TOLERANCE_S = 300;

/**
 * Telnyx's webhook public key, as the portal shows it (the base64 of the raw 32-byte Ed25519
 * key) or as a PEM `PUBLIC KEY`. Anything else is a configuration error at start.
 */
export function parseTelnyxPublicKey(text: string): KeyObject {
  const value = text.trim();
  let key: KeyObject;
  try {
    if (value.includes('BEGIN PUBLIC KEY')) {
      key = createPublicKey(value);
    } else {
      const raw = Buffer.from(value, 'base64');
      if (raw.byteLength !== 32) throw new Error('not 32 bytes');
      key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
    }
  } catch {
    throw new DunbotError('DUN_ERR_CONFIG_INVALID', 'Telnyx public key (TELNYX_PUBLIC_KEY) must be the base64 Ed25519 key from the Telnyx portal');
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new DunbotError('DUN_ERR_CONFIG_INVALID', 'Telnyx public key (TELNYX_PUBLIC_KEY) is not an Ed25519 key');
  return key;
}

/**
 * True when `signature` (the `telnyx-signature-ed25519` header, base64) is Telnyx's Ed25519
 * signature of `<telnyx-timestamp>|<body bytes>` and the timestamp is within
 * TELNYX_SIGNATURE_TOLERANCE_S of `nowS`, so a captured webhook cannot be replayed later.
 */
export function isValidTelnyxSignature(signature: string, timestamp: string, body: Uint8Array, publicKey: KeyObject, nowS: number): boolean {
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowS - Number(timestamp)) > TELNYX_SIGNATURE_TOLERANCE_S) return false;
  const bytes = Buffer.from(signature.trim(), 'base64');
  if (bytes.byteLength !== 64) return false;
  try {
    return verify(null, Buffer.concat([Buffer.from(`${timestamp}|`, 'utf8'), body]), publicKey, bytes);
  } catch {
    return false;
  }
}
