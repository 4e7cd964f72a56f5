import { Resampler } from '../audio/resampler.js';
import { isDunbotError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { AsrHints, AsrProvider, AsrStream } from '../providers/asr/asr.js';
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
    if (current.open !== undefined) current.open.write(asrSamples);
    // Until the recognizer is open, audio waits behind the pre-roll, in order.
    else void current.stream.then((stream) => stream?.write(asrSamples));
  }

  /** Speech began: opens an utterance primed with the pre-roll (unless one is open already). */
  open(request: { readonly locale: Locale; readonly hints: AsrHints }, nowMs: number): void {
    if (this.utterance !== undefined) return;
    const { asr, metrics, logger } = this.options;
    const utterance: Utterance = { stream: Promise.resolve(undefined), open: undefined, taken: false, ending: false };
    const preRoll = this.preRoll.take();
    utterance.stream = asr
      .open(request, {
        onResult: (result) => {
          if (result.isFinal) this.take(utterance, result.text);
        },
        onError: (error) => {
          metrics.asrError();
          logger.error('speech recognition failed', { error: error.message });
          this.take(utterance, '');
        },
      })
      .then((stream) => {
        for (const chunk of preRoll) stream.write(chunk);
        // Frames that arrived while it opened are queued on `stream` and are written, in order,
        // before any later frame can arrive: they run in this same microtask drain.
        utterance.open = stream;
        return stream;
      })
      .catch((error: unknown) => {
        metrics.asrError();
        logger.error('speech recognition could not start', { code: isDunbotError(error) ? error.code : 'unknown' });
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
      await stream.finish();
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
    if (utterance.taken) return;
    utterance.taken = true;
    if (this.utterance === utterance) this.utterance = undefined;
    void utterance.stream.then((stream) => stream?.close());
    this.options.onText(text);
  }
}
