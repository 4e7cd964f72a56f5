import type { AudioFormat } from '../audio/audio-format.js';
import { joinFrames } from '../audio/frame-pacer.js';
import type { Logger } from '../log/logger.js';
import type { FrameError, MediaEvent, OutboundFrame } from '../telephony/media-event.js';
import type { MediaSerializer } from '../telephony/serializer.js';
import type { Scheduler, TimerHandle } from '../time/scheduler.js';
import type { VoiceMetrics } from './voice-metrics.js';

/**
 * How long after an utterance's mark was sent its echo may take: the provider holds at most one
 * burst (200 ms) of audio ahead of the caller, so an echo this late will not come.
 */
export const DEFAULT_MARK_ECHO_TIMEOUT_MS = 5000;

/** The socket under a channel: the server's, or an in-memory peer in tests and replays. */
export interface MediaTransport {
  send(frames: readonly OutboundFrame[]): void;
  close(code: number, reason: string): void;
}

/** What the channel tells its call. */
export interface MediaChannelListener {
  /** Every event the provider's frames carried, in order (marks as echoed, or as timed out). */
  onEvent(event: MediaEvent): void;
  /** A frame the serializer could not accept and that breaks the protocol: the stream cannot go on. */
  onFatalFrame(error: FrameError): void;
  /** A mark sent `markEchoTimeoutMs` ago was never echoed; it is reported as reached right after. */
  onMarkTimeout(name: string): void;
}

/** The outbound side of a channel, as playback sees it. */
export interface AudioOutlet {
  /** The format outbound audio must be in. */
  readonly outboundFormat: AudioFormat;
  /** Sends frames `start` to `start + count − 1` of one utterance. */
  sendAudio(frames: readonly Uint8Array[], start: number, count: number): void;
  /** Asks the provider to echo `name` when playback reaches this point. */
  mark(name: string): void;
  /** Stops playback at the provider and drops what it buffered. */
  clear(): void;
}

export interface MediaChannelOptions {
  readonly serializer: MediaSerializer;
  readonly transport: MediaTransport;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  readonly metrics: VoiceMetrics;
  readonly markEchoTimeoutMs?: number;
}

/**
 * One connection's media, both ways: the only code that touches the provider's serializer. It
 * parses inbound frames into MediaEvents, writes outbound audio, marks and clears, keeps the marks
 * sent and not yet echoed (a mark that never comes back is reported as reached, so a provider that
 * drops one cannot leave the call waiting), and ends the call with the provider.
 */
export class MediaChannel implements AudioOutlet {
  private readonly options: MediaChannelOptions;
  private listener: MediaChannelListener | undefined;
  /** Echo timers of marks sent and not yet echoed, by name. */
  private readonly echoTimers = new Map<string, TimerHandle>();
  private closed = false;

  constructor(options: MediaChannelOptions) {
    this.options = options;
  }

  /** Where inbound events go; set once by the call the channel carries. */
  attach(listener: MediaChannelListener): void {
    this.listener = listener;
  }

  get provider(): string {
    return this.options.serializer.provider;
  }

  /** True when the provider reports key presses itself (see MediaSerializer.reportsKeys). */
  get reportsKeys(): boolean {
    return this.options.serializer.reportsKeys;
  }

  get outboundFormat(): AudioFormat {
    return this.options.serializer.outboundFormat();
  }

  /** One inbound WebSocket message. A bad frame costs that frame only, unless it breaks the protocol. */
  receive(data: Uint8Array | string, isBinary: boolean): void {
    const { metrics, logger, serializer } = this.options;
    metrics.frameIn();
    const result = serializer.parse(data, isBinary);
    if (!result.ok) {
      metrics.badFrame(result.error.code);
      logger.warn('bad media frame', { code: result.error.code, fatal: result.error.fatal });
      if (result.error.fatal) this.listener?.onFatalFrame(result.error);
      return;
    }
    for (const event of result.events) {
      if (event.type === 'media.mark') this.cancelEcho(event.name);
      this.listener?.onEvent(event);
    }
  }

  sendAudio(frames: readonly Uint8Array[], start: number, count: number): void {
    const { serializer } = this.options;
    if (serializer.joinsAudioFrames) {
      this.send(serializer.audio(joinFrames(frames, start, count)));
      return;
    }
    for (let i = start; i < start + count; i += 1) {
      const frame = frames[i];
      if (frame !== undefined) this.send(serializer.audio(frame));
    }
  }

  mark(name: string): void {
    this.send(this.options.serializer.mark(name));
    this.awaitEcho(name);
  }

  clear(): void {
    this.send(this.options.serializer.clear());
    // Cleared marks are echoed as cleared, or not at all: either way nobody waits for them.
    this.cancelEchoes();
  }

  /** Ends the call with the provider (closing its stream) and stops every timer; safe to repeat. */
  hangUp(code: number, reason: string): void {
    this.cancelEchoes();
    if (this.closed) return;
    this.closed = true;
    this.options.transport.close(code, reason);
  }

  private send(frames: readonly OutboundFrame[]): void {
    if (this.closed) return;
    this.options.metrics.framesOut(frames.length);
    this.options.transport.send(frames);
  }

  private awaitEcho(name: string): void {
    const { scheduler } = this.options;
    this.echoTimers.set(
      name,
      scheduler.setTimeout(() => {
        this.echoTimers.delete(name);
        this.options.logger.warn('mark never echoed: utterance taken as heard');
        this.listener?.onMarkTimeout(name);
        this.listener?.onEvent({ type: 'media.mark', name, cleared: false });
      }, this.options.markEchoTimeoutMs ?? DEFAULT_MARK_ECHO_TIMEOUT_MS),
    );
  }

  private cancelEcho(name: string): void {
    const timer = this.echoTimers.get(name);
    if (timer === undefined) return;
    this.options.scheduler.clearTimeout(timer);
    this.echoTimers.delete(name);
  }

  private cancelEchoes(): void {
    for (const timer of this.echoTimers.values()) this.options.scheduler.clearTimeout(timer);
    this.echoTimers.clear();
  }
}
