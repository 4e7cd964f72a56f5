import { randomUUID } from 'node:crypto';
import { pcmToMulaw } from '../audio/g711.js';

const ACCOUNT_SID = 'AC00000000000000000000000000000000';

/**
 * The messages Twilio sends on one Media Stream, numbered as Twilio numbers them: connected,
 * start (with custom parameters), 20 ms μ-law media, dtmf, mark echoes and stop. Shared by the
 * simulated phone (over a socket) and the in-memory line, so both speak exactly the same protocol.
 */
export class TwilioCallerFrames {
  readonly streamSid = `MZ${randomUUID().replace(/-/g, '')}`;
  readonly callSid: string;
  private sequence = 0;
  private chunk = 0;

  constructor(callSid?: string) {
    this.callSid = callSid ?? `CA${randomUUID().replace(/-/g, '')}`;
  }

  /** `connected`, then `start` with the given custom parameters. */
  opening(customParameters: Record<string, string>): unknown[] {
    return [
      { event: 'connected', protocol: 'Call', version: '1.0.0' },
      {
        event: 'start',
        sequenceNumber: String(++this.sequence),
        streamSid: this.streamSid,
        start: { accountSid: ACCOUNT_SID, streamSid: this.streamSid, callSid: this.callSid, tracks: ['inbound'], customParameters, mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 } },
      },
    ];
  }

  /** 16-bit PCM at 8 kHz as 20 ms μ-law `media` messages. */
  audio(samples: Int16Array): unknown[] {
    const mulaw = pcmToMulaw(samples);
    const messages: unknown[] = [];
    for (let offset = 0; offset < mulaw.length; offset += 160) messages.push(this.mulawFrame(mulaw.subarray(offset, offset + 160)));
    return messages;
  }

  /** One `media` message carrying `payload`, μ-law bytes as they are. */
  mulawFrame(payload: Uint8Array): unknown {
    this.chunk += 1;
    return {
      event: 'media',
      sequenceNumber: String(++this.sequence),
      streamSid: this.streamSid,
      media: { track: 'inbound', chunk: String(this.chunk), timestamp: String(this.chunk * 20), payload: Buffer.from(payload).toString('base64') },
    };
  }

  dtmf(digit: string): unknown {
    return { event: 'dtmf', sequenceNumber: String(++this.sequence), streamSid: this.streamSid, dtmf: { track: 'inbound_track', digit } };
  }

  /** The echo of a mark whose audio has been played. */
  mark(name: string): unknown {
    return { event: 'mark', sequenceNumber: String(++this.sequence), streamSid: this.streamSid, mark: { name } };
  }

  stop(): unknown {
    return { event: 'stop', sequenceNumber: String(++this.sequence), streamSid: this.streamSid, stop: { accountSid: ACCOUNT_SID, callSid: this.callSid } };
  }
}
