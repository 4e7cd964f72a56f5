import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { advance, startTestServer } from './harness.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { silentLogger } from '../../src/log/logger.js';
import type { DunbotServer } from '../../src/server/dunbot-server.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import { mintStreamToken, type TelephonyProvider } from '../../src/telephony/stream-token.js';
import { computeTwilioSignature } from '../../src/telephony/twilio-signature.js';
import { ScriptedAsr, ToneTts } from '../../src/testing/scripted-speech.js';
import { TwilioPhone } from '../../src/testing/twilio-phone.js';

const SECRET = 'stream-auth-test-secret-0123456789';
const AUTH_TOKEN = 'twilio-auth-token-0123';
const PUBLIC_URL = 'https://bot.example.com';
const START_MS = Date.parse('2026-03-11T15:00:00Z');

let server: DunbotServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setUp(overrides: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'dunbot-auth-'));
  const scheduler = new ManualScheduler(START_MS);
  const config = loadServerConfig({}, undefined, { port: 0, tokenSecret: SECRET, dbPath: join(dir, 'calls.db'), shutdownGraceMs: 0, ...overrides });
  server = await startTestServer(config, { asr: () => new ScriptedAsr([]), tts: new ToneTts() }, silentLogger, scheduler);
  const base = `http://127.0.0.1:${server.port}`;
  return { scheduler, base, port: server.port };
}

/** POSTs the TwiML webhook as Twilio would: form parameters, signed over the public URL when `sign` names the token. */
function postTwiml(base: string, path: string, params: Record<string, string>, signature?: string): Promise<Response> {
  return fetch(`${base}${path}`, { method: 'POST', body: new URLSearchParams(params), headers: signature === undefined ? {} : { 'x-twilio-signature': signature } });
}

const sign = (url: string, params: Record<string, string>, token = AUTH_TOKEN) => computeTwilioSignature(url, params, token);

async function metricsOf(base: string): Promise<string> {
  return (await fetch(`${base}/metrics`)).text();
}

const tokenIn = (twiml: string) => /<Parameter name="token" value="([^"]+)"\/>/.exec(twiml)?.[1];

describe('POST /twiml/stream is authenticated', () => {
  it('refuses every request when no Twilio auth token is set and unsigned requests are not allowed, whatever the debtor', async () => {
    const { base } = await setUp();
    const known = await postTwiml(base, '/twiml/stream', { debtor: 'D-1001', CallSid: 'CA1' });
    const unknown = await postTwiml(base, '/twiml/stream', { debtor: 'no-such-debtor', CallSid: 'CA2' });
    expect([known.status, unknown.status]).toEqual([403, 403]);
    expect(await known.text()).toBe(await unknown.text());
    expect(await metricsOf(base)).toMatch(/dunbot_refused_requests_total\{route="twiml",reason="unsigned"\} 2/);
  });

  it('requires X-Twilio-Signature over the public URL and the POST parameters', async () => {
    const { base } = await setUp({ twilioAuthToken: AUTH_TOKEN, publicUrl: PUBLIC_URL });
    const params = { CallSid: 'CA77', From: '+15550100', To: '+15550199', debtor: 'D-1001' };
    const url = `${PUBLIC_URL}/twiml/stream`;
    expect((await postTwiml(base, '/twiml/stream', params)).status).toBe(403);
    expect((await postTwiml(base, '/twiml/stream', params, sign(url, params, 'another-auth-token'))).status).toBe(403);
    // Signed over the address behind the proxy, not the public one Twilio was given.
    expect((await postTwiml(base, '/twiml/stream', params, sign(`${base}/twiml/stream`, params))).status).toBe(403);
    // A parameter changed after signing.
    expect((await postTwiml(base, '/twiml/stream', { ...params, debtor: 'D-1002' }, sign(url, params))).status).toBe(403);
    const good = await postTwiml(base, '/twiml/stream', params, sign(url, params));
    expect(good.status).toBe(200);
    const twiml = await good.text();
    expect(twiml).toContain('<Stream url="wss://bot.example.com/media/twilio">');
    expect(tokenIn(twiml)).toBeDefined();
    // The default port written out is the same URL to Twilio.
    expect((await postTwiml(base, '/twiml/stream', params, sign('https://bot.example.com:443/twiml/stream', params))).status).toBe(200);
    expect(await metricsOf(base)).toMatch(/dunbot_refused_requests_total\{route="twiml",reason="bad_signature"\} 4/);
  });

  it('signs the query string too: the debtor may come in the webhook URL', async () => {
    const { base } = await setUp({ twilioAuthToken: AUTH_TOKEN, publicUrl: PUBLIC_URL });
    const params = { CallSid: 'CA78' };
    const response = await postTwiml(base, '/twiml/stream?debtor=D-1001', params, sign(`${PUBLIC_URL}/twiml/stream?debtor=D-1001`, params));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<Parameter name="debtor" value="D-1001"/>');
    expect((await postTwiml(base, '/twiml/stream?debtor=D-1002', params, sign(`${PUBLIC_URL}/twiml/stream?debtor=D-1001`, params))).status).toBe(403);
  });

  it('answers an authenticated request for an unknown debtor with a hang-up, and counts it', async () => {
    const { base } = await setUp({ twilioAuthToken: AUTH_TOKEN, publicUrl: PUBLIC_URL });
    const params = { CallSid: 'CA79', debtor: 'no-such-debtor' };
    const response = await postTwiml(base, '/twiml/stream', params, sign(`${PUBLIC_URL}/twiml/stream`, params));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
    expect(await metricsOf(base)).toMatch(/dunbot_refused_requests_total\{route="twiml",reason="unknown_debtor"\} 1/);
  });

  it('refuses bodies Twilio never sends (repeated fields, nested JSON) before looking anything up', async () => {
    const { base } = await setUp({ allowUnsignedTwiml: true });
    const repeated = await fetch(`${base}/twiml/stream`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'debtor=D-1001&debtor=D-1002' });
    const nested = await fetch(`${base}/twiml/stream`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ debtor: { id: 'D-1001' } }) });
    expect([repeated.status, nested.status]).toEqual([403, 403]);
  });

  it('answers a malformed or oversized body with a plain error, never a stack trace', async () => {
    const { base } = await setUp({ allowUnsignedTwiml: true });
    const malformed = await fetch(`${base}/twiml/stream`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"debtor":' });
    const oversized = await fetch(`${base}/twiml/stream`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `debtor=${'x'.repeat(64 * 1024)}` });
    expect([malformed.status, oversized.status]).toEqual([400, 413]);
    for (const body of [await malformed.text(), await oversized.text()]) {
      expect(body).not.toMatch(/at .*\.js:\d+|node_modules|Error:/);
    }
  });
});

describe('stream tokens are bound and single-use', () => {
  it('accepts the TwiML token once, for the call it was minted for; a second use is refused and counted', async () => {
    const { base, port, scheduler } = await setUp({ allowUnsignedTwiml: true });
    const twiml = await (await postTwiml(base, '/twiml/stream', { debtor: 'D-1001', CallSid: 'CA-bound' })).text();
    const token = tokenIn(twiml) ?? '';
    const otherCall = new TwilioPhone(`ws://127.0.0.1:${port}/media/twilio`, {}, { callSid: 'CA-other' });
    await otherCall.start({ token });
    expect(await otherCall.closed).toBe(1008);
    const phone = new TwilioPhone(`ws://127.0.0.1:${port}/media/twilio`, {}, { callSid: 'CA-bound' });
    await phone.start({ token });
    await advance(scheduler, 500);
    expect(phone.heard.length).toBeGreaterThan(0);
    const replay = new TwilioPhone(`ws://127.0.0.1:${port}/media/twilio`, {}, { callSid: 'CA-bound' });
    await replay.start({ token });
    expect(await replay.closed).toBe(1008);
    expect(phone.closeCode).toBeUndefined();
    const metrics = await metricsOf(base);
    expect(metrics).toMatch(/dunbot_refused_streams_total\{reason="wrong_call"\} 1/);
    expect(metrics).toMatch(/dunbot_refused_streams_total\{reason="reused"\} 1/);
    phone.hangUp();
    await phone.closed;
  });

  it('accepts a token only on the endpoint of the provider it was minted for', async () => {
    const { base, port } = await setUp();
    const twilioToken = mintStreamToken({ debtorId: 'D-1001', provider: 'twilio', expiresAtMs: START_MS + 60_000 }, SECRET);
    for (const provider of ['telnyx', 'plivo', 'vonage', 'jambonz'] satisfies TelephonyProvider[]) {
      await expect(upgrade(`ws://127.0.0.1:${port}/media/${provider}?token=${encodeURIComponent(twilioToken)}`)).resolves.toBe(401);
    }
    expect(await metricsOf(base)).toMatch(/dunbot_refused_streams_total\{reason="wrong_provider"\} 4/);
  });

  it('refuses a second upgrade with the same token, by URL or by header', async () => {
    const { base, port } = await setUp();
    const token = mintStreamToken({ debtorId: 'D-1001', provider: 'telnyx', expiresAtMs: START_MS + 60_000 }, SECRET);
    const first = new WebSocket(`ws://127.0.0.1:${port}/media/telnyx?token=${encodeURIComponent(token)}`);
    await new Promise((resolve) => first.once('open', resolve));
    await expect(upgrade(`ws://127.0.0.1:${port}/media/telnyx?token=${encodeURIComponent(token)}`)).resolves.toBe(401);
    await expect(upgrade(`ws://127.0.0.1:${port}/media/telnyx`, { 'x-dunbot-token': token })).resolves.toBe(401);
    expect(await metricsOf(base)).toMatch(/dunbot_refused_streams_total\{reason="reused"\} 2/);
    first.close();
  });

  it('refuses, and counts, a valid token for a debtor that does not exist', async () => {
    const { base, port } = await setUp();
    const phone = new TwilioPhone(`ws://127.0.0.1:${port}/media/twilio`);
    await phone.start({ token: mintStreamToken({ debtorId: 'no-such-debtor', provider: 'twilio', expiresAtMs: START_MS + 60_000 }, SECRET) });
    expect(await phone.closed).toBe(1008);
    expect(await metricsOf(base)).toMatch(/dunbot_refused_streams_total\{reason="unknown_debtor"\} 1/);
  });
});

/** Attempts a WebSocket upgrade; resolves with the HTTP status of a refusal, or 101 when it opened. */
function upgrade(url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.once('open', () => {
      ws.close();
      resolve(101);
    });
    ws.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    ws.once('error', (error) => {
      if (!/Unexpected server response/.test(error.message)) reject(error);
    });
  });
}
