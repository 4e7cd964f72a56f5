import type { SpeechClient } from '@google-cloud/speech';
import type { Locale } from '../../domain/locale.js';
import { DunbotError, isDunbotError } from '../../errors.js';
import { systemScheduler, type Scheduler } from '../../time/scheduler.js';
import { startGoogleClient } from '../google-credentials.js';
import type { AsrHints, AsrListener, AsrProvider, AsrStream } from './asr.js';
import { GOOGLE_SPEECH_SAMPLE_RATE_HZ, GoogleSpeechStream } from './google-speech-stream.js';

/** Options of the `SpeechClient` (apiEndpoint, port, sslCreds, credentials, …). */
export type GoogleSpeechClientOptions = NonNullable<ConstructorParameters<typeof SpeechClient>[0]>;

/** Settings of {@link GoogleSpeechAsr}; every one has a default. */
export interface GoogleSpeechAsrOptions {
  /** Passed to `new SpeechClient()`; tests point it at a local server. */
  readonly clientOptions?: GoogleSpeechClientOptions;
  /**
   * Audio one Google stream carries before a new one takes over, in milliseconds of audio written
   * (default 290 000, under Google's limit of about 305 s per stream).
   */
  readonly maxStreamMs?: number;
  /** Recognition models to try per locale, best first (default telephony, phone_call, default). */
  readonly models?: Partial<Record<Locale, readonly string[]>>;
  /** Longest wait for the service's last results after `finish()`, in milliseconds (default 10 000). */
  readonly finishTimeoutMs?: number;
  /** Runs the finish timeout (default `systemScheduler`); tests pass a ManualScheduler. */
  readonly scheduler?: Scheduler;
}

/** μ-law carries one byte per sample. */
const BYTES_PER_MS = GOOGLE_SPEECH_SAMPLE_RATE_HZ / 1000;
const DEFAULT_MAX_STREAM_MS = 290_000;
const DEFAULT_FINISH_TIMEOUT_MS = 10_000;
// Google lists `telephony` for some languages only (we could not confirm cmn-Hans-CN offline) and
// answers INVALID_ARGUMENT "The requested model is currently not supported for language : …" for the
// others; the stream then replays its audio into the next model, and the provider remembers it.
const DEFAULT_MODELS: readonly string[] = ['telephony', 'phone_call', 'default'];

/**
 * Streaming recognition with Google Cloud Speech-to-Text v1 for zh-CN and en-US telephone audio.
 * Audio goes up as 8 kHz μ-law; the hints' phrases become a speech context. A Google stream is
 * replaced by a new one before Google's stream-duration limit, counted in audio written, so a long
 * stream loses no audio (a word spoken across the switch may be split).
 *
 * @example
 * const asr = new GoogleSpeechAsr();
 * const stream = await asr.open({ locale: 'zh-CN', hints: { expectedIntents: ['promise_to_pay'] } }, listener);
 */
export class GoogleSpeechAsr implements AsrProvider {
  readonly name = 'google-speech';
  readonly locales: readonly Locale[] = ['zh-CN', 'en-US'];
  readonly sampleRateHz = GOOGLE_SPEECH_SAMPLE_RATE_HZ;
  private client: Promise<SpeechClient> | undefined;
  /** The model that last worked per locale, so later streams skip models Google refused. */
  private readonly modelIndexByLocale = new Map<Locale, number>();

  constructor(private readonly options: GoogleSpeechAsrOptions = {}) {}

  /**
   * Opens a recognition stream; nothing is sent to Google before the first audio. Rejects with DUN_ERR_ASR_LOCALE, or
   * DUN_ERR_ASR_FAILED when the client cannot start; once open, every failure reaches `listener.onError` once, then nothing more.
   */
  async open(options: { readonly locale: Locale; readonly hints: AsrHints }, listener: AsrListener): Promise<AsrStream> {
    const { locale, hints } = options;
    if (!this.locales.includes(locale)) {
      throw new DunbotError('DUN_ERR_ASR_LOCALE', 'The recognizer does not support this locale', { details: { provider: this.name, locale } });
    }
    const client = await this.getClient();
    const models = this.options.models?.[locale] ?? DEFAULT_MODELS;
    return new GoogleSpeechStream(client, listener, {
      locale,
      hints,
      models,
      firstModelIndex: Math.min(this.modelIndexByLocale.get(locale) ?? 0, models.length - 1),
      maxStreamBytes: Math.max(1, Math.round((this.options.maxStreamMs ?? DEFAULT_MAX_STREAM_MS) * BYTES_PER_MS)),
      finishTimeoutMs: this.options.finishTimeoutMs ?? DEFAULT_FINISH_TIMEOUT_MS,
      scheduler: this.options.scheduler ?? systemScheduler,
      onModelRefused: (index) => this.modelIndexByLocale.set(locale, index),
    });
  }

  /** Closes the gRPC client; streams still open fail. Never rejects. */
  async dispose(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    // A client that never started has no channel to close.
    await client?.then((started) => started.close()).catch(() => undefined);
  }

  private getClient(): Promise<SpeechClient> {
    const details = { provider: 'google-speech' };
    // The SDK (google-gax, gRPC) is loaded only when this provider is used.
    this.client ??= import('@google-cloud/speech')
      .then((speech) => startGoogleClient(() => new speech.SpeechClient(this.options.clientOptions), (cause) => new DunbotError('DUN_ERR_ASR_FAILED', 'The Google Speech client could not start: no usable credentials or endpoint', { cause, details: { ...details, reason: 'client_start' } })))
      .catch((error: unknown) => {
        // Forget the failed client: the next call starts a new one (the credentials may be fixed by then).
        this.client = undefined;
        throw isDunbotError(error) ? error : new DunbotError('DUN_ERR_ASR_FAILED', 'The Google Speech client failed to load', { cause: error, details });
      });
    return this.client;
  }
}
