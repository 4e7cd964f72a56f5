import { randomUUID } from 'node:crypto';
import { pcmToMulaw } from '../audio/g711.js';
import type { MediaTransport } from '../call/media-channel.js';
import type { OutboundFrame } from '../telephony/media-event.js';
import type { Scheduler } from '../time/scheduler.js';

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
  readonly streamSid = `MZ${randomUUID().replace(/-/g, '')}`;
  readonly callSid: string;
  /** Marks echoed, in order. */
  readonly marks: string[] = [];
  clears = 0;
  /** Milliseconds of bot audio received. */
  heardMs = 0;
  closeCode: number | undefined;
  private readonly scheduler: Scheduler;
  private sink: FrameSink | undefined;
  private sequence = 0;
  private chunk = 0;
  /** When the audio received so far will have finished playing. */
  private playedUntilMs = 0;
  /** Marks received and not yet echoed, with their timers. */
  private readonly pending = new Map<string, ReturnType<Scheduler['setTimeout']>>();

  constructor(scheduler: Scheduler, options: { readonly callSid?: string } = {}) {
    this.scheduler = scheduler;
    this.callSid = options.callSid ?? `CA${randomUUID().replace(/-/g, '')}`;
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
    this.deliver({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    this.deliver({
      event: 'start',
      sequenceNumber: String(++this.sequence),
      streamSid: this.streamSid,
      start: {
        accountSid: 'AC00000000000000000000000000000000',
        streamSid: this.streamSid,
        callSid: this.callSid,
        tracks: ['inbound'],
        customParameters,
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      },
    });
  }

  /** Sends 16-bit PCM at 8 kHz as 20 ms μ-law media frames. */
  sendAudio(samples: Int16Array): void {
    const mulaw = pcmToMulaw(samples);
    for (let offset = 0; offset < mulaw.length; offset += 160) {
      this.chunk += 1;
      this.deliver({
        event: 'media',
        sequenceNumber: String(++this.sequence),
        streamSid: this.streamSid,
        media: { track: 'inbound', chunk: String(this.chunk), timestamp: String(this.chunk * 20), payload: Buffer.from(mulaw.subarray(offset, offset + 160)).toString('base64') },
      });
    }
  }

  sendDtmf(digit: string): void {
    this.deliver({ event: 'dtmf', sequenceNumber: String(++this.sequence), streamSid: this.streamSid, dtmf: { track: 'inbound_track', digit } });
  }

  /** The caller hangs up: Twilio sends stop. */
  hangUp(): void {
    this.deliver({ event: 'stop', sequenceNumber: String(++this.sequence), streamSid: this.streamSid, stop: { accountSid: 'AC00000000000000000000000000000000', callSid: this.callSid } });
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
      const ms = Buffer.from(message.media.payload, 'base64').length / 8;
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
    this.deliver({ event: 'mark', sequenceNumber: String(++this.sequence), streamSid: this.streamSid, mark: { name } });
  }

  private deliver(message: unknown): void {
    if (this.closeCode !== undefined) return;
    this.sink?.(JSON.stringify(message), false);
  }
}
