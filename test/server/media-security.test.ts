import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { advance, lastCallRecord, startTestServer } from './harness.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { silentLogger } from '../../src/log/logger.js';
import type { DunbotServer } from '../../src/server/dunbot-server.js';
import { MAX_MESSAGE_BURST } from '../../src/server/message-rate-limit.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import { computeTwilioSignature } from '../../src/telephony/twilio-signature.js';
import { mintStreamToken, type TelephonyProvider } from '../../src/telephony/stream-token.js';
import { ScriptedAsr, ToneTts } from '../../src/testing/scripted-speech.js';
import { TwilioPhone } from '../../src/testing/twilio-phone.js';

const SECRET = 'integration-test-secret-0123456789';
const START_MS = Date.parse('2026-03-11T15:00:00Z');
let server: DunbotServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});



async function setUp(overrides: Record<string, unknown> = {}, asr: ScriptedAsr | undefined = new ScriptedAsr([])) {
  const dir = mkdtempSync(join(tmpdir(), 'dunbot-security-'));
  const scheduler = new ManualScheduler(START_MS);
  const config = loadServerConfig({}, undefined, { port: 0, tokenSecret: SECRET, dbPath: join(dir, 'calls.db'), shutdownGraceMs: 0, ...overrides });
  server = await startTestServer(config, { asr: (locale) => (locale === 'en-US' ? asr : undefined), tts: new ToneTts() }, silentLogger, scheduler);
  return { scheduler, dbPath: config.dbPath, port: server.port };
}

const token = (debtorId: string, provider: TelephonyProvider = 'twilio') => mintStreamToken({ debtorId, provider, expiresAtMs: START_MS + 60_000 }, SECRET);

async function lastRecord(dbPath: string) {
  await server?.close();
  server = undefined;
  return lastCallRecord(dbPath);
}

describe('media server security and limits', () => {
  it('requires a valid X-Twilio-Signature on the upgrade when an auth token is configured', async () => {
    const { port } = await setUp({ twilioAuthToken: 'twilio-auth-token', publicUrl: 'https://bot.example.com' });
    const unsigned = new TwilioPhone(`ws://127.0.0.1:${port}/media/twilio`);
    await expect(unsigned.start({ token: token('D-1001') })).rejects.toThrow('401');
    const signature = computeTwilioSignature('wss://bot.example.com/media/twilio', {}, 'twilio-auth-token');
    const signed = new TwilioPhone(`ws://127.0.0.1:${port}/media/twilio`, { 'x-twilio-signature': signature });
    await signed.start({ token: token('D-1001') });
    signed.hangUp();
    expect(await signed.closed).toBe(1000);
  });

  it('refuses an expired token at start with 1008', async () => {
    const { port, scheduler } = await setUp();
    const expired = mintStreamToken({ debtorId: 'D-1001', provider: 'twilio', expiresAtMs: START_MS + 1000 }, SECRET);
    scheduler.increment(2000);
    const phone = new TwilioPhone(`ws://127.0.0.1:${port}/media/twilio`);
    await phone.start({ token: expired });
    expect(await phone.closed).toBe(1008);
  });

  it('closes a stream that never sends start', async () => {
    const { port, scheduler } = await setUp();
    const ws = new WebSocket(`ws://127.0.0.1:${port}/media/twilio`);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    await new Promise((resolve) => ws.once('open', resolve));
    await advance(scheduler, 5000);
    expect(await closed).toBe(1008);
  });

  it('closes a flooding connection without touching the other call', async () => {
    const { port, scheduler } = await setUp();
    const calm = new TwilioPhone(`ws://127.0.0.1:${port}/media/twilio`);
    const flood = new TwilioPhone(`ws://127.0.0.1:${port}/media/twilio`);
    await calm.start({ token: token('D-1001') });
    await flood.start({ token: token('D-1002') });
    for (let i = 0; i <= MAX_MESSAGE_BURST; i += 1) flood.sendDtmf('5');
    expect(await flood.closed).toBe(1008);
    await advance(scheduler, 6000);
    expect(calm.marks.length).toBeGreaterThan(0);
    expect(calm.closeCode).toBeUndefined();
    calm.hangUp();
  });

  it('takes a Telnyx stream whose token is in the URL', async () => {
    const { port, scheduler, dbPath } = await setUp();
    const ws = new WebSocket(`ws://127.0.0.1:${port}/media/telnyx?token=${encodeURIComponent(token('D-1001', 'telnyx'))}`);
    const received: string[] = [];
    ws.on('message', (data: WebSocket.RawData) => received.push(data.toString()));
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(JSON.stringify({ event: 'connected', version: '1.0.0' }));
    ws.send(JSON.stringify({ event: 'start', sequence_number: '1', stream_id: 'S-1', start: { call_control_id: 'v3:abc', custom_parameters: {}, media_format: { encoding: 'PCMU', sample_rate: 8000, channels: 1 } } }));
    await advance(scheduler, 1000);
    const media = received.map((text) => JSON.parse(text) as { event: string; media?: { payload: string } }).filter((message) => message.event === 'media');
    const audioBytes = media.map((message) => Buffer.from(message.media?.payload ?? '', 'base64').length);
    // The greeting, in 200 ms bursts of ten 20 ms frames each carried by one message.
    expect(audioBytes.reduce((sum, bytes) => sum + bytes, 0)).toBeGreaterThan(10 * 160);
    expect(audioBytes[0]).toBe(10 * 160);
    ws.send(JSON.stringify({ event: 'stop', sequence_number: '2', stream_id: 'S-1', stop: { call_control_id: 'v3:abc' } }));
    ws.close();
    await advance(scheduler, 100);
    const record = await lastRecord(dbPath);
    expect(record?.disposition).toBe('HUNG_UP');
    expect(record?.events.some((event) => event.type === 'bot.said')).toBe(true);
  });

  it('runs a zh-CN call without a recognizer on keys, and records why', async () => {
    const { port, scheduler, dbPath } = await setUp();
    const phone = new TwilioPhone(`ws://127.0.0.1:${port}/media/twilio`);
    await phone.start({ token: token('C-2001') });
    await advance(scheduler, 5000);
    phone.sendDtmf('1');
    await advance(scheduler, 100);
    phone.hangUp();
    await phone.closed;
    await advance(scheduler, 100);
    const record = await lastRecord(dbPath);
    expect(record?.locale).toBe('zh-CN');
    expect(record?.events.find((event) => event.type === 'call.note')).toMatchObject({ code: 'DUN_NOTE_NO_ASR' });
    expect(record?.events.some((event) => event.type === 'debtor.turn' && event.input === 'dtmf' && event.digit === '1')).toBe(true);
  });

  it('ends a call at the maximum call length with a complete record', async () => {
    const { port, scheduler, dbPath } = await setUp({ maxCallMs: 10_000, noInputMs: 60_000 });
    const phone = new TwilioPhone(`ws://127.0.0.1:${port}/media/twilio`);
    await phone.start({ token: token('D-1001') });
    await advance(scheduler, 11_000);
    expect(await phone.closed).toBe(1000);
    const record = await lastRecord(dbPath);
    expect(record?.events.find((event) => event.type === 'call.note')).toMatchObject({ code: 'DUN_NOTE_MAX_CALL_LENGTH' });
    expect(record?.disposition).toBe('HUNG_UP');
  });
});
