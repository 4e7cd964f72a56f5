import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Twilio's request signature: base64(HMAC-SHA1(authToken, url + each POST parameter's name and
 * value, sorted by name)). A WebSocket upgrade is a GET, so `params` is empty there and the
 * input is just the `wss://` URL exactly as configured (telephony spec §1, "Signing the upgrade").
 */
export function computeTwilioSignature(url: string, params: Readonly<Record<string, string>>, authToken: string): string {
  const data = Object.keys(params)
    .sort()
    .reduce((text, name) => text + name + (params[name] ?? ''), url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** True when `signature` is Twilio's signature of the request, compared in constant time. */
export function isValidTwilioSignature(signature: string, url: string, params: Readonly<Record<string, string>>, authToken: string): boolean {
  const expected = Buffer.from(computeTwilioSignature(url, params, authToken));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
