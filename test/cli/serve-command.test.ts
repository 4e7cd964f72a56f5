import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyStreamToken } from '../../src/telephony/stream-token.js';
import { computeTwilioSignature } from '../../src/telephony/twilio-signature.js';
import { runDunbot } from './run-cli.js';

const root = join(import.meta.dirname, '..', '..');

describe('dunbot serve', () => {
  it('starts on the offline defaults, answers /healthz and signed /twiml/stream requests, and stops on SIGTERM', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'dunbot-serve-')), 'calls.db');
    const authToken = 'twilio-auth-token-for-serve';
    const publicUrl = 'https://bot.example.com';
    const child = spawn(process.execPath, [join(root, 'bin', 'dunbot.js'), 'serve', '--port', '0'], {
      env: { ...process.env, DUNBOT_DB: db, DUNBOT_TOKEN_SECRET: 'serve-test-secret-0123456789', TWILIO_AUTH_TOKEN: authToken, DUNBOT_PUBLIC_URL: publicUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const match = /listening on (http:\/\/[0-9.]+:\d+)/.exec(stdout);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      child.once('exit', () => reject(new Error(`server exited: ${stdout}`)));
    });
    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ status: 'ok', activeCalls: 0 });
    const twimlFor = (params: Record<string, string>, signed: boolean) =>
      fetch(`${url}/twiml/stream`, {
        method: 'POST',
        body: new URLSearchParams(params),
        headers: signed ? { 'x-twilio-signature': computeTwilioSignature(`${publicUrl}/twiml/stream`, params, authToken) } : {},
      });
    const twiml = await (await twimlFor({ debtor: 'D-1001', flow: 'early', CallSid: 'CA123' }, true)).text();
    expect(twiml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Connect><Stream url="wss:\/\/bot\.example\.com\/media\/twilio">/);
    expect(twiml).toContain('<Parameter name="debtor" value="D-1001"/>');
    expect(twiml).toContain('<Parameter name="flow" value="early"/>');
    // Unsigned: the same refusal whether the debtor exists or not.
    const unsignedKnown = await twimlFor({ debtor: 'D-1001' }, false);
    const unsignedUnknown = await twimlFor({ debtor: 'nobody' }, false);
    expect([unsignedKnown.status, unsignedUnknown.status]).toEqual([403, 403]);
    expect(await unsignedKnown.text()).toBe(await unsignedUnknown.text());
    // Signed, for an unknown debtor: TwiML that hangs up, no token.
    const unknown = await twimlFor({ debtor: 'nobody', CallSid: 'CA124' }, true);
    expect(unknown.status).toBe(200);
    expect(await unknown.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});

describe('dunbot token', () => {
  it('mints a token the server accepts', async () => {
    const secret = 'token-test-secret-0123456789';
    const result = await runDunbot(['token', '--debtor', 'D-1001', '--provider', 'telnyx', '--flow', 'mid'], '', { DUNBOT_TOKEN_SECRET: secret });
    expect(result.code).toBe(0);
    const verdict = verifyStreamToken(result.stdout.trim(), secret, Date.now(), 'telnyx');
    expect(verdict).toMatchObject({ ok: true, claims: { debtorId: 'D-1001', provider: 'telnyx', flow: 'mid' } });
  });

  it('refuses to mint without naming the provider the token is for', async () => {
    const result = await runDunbot(['token', '--debtor', 'D-1001'], '', { DUNBOT_TOKEN_SECRET: 'token-test-secret-0123456789' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--provider');
  });

  it('refuses to mint without the secret', async () => {
    const result = await runDunbot(['token', '--debtor', 'D-1001', '--provider', 'twilio'], '', {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DUNBOT_TOKEN_SECRET');
  });
});
