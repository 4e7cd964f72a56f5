import { createHmac, timingSafeEqual } from 'node:crypto';

/** Request parameters by name, each with every value it was given (a name may repeat). */
export type PlivoParams = Readonly<Record<string, readonly string[]>>;

/** Parameters from a query string or a form body. */
export function plivoParams(text: string): Record<string, string[]> {
  const params: Record<string, string[]> = {};
  for (const [name, value] of new URLSearchParams(text)) (params[name] ??= []).push(value);
  return params;
}

/** `name=value` pairs sorted by name, then by value, joined with `&`. */
function sortedQuery(params: PlivoParams): string {
  return Object.keys(params)
    .sort()
    .flatMap((name) => [...(params[name] ?? [])].sort().map((value) => `${name}=${value}`))
    .join('&');
}

/**
 * The string Plivo signs (X-Plivo-Signature-V3), as its SDKs build it: the URL without its query
 * (scheme, host, port, path), then for GET `?` and the query's parameters sorted (`k=v&…`); for
 * POST `?`, the sorted query, a `.` when there was a query, and the body's parameters sorted by
 * name with each name written right before its value (`k1v1k2v2`); finally `.` and the nonce.
 */
export function plivoSignedText(method: 'GET' | 'POST', url: string, nonce: string, bodyParams: PlivoParams): string {
  const parsed = new URL(url);
  const base = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  const query = sortedQuery(plivoParams(parsed.search));
  let text: string;
  if (method === 'GET') {
    text = query === '' ? base : `${base}?${query}`;
  } else {
    const hasBody = Object.keys(bodyParams).length > 0;
    text = base;
    if (query !== '' || hasBody) text += `?${query}`;
    if (query !== '' && hasBody) text += '.';
    text += Object.keys(bodyParams)
      .sort()
      .flatMap((name) => [...(bodyParams[name] ?? [])].sort().map((value) => `${name}${value}`))
      .join('');
  }
  return `${text}.${nonce}`;
}

/** Plivo's V3 signature of a request: base64(HMAC-SHA256(auth token, signed text)). */
export function computePlivoSignatureV3(method: 'GET' | 'POST', url: string, nonce: string, bodyParams: PlivoParams, authToken: string): string {
  return createHmac('sha256', authToken).update(plivoSignedText(method, url, nonce, bodyParams), 'utf8').digest('base64');
}

/**
 * True when one of the comma-separated signatures in `header` (X-Plivo-Signature-V3) is Plivo's
 * signature of the request with `authToken`, compared in constant time.
 */
export function isValidPlivoSignatureV3(header: string, nonce: string, method: 'GET' | 'POST', url: string, bodyParams: PlivoParams, authToken: string): boolean {
  if (nonce === '') return false;
  const expected = Buffer.from(computePlivoSignatureV3(method, url, nonce, bodyParams, authToken), 'utf8');
  let valid = false;
  for (const signature of header.split(',')) {
    const given = Buffer.from(signature.trim(), 'utf8');
    // Every signature is compared, so the time taken does not tell which one matched.
    if (given.byteLength === expected.byteLength && timingSafeEqual(given, expected)) valid = true;
  }
  return valid;
}
