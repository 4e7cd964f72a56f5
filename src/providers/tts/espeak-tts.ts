import type { PcmAudio } from '../../audio/audio-format.js';
import { parseWav } from '../../audio/index.js';
import type { Locale } from '../../domain/locale.js';
import { DunbotError } from '../../errors.js';
import type { Scheduler } from '../../time/scheduler.js';
import { EspeakPool } from './espeak-pool.js';
import type { TtsProvider, TtsRequest } from './tts.js';

/** The rate of espeak-ng's WAV output, in Hz. */
export const ESPEAK_SAMPLE_RATE_HZ = 22050;

/** Longest text synthesized in one request, in UTF-16 code units; prompts are sentences, not documents. */
export const DEFAULT_ESPEAK_MAX_TEXT_CHARS = 5000;

/** espeak-ng voices used when a request names none: `cmn` reads Mandarin correctly in the WASM build. */
export const ESPEAK_DEFAULT_VOICES: Readonly<Record<Locale, string>> = { 'en-US': 'en-us', 'zh-CN': 'cmn' };

/** Options of EspeakTts. */
export interface EspeakTtsOptions {
  /** Voices per locale, overriding ESPEAK_DEFAULT_VOICES. */
  readonly voices?: Partial<Record<Locale, string>>;
  /** Longest accepted text; longer requests fail with DUN_ERR_TTS_FAILED. */
  readonly maxTextChars?: number;
  /** Worker threads synthesizing at once (default `os.availableParallelism()`). */
  readonly workers?: number;
  /** The module imported for espeak-ng (default `espeak-ng`, the optional package). */
  readonly packageName?: string;
  /** Runs the pool's per-synthesis timeout (default `systemScheduler`). */
  readonly scheduler?: Scheduler;
}

/**
 * Offline TTS with the espeak-ng WASM build (GPL-3.0+, an optional dependency imported on first use).
 * Synthesis runs on a pool of worker threads (EspeakPool), one request per worker at a time, so
 * a prompt synthesized for one call (0.1–1 s of CPU) never delays another call's audio. The
 * workers start on the first request; idle, they do not keep the process alive.
 *
 * @example
 * const tts = new EspeakTts();
 * const audio = await tts.synthesize({ text: 'Hello, this is Dunbank.', locale: 'en-US' }); // 22050 Hz
 * await tts.close();
 */
export class EspeakTts implements TtsProvider {
  readonly name = 'espeak-ng';
  private readonly voices: Readonly<Record<Locale, string>>;
  private readonly maxTextChars: number;
  private readonly pool: EspeakPool;

  constructor(options: EspeakTtsOptions = {}) {
    this.voices = { ...ESPEAK_DEFAULT_VOICES, ...options.voices };
    this.maxTextChars = options.maxTextChars ?? DEFAULT_ESPEAK_MAX_TEXT_CHARS;
    this.pool = new EspeakPool({
      ...(options.workers === undefined ? {} : { size: options.workers }),
      ...(options.packageName === undefined ? {} : { packageName: options.packageName }),
      ...(options.scheduler === undefined ? {} : { scheduler: options.scheduler }),
    });
  }

  defaultVoice(locale: Locale): string {
    return this.voices[locale];
  }

  async synthesize(request: TtsRequest): Promise<PcmAudio> {
    const voice = request.voice ?? this.defaultVoice(request.locale);
    if (request.text.length > this.maxTextChars) {
      throw new DunbotError('DUN_ERR_TTS_FAILED', `The text is longer than ${this.maxTextChars} characters.`, {
        details: { provider: this.name, voice, locale: request.locale, textChars: request.text.length },
      });
    }
    const { wav } = await this.pool.synthesize({ text: request.text, voice, locale: request.locale });
    try {
      return parseWav(wav);
    } catch (cause) {
      throw new DunbotError('DUN_ERR_TTS_FAILED', 'espeak-ng produced a WAV file that cannot be parsed.', {
        cause,
        details: { provider: this.name, voice, locale: request.locale },
      });
    }
  }

  /** Stops the worker threads; requests in flight or waiting, and later ones, fail with DUN_ERR_TTS_FAILED. */
  close(): Promise<void> {
    return this.pool.close();
  }
}
