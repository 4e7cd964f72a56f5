import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { PcmAudio } from '../../../src/audio/audio-format.js';
import { EspeakTts } from '../../../src/providers/tts/espeak-tts.js';

function isInstalled(packageName: string): boolean {
  try {
    createRequire(import.meta.url).resolve(packageName);
    return true;
  } catch {
    return false;
  }
}

function durationSeconds(audio: PcmAudio): number {
  return audio.samples.length / audio.sampleRateHz;
}

function rms(samples: Int16Array): number {
  let sum = 0;
  for (const sample of samples) sum += sample * sample;
  return Math.sqrt(sum / Math.max(1, samples.length));
}

const ENGLISH = 'Hello, this is a reminder about your payment of two hundred dollars, due on Friday.';
const MANDARIN = '您好，这里是还款提醒，您有一笔两百元的账单将于周五到期。';

describe('EspeakTts without the optional package', () => {
  it('raises DUN_ERR_TTS_UNAVAILABLE telling to install espeak-ng or choose a cloud TTS', async () => {
    const tts = new EspeakTts({ packageName: 'dunbot-test-missing-espeak-ng' });

    const failure = tts.synthesize({ text: 'Hello.', locale: 'en-US' });

    await expect(failure).rejects.toMatchObject({ code: 'DUN_ERR_TTS_UNAVAILABLE', retryable: false });
    await expect(failure).rejects.toThrow(/install.*espeak-ng.*cloud TTS/);
  });
});

describe.skipIf(!isInstalled('espeak-ng'))('EspeakTts (needs the optional espeak-ng package)', () => {
  const tts = new EspeakTts();

  it('names itself and picks en-us and cmn voices', () => {
    expect(tts.name).toBe('espeak-ng');
    expect(tts.defaultVoice('en-US')).toBe('en-us');
    expect(tts.defaultVoice('zh-CN')).toBe('cmn');
  });

  it('synthesizes English and Mandarin at 22050 Hz, audible and of plausible length', async () => {
    const english = await tts.synthesize({ text: ENGLISH, locale: 'en-US' });
    const mandarin = await tts.synthesize({ text: MANDARIN, locale: 'zh-CN' });

    for (const audio of [english, mandarin]) {
      expect(audio.sampleRateHz).toBe(22050);
      expect(durationSeconds(audio)).toBeGreaterThan(0.5);
      expect(durationSeconds(audio)).toBeLessThan(10);
      expect(rms(audio.samples)).toBeGreaterThan(300);
    }
    // A voice that drops Han characters (as mespeak does) reads far less than 0.12 s per character.
    expect(durationSeconds(mandarin)).toBeGreaterThan(0.12 * [...MANDARIN.matchAll(/\p{Script=Han}/gu)].length);
    expect(mandarin.samples).not.toEqual(english.samples);
  });

  it('synthesizes the same text differently in zh-CN and en-US', async () => {
    const text = '2025';
    const english = await tts.synthesize({ text, locale: 'en-US' });
    const mandarin = await tts.synthesize({ text, locale: 'zh-CN' });

    expect(mandarin.samples).not.toEqual(english.samples);
  });

  it('reads text that starts with a dash as text, not as an option', async () => {
    const audio = await tts.synthesize({ text: '-5 dollars is not what you owe.', locale: 'en-US' });

    expect(durationSeconds(audio)).toBeGreaterThan(1);
  });

  it('runs concurrent requests, each getting its own audio', async () => {
    const texts = ['One.', 'Two hundred and twenty two dollars.', 'Three.'];

    const together = await Promise.all(texts.map((text) => tts.synthesize({ text, locale: 'en-US' })));
    const alone = [];
    for (const text of texts) alone.push(await tts.synthesize({ text, locale: 'en-US' }));

    expect(together).toEqual(alone);
  });

  it('raises DUN_ERR_TTS_FAILED for an unknown voice and keeps working', async () => {
    await expect(tts.synthesize({ text: 'Hello.', locale: 'en-US', voice: 'xx-no-such-voice' })).rejects.toMatchObject({
      code: 'DUN_ERR_TTS_FAILED',
      retryable: false,
      details: expect.objectContaining({ voice: 'xx-no-such-voice' }),
    });
    expect(process.exitCode ?? 0).toBe(0);
    await expect(tts.synthesize({ text: 'Hello.', locale: 'en-US' })).resolves.toMatchObject({ sampleRateHz: 22050 });
  });

  it('refuses text over its length limit', async () => {
    const short = new EspeakTts({ maxTextChars: 10 });

    await expect(short.synthesize({ text: 'Far more than ten characters.', locale: 'en-US' })).rejects.toMatchObject({ code: 'DUN_ERR_TTS_FAILED' });
  });

  it('reports warm synthesis time (WASM compiled once, instantiated per request)', async () => {
    await tts.synthesize({ text: 'Warm up.', locale: 'en-US' });
    const timings: string[] = [];
    for (const [locale, text] of [
      ['en-US', ENGLISH],
      ['zh-CN', MANDARIN],
    ] as const) {
      const startedMs = performance.now();
      const audio = await tts.synthesize({ text, locale });
      const elapsedMs = performance.now() - startedMs;
      timings.push(`${locale}: ${elapsedMs.toFixed(0)} ms for ${durationSeconds(audio).toFixed(2)} s of audio (RTF ${(elapsedMs / 1000 / durationSeconds(audio)).toFixed(3)})`);
    }
    console.log(`espeak-ng warm synthesis — ${timings.join('; ')}`);
    expect(timings).toHaveLength(2);
  });
});
