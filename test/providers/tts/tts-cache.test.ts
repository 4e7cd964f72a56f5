import { describe, expect, it } from 'vitest';
import type { PcmAudio } from '../../../src/audio/audio-format.js';
import type { Locale } from '../../../src/domain/locale.js';
import { DunbotError } from '../../../src/errors.js';
import { CachedTts, DEFAULT_TTS_CACHE_BYTES } from '../../../src/providers/tts/tts-cache.js';
import type { TtsProvider, TtsRequest } from '../../../src/providers/tts/tts.js';

/** A fake synthesizer: one sample per character, counting calls; `hold` keeps syntheses pending until released. */
class CountingTts implements TtsProvider {
  readonly name = 'counting';
  readonly calls: TtsRequest[] = [];
  hold = false;
  failText: string | undefined;
  private readonly releases: Array<() => void> = [];

  defaultVoice(locale: Locale): string {
    return locale === 'zh-CN' ? 'zh-voice' : 'en-voice';
  }

  async synthesize(request: TtsRequest): Promise<PcmAudio> {
    this.calls.push(request);
    if (this.hold) await new Promise<void>((resolve) => this.releases.push(resolve));
    if (request.text === this.failText) throw new DunbotError('DUN_ERR_TTS_FAILED', 'synthesis failed', { retryable: true });
    return { samples: Int16Array.from(request.text, (_, index) => index + 1), sampleRateHz: 8000 };
  }

  release(): void {
    for (const resolve of this.releases.splice(0)) resolve();
  }
}

const hello: TtsRequest = { text: 'hello', locale: 'en-US' };

describe('CachedTts', () => {
  it('synthesizes once per key and counts hits and misses', async () => {
    const provider = new CountingTts();
    const tts = new CachedTts(provider);

    const first = await tts.synthesize(hello);
    const second = await tts.synthesize(hello);

    expect(provider.calls).toHaveLength(1);
    expect(second).toEqual(first);
    expect(first.samples).toEqual(Int16Array.from([1, 2, 3, 4, 5]));
    expect(tts.stats()).toEqual({ hits: 1, misses: 1, bytes: 10, entries: 1 });
  });

  it('keys by voice, locale and text, using the default voice when none is named', async () => {
    const provider = new CountingTts();
    const tts = new CachedTts(provider);

    await tts.synthesize(hello);
    await tts.synthesize({ ...hello, voice: 'en-voice' });
    await tts.synthesize({ ...hello, voice: 'other-voice' });
    await tts.synthesize({ ...hello, locale: 'zh-CN' });
    await tts.synthesize({ ...hello, text: 'hello!' });

    expect(provider.calls).toHaveLength(4);
    expect(tts.stats()).toMatchObject({ hits: 1, misses: 4 });
    expect(tts.name).toBe('counting');
    expect(tts.defaultVoice('zh-CN')).toBe('zh-voice');
  });

  it('hands every caller the same read-only samples rather than a copy each', async () => {
    const tts = new CachedTts(new CountingTts());

    const first = await tts.synthesize(hello);
    const second = await tts.synthesize(hello);

    expect(second.samples).toBe(first.samples);
    expect(second.samples).toEqual(Int16Array.from([1, 2, 3, 4, 5]));
  });

  it('shares one synthesis between concurrent requests for the same key', async () => {
    const provider = new CountingTts();
    provider.hold = true;
    const tts = new CachedTts(provider);

    const requests = [tts.synthesize(hello), tts.synthesize(hello), tts.synthesize(hello)];
    await Promise.resolve();
    provider.release();
    const results = await Promise.all(requests);

    expect(provider.calls).toHaveLength(1);
    expect(results.map((audio) => Array.from(audio.samples))).toEqual([
      [1, 2, 3, 4, 5],
      [1, 2, 3, 4, 5],
      [1, 2, 3, 4, 5],
    ]);
    expect(tts.stats()).toMatchObject({ hits: 2, misses: 1, entries: 1 });
  });

  it('caches no failure: every waiter gets the error and the next request tries again', async () => {
    const provider = new CountingTts();
    provider.hold = true;
    provider.failText = 'hello';
    const tts = new CachedTts(provider);

    const requests = [tts.synthesize(hello), tts.synthesize(hello)];
    await Promise.resolve();
    provider.release();
    const results = await Promise.allSettled(requests);

    expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
    provider.hold = false;
    provider.failText = undefined;
    await expect(tts.synthesize(hello)).resolves.toMatchObject({ sampleRateHz: 8000 });
    expect(provider.calls).toHaveLength(2);
    expect(tts.stats()).toMatchObject({ misses: 2, entries: 1 });
  });

  it('evicts the least recently used prompts to stay within its byte budget', async () => {
    const provider = new CountingTts();
    const tts = new CachedTts(provider, { maxBytes: 30 }); // 15 samples: three 5-character prompts

    await tts.synthesize({ text: 'aaaaa', locale: 'en-US' });
    await tts.synthesize({ text: 'bbbbb', locale: 'en-US' });
    await tts.synthesize({ text: 'ccccc', locale: 'en-US' });
    await tts.synthesize({ text: 'aaaaa', locale: 'en-US' }); // now b is the least recently used
    await tts.synthesize({ text: 'ddddd', locale: 'en-US' });

    expect(tts.stats()).toEqual({ hits: 1, misses: 4, bytes: 30, entries: 3 });
    provider.calls.length = 0;
    await tts.synthesize({ text: 'aaaaa', locale: 'en-US' });
    await tts.synthesize({ text: 'ccccc', locale: 'en-US' });
    await tts.synthesize({ text: 'ddddd', locale: 'en-US' });
    expect(provider.calls).toEqual([]);
    await tts.synthesize({ text: 'bbbbb', locale: 'en-US' });
    expect(provider.calls.map((request) => request.text)).toEqual(['bbbbb']);
  });

  it('does not cache a prompt larger than the whole budget', async () => {
    const provider = new CountingTts();
    const tts = new CachedTts(provider, { maxBytes: 8 });

    await tts.synthesize(hello);
    await tts.synthesize(hello);

    expect(provider.calls).toHaveLength(2);
    expect(tts.stats()).toEqual({ hits: 0, misses: 2, bytes: 0, entries: 0 });
  });

  it('defaults to a 64 MiB budget', () => {
    expect(DEFAULT_TTS_CACHE_BYTES).toBe(64 * 1024 * 1024);
  });

  it('preloads prompts so that the call itself hits the cache', async () => {
    const provider = new CountingTts();
    const tts = new CachedTts(provider, { preloadConcurrency: 2 });
    const prompts: TtsRequest[] = [
      { text: 'Hello, this is Dunbank.', locale: 'en-US' },
      { text: '您好，这里是敦银行。', locale: 'zh-CN' },
      { text: 'Goodbye.', locale: 'en-US' },
      { text: 'Hello, this is Dunbank.', locale: 'en-US' },
    ];

    await tts.preload(prompts);

    expect(provider.calls).toHaveLength(3);
    expect(tts.stats()).toMatchObject({ misses: 3, entries: 3 });
    for (const prompt of prompts) await tts.synthesize(prompt);
    expect(provider.calls).toHaveLength(3);
    expect(tts.stats()).toMatchObject({ misses: 3 });
  });

  it('preloads every prompt it can and then rejects with the first failure', async () => {
    const provider = new CountingTts();
    provider.failText = 'broken';
    const tts = new CachedTts(provider);

    await expect(
      tts.preload([
        { text: 'broken', locale: 'en-US' },
        { text: 'fine', locale: 'en-US' },
      ]),
    ).rejects.toMatchObject({ code: 'DUN_ERR_TTS_FAILED' });
    expect(tts.stats()).toMatchObject({ entries: 1 });
  });
});
