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

/** The URL with its default port written out, and without it: Twilio signs whichever form the URL was configured in. */
function urlForms(url: string): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [url];
  }
  const defaultPort = { 'https:': '443', 'wss:': '443', 'http:': '80', 'ws:': '80' }[parsed.protocol];
  if (defaultPort === undefined) return [url];
  const rest = url.slice(parsed.protocol.length + 2 + parsed.host.length);
  const explicit = `${parsed.protocol}//${parsed.hostname}:${defaultPort}${rest}`;
  const bare = `${parsed.protocol}//${parsed.hostname}${rest}`;
  return parsed.port === '' ? [url, explicit] : [url, bare];
}

/** True when `signature` is Twilio's signature of the request (with or without the default port), compared in constant time. */
export function isValidTwilioSignature(signature: string, url: string, params: Readonly<Record<string, string>>, authToken: string): boolean {
  const given = Buffer.from(signature);
  let valid = false;
  for (const form of urlForms(url)) {
    const expected = Buffer.from(computeTwilioSignature(form, params, authToken));
    // Every form is compared, so the time taken does not tell which one matched.
    if (expected.length === given.length && timingSafeEqual(expected, given)) valid = true;
  }
  return valid;
}
