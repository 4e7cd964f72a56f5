import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/time/clock.js';
import { StreamTokenGate } from '../../src/telephony/stream-token-gate.js';
import { mintStreamToken, verifyStreamToken } from '../../src/telephony/stream-token.js';
import { MemoryTokenNonceStore, NONCE_SWEEP_INTERVAL_MS } from '../../src/telephony/token-nonce-store.js';

const secret = 'a-test-secret-of-32-characters!!';
const now = Date.parse('2026-03-11T15:00:00Z');

describe('stream tokens', () => {
  it('round-trips claims until they expire', () => {
    const token = mintStreamToken({ debtorId: 'D-1001', provider: 'twilio', flow: 'early', locale: 'en-US', expiresAtMs: now + 60_000 }, secret);
    const verdict = verifyStreamToken(token, secret, now, 'twilio');
    expect(verdict).toMatchObject({ ok: true, claims: { debtorId: 'D-1001', provider: 'twilio', flow: 'early', locale: 'en-US', expiresAtMs: now + 60_000 } });
    expect(verifyStreamToken(token, secret, now + 60_000, 'twilio')).toEqual({ ok: false, reason: 'expired' });
  });

  it('carries a fresh random nonce in every token', () => {
    const grant = { debtorId: 'D-1001', provider: 'twilio', expiresAtMs: now + 60_000 } as const;
    const nonces = new Set(Array.from({ length: 50 }, () => {
      const verdict = verifyStreamToken(mintStreamToken(grant, secret), secret, now, 'twilio');
      return verdict.ok ? verdict.claims.nonce : '';
    }));
    expect(nonces.size).toBe(50);
    expect([...nonces].every((nonce) => /^[A-Za-z0-9_-]{22}$/.test(nonce))).toBe(true);
  });

  it('is accepted only on the endpoint of the provider it was minted for', () => {
    const token = mintStreamToken({ debtorId: 'D-1001', provider: 'twilio', expiresAtMs: now + 60_000 }, secret);
    for (const other of ['telnyx', 'plivo', 'vonage', 'jambonz'] as const) expect(verifyStreamToken(token, secret, now, other)).toEqual({ ok: false, reason: 'wrong_provider' });
  });

  it('refuses a token signed with another secret or altered in transit', () => {
    const token = mintStreamToken({ debtorId: 'D-1001', provider: 'telnyx', expiresAtMs: now + 60_000 }, secret);
    expect(verifyStreamToken(token, 'another-secret-of-32-characters!', now, 'telnyx')).toEqual({ ok: false, reason: 'bad_signature' });
    const [, signature] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ debtorId: 'D-9999', provider: 'telnyx', nonce: 'AAAAAAAAAAAAAAAAAAAAAA', expiresAtMs: now + 60_000 })).toString('base64url')}.${signature}`;
    expect(verifyStreamToken(forged, secret, now, 'telnyx')).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a correctly signed payload without a provider or nonce (a token of the old format)', () => {
    const payload = Buffer.from(JSON.stringify({ debtorId: 'D-1001', expiresAtMs: now + 60_000 })).toString('base64url');
    const old = `${payload}.${createHmac('sha256', secret).update(payload).digest('base64url')}`;
    expect(verifyStreamToken(old, secret, now, 'twilio')).toEqual({ ok: false, reason: 'malformed' });
  });

  it.each(['', 'abc', 'a.b.c', '.sig', 'x'.repeat(5000)])('refuses malformed token %#', (token) => {
    expect(verifyStreamToken(token, secret, now, 'twilio').ok).toBe(false);
  });

  it('refuses to mint with a short secret', () => {
    expect(() => mintStreamToken({ debtorId: 'D', provider: 'twilio', expiresAtMs: now }, 'short')).toThrow(RangeError);
  });
});

describe('StreamTokenGate', () => {
  const gateAt = (clock: ManualClock, nonces = new MemoryTokenNonceStore()) => ({ gate: new StreamTokenGate({ secret, nonces, clock }), nonces });

  it('admits a token once; the second use is refused as reused', async () => {
    const { gate } = gateAt(new ManualClock(now));
    const token = mintStreamToken({ debtorId: 'D-1001', provider: 'vonage', expiresAtMs: now + 60_000 }, secret);
    expect(await gate.admit(token, 'vonage')).toMatchObject({ ok: true, claims: { debtorId: 'D-1001' } });
    expect(await gate.admit(token, 'vonage')).toEqual({ ok: false, reason: 'reused' });
  });

  it('does not spend a token on a refused attempt (wrong endpoint, wrong call)', async () => {
    const { gate } = gateAt(new ManualClock(now));
    const token = mintStreamToken({ debtorId: 'D-1001', provider: 'twilio', callId: 'CA1', expiresAtMs: now + 60_000 }, secret);
    expect(await gate.admit(token, 'telnyx')).toEqual({ ok: false, reason: 'wrong_provider' });
    expect(await gate.admit(token, 'twilio', 'CA2')).toEqual({ ok: false, reason: 'wrong_call' });
    expect(await gate.admit(token, 'twilio')).toEqual({ ok: false, reason: 'wrong_call' });
    expect(await gate.admit(token, 'twilio', 'CA1')).toMatchObject({ ok: true });
  });

  it('refuses a missing token', async () => {
    const { gate } = gateAt(new ManualClock(now));
    expect(await gate.admit(undefined, 'twilio')).toEqual({ ok: false, reason: 'missing_token' });
    expect(await gate.admit('', 'twilio')).toEqual({ ok: false, reason: 'missing_token' });
  });

  it('forgets the nonces of expired tokens, so memory stays bounded by the tokens still valid', async () => {
    const clock = new ManualClock(now);
    const { gate, nonces } = gateAt(clock);
    for (let i = 0; i < 20; i += 1) await gate.admit(mintStreamToken({ debtorId: 'D-1001', provider: 'plivo', expiresAtMs: now + 30_000 }, secret), 'plivo');
    expect(nonces.size).toBe(20);
    clock.increment(NONCE_SWEEP_INTERVAL_MS);
    await gate.admit(mintStreamToken({ debtorId: 'D-1001', provider: 'plivo', expiresAtMs: clock.nowMs() + 30_000 }, secret), 'plivo');
    expect(nonces.size).toBe(1);
  });
});
