import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { advance, lastCallRecord, quiet, settle, speech, startTestServer } from './harness.js';
import { generateDtmf } from '../../src/audio/tone-generator.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { silentLogger } from '../../src/log/logger.js';
import type { DunbotServer } from '../../src/server/dunbot-server.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { ScriptedAsr, ToneTts } from '../../src/testing/scripted-speech.js';
import { TwilioPhone } from '../../src/testing/twilio-phone.js';

const SECRET = 'integration-test-secret-0123456789';
let server: DunbotServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setUp(asrScript: readonly string[], settings: Record<string, unknown> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'dunbot-server-'));
  const scheduler = new ManualScheduler(Date.parse('2026-03-11T15:00:00Z'));
  const config = loadServerConfig({}, undefined, { port: 0, tokenSecret: SECRET, dbPath: join(dir, 'calls.db'), noInputMs: 6000, shutdownGraceMs: 0, allowUnsignedTwiml: true, ...settings });
  const asr = new ScriptedAsr(asrScript);
  server = await startTestServer(config, { asr: () => asr, tts: new ToneTts() }, silentLogger, scheduler);
  const base = `http://127.0.0.1:${server.port}`;
  return { scheduler, asr, base, dbPath: config.dbPath };
}

/** Stops the server (so every record is complete) and reads the call it held last. */
async function recordAfterClose(dbPath: string): ReturnType<typeof lastCallRecord> {
  await server?.close();
  server = undefined;
  return lastCallRecord(dbPath);
}

async function tokenFor(base: string, debtor: string): Promise<string> {
  const response = await fetch(`${base}/twiml/stream`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `debtor=${debtor}` });
  const xml = await response.text();
  const token = /<Parameter name="token" value="([^"]+)"\/>/.exec(xml)?.[1];
  if (token === undefined) throw new Error(`no token in ${xml}`);
  return token;
}

describe('a Twilio call over the media WebSocket', () => {
  it('holds the whole call: greeting, speech turns, promise, PTP, socket closed by the bot', async () => {
    const { scheduler, asr, base, dbPath } = await setUp(['yes speaking', 'i can pay two hundred dollars on friday', 'yes that is right']);
    const phone = new TwilioPhone(`ws://127.0.0.1:${server?.port}/media/twilio`);
    await phone.start({ debtor: 'D-1001', token: await tokenFor(base, 'D-1001') });
    await advance(scheduler, 8000);
    expect(phone.marks.length).toBeGreaterThanOrEqual(1);
    for (let turn = 0; turn < 3; turn += 1) {
      phone.sendAudio(speech(600));
      phone.sendAudio(quiet(500));
      await settle();
      await advance(scheduler, 12_000);
    }
    expect(await phone.closed).toBe(1000);
    expect(asr.hintsSeen[0]?.expectedIntents).toContain('affirm');
    const record = await recordAfterClose(dbPath);
    expect(record?.channel).toBe('voice');
    expect(record?.disposition).toBe('PTP');
    expect(record?.outcome?.promise).toEqual({ amount: 200, date: '2026-03-13', kind: 'single' });
    // Audio comes in whole 20 ms frames, up to a burst of ten per message.
    expect(phone.heard.every((message) => message.length % 160 === 0 && message.length <= 10 * 160)).toBe(true);
    expect(phone.heard.some((message) => message.length === 10 * 160)).toBe(true);
  }, 30_000);

  it('starts the no-input timer only when playback has finished, and ends NO_RESPONSE after two silences', async () => {
    const { scheduler, base, dbPath } = await setUp([]);
    const phone = new TwilioPhone(`ws://127.0.0.1:${server?.port}/media/twilio`);
    await phone.start({ token: await tokenFor(base, 'D-1001') });
    // The greeting is 4 s of (tone) audio; 6 s of silence after it has been heard is one no-input.
    await advance(scheduler, 2000);
    const marksBefore = phone.marks.length;
    expect(marksBefore).toBe(0);
    await advance(scheduler, 30_000);
    expect(await phone.closed).toBe(1000);
    const record = await recordAfterClose(dbPath);
    expect(record?.disposition).toBe('NO_RESPONSE');
    const silences = record?.events.filter((event) => event.type === 'debtor.turn' && event.input === 'silence') ?? [];
    expect(silences).toHaveLength(2);
    const greetingEnd = record?.events.find((event) => event.type === 'bot.said')?.atMs ?? 0;
    // Each silence comes at least noInputMs after the prompt before it was sent.
    expect((silences[0]?.atMs ?? 0) - greetingEnd).toBeGreaterThanOrEqual(6000);
  }, 30_000);

  it('stops playback on barge-in with clear, records how much was heard, but never cuts a disclosure', async () => {
    const { scheduler, base, dbPath } = await setUp(['yes speaking', 'how much do i owe']);
    const phone = new TwilioPhone(`ws://127.0.0.1:${server?.port}/media/twilio`);
    await phone.start({ token: await tokenFor(base, 'D-1001') });
    // Talk over the greeting, which is a disclosure (AI assistant, recording): it is not cut.
    await advance(scheduler, 400);
    phone.sendAudio(speech(400));
    phone.sendAudio(quiet(400));
    await advance(scheduler, 400);
    expect(phone.clears).toBe(0);
    await advance(scheduler, 8000);
    // Now answer, and talk over the (interruptible) payment question.
    phone.sendAudio(speech(600));
    phone.sendAudio(quiet(500));
    await advance(scheduler, 9000);
    const heardBefore = phone.heard.length;
    // Playback must stop within 100 ms of speech audio after onset.
    phone.sendAudio(speech(100));
    await settle();
    expect(phone.clears).toBe(1);
    phone.sendAudio(quiet(500));
    await advance(scheduler, 3000);
    phone.hangUp();
    await phone.closed;
    const record = await recordAfterClose(dbPath);
    const cut = record?.events.find((event) => event.type === 'bot.interrupted');
    expect(cut?.type === 'bot.interrupted' ? cut.heardMs : -1).toBeGreaterThan(0);
    expect(cut?.type === 'bot.interrupted' ? cut.heardMs < cut.durationMs : false).toBe(true);
    expect(record?.disposition).toBe('HUNG_UP');
    expect(heardBefore).toBeGreaterThan(0);
  }, 30_000);

  it('takes keypad input as answers', async () => {
    const { scheduler, base, dbPath } = await setUp([]);
    const phone = new TwilioPhone(`ws://127.0.0.1:${server?.port}/media/twilio`);
    await phone.start({ token: await tokenFor(base, 'D-1001') });
    await advance(scheduler, 6000);
    phone.sendDtmf('1');
    await advance(scheduler, 200);
    phone.sendDtmf('0');
    // The disclosure being played is not cut by the key; the hand-off follows the queued prompts.
    await advance(scheduler, 20_000);
    expect(await phone.closed).toBe(1000);
    const call = await recordAfterClose(dbPath);
    expect(call?.disposition).toBe('ESCALATED');
  }, 30_000);

  it('searches the audio for key tones only when asked to, since Twilio reports keys itself', async () => {
    const keyTone = generateDtmf('1', { sampleRateHz: 8000, durationMs: 120, amplitude: 0.25 });
    const keyTurns: Record<string, number> = {};
    for (const setting of ['auto', 'always'] as const) {
      const { scheduler, base, dbPath } = await setUp([], { inBandDtmf: setting });
      const phone = new TwilioPhone(`ws://127.0.0.1:${server?.port}/media/twilio`);
      await phone.start({ token: await tokenFor(base, 'D-1001') });
      await advance(scheduler, 6000);
      phone.sendAudio(keyTone);
      phone.sendAudio(quiet(400));
      await advance(scheduler, 400);
      phone.hangUp();
      await phone.closed;
      const record = await recordAfterClose(dbPath);
      keyTurns[setting] = record?.events.filter((event) => event.type === 'debtor.turn' && event.input === 'dtmf' && event.digit === '1').length ?? -1;
    }
    expect(keyTurns).toEqual({ auto: 0, always: 1 });
  }, 30_000);

  it('closes a stream without a valid token with 1008 before any flow starts', async () => {
    const { base, dbPath } = await setUp([]);
    await tokenFor(base, 'D-1001');
    const phone = new TwilioPhone(`ws://127.0.0.1:${server?.port}/media/twilio`);
    await phone.start({ token: 'forged.token' });
    expect(await phone.closed).toBe(1008);
    expect(phone.heard).toHaveLength(0);
    await server?.close();
    server = undefined;
    const store = SqliteCallStore.open(dbPath);
    expect(await store.listCalls()).toEqual([]);
    await store.close();
  }, 30_000);

  it('refuses other providers without a token with 401 before the upgrade', async () => {
    await setUp([]);
    const phone = new TwilioPhone(`ws://127.0.0.1:${server?.port}/media/telnyx`);
    await expect(phone.start({})).rejects.toThrow('401');
    const unknown = new TwilioPhone(`ws://127.0.0.1:${server?.port}/media/nowhere`);
    await expect(unknown.start({})).rejects.toThrow('404');
  }, 30_000);

  it('counts malformed frames and keeps the call and every other call running', async () => {
    const { scheduler, base } = await setUp(['yes speaking']);
    const good = new TwilioPhone(`ws://127.0.0.1:${server?.port}/media/twilio`);
    const bad = new TwilioPhone(`ws://127.0.0.1:${server?.port}/media/twilio`);
    await good.start({ token: await tokenFor(base, 'D-1001') });
    await bad.start({ token: await tokenFor(base, 'D-1002') });
    bad.sendRaw('{not json');
    bad.sendRaw(JSON.stringify({ event: 'dance' }));
    bad.sendRaw(JSON.stringify({ event: 'media', streamSid: bad.streamSid, media: { payload: '@@@' } }));
    await advance(scheduler, 8000);
    expect(good.marks.length).toBeGreaterThan(0);
    expect(bad.marks.length).toBeGreaterThan(0);
    const metrics = await (await fetch(`${base}/metrics`)).text();
    expect(metrics).toMatch(/dunbot_bad_frames_total\{reason="DUN_ERR_MEDIA_BAD_JSON"\} 1/);
    expect(metrics).toMatch(/dunbot_bad_frames_total\{reason="DUN_ERR_MEDIA_UNKNOWN_EVENT"\} 1/);
    expect(metrics).toContain('dunbot_active_calls 2');
    const health = await (await fetch(`${base}/healthz`)).json();
    expect(health).toEqual({ status: 'ok', activeCalls: 2 });
    good.hangUp();
    bad.hangUp();
    await good.closed;
  }, 30_000);

  it('ends live calls on shutdown with a recorded disposition', async () => {
    const { scheduler, base, dbPath } = await setUp([]);
    const phone = new TwilioPhone(`ws://127.0.0.1:${server?.port}/media/twilio`);
    await phone.start({ token: await tokenFor(base, 'D-1001') });
    await advance(scheduler, 1000);
    await server?.close();
    server = undefined;
    expect(await phone.closed).toBe(1001);
    const call = await lastCallRecord(dbPath);
    // The caller did not hang up: the server ended the call, and the record says so.
    expect(call?.disposition).toBe('SYSTEM_FAILURE');
    expect(call?.events.find((event) => event.type === 'call.note')).toMatchObject({ code: 'DUN_NOTE_SHUTDOWN' });
    expect(call?.endedAtMs).toBeDefined();
  }, 30_000);

  it('cuts an endless utterance at the maximum utterance length and hands it to the recognizer', async () => {
    const { scheduler, base, asr } = await setUp(['yes speaking']);
    const phone = new TwilioPhone(`ws://127.0.0.1:${server?.port}/media/twilio`);
    await phone.start({ token: await tokenFor(base, 'D-1001') });
    await advance(scheduler, 6000);
    const greetingFrames = phone.heard.length;
    // Sixteen seconds of uninterrupted sound: the VAD never sees the end of it.
    for (let second = 0; second < 16; second += 1) {
      phone.sendAudio(speech(1000));
      await advance(scheduler, 1000);
    }
    // One utterance was opened, cut at 15 s, recognized as "yes speaking", and the bot went on.
    expect(asr.hintsSeen).toHaveLength(1);
    expect(phone.heard.length).toBeGreaterThan(greetingFrames);
    phone.hangUp();
    await phone.closed;
  }, 30_000);
});
