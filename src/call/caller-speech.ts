import { Resampler } from '../audio/resampler.js';
import { isDunbotError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { AsrHints, AsrProvider, AsrResult, AsrStream } from '../providers/asr/asr.js';
import type { Locale } from '../domain/locale.js';
import { PreRollBuffer } from './pre-roll-buffer.js';
import type { VoiceMetrics } from './voice-metrics.js';

/** One caller utterance being recognized. */
interface Utterance {
  stream: Promise<AsrStream | undefined>;
  /** The recognizer once it is open and holds the pre-roll: later audio is written to it directly. */
  open: AsrStream | undefined;
  /** Its text has been handed over. */
  taken: boolean;
  /** The end of speech was seen; the recognizer is finishing. */
  ending: boolean;
}

/** What CallerSpeech needs from its call. */
export interface CallerSpeechOptions {
  readonly asr: AsrProvider;
  /** The rate caller audio arrives at; it is resampled when the recognizer wants another. */
  readonly inboundRateHz: number;
  /** Audio kept from before speech onset, for the first syllable the VAD confirms late. */
  readonly preRollMs: number;
  readonly logger: Logger;
  readonly metrics: VoiceMetrics;
  /** An utterance's text, once per utterance; empty when nothing usable was heard. */
  readonly onText: (text: string) => void;
  /** The recognizer failed (it could not open, reported an error, or could not finish): the utterance has no text. */
  readonly onFailure: (error: unknown) => void;
}

/**
 * The caller's speech on its way to the recognizer: while nobody speaks, the last few hundred
 * milliseconds wait in the pre-roll; from speech onset one utterance at a time is streamed,
 * pre-roll first, until its final result (or the end of speech, or an error) gives its text.
 */
export class CallerSpeech {
  private readonly options: CallerSpeechOptions;
  private readonly toAsrRate: Resampler | undefined;
  private readonly preRoll: PreRollBuffer;
  private utterance: Utterance | undefined;
  private openedAtMs = 0;

  constructor(options: CallerSpeechOptions) {
    this.options = options;
    const asrRateHz = options.asr.sampleRateHz;
    this.toAsrRate = asrRateHz !== options.inboundRateHz ? new Resampler({ fromHz: options.inboundRateHz, toHz: asrRateHz }) : undefined;
    this.preRoll = new PreRollBuffer(options.preRollMs, asrRateHz);
  }

  /** True from speech onset until the utterance's text has been handed over. */
  get listening(): boolean {
    return this.utterance !== undefined;
  }

  /** When the current utterance was opened, in the call's scheduler time. */
  get listeningSinceMs(): number {
    return this.openedAtMs;
  }

  /** Caller audio at the stream's rate, in a buffer reused for the next frame. */
  hear(samples: Int16Array): void {
    const current = this.utterance;
    // The pre-roll copies what it keeps; a recognizer may keep what it is given, so it gets its own array.
    if (current === undefined) {
      this.preRoll.push(this.toAsrRate !== undefined ? this.toAsrRate.process(samples) : samples);
      return;
    }
    const asrSamples = this.toAsrRate !== undefined ? this.toAsrRate.process(samples) : samples.slice();
    // A recognizer that throws on a write has failed: the utterance ends there, and the call hears of it.
    if (current.open !== undefined) {
      try {
        current.open.write(asrSamples);
      } catch (error) {
        this.fail(current, error, 'speech recognition failed');
      }
      return;
    }
    // Until the recognizer is open, audio waits behind the pre-roll, in order.
    void current.stream.then((stream) => stream?.write(asrSamples)).catch((error: unknown) => this.fail(current, error, 'speech recognition failed'));
  }

  /** Speech began: opens an utterance primed with the pre-roll (unless one is open already). */
  open(request: { readonly locale: Locale; readonly hints: AsrHints }, nowMs: number): void {
    if (this.utterance !== undefined) return;
    const { asr } = this.options;
    const utterance: Utterance = { stream: Promise.resolve(undefined), open: undefined, taken: false, ending: false };
    const preRoll = this.preRoll.take();
    const listener = {
      onResult: (result: AsrResult) => {
        if (result.isFinal) this.take(utterance, result.text);
      },
      onError: (error: Error) => this.fail(utterance, error, 'speech recognition failed'),
    };
    let opening: Promise<AsrStream>;
    try {
      opening = asr.open(request, listener);
    } catch (error) {
      // A recognizer that throws instead of rejecting has failed all the same.
      opening = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    utterance.stream = opening
      .then((stream) => {
        if (utterance.taken) {
          // Settled while it opened (a failure, the call ending): nothing will read it.
          stream.close();
          return undefined;
        }
        for (const chunk of preRoll) stream.write(chunk);
        // Frames that arrived while it opened are queued on `stream` and are written, in order,
        // before any later frame can arrive: they run in this same microtask drain.
        utterance.open = stream;
        return stream;
      })
      .catch((error: unknown) => {
        this.fail(utterance, error, 'speech recognition could not start');
        return undefined;
      });
    this.utterance = utterance;
    this.openedAtMs = nowMs;
  }

  /** Speech ended: the recognizer finishes, and its final result (or nothing) is the text. */
  end(): void {
    const utterance = this.utterance;
    if (utterance === undefined || utterance.ending) return;
    utterance.ending = true;
    void utterance.stream.then(async (stream) => {
      if (stream === undefined) return this.take(utterance, '');
      try {
        await stream.finish();
      } catch (error) {
        this.fail(utterance, error, 'speech recognition could not finish');
        return;
      }
      // A recognizer that gave no final result heard nothing it could use.
      this.take(utterance, '');
    });
  }

  /** The call is over: abandons the utterance, if any, without a text. */
  close(): void {
    const utterance = this.utterance;
    this.utterance = undefined;
    if (utterance === undefined) return;
    utterance.taken = true;
    void utterance.stream.then((stream) => stream?.close());
  }

  private take(utterance: Utterance, text: string): void {
    if (!this.settle(utterance)) return;
    this.options.onText(text);
  }

  private fail(utterance: Utterance, error: unknown, message: string): void {
    if (!this.settle(utterance)) return;
    this.options.metrics.asrError();
    this.options.logger.error(message, { code: isDunbotError(error) ? error.code : 'unknown', error: error instanceof Error ? error.message : String(error) });
    this.options.onFailure(error);
  }

  /** Ends an utterance once: false when it had already been settled. */
  private settle(utterance: Utterance): boolean {
    if (utterance.taken) return false;
    utterance.taken = true;
    if (this.utterance === utterance) this.utterance = undefined;
    // A recognizer that fails while closing has nothing more to give: the failure is already settled.
    void utterance.stream.then((stream) => {
      try {
        stream?.close();
      } catch {
        // closing is best effort
      }
    });
    return true;
  }
}
