import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Locale } from '../../domain/locale.js';
import { DunbotError } from '../../errors.js';
import { systemScheduler, type Scheduler, type TimerHandle } from '../../time/scheduler.js';
import type { EspeakFailure, EspeakWorkerAnswer, EspeakWorkerRequest, EspeakWorkerSettings } from './espeak-worker-protocol.js';

/** The npm package of the offline synthesizer (GPL-3.0+, an optional dependency). */
export const ESPEAK_NG_PACKAGE = 'espeak-ng';

/** Longest one synthesis may take before its worker is stopped and replaced, in ms (a 5,000-character text takes a few seconds). */
export const DEFAULT_ESPEAK_TIMEOUT_MS = 30_000;

/** Requests waiting for a free worker at most; one more is refused (retryable). */
export const DEFAULT_ESPEAK_MAX_QUEUED = 1000;

/** The nice value of each worker thread on Linux: below the event loop's 0, so calls' audio goes first. */
export const DEFAULT_ESPEAK_NICENESS = 10;

/** Settings of {@link EspeakPool}; every one has a default. */
export interface EspeakPoolOptions {
  /** Worker threads, each synthesizing one request at a time (default `os.availableParallelism()`). */
  readonly size?: number;
  /** The module each worker imports for espeak-ng (default `espeak-ng`). */
  readonly packageName?: string;
  /** Longest one synthesis may take, in ms (default 30 000); then its worker is replaced. */
  readonly timeoutMs?: number;
  /** Requests waiting for a free worker at most (default 1000). */
  readonly maxQueued?: number;
  /** Nice value of each worker thread on Linux, 0–19 (default 10); elsewhere unused. 0 keeps the event loop's priority. */
  readonly niceness?: number;
  /** The worker script (default espeak-worker.js beside this module); tests substitute one speaking the same protocol. */
  readonly workerUrl?: URL;
  /** Runs the per-synthesis timeout (default `systemScheduler`); tests pass a ManualScheduler. */
  readonly scheduler?: Scheduler;
}

/** One synthesis: `locale` only names the request in errors. */
export interface EspeakJob {
  readonly text: string;
  readonly voice: string;
  readonly locale: Locale;
}

/** What a worker made of a job. */
export interface EspeakSynthesis {
  /** The WAV file espeak-ng wrote (22050 Hz, 16-bit mono). */
  readonly wav: Uint8Array;
  /** The worker thread that synthesized it (`worker_threads.threadId` there). */
  readonly threadId: number;
}

/** Counters of an EspeakPool. */
export interface EspeakPoolStats {
  readonly size: number;
  /** Worker threads running now (started on demand, up to `size`). */
  readonly workers: number;
  readonly busy: number;
  readonly queued: number;
  /** Workers started since the pool was made; more than `size` means some were replaced. */
  readonly workersStarted: number;
}

/** The worker thread's script: plain JavaScript beside this module, in `src/` and in `dist/` alike. */
const WORKER_URL = new URL('./espeak-worker.js', import.meta.url);

interface Pending {
  readonly request: number;
  readonly job: EspeakJob;
  readonly resolve: (synthesis: EspeakSynthesis) => void;
  readonly reject: (error: DunbotError) => void;
}

interface Slot {
  readonly worker: Worker;
  running: Pending | undefined;
  timer: TimerHandle | undefined;
}

/**
 * espeak-ng on a pool of worker threads, so synthesis (0.1–1 s of CPU per prompt) never stops the
 * event loop that paces every call's audio. Workers start on demand up to `size`; each compiles
 * the WASM once and synthesizes one request at a time, and requests queue, oldest first, while
 * all are busy. A worker that crashes, exits or overruns `timeoutMs` fails only its own request
 * and is replaced by the next request that needs one. On Linux the workers run at a lower
 * priority (`niceness`) than the event loop. A busy worker keeps the process alive; an idle one
 * does not, so a server that stops exits without `close()`.
 *
 * @example
 * const pool = new EspeakPool({ size: 2 });
 * const { wav } = await pool.synthesize({ text: 'Hello.', voice: 'en-us', locale: 'en-US' });
 * await pool.close();
 */
export class EspeakPool {
  readonly size: number;
  private readonly packageName: string;
  private readonly timeoutMs: number;
  private readonly maxQueued: number;
  private readonly niceness: number;
  private readonly workerUrl: URL;
  private readonly scheduler: Scheduler;
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextRequest = 1;
  private started = 0;
  private closed = false;

  constructor(options: EspeakPoolOptions = {}) {
    this.size = options.size ?? availableParallelism();
    if (!Number.isInteger(this.size) || this.size < 1) throw new RangeError(`size must be a whole number of at least 1, got ${this.size}`);
    this.packageName = options.packageName ?? ESPEAK_NG_PACKAGE;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_ESPEAK_TIMEOUT_MS;
    if (!(this.timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${this.timeoutMs}`);
    this.maxQueued = options.maxQueued ?? DEFAULT_ESPEAK_MAX_QUEUED;
    if (!Number.isInteger(this.maxQueued) || this.maxQueued < 0) throw new RangeError(`maxQueued must be a whole number of at least 0, got ${this.maxQueued}`);
    this.niceness = options.niceness ?? DEFAULT_ESPEAK_NICENESS;
    if (!Number.isInteger(this.niceness) || this.niceness < 0 || this.niceness > 19) throw new RangeError(`niceness must be a whole number from 0 to 19, got ${this.niceness}`);
    this.workerUrl = options.workerUrl ?? WORKER_URL;
    this.scheduler = options.scheduler ?? systemScheduler;
  }

  /** Synthesizes `job` on the first free worker; rejects with DUN_ERR_TTS_FAILED or DUN_ERR_TTS_UNAVAILABLE. */
  synthesize(job: EspeakJob): Promise<EspeakSynthesis> {
    if (this.closed) return Promise.reject(failed('The espeak-ng synthesizer was closed.', job, { retryable: false }));
    if (this.queue.length >= this.maxQueued) {
      return Promise.reject(failed('Too many syntheses are waiting for an espeak-ng worker.', job, { retryable: true, extra: { maxQueued: this.maxQueued } }));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ request: this.nextRequest++, job, resolve, reject });
      this.dispatch();
    });
  }

  /** Workers running, busy and started so far, and requests waiting. */
  stats(): EspeakPoolStats {
    return { size: this.size, workers: this.slots.length, busy: this.slots.filter((slot) => slot.running !== undefined).length, queued: this.queue.length, workersStarted: this.started };
  }

  /** Stops every worker; requests in flight or waiting fail with DUN_ERR_TTS_FAILED, and so does every later one. */
  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    const pending = [...this.queue.splice(0), ...slots.flatMap((slot) => (slot.running === undefined ? [] : [slot.running]))];
    for (const slot of slots) {
      this.stopTimer(slot);
      slot.running = undefined;
    }
    for (const request of pending) request.reject(failed('The espeak-ng synthesizer was closed.', request.job, { retryable: false }));
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  /** Hands waiting requests to free workers, starting workers up to `size`. */
  private dispatch(): void {
    while (this.queue.length > 0 && !this.closed) {
      const slot = this.slots.find((candidate) => candidate.running === undefined) ?? (this.slots.length < this.size ? this.startWorker() : undefined);
      const next = slot === undefined ? undefined : this.queue.shift();
      if (slot === undefined || next === undefined) return;
      slot.running = next;
      // A busy worker holds the process until it answers: an awaited synthesis must not be cut short.
      slot.worker.ref();
      const timer = this.scheduler.setTimeout(() => this.onGone(slot, `it took longer than ${this.timeoutMs} ms`), this.timeoutMs);
      // The busy worker already holds the process; its timer need not (a real timer only).
      if (typeof timer === 'object' && 'unref' in timer) timer.unref();
      slot.timer = timer;
      const message: EspeakWorkerRequest = { type: 'synthesize', request: next.request, voice: next.job.voice, text: next.job.text };
      slot.worker.postMessage(message);
    }
  }

  private stopTimer(slot: Slot): void {
    if (slot.timer !== undefined) this.scheduler.clearTimeout(slot.timer);
    slot.timer = undefined;
  }

  private startWorker(): Slot {
    const settings: EspeakWorkerSettings = { packageName: this.packageName, niceness: this.niceness };
    const worker = new Worker(this.workerUrl, { workerData: settings });
    const slot: Slot = { worker, running: undefined, timer: undefined };
    worker.on('message', (answer: EspeakWorkerAnswer) => this.onAnswer(slot, answer));
    worker.on('error', (error) => this.onGone(slot, error.message));
    worker.on('exit', (code) => this.onGone(slot, `it exited with code ${code}`));
    // Idle, it must not keep a stopped server alive. After the listeners: listening refs its port again.
    worker.unref();
    this.slots.push(slot);
    this.started += 1;
    return slot;
  }

  private onAnswer(slot: Slot, answer: EspeakWorkerAnswer): void {
    const pending = slot.running;
    if (pending === undefined || pending.request !== answer.request) return;
    this.stopTimer(slot);
    slot.running = undefined;
    slot.worker.unref();
    if (answer.type === 'synthesized') pending.resolve({ wav: answer.wav, threadId: answer.threadId });
    else pending.reject(espeakError(answer.failure, pending.job, this.packageName, answer.detail, answer.stderr));
    this.dispatch();
  }

  /** The worker crashed, exited or overran: its request fails, and it leaves the pool for a new one. */
  private onGone(slot: Slot, reason: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    this.stopTimer(slot);
    const pending = slot.running;
    slot.running = undefined;
    // After an error or a timeout the thread may still run; it must not hold a slot or the process.
    slot.worker.unref();
    void slot.worker.terminate();
    pending?.reject(failed(`The espeak-ng worker thread stopped while synthesizing: ${reason}.`, pending.job, { retryable: true }));
    this.dispatch();
  }
}

function failed(message: string, job: EspeakJob, options: { readonly retryable: boolean; readonly extra?: Readonly<Record<string, unknown>>; readonly cause?: unknown }): DunbotError {
  return new DunbotError('DUN_ERR_TTS_FAILED', message, {
    retryable: options.retryable,
    cause: options.cause,
    details: { provider: ESPEAK_NG_PACKAGE, voice: job.voice, locale: job.locale, ...options.extra },
  });
}

/** The coded error for a failure a worker reported: the package cannot be used (UNAVAILABLE) or a synthesis failed. */
function espeakError(failure: EspeakFailure, job: EspeakJob, packageName: string, detail: string | undefined, stderr: readonly string[]): DunbotError {
  const cause = detail === undefined ? undefined : new Error(detail);
  const unavailable = (message: string): DunbotError =>
    new DunbotError('DUN_ERR_TTS_UNAVAILABLE', message, { cause, details: { package: packageName, provider: ESPEAK_NG_PACKAGE, voice: job.voice, locale: job.locale } });
  switch (failure) {
    case 'package-missing':
      return unavailable(`The offline TTS needs the optional package "${ESPEAK_NG_PACKAGE}" (GPL-3.0+), which is not installed: install it (npm install ${ESPEAK_NG_PACKAGE}) or choose a cloud TTS such as Google.`);
    case 'no-factory':
      return unavailable(`The package "${ESPEAK_NG_PACKAGE}" does not export a module factory; install version 1.x or choose a cloud TTS.`);
    case 'wasm-unloadable':
      return unavailable(`The optional package "${ESPEAK_NG_PACKAGE}" is installed but its WASM could not be loaded: reinstall it or choose a cloud TTS such as Google.`);
    case 'no-webassembly':
      return unavailable('This JavaScript runtime has no WebAssembly, which the offline TTS needs; choose a cloud TTS.');
    case 'no-fs':
      return failed('The espeak-ng module has no usable file system (FS.readFile, FS.writeFile, FS.analyzePath).', job, { retryable: false, cause });
    case 'bad-output':
      return failed('espeak-ng returned a file that is not bytes.', job, { retryable: false, cause });
    case 'aborted':
      return failed('espeak-ng aborted while synthesizing.', job, { retryable: false, cause });
    case 'no-audio':
      return failed('espeak-ng produced no audio (unknown voice?).', job, { retryable: false, cause, extra: { stderr } });
  }
}
