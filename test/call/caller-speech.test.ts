import { describe, expect, it } from 'vitest';
import { CallerSpeech } from '../../src/call/caller-speech.js';
import { NO_VOICE_METRICS } from '../../src/call/voice-metrics.js';
import { silentLogger } from '../../src/log/logger.js';
import type { AsrListener, AsrProvider, AsrStream } from '../../src/providers/asr/asr.js';
import type { Locale } from '../../src/domain/locale.js';

const REQUEST = { locale: 'en-US' as Locale, hints: { expectedIntents: [] } };

/** A recognizer that keeps every chunk written to each utterance and answers `finish()` with `text`. */
class RecordingAsr implements AsrProvider {
  readonly name = 'recording';
  readonly locales: readonly Locale[] = ['en-US'];
  /** Each utterance's chunks, kept as given: a recognizer may hold on to what it is written. */
  readonly utterances: Int16Array[][] = [];
  closed = 0;

  constructor(
    readonly sampleRateHz: number,
    private readonly text: string,
  ) {}

  async open(_options: unknown, listener: AsrListener): Promise<AsrStream> {
    const chunks: Int16Array[] = [];
    this.utterances.push(chunks);
    return {
      write: (samples) => chunks.push(samples),
      finish: async () => listener.onResult({ text: this.text, isFinal: true, confidence: 0.9 }),
      close: () => {
        this.closed += 1;
      },
    };
  }
}

/** 20 ms at 8 kHz, every sample `value`, in one reused buffer as the call hands them over. */
const frameBuffer = new Int16Array(160);
function frame(value: number): Int16Array {
  frameBuffer.fill(value);
  return frameBuffer;
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('CallerSpeech', () => {
  it('streams an utterance pre-roll first, then the live frames, in order, each in its own array', async () => {
    const asr = new RecordingAsr(8000, 'yes');
    const texts: string[] = [];
    const speech = new CallerSpeech({ asr, inboundRateHz: 8000, preRollMs: 40, logger: silentLogger, metrics: NO_VOICE_METRICS, onText: (text) => texts.push(text), onFailure: () => undefined });
    for (const value of [1, 2, 3]) speech.hear(frame(value));
    speech.open(REQUEST, 1000);
    expect(speech.listening).toBe(true);
    expect(speech.listeningSinceMs).toBe(1000);
    // Frames arriving while the recognizer opens wait behind the pre-roll.
    speech.hear(frame(4));
    await settle();
    speech.hear(frame(5));
    speech.end();
    await settle();
    expect(texts).toEqual(['yes']);
    expect(speech.listening).toBe(false);
    // 40 ms of pre-roll: the last two frames before onset, then the live ones.
    expect(asr.utterances[0]?.map((chunk) => chunk[0])).toEqual([2, 3, 4, 5]);
    expect(asr.utterances[0]?.every((chunk) => chunk.length === 160)).toBe(true);
  });

  it('resamples to the recognizer’s rate, in the pre-roll as in live audio', async () => {
    const asr = new RecordingAsr(16000, 'ok');
    const speech = new CallerSpeech({ asr, inboundRateHz: 8000, preRollMs: 300, logger: silentLogger, metrics: NO_VOICE_METRICS, onText: () => undefined, onFailure: () => undefined });
    for (let i = 0; i < 10; i += 1) speech.hear(frame(1000));
    speech.open(REQUEST, 0);
    for (let i = 0; i < 10; i += 1) speech.hear(frame(1000));
    speech.end();
    await settle();
    const samples = asr.utterances[0]?.reduce((sum, chunk) => sum + chunk.length, 0) ?? 0;
    // 20 frames of 160 samples at 8 kHz are about 6,400 samples at 16 kHz (less the filter's delay).
    expect(samples).toBeGreaterThan(6000);
    expect(samples).toBeLessThanOrEqual(6400);
  });

  it('gives one text per utterance, and none for an utterance abandoned when the call ends', async () => {
    const asr = new RecordingAsr(8000, 'hello');
    const texts: string[] = [];
    const speech = new CallerSpeech({ asr, inboundRateHz: 8000, preRollMs: 300, logger: silentLogger, metrics: NO_VOICE_METRICS, onText: (text) => texts.push(text), onFailure: () => undefined });
    speech.open(REQUEST, 0);
    speech.open(REQUEST, 5);
    speech.hear(frame(7));
    speech.end();
    speech.end();
    await settle();
    speech.open(REQUEST, 10);
    speech.hear(frame(7));
    speech.close();
    await settle();
    expect(texts).toEqual(['hello']);
    expect(asr.utterances).toHaveLength(2);
    expect(asr.closed).toBe(2);
  });
});
