import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { pcmToMulaw } from '../audio/g711.js';

/** A message the simulated phone received from the server. */
export type PhoneInbound =
  | { readonly event: 'media'; readonly payload: Uint8Array }
  | { readonly event: 'mark'; readonly name: string }
  | { readonly event: 'clear' };

/**
 * A simulated phone that speaks Twilio's Media Streams protocol exactly as Twilio does: it sends
 * connected, start (with custom parameters), 20 ms μ-law media frames, dtmf and stop, and plays
 * back what the server sends, echoing each mark once the audio before it has been "played" and
 * every pending mark on clear.
 */
export class TwilioPhone {
  readonly streamSid = `MZ${randomUUID().replace(/-/g, '')}`;
  /** The call's CallSid: the one Twilio sent to the TwiML webhook, when the test played that part too. */
  readonly callSid: string;
  /** Audio the bot sent, μ-law bytes, in order. */
  readonly heard: Uint8Array[] = [];
  readonly marks: string[] = [];
  clears = 0;
  closeCode: number | undefined;
  private readonly ws: WebSocket;
  private sequence = 0;
  private chunk = 0;
  private readonly opened: Promise<void>;
  readonly closed: Promise<number>;

  constructor(url: string, headers: Record<string, string> = {}, options: { readonly callSid?: string } = {}) {
    this.callSid = options.callSid ?? `CA${randomUUID().replace(/-/g, '')}`;
    this.ws = new WebSocket(url, { headers });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
      this.ws.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
    });
    this.closed = new Promise((resolve) => this.ws.once('close', (code) => {
      this.closeCode = code;
      resolve(code);
    }));
    this.ws.on('message', (data: WebSocket.RawData) => this.receive(data.toString()));
  }

  /** Opens the stream: connected, then start with the given custom parameters. */
  async start(customParameters: Record<string, string>): Promise<void> {
    await this.opened;
    this.sendJson({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    this.sendJson({
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
      this.sendJson({
        event: 'media',
        sequenceNumber: String(++this.sequence),
        streamSid: this.streamSid,
        media: { track: 'inbound', chunk: String(this.chunk), timestamp: String(this.chunk * 20), payload: Buffer.from(mulaw.subarray(offset, offset + 160)).toString('base64') },
      });
    }
  }

  sendDtmf(digit: string): void {
    this.sendJson({ event: 'dtmf', sequenceNumber: String(++this.sequence), streamSid: this.streamSid, dtmf: { track: 'inbound_track', digit } });
  }

  /** Sends anything, for malformed-input tests. */
  sendRaw(data: string | Buffer): void {
    this.ws.send(data);
  }

  hangUp(): void {
    this.sendJson({ event: 'stop', sequenceNumber: String(++this.sequence), streamSid: this.streamSid, stop: { accountSid: 'AC00000000000000000000000000000000', callSid: this.callSid } });
    this.ws.close(1000);
  }

  private sendJson(message: unknown): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
  }

  private receive(text: string): void {
    const message = JSON.parse(text) as { event: string; streamSid?: string; media?: { payload: string }; mark?: { name: string } };
    if (message.event === 'media' && message.media !== undefined) {
      this.heard.push(new Uint8Array(Buffer.from(message.media.payload, 'base64')));
    } else if (message.event === 'mark' && message.mark !== undefined) {
      // Audio arrives paced in real time, so by the time its mark arrives it has been played.
      this.marks.push(message.mark.name);
      this.sendJson({ event: 'mark', sequenceNumber: String(++this.sequence), streamSid: this.streamSid, mark: { name: message.mark.name } });
    } else if (message.event === 'clear') {
      this.clears += 1;
    }
  }
}
