import { createHmac, timingSafeEqual } from 'node:crypto';

/** How a signature check went. */
export type Verdict = { readonly ok: true; readonly timestampS: number } | { readonly ok: false; readonly why: string };

/**
 * A receiver's check of `X-Dunbot-Signature`, written from the documented format only (it shares
 * no code with the signer): parse `t=…,v1=…`, refuse a timestamp more than `toleranceS` away,
 * HMAC-SHA256 the raw bytes received as `<t>.<body>`, compare in constant time.
 */
export function verifySignature(header: string | undefined, rawBody: Buffer, secret: string, nowS: number, toleranceS = 300): Verdict {
  if (header === undefined) return { ok: false, why: 'no signature header' };
  const parts = new Map<string, string[]>();
  for (const item of header.split(',')) {
    const at = item.indexOf('=');
    if (at <= 0) return { ok: false, why: `bad part ${item}` };
    const key = item.slice(0, at).trim();
    parts.set(key, [...(parts.get(key) ?? []), item.slice(at + 1).trim()]);
  }
  const t = parts.get('t');
  if (t === undefined || t.length !== 1 || !/^\d+$/.test(t[0] ?? '')) return { ok: false, why: 'no single numeric t' };
  const timestampS = Number(t[0]);
  if (Math.abs(nowS - timestampS) > toleranceS) return { ok: false, why: 'stale timestamp' };
  const expected = createHmac('sha256', secret).update(Buffer.concat([Buffer.from(`${timestampS}.`, 'utf8'), rawBody])).digest();
  const matched = (parts.get('v1') ?? []).some((candidate) => {
    if (!/^[0-9a-f]{64}$/.test(candidate)) return false;
    const given = Buffer.from(candidate, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matched ? { ok: true, timestampS } : { ok: false, why: 'no matching v1' };
}
