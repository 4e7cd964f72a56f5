import type { PcmAudio } from '../../audio/audio-format.js';
import { parseWav } from '../../audio/index.js';
import type { Locale } from '../../domain/locale.js';
import { DunbotError, isDunbotError } from '../../errors.js';
import { loadEspeakNg, runEspeakNg, type EspeakNgEngine } from './espeak-ng-module.js';
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
  /** Loads the engine; the default imports the optional `espeak-ng` package on first use. */
  readonly load?: () => Promise<EspeakNgEngine>;
}

const INPUT_PATH = '/dunbot-input.txt';
const OUTPUT_PATH = '/dunbot-output.wav';

/**
 * Offline TTS with the espeak-ng WASM build (GPL-3.0+, an optional dependency imported on first use).
 * The WASM is compiled once and instantiated per request; requests run one at a time.
 * Synthesis runs on the calling thread (~0.1–0.2 s per sentence), so a busy server should preload prompts.
 *
 * @example
 * const tts = new EspeakTts();
 * const audio = await tts.synthesize({ text: 'Hello, this is Dunbank.', locale: 'en-US' }); // 22050 Hz
 */
export class EspeakTts implements TtsProvider {
  readonly name = 'espeak-ng';
  private readonly voices: Readonly<Record<Locale, string>>;
  private readonly maxTextChars: number;
  private readonly load: () => Promise<EspeakNgEngine>;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: EspeakTtsOptions = {}) {
    this.voices = { ...ESPEAK_DEFAULT_VOICES, ...options.voices };
    this.maxTextChars = options.maxTextChars ?? DEFAULT_ESPEAK_MAX_TEXT_CHARS;
    this.load = options.load ?? (() => loadEspeakNg());
  }

  defaultVoice(locale: Locale): string {
    return this.voices[locale];
  }

  synthesize(request: TtsRequest): Promise<PcmAudio> {
    // One request at a time: synthesis is CPU-bound and each run shares the module's file paths.
    const result = this.queue.then(() => this.run(request));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async run(request: TtsRequest): Promise<PcmAudio> {
    const voice = request.voice ?? this.defaultVoice(request.locale);
    if (request.text.length > this.maxTextChars) {
      throw new DunbotError('DUN_ERR_TTS_FAILED', `The text is longer than ${this.maxTextChars} characters.`, {
        details: { provider: this.name, voice, locale: request.locale, textChars: request.text.length },
      });
    }
    const engine = await this.load();
    let result;
    try {
      // The text goes in a file, not argv, so text starting with '-' is never read as an option.
      result = await runEspeakNg(engine, {
        args: ['-v', voice, '-w', OUTPUT_PATH, '-f', INPUT_PATH],
        inputFiles: { [INPUT_PATH]: request.text },
        outputPath: OUTPUT_PATH,
      });
    } catch (cause) {
      if (isDunbotError(cause)) throw cause;
      throw new DunbotError('DUN_ERR_TTS_FAILED', 'espeak-ng aborted while synthesizing.', {
        cause,
        details: { provider: this.name, voice, locale: request.locale },
      });
    }
    if (result.output === undefined) {
      throw new DunbotError('DUN_ERR_TTS_FAILED', 'espeak-ng produced no audio (unknown voice?).', {
        details: { provider: this.name, voice, locale: request.locale, stderr: result.errorLines },
      });
    }
    try {
      return parseWav(result.output);
    } catch (cause) {
      throw new DunbotError('DUN_ERR_TTS_FAILED', 'espeak-ng produced a WAV file that cannot be parsed.', {
        cause,
        details: { provider: this.name, voice, locale: request.locale },
      });
    }
  }
}
