import WebSocket from 'ws';
import { TwilioCallerFrames } from './twilio-caller-frames.js';

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
  private readonly frames: TwilioCallerFrames;
  /** Audio the bot sent, μ-law bytes, in order. */
  readonly heard: Uint8Array[] = [];
  readonly marks: string[] = [];
  clears = 0;
  closeCode: number | undefined;
  private readonly ws: WebSocket;
  private readonly opened: Promise<void>;
  readonly closed: Promise<number>;

  constructor(url: string, headers: Record<string, string> = {}, options: { readonly callSid?: string } = {}) {
    this.frames = new TwilioCallerFrames(options.callSid);
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

  get streamSid(): string {
    return this.frames.streamSid;
  }

  /** The call's CallSid: the one Twilio sent to the TwiML webhook, when the test played that part too. */
  get callSid(): string {
    return this.frames.callSid;
  }

  /** Opens the stream: connected, then start with the given custom parameters. */
  async start(customParameters: Record<string, string>): Promise<void> {
    await this.opened;
    for (const message of this.frames.opening(customParameters)) this.sendJson(message);
  }

  /** Sends 16-bit PCM at 8 kHz as 20 ms μ-law media frames. */
  sendAudio(samples: Int16Array): void {
    for (const message of this.frames.audio(samples)) this.sendJson(message);
  }

  sendDtmf(digit: string): void {
    this.sendJson(this.frames.dtmf(digit));
  }

  /** Sends anything, for malformed-input tests. */
  sendRaw(data: string | Buffer): void {
    this.ws.send(data);
  }

  hangUp(): void {
    this.sendJson(this.frames.stop());
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
      this.sendJson(this.frames.mark(message.mark.name));
    } else if (message.event === 'clear') {
      this.clears += 1;
    }
  }
}
