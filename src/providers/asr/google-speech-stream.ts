import type { Duplex } from 'node:stream';
import type { SpeechClient, protos } from '@google-cloud/speech';
import { z } from 'zod';
import { pcmToMulaw } from '../../audio/g711.js';
import type { Locale } from '../../domain/locale.js';
import { DunbotError, isDunbotError } from '../../errors.js';
import type { Scheduler, TimerHandle } from '../../time/scheduler.js';
import { describeCredentialsFailure } from '../google-credentials.js';
import type { AsrHints, AsrListener, AsrResult, AsrStream } from './asr.js';

/** The rate of the audio sent to Google, in Hz: telephone μ-law. */
export const GOOGLE_SPEECH_SAMPLE_RATE_HZ = 8000;
/** μ-law carries one byte per sample. */
const BYTES_PER_MS = GOOGLE_SPEECH_SAMPLE_RATE_HZ / 1000;
/** Speech-context limits of the v1 API: phrases per request and characters per phrase. */
const MAX_PHRASES = 500;
const MAX_PHRASE_CHARS = 100;
const LANGUAGE_CODES: Readonly<Record<Locale, string>> = { 'zh-CN': 'cmn-Hans-CN', 'en-US': 'en-US' };
/** gRPC status codes worth another try: UNKNOWN, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, OUT_OF_RANGE, INTERNAL, UNAVAILABLE. */
const RETRYABLE_GRPC_CODES: ReadonlySet<number> = new Set([2, 4, 8, 10, 11, 13, 14]);
const GRPC_INVALID_ARGUMENT = 3;
/** Audio kept per Google stream until its first answer, for a model fallback: 10 s. */
const REPLAY_LIMIT_BYTES = 10_000 * BYTES_PER_MS;

const responseSchema = z.object({
  results: z
    .array(
      z.object({
        alternatives: z.array(z.object({ transcript: z.string().nullish(), confidence: z.number().nullish() })).nullish(),
        isFinal: z.boolean().nullish(),
        stability: z.number().nullish(),
      }),
    )
    .nullish(),
});

/** What GoogleSpeechAsr gives each recognition stream. */
export interface GoogleSpeechStreamSettings {
  readonly locale: Locale;
  readonly hints: AsrHints;
  readonly models: readonly string[];
  readonly firstModelIndex: number;
  readonly maxStreamBytes: number;
  readonly finishTimeoutMs: number;
  /** Runs the finish timeout. */
  readonly scheduler: Scheduler;
  readonly onModelRefused: (nextIndex: number) => void;
}

/** One Google stream: a part of the audio, at most `maxStreamBytes` long. */
interface Segment {
  readonly duplex: Duplex;
  readonly modelIndex: number;
  bytes: number;
  /** Audio kept until Google first answers, to replay into a stream with another model. */
  replay: Uint8Array[] | undefined;
  /** Results held back until every older Google stream has ended, so they arrive in audio order. */
  readonly held: AsrResult[];
  /** Ended (or failed), but kept in order until its held results are delivered. */
  ended: boolean;
  /** Failed once already; gRPC streams may report more than one error. */
  errored: boolean;
  readonly done: Promise<void>;
}

/**
 * One utterance's streaming recognition: audio goes up as μ-law in one or more Google streams
 * (a new one takes over at `maxStreamBytes`, or with the next model when Google refuses one), and
 * results come back in audio order.
 */
export class GoogleSpeechStream implements AsrStream {
  private state: 'open' | 'finishing' | 'done' = 'open';
  private current: Segment | undefined;
  private readonly segments = new Set<Segment>();
  private modelIndex: number;
  /** The last interim result not yet followed by a final one. */
  private pending: AsrResult | undefined;
  private deliveredFinal = false;
  private failed: (() => void) | undefined;

  constructor(
    private readonly client: SpeechClient,
    private readonly listener: AsrListener,
    private readonly settings: GoogleSpeechStreamSettings,
  ) {
    this.modelIndex = settings.firstModelIndex;
  }

  write(samples: Int16Array): void {
    if (this.state !== 'open' || samples.length === 0) return;
    let bytes = pcmToMulaw(samples);
    // The caller writes from its socket loop: a throw here would end the call, so it fails the stream.
    try {
      while (bytes.length > 0 && this.state === 'open') {
        const segment = this.current ?? this.startSegment();
        const part = bytes.subarray(0, this.settings.maxStreamBytes - segment.bytes);
        this.send(segment, part);
        bytes = bytes.subarray(part.length);
        if (segment.bytes >= this.settings.maxStreamBytes) {
          // Full: half-close it (its last results still arrive) and start the next on the next byte.
          this.current = undefined;
          segment.duplex.end();
        }
      }
    } catch (error) {
      this.fail(error);
    }
  }

  async finish(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'finishing';
    this.current?.duplex.end();
    this.current = undefined;
    const { scheduler, finishTimeoutMs } = this.settings;
    let timer: TimerHandle | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = scheduler.setTimeout(() => resolve('timeout'), finishTimeoutMs);
    });
    const failed = new Promise<'failed'>((resolve) => {
      this.failed = () => resolve('failed');
    });
    const outcome = await Promise.race([this.allSegmentsDone(), timedOut, failed]);
    if (timer !== undefined) scheduler.clearTimeout(timer);
    if (outcome === 'failed' || this.isDone()) return;
    if (outcome === 'timeout') {
      this.fail(new DunbotError('DUN_ERR_ASR_FAILED', 'Google Speech sent no last result in time', { retryable: true, details: { provider: 'google-speech', finishTimeoutMs: this.settings.finishTimeoutMs } }));
      return;
    }
    this.state = 'done';
    const pending = this.pending;
    this.pending = undefined;
    if (pending !== undefined) this.deliver({ ...pending, isFinal: true });
    else if (!this.deliveredFinal) this.deliver({ text: '', isFinal: true, confidence: 0 });
  }

  close(): void {
    if (this.state === 'done') return;
    this.state = 'done';
    this.destroySegments();
    this.failed?.();
  }

  /** Read through a method: TypeScript keeps `state` narrowed across an `await` otherwise. */
  private isDone(): boolean {
    return this.state === 'done';
  }

  /** Resolves once every Google stream has ended, including any started meanwhile (model fallback). */
  private async allSegmentsDone(): Promise<void> {
    while (this.segments.size > 0) await Promise.all([...this.segments].map((segment) => segment.done));
  }

  private startSegment(replay?: readonly Uint8Array[]): Segment {
    const duplex = this.client.streamingRecognize(this.streamingConfig());
    let settle: () => void = () => undefined;
    const done = new Promise<void>((resolve) => {
      settle = resolve;
    });
    const segment: Segment = { duplex, modelIndex: this.modelIndex, bytes: 0, replay: [], held: [], ended: false, errored: false, done };
    this.segments.add(segment);
    this.current = segment;
    duplex.on('data', (data: unknown) => this.onData(segment, data));
    duplex.on('error', (error: unknown) => {
      settle();
      this.onSegmentError(segment, error);
    });
    duplex.on('end', settle);
    duplex.on('close', settle);
    void done.then(() => {
      segment.ended = true;
      // Google may end a stream on its own; the next audio then opens a new one.
      if (this.current === segment) this.current = undefined;
      this.drain();
    });
    for (const chunk of replay ?? []) this.send(segment, chunk);
    return segment;
  }

  /** Delivers held results in stream order and forgets the Google streams that have ended. */
  private drain(): void {
    for (const segment of this.segments) {
      if (this.state !== 'done') for (const result of segment.held.splice(0)) this.deliver(result);
      if (!segment.ended) return;
      this.segments.delete(segment);
    }
  }

  private send(segment: Segment, bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    segment.bytes += bytes.length;
    segment.replay?.push(bytes);
    // Google refuses a config at once; audio kept longer than this would not be replayed anyway.
    if (segment.replay !== undefined && segment.bytes > REPLAY_LIMIT_BYTES) segment.replay = undefined;
    segment.duplex.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length));
  }

  private streamingConfig(): protos.google.cloud.speech.v1.IStreamingRecognitionConfig {
    const model = this.settings.models[this.modelIndex] ?? 'default';
    const phrases = [...new Set((this.settings.hints.phrases ?? []).map((phrase) => phrase.trim()).filter((phrase) => phrase !== '' && phrase.length <= MAX_PHRASE_CHARS))].slice(0, MAX_PHRASES);
    return {
      config: {
        encoding: 'MULAW',
        sampleRateHertz: GOOGLE_SPEECH_SAMPLE_RATE_HZ,
        languageCode: LANGUAGE_CODES[this.settings.locale],
        model,
        // phone_call is only the better model in its enhanced form; telephony needs no flag.
        ...(model === 'phone_call' ? { useEnhanced: true } : {}),
        ...(phrases.length > 0 ? { speechContexts: [{ phrases }] } : {}),
      },
      interimResults: true,
    };
  }

  private onData(segment: Segment, data: unknown): void {
    if (this.state === 'done') return;
    segment.replay = undefined;
    const parsed = responseSchema.safeParse(data);
    if (!parsed.success) return;
    let interimText = '';
    let interimStability = 1;
    let hasInterim = false;
    for (const result of parsed.data.results ?? []) {
      const best = result.alternatives?.[0];
      const text = (best?.transcript ?? '').trim();
      if (result.isFinal === true) {
        if (text !== '') this.deliverFrom(segment, { text, isFinal: true, confidence: clamp(best?.confidence ?? 0) });
      } else if (text !== '') {
        // Interim results are consecutive pieces of one guess (Google joins them without separator).
        interimText += best?.transcript ?? '';
        interimStability = Math.min(interimStability, clamp(result.stability ?? 0));
        hasInterim = true;
      }
    }
    if (hasInterim) this.deliverFrom(segment, { text: interimText.trim(), isFinal: false, confidence: interimStability });
  }

  private deliverFrom(segment: Segment, result: AsrResult): void {
    if (this.segments.values().next().value === segment) {
      this.deliver(result);
      return;
    }
    // A newer Google stream: hold its results back; a newer interim replaces an older one.
    if (!result.isFinal && segment.held.at(-1)?.isFinal === false) segment.held.pop();
    segment.held.push(result);
  }

  private onSegmentError(segment: Segment, error: unknown): void {
    if (this.state === 'done' || segment.errored) return;
    segment.errored = true;
    const code = grpcCodeOf(error);
    const nextModel = segment.modelIndex + 1;
    const refusedModel = code === GRPC_INVALID_ARGUMENT && /model .*not supported/i.test(errorMessageOf(error));
    const replayable = refusedModel && segment.replay !== undefined && nextModel < this.settings.models.length;
    if (replayable && (segment === this.current || this.state === 'finishing')) {
      const finishing = segment !== this.current;
      segment.ended = true;
      this.drain();
      this.modelIndex = nextModel;
      this.settings.onModelRefused(nextModel);
      // Runs in the stream's 'error' handler: a throw here would be uncaught, so it fails the stream.
      try {
        const replacement = this.startSegment(segment.replay);
        if (finishing) {
          // Refused after finish() half-closed it: replay into the next model and half-close that too.
          this.current = undefined;
          replacement.duplex.end();
        }
      } catch (restartError) {
        this.fail(restartError);
      }
      return;
    }
    this.fail(error);
  }

  private deliver(result: AsrResult): void {
    if (result.isFinal) this.deliveredFinal = true;
    this.pending = result.isFinal ? undefined : result;
    this.listener.onResult(result);
  }

  /** Ends the stream and reports `error` once, as DUN_ERR_ASR_FAILED telling a credentials failure apart. */
  private fail(error: unknown): void {
    if (this.state === 'done') return;
    this.state = 'done';
    this.destroySegments();
    this.failed?.();
    if (isDunbotError(error)) return this.listener.onError(error);
    const code = grpcCodeOf(error);
    const credentials = describeCredentialsFailure(error);
    const why = credentials === undefined ? '' : ': the credentials gave no access token or were refused';
    this.listener.onError(new DunbotError('DUN_ERR_ASR_FAILED', `Google Speech streaming recognition failed${why}`, {
      retryable: credentials?.retryable ?? (code !== undefined && RETRYABLE_GRPC_CODES.has(code)),
      cause: error,
      details: { provider: 'google-speech', grpcCode: code, ...(credentials === undefined ? {} : { reason: 'credentials', httpStatus: credentials.httpStatus }) },
    }));
  }

  private destroySegments(): void {
    for (const segment of this.segments) segment.duplex.destroy();
    this.segments.clear();
    this.current = undefined;
  }
}

/** The call's gRPC status code (0–16); a token failure may carry the token endpoint's HTTP status instead. */
function grpcCodeOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'number' && error.code >= 0 && error.code <= 16 ? error.code : undefined;
}

function errorMessageOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const details = 'details' in error && typeof error.details === 'string' ? error.details : '';
  return `${error instanceof Error ? error.message : ''} ${details}`;
}

function clamp(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
