import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyStreamToken } from '../../src/telephony/stream-token.js';
import { runDunbot } from './run-cli.js';

const root = join(import.meta.dirname, '..', '..');

describe('dunbot serve', () => {
  it('starts on the offline defaults, answers /healthz and /twiml/stream, and stops on SIGTERM', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'dunbot-serve-')), 'calls.db');
    const child = spawn(process.execPath, [join(root, 'bin', 'dunbot.js'), 'serve', '--port', '0'], {
      env: { ...process.env, DUNBOT_DB: db, DUNBOT_TOKEN_SECRET: 'serve-test-secret-0123456789' },
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
    const twiml = await (await fetch(`${url}/twiml/stream`, { method: 'POST', body: new URLSearchParams({ debtor: 'D-1001', flow: 'early' }) })).text();
    expect(twiml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Connect><Stream url="ws:\/\/127\.0\.0\.1:\d+\/media\/twilio">/);
    expect(twiml).toContain('<Parameter name="debtor" value="D-1001"/>');
    expect(twiml).toContain('<Parameter name="flow" value="early"/>');
    expect((await fetch(`${url}/twiml/stream`, { method: 'POST', body: new URLSearchParams({ debtor: 'nobody' }) })).status).toBe(404);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});

describe('dunbot token', () => {
  it('mints a token the server accepts', async () => {
    const secret = 'token-test-secret-0123456789';
    const result = await runDunbot(['token', '--debtor', 'D-1001', '--flow', 'mid'], '', { DUNBOT_TOKEN_SECRET: secret });
    expect(result.code).toBe(0);
    const verdict = verifyStreamToken(result.stdout.trim(), secret, Date.now());
    expect(verdict).toMatchObject({ ok: true, claims: { debtorId: 'D-1001', flow: 'mid' } });
  });

  it('refuses to mint without the secret', async () => {
    const result = await runDunbot(['token', '--debtor', 'D-1001'], '', {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DUNBOT_TOKEN_SECRET');
  });
});
