import { Buffer } from 'node:buffer';
import { decodeBase64 } from './frame-parsing.js';
import type { MediaEvent } from './media-event.js';

/*
 * Twilio sends an inbound media frame 50 times a second on every call, always laid out the same way
 * (spec §1):
 *
 *   {"event":"media","sequenceNumber":"4","streamSid":"MZ…","media":{"track":"inbound","chunk":"2","timestamp":"5","payload":"…"}}
 *
 * Turning those bytes into a string, parsing it as JSON and checking the object costs more than
 * everything else done with the frame. The scanner reads that exact layout straight from the bytes
 * and gives up, returning undefined, at the first byte that differs from it: another event, another
 * key order, whitespace, an escape, a foreign stream id, a bad digit or base64 character. The
 * caller then takes the general JSON path, which accepts or rejects the frame with the usual error.
 * So the scanner accepts only frames that the general path accepts, and yields the same event.
 *
 * The payload goes through the same base64 check as on the general path, read from the bytes as
 * Latin-1: any byte that could not stand in a JSON string unescaped (a quote, a backslash, a
 * control or non-ASCII byte) is outside the base64 alphabet, so the check rejects it too.
 */

/** Longest decimal string a Twilio counter may be (the general path's `\d{1,15}`). */
const MAX_DIGITS = 15;

const ascii = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));

const EVENT_PREFIX = ascii('{"event":"media","sequenceNumber":"');
const CHUNK_KEY = ascii('","chunk":"');
const TIMESTAMP_KEY = ascii('","timestamp":"');
const PAYLOAD_KEY = ascii('","payload":"');
const QUOTE = 0x22;
const CLOSE = 0x7d; // '}'

/** True when `bytes` holds `literal` at `at`. */
function matches(bytes: Uint8Array, at: number, literal: Uint8Array): boolean {
  if (at + literal.length > bytes.length) return false;
  for (let i = 0; i < literal.length; i += 1) if (bytes[at + i] !== literal[i]) return false;
  return true;
}

/**
 * Reads the Twilio media frames of one stream from their bytes. Built at `start`, when the stream
 * id is known: the id is part of the layout matched.
 */
export class TwilioMediaScanner {
  /** `","streamSid":"<id>","media":{"track":"inbound` */
  private readonly middle: Uint8Array;
  /** The decimal value read by the last `digits()` call, and where it ended. */
  private value = 0;
  private end = 0;

  /** undefined when the stream id would need escaping in JSON: such a stream always takes the general path. */
  static forStream(streamSid: string): TwilioMediaScanner | undefined {
    const plain = /^[\x20-\x7e]*$/.test(streamSid) && JSON.stringify(streamSid) === `"${streamSid}"`;
    return plain ? new TwilioMediaScanner(streamSid) : undefined;
  }

  private constructor(streamSid: string) {
    this.middle = ascii(`","streamSid":"${streamSid}","media":{"track":"inbound`);
  }

  /** The audio event of an inbound media frame in Twilio's own layout, or undefined (take the general path). */
  scan(bytes: Uint8Array): Extract<MediaEvent, { type: 'media.audio' }> | undefined {
    if (!matches(bytes, 0, EVENT_PREFIX)) return undefined;
    if (!this.digits(bytes, EVENT_PREFIX.length)) return undefined;
    let at = this.end;
    if (!matches(bytes, at, this.middle)) return undefined;
    at += this.middle.length;
    if (!matches(bytes, at, CHUNK_KEY) || !this.digits(bytes, at + CHUNK_KEY.length)) return undefined;
    const sequence = this.value;
    at = this.end;
    if (!matches(bytes, at, TIMESTAMP_KEY) || !this.digits(bytes, at + TIMESTAMP_KEY.length)) return undefined;
    const timestampMs = this.value;
    at = this.end;
    if (!matches(bytes, at, PAYLOAD_KEY)) return undefined;
    const payloadStart = at + PAYLOAD_KEY.length;
    // The frame ends `"}}`: the payload is everything up to there, and must be base64 throughout.
    const payloadEnd = bytes.length - 3;
    if (payloadEnd < payloadStart || bytes[payloadEnd] !== QUOTE || bytes[payloadEnd + 1] !== CLOSE || bytes[payloadEnd + 2] !== CLOSE) return undefined;
    const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const payload = decodeBase64(buffer.toString('latin1', payloadStart, payloadEnd));
    if (!payload.ok) return undefined;
    return { type: 'media.audio', payload: payload.value, timestampMs, sequence };
  }

  /** Reads 1–15 decimal digits closed by a quote at `at` into `value`/`end`; false when there are none. */
  private digits(bytes: Uint8Array, at: number): boolean {
    let value = 0;
    let i = at;
    for (; i < bytes.length && i - at <= MAX_DIGITS; i += 1) {
      const digit = (bytes[i] ?? 0) - 0x30;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
    }
    const count = i - at;
    if (count === 0 || count > MAX_DIGITS || bytes[i] !== QUOTE) return false;
    this.value = value;
    this.end = i;
    return true;
  }
}
