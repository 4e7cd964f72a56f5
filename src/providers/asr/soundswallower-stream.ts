import { DunbotError } from '../../errors.js';
import type { AsrListener, AsrStream } from './asr.js';
import { isFillerHypothesis } from './jsgf-grammar.js';
import type { ToWorker } from './soundswallower-worker-protocol.js';

/** What a stream needs from its recognizer: the worker, and the books of decoders and places. */
export interface StreamOwner {
  /** Sends a message to the worker thread. */
  post(message: ToWorker): void;
  /** The stream has ended: its decoder is kept (`reusable`) or was freed by the worker. */
  release(stream: number, decoder: number, reusable: boolean): void;
}

/**
 * One utterance; its audio goes to the worker, its results come back through SoundswallowerAsr. A
 * hypothesis through the grammar's filler loop (speech that fits no phrase) is not passed on as
 * words: no partial, and an empty final result with confidence 0, which the runtime takes as "not
 * understood".
 */
export class SoundswallowerStream implements AsrStream {
  private state: 'open' | 'finishing' | 'done' = 'open';
  private samplesWritten = 0;
  private finished: (() => void) | undefined;

  constructor(
    private readonly id: number,
    private readonly decoder: number,
    private readonly listener: AsrListener,
    private readonly maxUtteranceSamples: number,
    private readonly owner: StreamOwner,
    /** The filler words of the stream's grammar (see `listFillerWords`). */
    private readonly fillers: ReadonlySet<string> = new Set(),
  ) {}

  write(samples: Int16Array): void {
    if (this.state !== 'open' || samples.length === 0) return;
    this.samplesWritten += samples.length;
    if (this.samplesWritten > this.maxUtteranceSamples) {
      this.owner.post({ type: 'close', stream: this.id });
      this.owner.post({ type: 'drop', decoder: this.decoder });
      this.onFailed(new DunbotError('DUN_ERR_ASR_FAILED', 'The utterance is longer than the recognizer accepts', { details: { provider: 'soundswallower', maxUtteranceSamples: this.maxUtteranceSamples } }));
      return;
    }
    // A copy of just these samples, handed over to the worker (a view would send its whole buffer).
    this.owner.post({ type: 'audio', stream: this.id, samples: samples.slice() });
  }

  finish(): Promise<void> {
    if (this.state !== 'open') return Promise.resolve();
    this.state = 'finishing';
    return new Promise((resolve) => {
      this.finished = resolve;
      this.owner.post({ type: 'finish', stream: this.id });
    });
  }

  close(): void {
    if (this.state !== 'open') return;
    this.state = 'done';
    this.owner.post({ type: 'close', stream: this.id });
    this.owner.release(this.id, this.decoder, true);
  }

  /** @internal A partial made before `finish()` was asked for still comes before the final result. */
  onPartial(text: string): void {
    if (this.state !== 'done' && !isFillerHypothesis(text, this.fillers)) this.listener.onResult({ text, isFinal: false, confidence: 0 });
  }

  /** @internal */
  onFinal(text: string, confidence: number): void {
    if (this.state !== 'finishing') return;
    this.state = 'done';
    this.owner.release(this.id, this.decoder, true);
    const rejected = isFillerHypothesis(text, this.fillers);
    this.listener.onResult({ text: rejected ? '' : text, isFinal: true, confidence: rejected ? 0 : confidence });
    this.finished?.();
  }

  /** @internal The decoder is gone (freed by the worker, or with it). */
  onFailed(error: DunbotError): void {
    if (this.state === 'done') return;
    this.state = 'done';
    this.owner.release(this.id, this.decoder, false);
    this.listener.onError(error);
    this.finished?.();
  }
}
