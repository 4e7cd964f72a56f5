import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resample } from '../../src/audio/resampler.js';
import { advance, lastCallRecord, startTestServer } from './harness.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { silentLogger } from '../../src/log/logger.js';
import { SoundswallowerAsr } from '../../src/providers/asr/soundswallower-asr.js';
import { CachedTts } from '../../src/providers/tts/tts-cache.js';
import { EspeakTts } from '../../src/providers/tts/espeak-tts.js';
import type { DunbotServer } from '../../src/server/dunbot-server.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import { mintStreamToken } from '../../src/telephony/stream-token.js';
import { TwilioPhone } from '../../src/testing/twilio-phone.js';

const SECRET = 'offline-providers-secret-0123456789';
let server: DunbotServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});


const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Waits until the bot has answered (more audio than `heardBefore` frames) and finished. Call time
 * runs here far faster than real time while speech synthesis takes real time, so a pause between
 * two prompts can look long in call time: quiet counts only if it outlasts a real-time pause too.
 */
async function waitForBotToFinish(scheduler: ManualScheduler, phone: TwilioPhone, heardBefore: number): Promise<void> {
  let heard = phone.heard.length;
  let quietMs = 0;
  for (let waitedMs = 0; waitedMs < 60_000; waitedMs += 100) {
    await advance(scheduler, 100);
    await sleep(5);
    quietMs = phone.heard.length === heard ? quietMs + 100 : 0;
    heard = phone.heard.length;
    if (heard > heardBefore && quietMs >= 600) {
      await sleep(500);
      await advance(scheduler, 200);
      await sleep(20);
      if (phone.heard.length === heard) return;
      quietMs = 0;
      heard = phone.heard.length;
    }
  }
}

describe('a phone call on the offline providers', () => {
  it('recognizes synthesized speech with soundswallower and answers with espeak-ng, ending PTP', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dunbot-offline-'));
    const scheduler = new ManualScheduler(Date.parse('2026-03-11T15:00:00Z'));
    const config = loadServerConfig({}, undefined, { port: 0, tokenSecret: SECRET, dbPath: join(dir, 'calls.db'), shutdownGraceMs: 0, noInputMs: 20_000 });
    const asr = new SoundswallowerAsr();
    const tts = new CachedTts(new EspeakTts());
    server = await startTestServer(config, { asr: (locale) => (locale === 'en-US' ? asr : undefined), tts }, silentLogger, scheduler);
    const phone = new TwilioPhone(`ws://127.0.0.1:${server.port}/media/twilio`);
    await phone.start({ token: mintStreamToken({ debtorId: 'D-1001', provider: 'twilio', expiresAtMs: scheduler.nowMs() + 600_000 }, SECRET) });
    const debtorVoice = new EspeakTts();
    let heardBefore = 0;
    for (const reply of ['yes speaking', 'i can pay two hundred dollars on friday', 'yes that is right']) {
      await waitForBotToFinish(scheduler, phone, heardBefore);
      const voice = await debtorVoice.synthesize({ text: reply, locale: 'en-US' });
      const speech = resample(voice.samples, voice.sampleRateHz, 8000);
      const line = new Int16Array(speech.length + 8000);
      line.set(speech, 2400);
      for (let i = 0; i < line.length; i += 1) line[i] = (line[i] ?? 0) + ((i * 7919) % 41) - 20;
      for (let offset = 0; offset < line.length; offset += 160) {
        phone.sendAudio(line.subarray(offset, offset + 160));
        await advance(scheduler, 20);
      }
      heardBefore = phone.heard.length;
    }
    await waitForBotToFinish(scheduler, phone, heardBefore);
    expect(await phone.closed).toBe(1000);
    await server.close();
    server = undefined;
    const record = await lastCallRecord(config.dbPath);
    const heard = record?.events.flatMap((event) => (event.type === 'debtor.turn' ? [event.text] : [])) ?? [];
    expect(heard).toEqual(['yes speaking', 'i can pay two hundred dollars on friday', 'yes that is right']);
    expect(record?.disposition).toBe('PTP');
    expect(record?.outcome?.promise).toEqual({ amount: 200, date: '2026-03-13', kind: 'single' });
  }, 120_000);
});
