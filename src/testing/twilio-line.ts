import type { VoiceCallParts } from '../call/call-parts.js';
import { MediaChannel, type MediaTransport } from '../call/media-channel.js';
import { VoiceCall } from '../call/voice-call.js';
import { NO_VOICE_METRICS, type VoiceMetrics } from '../call/voice-metrics.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { TELEPHONY_ADAPTERS } from '../telephony/telephony-adapters.js';
import type { OutboundFrame } from '../telephony/media-event.js';
import type { Scheduler } from '../time/scheduler.js';
import { TwilioCallerFrames } from './twilio-caller-frames.js';

/** Where a line delivers the frames Twilio would send: a media channel's `receive`. */
export type FrameSink = (data: string, isBinary: boolean) => void;

/**
 * Twilio's side of a Media Stream without a socket: it sends the frames Twilio sends (connected,
 * start, 20 ms μ-law media, dtmf, stop) straight into a media channel and takes the channel's
 * outbound frames as the transport, playing the bot's audio out on the call's scheduler and
 * echoing each mark when the audio before it has been played (every pending mark at once on a
 * clear, as Twilio does). On a simulated scheduler a whole call runs faster than real time
 * through the real serializer and stages.
 */
export class TwilioLine implements MediaTransport {
  private readonly frames: TwilioCallerFrames;
  /** Marks echoed, in order. */
  readonly marks: string[] = [];
  clears = 0;
  /** Milliseconds of bot audio received. */
  heardMs = 0;
  closeCode: number | undefined;
  private readonly scheduler: Scheduler;
  private sink: FrameSink | undefined;
  /** When the audio received so far will have finished playing. */
  private playedUntilMs = 0;
  /** Marks received and not yet echoed, with their timers. */
  private readonly pending = new Map<string, ReturnType<Scheduler['setTimeout']>>();
  private readonly onAudio: ((payload: Uint8Array, atMs: number) => void) | undefined;

  /** @param options.onAudio Called with every payload of the bot's audio (μ-law) as it arrives, with the scheduler's time. */
  constructor(scheduler: Scheduler, options: { readonly callSid?: string; readonly onAudio?: (payload: Uint8Array, atMs: number) => void } = {}) {
    this.scheduler = scheduler;
    this.frames = new TwilioCallerFrames(options.callSid);
    this.onAudio = options.onAudio;
  }

  get streamSid(): string {
    return this.frames.streamSid;
  }

  get callSid(): string {
    return this.frames.callSid;
  }

  /** Connects the line to the channel that takes its frames. */
  connect(sink: FrameSink): void {
    this.sink = sink;
  }

  /** True while the bot's audio is playing or a mark is still to be echoed. */
  get botSpeaking(): boolean {
    return this.pending.size > 0 || this.scheduler.nowMs() < this.playedUntilMs;
  }

  /** Opens the stream: connected, then start with the given custom parameters. */
  start(customParameters: Record<string, string>): void {
    for (const message of this.frames.opening(customParameters)) this.deliver(message);
  }

  /** Sends 16-bit PCM at 8 kHz as 20 ms μ-law media frames. */
  sendAudio(samples: Int16Array): void {
    for (const message of this.frames.audio(samples)) this.deliver(message);
  }

  /** Sends one 20 ms frame of μ-law audio as it is (160 bytes), as recorded from a call. */
  sendMulawFrame(payload: Uint8Array): void {
    this.deliver(this.frames.mulawFrame(payload));
  }

  sendDtmf(digit: string): void {
    this.deliver(this.frames.dtmf(digit));
  }

  /** The caller hangs up: Twilio sends stop. */
  hangUp(): void {
    this.deliver(this.frames.stop());
    this.closeCode ??= 1000;
  }

  send(frames: readonly OutboundFrame[]): void {
    for (const frame of frames) this.receive(String(frame.data));
  }

  close(code: number): void {
    this.closeCode ??= code;
    for (const timer of this.pending.values()) this.scheduler.clearTimeout(timer);
    this.pending.clear();
  }

  private receive(text: string): void {
    const message = JSON.parse(text) as { event: string; media?: { payload: string }; mark?: { name: string } };
    const nowMs = this.scheduler.nowMs();
    if (message.event === 'media' && message.media !== undefined) {
      const payload = Buffer.from(message.media.payload, 'base64');
      this.onAudio?.(payload, nowMs);
      const ms = payload.length / 8;
      this.heardMs += ms;
      this.playedUntilMs = Math.max(this.playedUntilMs, nowMs) + ms;
    } else if (message.event === 'mark' && message.mark !== undefined) {
      const name = message.mark.name;
      this.pending.set(name, this.scheduler.setTimeout(() => this.echo(name), Math.max(0, this.playedUntilMs - nowMs)));
    } else if (message.event === 'clear') {
      this.clears += 1;
      this.playedUntilMs = nowMs;
      // Echoed right away, but not inside the send that carried the clear: as over a socket.
      for (const [name, timer] of [...this.pending]) {
        this.scheduler.clearTimeout(timer);
        this.pending.set(name, this.scheduler.setTimeout(() => this.echo(name), 0));
      }
    }
  }

  private echo(name: string): void {
    if (!this.pending.delete(name) || this.closeCode !== undefined) return;
    this.marks.push(name);
    this.deliver(this.frames.mark(name));
  }

  private deliver(message: unknown): void {
    if (this.closeCode !== undefined) return;
    this.sink?.(JSON.stringify(message), false);
  }
}

/** What `connectTwilioLine` needs: the call's parts and clock, and who the stream's token is for. */
export interface TwilioLineCallOptions {
  readonly parts: VoiceCallParts;
  readonly scheduler: Scheduler;
  /** The debtor the stream is authorized for (as a verified token would say). */
  readonly debtorId: string;
  /** The flow and locale the stream's token names, if it names them (the debtor's otherwise). */
  readonly flow?: string;
  readonly locale?: string;
  readonly callSid?: string;
  readonly logger?: Logger;
  /** Every payload of the bot's audio as it arrives (see TwilioLine). */
  readonly onAudio?: (payload: Uint8Array, atMs: number) => void;
  /** What the call reports for monitoring, as the server's Prometheus metrics would get it; nowhere by default. */
  readonly metrics?: VoiceMetrics;
}

/**
 * A voice call on a Twilio line without a socket, assembled as the media server assembles one
 * (the real Twilio serializer, media channel and stages), its stream already authorized. Call
 * `line.start({})` to begin.
 */
export function connectTwilioLine(options: TwilioLineCallOptions): { readonly line: TwilioLine; readonly call: VoiceCall } {
  const { scheduler, parts } = options;
  const logger = options.logger ?? silentLogger;
  const line = new TwilioLine(scheduler, { ...(options.callSid !== undefined ? { callSid: options.callSid } : {}), ...(options.onAudio !== undefined ? { onAudio: options.onAudio } : {}) });
  const metrics = options.metrics ?? NO_VOICE_METRICS;
  const channel = new MediaChannel({ serializer: TELEPHONY_ADAPTERS.twilio.createSerializer(), transport: line, scheduler, logger, metrics });
  const call = new VoiceCall({
    channel,
    parts,
    scheduler,
    logger,
    metrics,
    authorize: async () => ({ debtorId: options.debtorId, provider: 'twilio', nonce: 'in-memory', expiresAtMs: scheduler.nowMs() + 60_000, ...(options.flow !== undefined ? { flow: options.flow } : {}), ...(options.locale !== undefined ? { locale: options.locale } : {}) }),
  });
  line.connect((data, isBinary) => channel.receive(data, isBinary));
  return { line, call };
}
