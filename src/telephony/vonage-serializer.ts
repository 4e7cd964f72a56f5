import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AudioFormat } from '../audio/audio-format.js';
import { DunbotError } from '../errors.js';
import {
  beforeStart,
  binaryFrame,
  checkFrameSize,
  copyBytes,
  countSchema,
  dtmfDigitSchema,
  duplicateStart,
  eventName,
  fail,
  parseJsonFrame,
  parseSchema,
  pickStrings,
  resolveMaxFrameBytes,
  succeed,
  textFrame,
  unknownEvent,
  type SerializerOptions,
} from './frame-parsing.js';
import type { MediaEvent, OutboundFrame, ParseResult } from './media-event.js';
import { PendingMarks } from './pending-marks.js';
import type { MediaSerializer } from './serializer.js';

/*
 * Vonage Voice API WebSocket (spec §4). The first frame is text, `websocket:connected`, with the
 * NCCO `headers` flattened at its top level; it yields `media.connected` then `media.start`.
 * Vonage sends no stream id, so one is generated, and no call id: the call's uuid reaches the
 * stream only if the NCCO puts it in `headers`, and then as a custom parameter like any other
 * header, so `callId` is left undefined. Every later binary frame is exactly 20 ms of L16
 * little-endian: 320 B at 8 kHz, 640 B at 16 kHz. Control events are JSON text.
 *
 * Fatal: a second `websocket:connected`, a malformed one, a content-type other than
 * audio/l16;rate=8000|16000. A binary frame of another size is BAD_FRAME (not fatal). A binary frame
 * before `websocket:connected` is UNEXPECTED_BINARY (the opening frame must be text); DTMF or notify
 * before it is BEFORE_START; a string handed in as a binary frame is UNEXPECTED_TEXT (audio must
 * be bytes). None of these is fatal.
 *
 * Outbound audio goes out in frames of exactly 20 ms: the bytes past the last whole frame wait in
 * a remainder buffer for the next `audio()` call. `mark()` first flushes that remainder padded with
 * silence, so the notify really follows all the audio sent before it; `clear()` drops the remainder.
 * `websocket:cleared` yields `media.cleared` plus `media.mark cleared:true` for every notify still
 * pending; a later `websocket:notify` for one of those is swallowed (already reported).
 */

/** Options for {@link createVonageSerializer}. */
export interface VonageSerializerOptions extends SerializerOptions {
  /** Makes the `streamId` of `media.start` (Vonage sends none); defaults to crypto.randomUUID. */
  readonly createStreamId?: () => string;
}

/** Milliseconds of audio in one Vonage binary frame, both directions. */
export const VONAGE_FRAME_MS = 20;

/** The format assumed by `outboundFormat()` before `websocket:connected` names the real one. */
const DEFAULT_FORMAT: AudioFormat = { encoding: 'l16', sampleRateHz: 16000, byteOrder: 'le' };

const CONTENT_TYPE = /^audio\/l16;\s*rate=(\d+)$/i;

const connectedFrameSchema = z.looseObject({ 'content-type': z.string() });
const dtmfFrameSchema = z.object({ digit: dtmfDigitSchema, duration: countSchema.optional() });
const notifyFrameSchema = z.object({ payload: z.object({ name: z.string() }) });

type StreamEvent = 'websocket:dtmf' | 'websocket:notify' | 'websocket:cleared';

class VonageSerializer implements MediaSerializer {
  readonly provider = 'vonage';
  /** One `websocket:dtmf` text frame per key (spec §4). */
  readonly reportsKeys = true;
  /** Every binary message must be exactly one 20 ms frame (spec §4). */
  readonly joinsAudioFrames = false;
  readonly #maxFrameBytes: number;
  readonly #createStreamId: () => string;
  readonly #marks = new PendingMarks();
  #format: AudioFormat | undefined;
  #remainder: Uint8Array = new Uint8Array(0);

  constructor(options: VonageSerializerOptions | undefined) {
    this.#maxFrameBytes = resolveMaxFrameBytes(options);
    this.#createStreamId = options?.createStreamId ?? randomUUID;
  }

  parse(data: Uint8Array | string, isBinary: boolean): ParseResult {
    const oversized = checkFrameSize(data, this.#maxFrameBytes);
    if (oversized) return oversized;
    if (isBinary) return this.#parseAudio(data);
    const json = parseJsonFrame(data);
    if (!json.ok) return json;
    const envelope = eventName(json.value, 'Vonage frame');
    if (!envelope.ok) return envelope;
    const event = envelope.value;
    switch (event) {
      case 'websocket:connected':
        return this.#parseConnected(json.value);
      case 'websocket:dtmf':
      case 'websocket:notify':
      case 'websocket:cleared':
        return this.#format === undefined ? beforeStart('Vonage', event) : this.#parseStreamEvent(event, json.value);
      default:
        return unknownEvent('Vonage', event);
    }
  }

  /** L16 little-endian at the rate of `websocket:connected` (16 kHz assumed until then). */
  outboundFormat(): AudioFormat {
    return this.#format ?? DEFAULT_FORMAT;
  }

  audio(payload: Uint8Array): readonly OutboundFrame[] {
    const frameBytes = this.#requireFrameBytes('audio');
    const pending = new Uint8Array(this.#remainder.byteLength + payload.byteLength);
    pending.set(this.#remainder, 0);
    pending.set(payload, this.#remainder.byteLength);
    const wholeBytes = pending.byteLength - (pending.byteLength % frameBytes);
    const frames: OutboundFrame[] = [];
    for (let offset = 0; offset < wholeBytes; offset += frameBytes) {
      frames.push(binaryFrame(pending.slice(offset, offset + frameBytes)));
    }
    this.#remainder = pending.slice(wholeBytes);
    return frames;
  }

  mark(name: string): readonly OutboundFrame[] {
    const frameBytes = this.#requireFrameBytes('notify');
    const frames: OutboundFrame[] = [];
    if (this.#remainder.byteLength > 0) {
      const padded = new Uint8Array(frameBytes); // zero bytes are L16 silence
      padded.set(this.#remainder, 0);
      frames.push(binaryFrame(padded));
      this.#remainder = new Uint8Array(0);
    }
    this.#marks.add(name);
    frames.push(textFrame({ action: 'notify', payload: { name } }));
    return frames;
  }

  /** Drops the outbound remainder (less than 20 ms) along with Vonage's buffer. */
  clear(): readonly OutboundFrame[] {
    this.#remainder = new Uint8Array(0);
    return this.#format === undefined ? [] : [textFrame({ action: 'clear' })];
  }

  #parseAudio(data: Uint8Array | string): ParseResult {
    if (typeof data === 'string') return fail('DUN_ERR_MEDIA_UNEXPECTED_TEXT', 'Vonage audio frames must be bytes, got text', false);
    if (this.#format === undefined) {
      return fail('DUN_ERR_MEDIA_UNEXPECTED_BINARY', 'Vonage opens with a text frame; binary arrived first', false);
    }
    const frameBytes = frameBytesOf(this.#format);
    if (data.byteLength !== frameBytes) {
      return fail('DUN_ERR_MEDIA_BAD_FRAME', `Vonage audio frame is ${data.byteLength} bytes, expected ${frameBytes}`, false);
    }
    return succeed({ type: 'media.audio', payload: copyBytes(data) });
  }

  #parseConnected(value: unknown): ParseResult {
    if (this.#format !== undefined) return duplicateStart('Vonage');
    const frame = parseSchema(connectedFrameSchema, value, 'Vonage websocket:connected', true);
    if (!frame.ok) return frame;
    const rate = CONTENT_TYPE.exec(frame.value['content-type'].trim())?.[1];
    if (rate !== '8000' && rate !== '16000') {
      return fail('DUN_ERR_MEDIA_UNSUPPORTED_FORMAT', 'Vonage content-type is not audio/l16;rate=8000 or 16000', true);
    }
    const format: AudioFormat = { encoding: 'l16', sampleRateHz: Number(rate), byteOrder: 'le' };
    this.#format = format;
    return succeed(
      { type: 'media.connected' },
      {
        type: 'media.start',
        // No callId: websocket:connected carries none (spec §4).
        streamId: this.#createStreamId(),
        inboundFormat: format,
        customParameters: pickStrings(frame.value, ['event', 'content-type']),
      },
    );
  }

  #parseStreamEvent(event: StreamEvent, value: unknown): ParseResult {
    switch (event) {
      case 'websocket:dtmf': {
        const frame = parseSchema(dtmfFrameSchema, value, 'Vonage websocket:dtmf', false);
        if (!frame.ok) return frame;
        const { digit, duration } = frame.value;
        return succeed({ type: 'media.dtmf', digit, ...(duration === undefined ? {} : { durationMs: duration }) });
      }
      case 'websocket:notify': {
        const frame = parseSchema(notifyFrameSchema, value, 'Vonage websocket:notify', false);
        if (!frame.ok) return frame;
        const { name } = frame.value.payload;
        if (this.#marks.settle(name, 'pending') === 'cleared') return succeed();
        return succeed({ type: 'media.mark', name, cleared: false });
      }
      case 'websocket:cleared': {
        const marks = this.#marks.clearAll().map((name): MediaEvent => ({ type: 'media.mark', name, cleared: true }));
        return succeed({ type: 'media.cleared' }, ...marks);
      }
    }
  }

  #requireFrameBytes(what: string): number {
    if (this.#format === undefined) {
      throw new DunbotError('DUN_ERR_MEDIA_NOT_STARTED', `Cannot send Vonage ${what} before websocket:connected`);
    }
    return frameBytesOf(this.#format);
  }
}

/** Bytes in one 20 ms L16 mono frame at the format's rate. */
function frameBytesOf(format: AudioFormat): number {
  return ((format.sampleRateHz * VONAGE_FRAME_MS) / 1000) * 2;
}

/**
 * Creates a serializer for one Vonage Voice API WebSocket connection.
 *
 * @example
 * const serializer = createVonageSerializer();
 * const result = serializer.parse(message, isBinary);
 */
export function createVonageSerializer(options?: VonageSerializerOptions): MediaSerializer {
  return new VonageSerializer(options);
}
