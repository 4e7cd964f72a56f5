import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Locale } from '../../domain/locale.js';
import { DunbotError } from '../../errors.js';
import type { AsrHints, AsrListener, AsrProvider, AsrStream } from './asr.js';
import { buildJsgfGrammar, listFillerWords, normalizeHintPhrase } from './jsgf-grammar.js';
import { SoundswallowerStream } from './soundswallower-stream.js';
import type { FromWorker, ToWorker, WorkerSettings } from './soundswallower-worker-protocol.js';

/** The rate of soundswallower's bundled en-us model, a telephone (8 kHz) model. */
const MODEL_SAMPLE_RATE_HZ = 8000;
const DEFAULT_PARTIAL_INTERVAL_MS = 100;
/** Utterances decoded at once; beyond this `open` waits for one to end. */
const DEFAULT_MAX_ACTIVE_STREAMS = 8;
/** Utterances waiting for one of those; beyond this `open` fails (retryable). */
const DEFAULT_MAX_WAITING_STREAMS = 16;
/** Audio one utterance may hold; a debtor's answer is seconds long. */
const DEFAULT_MAX_UTTERANCE_MS = 60_000;

/** Counters of a SoundswallowerAsr. */
export interface SoundswallowerStats {
  readonly activeStreams: number;
  /** Utterances waiting for an active stream to end (see `maxActiveStreams`). */
  readonly waitingStreams: number;
  readonly idleDecoders: number;
  /** Decoders made since the recognizer was built (≈200 ms and ≈25 MB each, on the worker thread). */
  readonly decodersCreated: number;
  /** Grammars compiled since then (≈50 ms each on the worker thread, while every other call's audio waits). */
  readonly grammarsCompiled: number;
}

/** Settings of {@link SoundswallowerAsr}; every one has a default. */
export interface SoundswallowerAsrOptions {
  /** Audio between two partial results, in milliseconds of audio written (default 100). */
  readonly partialIntervalMs?: number;
  /**
   * Decoders kept for reuse after an utterance ends (default: `maxActiveStreams`). Each holds about
   * 25 MB of the WASM heap, which never shrinks, so deleting one frees nothing the process gets
   * back, while making a new one takes about 200 ms before the utterance can start.
   */
  readonly maxIdleDecoders?: number;
  /**
   * Streams decoded at once (default 8). One more waits for one of them to end, so its caller
   * hears the answer late rather than never; the worker decodes faster than real time, so a short
   * wait is made up.
   */
  readonly maxActiveStreams?: number;
  /** Streams waiting at once (default 16); one more is refused with a retryable error. */
  readonly maxWaitingStreams?: number;
  /** Audio one stream accepts, in milliseconds; more fails the stream (default 60 000). */
  readonly maxUtteranceMs?: number;
  /** Prior weight of the expected intents' phrases over the others (see `buildJsgfGrammar`). */
  readonly expectedWeight?: number;
  /** Prior weight of the filler loop that catches speech outside the grammar; 0 turns rejection off (see `buildJsgfGrammar`). */
  readonly garbageWeight?: number;
}

/** The worker thread's script: plain JavaScript beside this module, in `src/` and in `dist/` alike. */
const WORKER_URL = new URL('./soundswallower-worker.js', import.meta.url);

/** The package's model folder, absolute (the module resolves a relative one against the working directory) and with the trailing slash it requires. */
function modelBase(): string {
  return `${join(dirname(createRequire(import.meta.url).resolve('soundswallower')), 'model')}/`;
}

interface Pending<T> {
  readonly resolve: (value: T) => void;
  readonly reject: (error: DunbotError) => void;
}

/**
 * Offline en-US speech recognition with soundswallower (WASM PocketSphinx) and a JSGF grammar built
 * from the hints: what the question expects, the debtor's names where it asks who is speaking,
 * amounts and dates where it asks for them. It only recognizes phrases of the grammar; speech that
 * fits none mostly goes through the grammar's filler loop and comes back as an empty final result
 * (not understood), but some still comes out as the nearest phrase, so flows read back what matters.
 *
 * The decoders live on a worker thread (soundswallower-worker.js), so compiling a grammar (≈40 ms),
 * making a decoder (≈200 ms, ≈25 MB) and decoding (about 0.16 × real time on one core) never stop
 * the calls on the event loop. This class keeps the books — which decoder serves which stream, how
 * many are kept for reuse — so its limits and `stats()` answer at once, and sends the work over.
 * Decoders are pooled: `start()` on a kept one is immediate, and an unchanged grammar is not
 * compiled again.
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
  /** Decoders (by number) kept for the next utterances. */
  private readonly idle: number[] = [];
  private active = 0;
  private created = 0;
  private compiled = 0;
  /** The grammar each decoder was last given, so an utterance can go to one that holds its grammar already. */
  private readonly grammarOf = new Map<number, string>();
  private nextDecoder = 1;
  private nextStream = 1;
  private nextRequest = 1;
  private worker: Worker | undefined;
  /** Whether the worker keeps the process alive now: only while it owes an answer (see holdProcessWhileBusy). */
  private workerHoldsProcess = false;
  private disposed = false;
  private readonly streams = new Map<number, SoundswallowerStream>();
  private readonly opening = new Map<number, Pending<void>>();
  private readonly requests = new Map<number, Pending<Extract<FromWorker, { type: 'warmed' | 'known' }>>>();
  private readonly partialIntervalSamples: number;
  private readonly maxIdleDecoders: number;
  private readonly maxActiveStreams: number;
  private readonly maxWaitingStreams: number;
  /** Opens waiting for an active stream to end, oldest first: each is handed that stream's place. */
  private readonly waiting: Pending<void>[] = [];
  private readonly maxUtteranceSamples: number;
  private readonly expectedWeight: number | undefined;
  private readonly garbageWeight: number | undefined;

  constructor(options: SoundswallowerAsrOptions = {}) {
    this.partialIntervalSamples = Math.max(1, Math.round(((options.partialIntervalMs ?? DEFAULT_PARTIAL_INTERVAL_MS) * MODEL_SAMPLE_RATE_HZ) / 1000));
    this.maxActiveStreams = options.maxActiveStreams ?? DEFAULT_MAX_ACTIVE_STREAMS;
    this.maxWaitingStreams = options.maxWaitingStreams ?? DEFAULT_MAX_WAITING_STREAMS;
    this.maxIdleDecoders = options.maxIdleDecoders ?? this.maxActiveStreams;
    this.maxUtteranceSamples = Math.round(((options.maxUtteranceMs ?? DEFAULT_MAX_UTTERANCE_MS) * MODEL_SAMPLE_RATE_HZ) / 1000);
    this.expectedWeight = options.expectedWeight;
    this.garbageWeight = options.garbageWeight;
  }

  /** Loads the module and readies `count` decoders ahead of the first call (at most the idle limit). */
  async warmUp(count = 1): Promise<void> {
    const wanted = Math.max(0, Math.min(count, this.maxIdleDecoders) - this.idle.length);
    const decoders = Array.from({ length: wanted }, () => this.nextDecoder++);
    await this.request((request) => ({ type: 'warm', request, decoders }), 'soundswallower decoder failed to initialize');
    this.created += wanted;
    this.idle.push(...decoders);
  }

  /** Starts decoding one utterance of 8 kHz audio against the grammar for `hints`. */
  async open(options: { readonly locale: Locale; readonly hints: AsrHints }, listener: AsrListener): Promise<AsrStream> {
    if (!this.locales.includes(options.locale)) {
      throw new DunbotError('DUN_ERR_ASR_LOCALE', 'The recognizer does not support this locale', { details: { provider: this.name, locale: options.locale } });
    }
    if (this.active < this.maxActiveStreams) this.active += 1;
    else if (this.waiting.length < this.maxWaitingStreams) {
      // The stream that ends next hands over its place (freePlace): `active` already counts this one.
      await new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    } else {
      throw new DunbotError('DUN_ERR_ASR_FAILED', 'Too many recognition streams are open and waiting', {
        retryable: true,
        details: { provider: this.name, maxActiveStreams: this.maxActiveStreams, maxWaitingStreams: this.maxWaitingStreams },
      });
    }
    let decoder = this.idle.pop() ?? this.nextDecoder++;
    const id = this.nextStream++;
    let fillers: ReadonlySet<string> = new Set();
    try {
      const known = await this.knownWords(decoder, options.hints);
      const grammar = buildJsgfGrammar(options.hints, {
        isKnownWord: (word) => known.has(word),
        ...(this.expectedWeight === undefined ? {} : { expectedWeight: this.expectedWeight }),
        ...(this.garbageWeight === undefined ? {} : { garbageWeight: this.garbageWeight }),
      });
      // Calls at the same question share a grammar: an idle decoder that holds it already spares the compile.
      const holder = this.grammarOf.get(decoder) === grammar ? -1 : this.idle.findIndex((other) => this.grammarOf.get(other) === grammar);
      const swapped = holder >= 0 ? this.idle[holder] : undefined;
      if (swapped !== undefined) {
        this.idle[holder] = decoder;
        decoder = swapped;
      }
      this.grammarOf.set(decoder, grammar);
      fillers = listFillerWords(grammar);
      const opened = new Promise<void>((resolve, reject) => this.opening.set(id, { resolve, reject }));
      this.post({ type: 'open', stream: id, decoder, grammar });
      await opened;
    } catch (error) {
      this.opening.delete(id);
      // The worker frees a decoder that failed to start (or died with it): it is not kept.
      this.grammarOf.delete(decoder);
      this.freePlace();
      this.holdProcessWhileBusy();
      throw error instanceof DunbotError ? error : asrError('soundswallower failed to start an utterance', error);
    }
    const stream = new SoundswallowerStream(id, decoder, listener, this.maxUtteranceSamples, this, fillers);
    this.streams.set(id, stream);
    return stream;
  }

  /** Streams open now, decoders waiting for the next utterance, and decoders made so far. */
  stats(): SoundswallowerStats {
    return { activeStreams: this.active, waitingStreams: this.waiting.length, idleDecoders: this.idle.length, decodersCreated: this.created, grammarsCompiled: this.compiled };
  }

  /** Frees every idle decoder; open streams keep theirs until they end, and then the worker thread stops. */
  dispose(): void {
    this.disposed = true;
    const error = asrError('soundswallower was disposed', undefined);
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
    for (const decoder of this.idle.splice(0)) {
      this.grammarOf.delete(decoder);
      this.post({ type: 'drop', decoder });
    }
    this.stopWorkerWhenIdle();
  }

  /** @internal Sends a message to the worker, starting it if needed. */
  post(message: ToWorker): void {
    const worker = this.ensureWorker();
    // Audio is a fresh copy (see write): its buffer moves to the worker instead of being copied again.
    if (message.type === 'audio') worker.postMessage(message, [message.samples.buffer as ArrayBuffer]);
    else worker.postMessage(message);
    this.holdProcessWhileBusy();
  }

  /** @internal A stream has ended: its decoder is kept (`reusable`) or was freed by the worker. */
  release(stream: number, decoder: number, reusable: boolean): void {
    this.streams.delete(stream);
    // The decoder is kept first, so an open waiting for this place can take it.
    if (reusable && this.idle.length < this.maxIdleDecoders && !this.disposed) this.idle.push(decoder);
    else {
      this.grammarOf.delete(decoder);
      if (reusable) this.post({ type: 'drop', decoder });
    }
    this.freePlace();
    this.holdProcessWhileBusy();
    this.stopWorkerWhenIdle();
  }

  /** A stream's place is free: the oldest waiting open takes it, or there is one fewer active stream. */
  private freePlace(): void {
    const next = this.waiting.shift();
    if (next !== undefined) next.resolve();
    else this.active -= 1;
  }

  /** The words of the hint phrases and names that the dictionary holds (a phrase with an unknown word cannot be in the grammar). */
  private async knownWords(decoder: number, hints: AsrHints): Promise<ReadonlySet<string>> {
    const phrases = [...(hints.phrases ?? []), ...(hints.debtorNames ?? [])];
    const words = [...new Set(phrases.flatMap((phrase) => normalizeHintPhrase(phrase)?.split(' ') ?? []))];
    if (words.length === 0) return new Set();
    const answer = await this.request((request) => ({ type: 'lookup', request, decoder, words }), 'soundswallower decoder failed to initialize');
    return new Set(answer.type === 'known' ? answer.words : []);
  }

  private request(make: (request: number) => ToWorker, failure: string): Promise<Extract<FromWorker, { type: 'warmed' | 'known' }>> {
    const request = this.nextRequest++;
    return new Promise((resolve, reject) => {
      this.requests.set(request, { resolve, reject: (error) => reject(new DunbotError('DUN_ERR_ASR_FAILED', `${failure}: ${error.message}`, { cause: error, details: { provider: this.name } })) });
      this.post(make(request));
    });
  }

  private ensureWorker(): Worker {
    if (this.worker !== undefined) return this.worker;
    const settings: WorkerSettings = { modelBase: modelBase(), sampleRateHz: MODEL_SAMPLE_RATE_HZ, partialIntervalSamples: this.partialIntervalSamples };
    const worker = new Worker(WORKER_URL, { workerData: settings });
    worker.on('message', (message: FromWorker) => this.onWorkerMessage(message));
    worker.on('error', (error) => this.onWorkerGone(worker, error.message));
    worker.on('exit', (code) => this.onWorkerGone(worker, `the worker thread exited with code ${code}`));
    // An idle recognizer should not keep the process running (holdProcessWhileBusy). After the
    // listeners: listening for messages refs the worker's port again.
    worker.unref();
    this.workerHoldsProcess = false;
    this.worker = worker;
    return worker;
  }

  /**
   * The worker keeps the process alive while it owes an answer — a warm-up, a lookup, an utterance
   * opening or being decoded — and not once the recognizer is idle. Unref'd throughout, an awaited
   * `warmUp()` in a process with nothing else to do would end the process halfway; ref'd
   * throughout, a stopped server would never exit.
   */
  private holdProcessWhileBusy(): void {
    const worker = this.worker;
    if (worker === undefined) return;
    // Waiting opens count through `active`: they wait only while streams are active.
    const busy = this.requests.size > 0 || this.opening.size > 0 || this.active > 0;
    if (busy === this.workerHoldsProcess) return;
    this.workerHoldsProcess = busy;
    if (busy) worker.ref();
    else worker.unref();
  }

  private onWorkerMessage(message: FromWorker): void {
    this.answer(message);
    this.holdProcessWhileBusy();
  }

  private answer(message: FromWorker): void {
    switch (message.type) {
      case 'warmed':
      case 'known': {
        if (message.type === 'known' && message.created) this.created += 1;
        const pending = this.requests.get(message.request);
        this.requests.delete(message.request);
        pending?.resolve(message);
        return;
      }
      case 'request-failed': {
        const pending = this.requests.get(message.request);
        this.requests.delete(message.request);
        pending?.reject(asrError(message.message, undefined));
        return;
      }
      case 'opened': {
        if (message.created) this.created += 1;
        if (message.compiled) this.compiled += 1;
        const pending = this.opening.get(message.stream);
        this.opening.delete(message.stream);
        pending?.resolve();
        return;
      }
      case 'partial':
        this.streams.get(message.stream)?.onPartial(message.text);
        return;
      case 'final':
        this.streams.get(message.stream)?.onFinal(message.text, message.confidence);
        return;
      case 'stream-failed': {
        const pending = this.opening.get(message.stream);
        this.opening.delete(message.stream);
        pending?.reject(asrError(`soundswallower failed to start an utterance: ${message.message}`, undefined));
        this.streams.get(message.stream)?.onFailed(asrError(`soundswallower failed to ${message.phase === 'audio' ? 'process audio' : 'finish the utterance'}: ${message.message}`, undefined));
        return;
      }
    }
  }

  /** The worker died (or was stopped): everything it held is gone, and the next utterance starts a new one. */
  private onWorkerGone(worker: Worker, reason: string): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.idle.length = 0;
    this.grammarOf.clear();
    const error = asrError(`soundswallower stopped: ${reason}`, undefined);
    for (const pending of this.requests.values()) pending.reject(error);
    this.requests.clear();
    for (const pending of this.opening.values()) pending.reject(error);
    this.opening.clear();
    for (const stream of [...this.streams.values()]) stream.onFailed(error);
  }

  private stopWorkerWhenIdle(): void {
    if (!this.disposed || this.active > 0 || this.worker === undefined) return;
    const worker = this.worker;
    this.worker = undefined;
    void worker.terminate();
  }
}

function asrError(message: string, cause: unknown): DunbotError {
  return new DunbotError('DUN_ERR_ASR_FAILED', message, { retryable: false, cause, details: { provider: 'soundswallower' } });
}
