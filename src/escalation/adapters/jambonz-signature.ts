import { createHmac, timingSafeEqual } from 'node:crypto';

/** How far a webhook's timestamp may be from now, in s. */
export const JAMBONZ_SIGNATURE_TOLERANCE_S = 300;

/**
 * jambonz's `Jambonz-Signature` header value: `t=<unix seconds>,v1=<hex HMAC-SHA256>` over
 * `<unix seconds>.<JSON body>` with the account's webhook secret (jambonz sends the body as
 * exactly the JSON it signed).
 */
export function signJambonzBody(secret: string, timestampS: number, body: Uint8Array): string {
  const digest = createHmac('sha256', secret).update(`${timestampS}.`, 'utf8').update(body).digest('hex');
  return `t=${timestampS},v1=${digest}`;
}

/**
 * True when `header` carries a `v1` signature of `body` with `secret` and a timestamp within
 * JAMBONZ_SIGNATURE_TOLERANCE_S of `nowS`, compared in constant time.
 */
export function isValidJambonzSignature(header: string, body: Uint8Array, secret: string, nowS: number): boolean {
  let timestamp: string | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    const name = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (name === 't') timestamp = value;
    else if (name === 'v1') signatures.push(value);
  }
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp) || Math.abs(nowS - Number(timestamp)) > JAMBONZ_SIGNATURE_TOLERANCE_S) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(`${timestamp}.`, 'utf8').update(body).digest('hex'), 'utf8');
  let valid = false;
  for (const signature of signatures) {
    const given = Buffer.from(signature, 'utf8');
    // Every signature is compared, so the time taken does not tell which one matched.
    if (given.byteLength === expected.byteLength && timingSafeEqual(given, expected)) valid = true;
  }
  return valid;
}
