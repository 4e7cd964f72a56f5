import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import createModule, { type Decoder, type Segment, type SoundSwallowerModule } from 'soundswallower';
import type { Locale } from '../../domain/locale.js';
import { DunbotError } from '../../errors.js';
import type { AsrHints, AsrListener, AsrProvider, AsrResult, AsrStream } from './asr.js';
import { buildJsgfGrammar } from './jsgf-grammar.js';

/** The rate of soundswallower's bundled en-us model, a telephone (8 kHz) model. */
const MODEL_SAMPLE_RATE_HZ = 8000;
const DEFAULT_PARTIAL_INTERVAL_MS = 100;
/** Utterances decoded at once; beyond this `open` fails (retryable). */
const DEFAULT_MAX_ACTIVE_STREAMS = 8;
/** Audio one utterance may hold; a debtor's answer is seconds long. */
const DEFAULT_MAX_UTTERANCE_MS = 60_000;

/** Counters of a SoundswallowerAsr. */
export interface SoundswallowerStats {
  readonly activeStreams: number;
  readonly idleDecoders: number;
  /** Decoders made since the recognizer was built; each blocked the event loop while it loaded. */
  readonly decodersCreated: number;
}

/** Settings of {@link SoundswallowerAsr}; every one has a default. */
export interface SoundswallowerAsrOptions {
  /** Audio between two partial results, in milliseconds of audio written (default 100). */
  readonly partialIntervalMs?: number;
  /**
   * Decoders kept for reuse after an utterance ends (default: `maxActiveStreams`). Each holds about
   * 25 MB of the WASM heap, which never shrinks, so deleting one frees nothing the process gets
   * back, while making a new one blocks the event loop for about 200 ms: every call waits.
   */
  readonly maxIdleDecoders?: number;
  /** Streams open at once; one more is refused with a retryable error (default 8). */
  readonly maxActiveStreams?: number;
  /** Audio one stream accepts, in milliseconds; more fails the stream (default 60 000). */
  readonly maxUtteranceMs?: number;
  /** Prior weight of the expected intents' phrases over the others (see `buildJsgfGrammar`). */
  readonly expectedWeight?: number;
}

interface PooledDecoder {
  readonly decoder: Decoder;
  /** The grammar last set, so an unchanged grammar is not compiled again (≈40 ms). */
  grammar: string | undefined;
}

let modulePromise: Promise<SoundSwallowerModule> | undefined;

/** Loads the WASM module once per process, with the model path taken from the package's location. */
function loadModule(): Promise<SoundSwallowerModule> {
  if (modulePromise === undefined) {
    // The module resolves a relative `modelBase` against the working directory, so give it the
    // absolute path of the package's own model folder (with the trailing slash it requires).
    const packageDir = dirname(createRequire(import.meta.url).resolve('soundswallower'));
    const overrides: Partial<SoundSwallowerModule> & { modelBase: string } = {
      modelBase: `${join(packageDir, 'model')}/`,
      print: () => undefined,
      printErr: () => undefined,
    };
    modulePromise = createModule(overrides).catch((error: unknown) => {
      modulePromise = undefined;
      throw asrError('soundswallower module failed to load', error, false);
    });
  }
  return modulePromise;
}

/**
 * Offline en-US speech recognition with soundswallower (WASM PocketSphinx) and a JSGF grammar built
 * from the hints. It only recognizes phrases of the grammar: anything else comes out as the nearest
 * phrase, so flows must read back what matters.
 *
 * Decoders are pooled: building one loads the 3 MB dictionary and the acoustic model (≈200 ms and
 * ≈25 MB each, measured), far too slow per utterance, while `start()` on a pooled one is immediate.
 * The grammar (≈8 kB) compiles in ≈40 ms and is skipped when a decoder already holds the same one;
 * decoding runs at about 0.16 × real time on one core.
 *
 * The final confidence is the mean posterior probability of the recognized words, from the word
 * lattice (`get_alignment()` `p`, with `bestpath` on). It says how clearly one phrase of the grammar
 * beat the others, not whether the speech was in the grammar at all. Partials carry confidence 0.
 *
 * @example
 * const asr = new SoundswallowerAsr();
 * const stream = await asr.open({ locale: 'en-US', hints: { expectedIntents: ['affirm', 'deny'] } }, listener);
 * stream.write(samples8k);
 * await stream.finish();
 */
export class SoundswallowerAsr implements AsrProvider {
  readonly name = 'soundswallower';
  readonly locales: readonly Locale[] = ['en-US'];
  readonly sampleRateHz = MODEL_SAMPLE_RATE_HZ;
  private readonly idle: PooledDecoder[] = [];
  private active = 0;
  private created = 0;
  private readonly partialIntervalSamples: number;
  private readonly maxIdleDecoders: number;
  private readonly maxActiveStreams: number;
  private readonly maxUtteranceSamples: number;
  private readonly expectedWeight: number | undefined;

  constructor(options: SoundswallowerAsrOptions = {}) {
    this.partialIntervalSamples = Math.max(1, Math.round(((options.partialIntervalMs ?? DEFAULT_PARTIAL_INTERVAL_MS) * MODEL_SAMPLE_RATE_HZ) / 1000));
    this.maxActiveStreams = options.maxActiveStreams ?? DEFAULT_MAX_ACTIVE_STREAMS;
    this.maxIdleDecoders = options.maxIdleDecoders ?? this.maxActiveStreams;
    this.maxUtteranceSamples = Math.round(((options.maxUtteranceMs ?? DEFAULT_MAX_UTTERANCE_MS) * MODEL_SAMPLE_RATE_HZ) / 1000);
    this.expectedWeight = options.expectedWeight;
  }

  /** Loads the module and readies `count` decoders ahead of the first call (at most the idle limit). */
  async warmUp(count = 1): Promise<void> {
    const wanted = Math.min(count, this.maxIdleDecoders) - this.idle.length;
    for (let i = 0; i < wanted; i += 1) this.idle.push(await this.createDecoder());
  }

  /** Starts decoding one utterance of 8 kHz audio against the grammar for `hints`. */
  async open(options: { readonly locale: Locale; readonly hints: AsrHints }, listener: AsrListener): Promise<AsrStream> {
    if (!this.locales.includes(options.locale)) {
      throw new DunbotError('DUN_ERR_ASR_LOCALE', 'The recognizer does not support this locale', { details: { provider: this.name, locale: options.locale } });
    }
    if (this.active >= this.maxActiveStreams) {
      throw new DunbotError('DUN_ERR_ASR_FAILED', 'Too many recognition streams are open', { retryable: true, details: { provider: this.name, maxActiveStreams: this.maxActiveStreams } });
    }
    this.active += 1;
    let pooled: PooledDecoder | undefined;
    try {
      pooled = this.idle.pop() ?? (await this.createDecoder());
      const grammar = buildJsgfGrammar(options.hints, {
        isKnownWord: (word) => (pooled?.decoder.lookup_word(word) ?? null) !== null,
        ...(this.expectedWeight === undefined ? {} : { expectedWeight: this.expectedWeight }),
      });
      if (pooled.grammar !== grammar) {
        pooled.grammar = undefined;
        pooled.decoder.set_grammar(grammar);
        pooled.grammar = grammar;
      }
      pooled.decoder.start();
    } catch (error) {
      this.active -= 1;
      pooled?.decoder.delete();
      throw error instanceof DunbotError ? error : asrError('soundswallower failed to start an utterance', error, false);
    }
    return new SoundswallowerStream(pooled, listener, {
      partialIntervalSamples: this.partialIntervalSamples,
      maxUtteranceSamples: this.maxUtteranceSamples,
      release: (decoder, reusable) => this.release(decoder, reusable),
    });
  }

  /** Streams open now, decoders waiting for the next utterance, and decoders made so far. */
  stats(): SoundswallowerStats {
    return { activeStreams: this.active, idleDecoders: this.idle.length, decodersCreated: this.created };
  }

  /** Frees every idle decoder; open streams keep theirs until they end. */
  dispose(): void {
    for (const pooled of this.idle.splice(0)) pooled.decoder.delete();
  }

  private async createDecoder(): Promise<PooledDecoder> {
    const soundswallower = await loadModule();
    let decoder: Decoder | undefined;
    try {
      // Alternative pronunciations double the grammar's compile time (≈90 → ≈40 ms without) and
      // did not help on telephone-quality test speech: 21/24 phrases with them (one came back
      // empty), 22/24 without.
      decoder = new soundswallower.Decoder({ samprate: MODEL_SAMPLE_RATE_HZ, loglevel: 'ERROR', fsgusealtpron: false });
      await decoder.initialize();
      this.created += 1;
      return { decoder, grammar: undefined };
    } catch (error) {
      decoder?.delete();
      throw asrError('soundswallower decoder failed to initialize', error, false);
    }
  }

  private release(pooled: PooledDecoder, reusable: boolean): void {
    this.active -= 1;
    if (reusable && this.idle.length < this.maxIdleDecoders) this.idle.push(pooled);
    else pooled.decoder.delete();
  }
}

interface StreamSettings {
  readonly partialIntervalSamples: number;
  readonly maxUtteranceSamples: number;
  readonly release: (pooled: PooledDecoder, reusable: boolean) => void;
}

class SoundswallowerStream implements AsrStream {
  private state: 'open' | 'done' = 'open';
  private samplesWritten = 0;
  private samplesSincePartial = 0;
  private lastPartial = '';

  constructor(
    private readonly pooled: PooledDecoder,
    private readonly listener: AsrListener,
    private readonly settings: StreamSettings,
  ) {}

  write(samples: Int16Array): void {
    if (this.state !== 'open' || samples.length === 0) return;
    this.samplesWritten += samples.length;
    if (this.samplesWritten > this.settings.maxUtteranceSamples) {
      this.fail(new DunbotError('DUN_ERR_ASR_FAILED', 'The utterance is longer than the recognizer accepts', { details: { provider: 'soundswallower', maxUtteranceSamples: this.settings.maxUtteranceSamples } }));
      return;
    }
    // process_audio takes 32-bit float samples in [-1, 1).
    const floats = new Float32Array(samples.length);
    for (let i = 0; i < samples.length; i += 1) floats[i] = (samples[i] ?? 0) / 32768;
    let partial: string | undefined;
    try {
      this.pooled.decoder.process_audio(floats);
      this.samplesSincePartial += samples.length;
      if (this.samplesSincePartial >= this.settings.partialIntervalSamples) {
        this.samplesSincePartial = 0;
        partial = this.pooled.decoder.get_text();
      }
    } catch (error) {
      this.fail(asrError('soundswallower failed to process audio', error, false));
      return;
    }
    if (partial !== undefined && partial !== '' && partial !== this.lastPartial) {
      this.lastPartial = partial;
      this.listener.onResult({ text: partial, isFinal: false, confidence: 0 });
    }
  }

  finish(): Promise<void> {
    if (this.state !== 'open') return Promise.resolve();
    this.state = 'done';
    let result: AsrResult;
    try {
      this.pooled.decoder.stop();
      const text = this.pooled.decoder.get_text();
      result = { text, isFinal: true, confidence: text === '' ? 0 : confidenceOf(this.pooled.decoder.get_alignment()) };
    } catch (error) {
      this.settings.release(this.pooled, false);
      this.listener.onError(asrError('soundswallower failed to finish the utterance', error, false));
      return Promise.resolve();
    }
    this.settings.release(this.pooled, true);
    this.listener.onResult(result);
    return Promise.resolve();
  }

  close(): void {
    if (this.state !== 'open') return;
    this.state = 'done';
    let reusable = true;
    try {
      this.pooled.decoder.stop();
    } catch {
      reusable = false;
    }
    this.settings.release(this.pooled, reusable);
  }

  private fail(error: DunbotError): void {
    this.state = 'done';
    this.settings.release(this.pooled, false);
    this.listener.onError(error);
  }
}

/** Mean word posterior of an alignment, ignoring silences, fillers and null transitions. */
function confidenceOf(alignment: Segment): number {
  const words = (alignment.w ?? []).filter((segment) => !/^[<[(]/.test(segment.t));
  if (words.length === 0) return 0;
  const mean = words.reduce((sum, segment) => sum + segment.p, 0) / words.length;
  return Number.isFinite(mean) ? Math.min(1, Math.max(0, mean)) : 0;
}

function asrError(message: string, cause: unknown, retryable: boolean): DunbotError {
  return new DunbotError('DUN_ERR_ASR_FAILED', message, { retryable, cause, details: { provider: 'soundswallower' } });
}
