import { describe, expect, it } from 'vitest';
import { mintStreamToken, verifyStreamToken } from '../../src/telephony/stream-token.js';

const secret = 'a-test-secret-of-32-characters!!';
const now = Date.parse('2026-03-11T15:00:00Z');

describe('stream tokens', () => {
  it('round-trips claims until they expire', () => {
    const token = mintStreamToken({ debtorId: 'D-1001', flow: 'early', locale: 'en-US', expiresAtMs: now + 60_000 }, secret);
    expect(verifyStreamToken(token, secret, now)).toEqual({ ok: true, claims: { debtorId: 'D-1001', flow: 'early', locale: 'en-US', expiresAtMs: now + 60_000 } });
    expect(verifyStreamToken(token, secret, now + 60_000)).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses a token signed with another secret or altered in transit', () => {
    const token = mintStreamToken({ debtorId: 'D-1001', expiresAtMs: now + 60_000 }, secret);
    expect(verifyStreamToken(token, 'another-secret-of-32-characters!', now)).toEqual({ ok: false, reason: 'bad_signature' });
    const [, signature] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ debtorId: 'D-9999', expiresAtMs: now + 60_000 })).toString('base64url')}.${signature}`;
    expect(verifyStreamToken(forged, secret, now)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it.each(['', 'abc', 'a.b.c', '.sig', 'x'.repeat(5000)])('refuses malformed token %#', (token) => {
    expect(verifyStreamToken(token, secret, now).ok).toBe(false);
  });

  it('refuses to mint with a short secret', () => {
    expect(() => mintStreamToken({ debtorId: 'D', expiresAtMs: now }, 'short')).toThrow(RangeError);
  });
});
