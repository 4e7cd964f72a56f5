import { z } from 'zod';
import type { AudioFormat } from '../audio/audio-format.js';
import { DunbotError } from '../errors.js';
import {
  MAX_OUTBOUND_PAYLOAD_BYTES,
  beforeStart,
  decimalStringSchema,
  decodeBase64,
  dtmfDigitSchema,
  duplicateStart,
  encodeBase64,
  readTextEvent,
  fail,
  idSchema,
  parseSchema,
  resolveMaxFrameBytes,
  splitBytes,
  succeed,
  textFrame,
  unknownEvent,
  type SerializerOptions,
} from './frame-parsing.js';
import type { MediaEvent, OutboundFrame, ParseResult } from './media-event.js';
import { PendingMarks } from './pending-marks.js';
import type { MediaSerializer } from './serializer.js';

/*
 * Plivo audio streams (spec §3). No `connected` and no `stop` (the socket closing ends the stream);
 * `start` comes first; `sequenceNumber` and `chunk` are JSON numbers.
 * Fatal: a second start, a malformed start, a format other than μ-law 8 kHz or L16 8/16 kHz.
 *
 * Checkpoints: `playedStream` is sent only for audio that really played, and after `clearAudio`
 * Plivo answers `clearedAudio` and never acknowledges the checkpoints still pending. So
 * `clearedAudio` yields `media.cleared` plus `media.mark cleared:true` for each of them, oldest
 * first; a stray `playedStream` for one of those later is swallowed (it was already reported).
 *
 * `media.timestamp` is wall-clock epoch ms; `timestampMs` is reported relative to the first audio
 * frame, so it means "ms since the stream's audio began" as it does for Twilio.
 * `extra_headers` ("k1=v1;k2=v2") becomes `customParameters`. L16 is little-endian (spec §3 ⚠).
 */

/** Options for {@link createPlivoSerializer}. */
export type PlivoSerializerOptions = SerializerOptions;

const startFrameSchema = z.object({
  start: z.object({
    callId: idSchema,
    streamId: idSchema,
    mediaFormat: z.object({ encoding: z.string(), sampleRate: z.number() }),
  }),
  extra_headers: z.string().optional(),
});
const mediaFrameSchema = z.object({
  streamId: idSchema,
  media: z.object({
    track: z.string().optional(),
    timestamp: decimalStringSchema.optional(),
    chunk: z.number().int().nonnegative().optional(),
    payload: z.string(),
  }),
});
const dtmfFrameSchema = z.object({ streamId: idSchema, dtmf: z.object({ digit: dtmfDigitSchema }) });
const playedStreamFrameSchema = z.object({ streamId: idSchema, name: z.string() });
const clearedAudioFrameSchema = z.object({ streamId: idSchema });

const PLIVO_DEFAULT_FORMAT: AudioFormat = { encoding: 'l16', sampleRateHz: 8000, byteOrder: 'le' };

type PlivoFormat = { readonly contentType: 'audio/x-mulaw' | 'audio/x-l16'; readonly format: AudioFormat };

function resolveFormat(encoding: string, sampleRateHz: number): PlivoFormat | undefined {
  if (encoding === 'audio/x-mulaw' && sampleRateHz === 8000) {
    return { contentType: 'audio/x-mulaw', format: { encoding: 'mulaw', sampleRateHz } };
  }
  if (encoding === 'audio/x-l16' && (sampleRateHz === 8000 || sampleRateHz === 16000)) {
    return { contentType: 'audio/x-l16', format: { encoding: 'l16', sampleRateHz, byteOrder: 'le' } };
  }
  return undefined;
}

/** Parses `extra_headers` ("k1=v1;k2=v2"; the XML attribute uses commas, so both separate). */
function parseExtraHeaders(text: string | undefined): Record<string, string> {
  const entries: [string, string][] = [];
  for (const part of (text ?? '').split(/[;,]/)) {
    const at = part.indexOf('=');
    const key = (at < 0 ? '' : part.slice(0, at)).trim();
    if (key !== '') entries.push([key, part.slice(at + 1).trim()]);
  }
  return Object.fromEntries(entries);
}

type StreamEvent = 'media' | 'dtmf' | 'playedStream' | 'clearedAudio';

class PlivoSerializer implements MediaSerializer {
  readonly provider = 'plivo';
  /** `dtmf` frames (spec §3). */
  readonly reportsKeys = true;
  /** `playAudio` takes any payload up to the 64 KB message limit (spec §3). */
  readonly joinsAudioFrames = true;
  readonly #maxFrameBytes: number;
  readonly #marks = new PendingMarks();
  #stream: { readonly id: string; readonly format: PlivoFormat } | undefined;
  #firstTimestamp: number | undefined;

  constructor(options: PlivoSerializerOptions | undefined) {
    this.#maxFrameBytes = resolveMaxFrameBytes(options);
  }

  parse(data: Uint8Array | string, isBinary: boolean): ParseResult {
    const text = readTextEvent(data, isBinary, this.#maxFrameBytes, 'Plivo');
    if (!text.ok) return text;
    const { event, frame } = text.value;
    switch (event) {
      case 'start':
        return this.#parseStart(frame);
      case 'media':
      case 'dtmf':
      case 'playedStream':
      case 'clearedAudio':
        return this.#stream === undefined ? beforeStart('Plivo', event) : this.#parseStreamEvent(event, frame, this.#stream.id);
      default:
        return unknownEvent('Plivo', event);
    }
  }

  /** The stream's format; before `start`, Plivo's default contentType (audio/x-l16;rate=8000). */
  outboundFormat(): AudioFormat {
    return this.#stream?.format.format ?? PLIVO_DEFAULT_FORMAT;
  }

  /** Audio is sent in the inbound format (Plivo: "don't switch codec"), at most 32 000 B per message. */
  audio(payload: Uint8Array): readonly OutboundFrame[] {
    const { contentType, format } = this.#requireStream('audio').format;
    return splitBytes(payload, MAX_OUTBOUND_PAYLOAD_BYTES).map((chunk) =>
      textFrame({ event: 'playAudio', media: { contentType, sampleRate: format.sampleRateHz, payload: encodeBase64(chunk) } }),
    );
  }

  mark(name: string): readonly OutboundFrame[] {
    const { id } = this.#requireStream('checkpoint');
    this.#marks.add(name);
    return [textFrame({ event: 'checkpoint', streamId: id, name })];
  }

  /** Pending checkpoints stay pending until Plivo answers `clearedAudio`. */
  clear(): readonly OutboundFrame[] {
    return this.#stream === undefined ? [] : [textFrame({ event: 'clearAudio', streamId: this.#stream.id })];
  }

  #parseStart(value: unknown): ParseResult {
    if (this.#stream !== undefined) return duplicateStart('Plivo');
    const frame = parseSchema(startFrameSchema, value, 'Plivo start', true);
    if (!frame.ok) return frame;
    const { start } = frame.value;
    const format = resolveFormat(start.mediaFormat.encoding, start.mediaFormat.sampleRate);
    if (format === undefined) {
      return fail('DUN_ERR_MEDIA_UNSUPPORTED_FORMAT', 'Plivo stream is not audio/x-mulaw 8000 or audio/x-l16 8000/16000', true);
    }
    this.#stream = { id: start.streamId, format };
    return succeed({
      type: 'media.start',
      streamId: start.streamId,
      callId: start.callId,
      inboundFormat: format.format,
      customParameters: parseExtraHeaders(frame.value.extra_headers),
    });
  }

  #parseStreamEvent(event: StreamEvent, value: unknown, streamId: string): ParseResult {
    switch (event) {
      case 'media': {
        const frame = parseSchema(mediaFrameSchema, value, 'Plivo media', false);
        if (!frame.ok) return frame;
        if (frame.value.streamId !== streamId) return foreignStream();
        const { media } = frame.value;
        if (media.track !== undefined && media.track !== 'inbound') return succeed();
        const payload = decodeBase64(media.payload);
        if (!payload.ok) return payload;
        if (this.#stream?.format.format.encoding === 'l16' && payload.value.length % 2 !== 0) return fail('DUN_ERR_MEDIA_BAD_FRAME', `Plivo L16 payload has an odd length (${payload.value.length} bytes)`, false);
        return succeed({
          type: 'media.audio',
          payload: payload.value,
          ...(media.timestamp === undefined ? {} : { timestampMs: this.#relativeTimestamp(media.timestamp) }),
          ...(media.chunk === undefined ? {} : { sequence: media.chunk }),
        });
      }
      case 'dtmf': {
        const frame = parseSchema(dtmfFrameSchema, value, 'Plivo dtmf', false);
        if (!frame.ok) return frame;
        return frame.value.streamId === streamId ? succeed({ type: 'media.dtmf', digit: frame.value.dtmf.digit }) : foreignStream();
      }
      case 'playedStream': {
        const frame = parseSchema(playedStreamFrameSchema, value, 'Plivo playedStream', false);
        if (!frame.ok) return frame;
        if (frame.value.streamId !== streamId) return foreignStream();
        const { name } = frame.value;
        // Already reported as cleared by clearedAudio: do not report it twice.
        if (this.#marks.settle(name, 'pending') === 'cleared') return succeed();
        return succeed({ type: 'media.mark', name, cleared: false });
      }
      case 'clearedAudio': {
        const frame = parseSchema(clearedAudioFrameSchema, value, 'Plivo clearedAudio', false);
        if (!frame.ok) return frame;
        if (frame.value.streamId !== streamId) return foreignStream();
        const marks = this.#marks.clearAll().map((name): MediaEvent => ({ type: 'media.mark', name, cleared: true }));
        return succeed({ type: 'media.cleared' }, ...marks);
      }
    }
  }

  #relativeTimestamp(timestamp: number): number {
    this.#firstTimestamp ??= timestamp;
    return Math.max(0, timestamp - this.#firstTimestamp);
  }

  #requireStream(what: string): { readonly id: string; readonly format: PlivoFormat } {
    if (this.#stream === undefined) {
      throw new DunbotError('DUN_ERR_MEDIA_NOT_STARTED', `Cannot use the Plivo ${what} before the stream started`);
    }
    return this.#stream;
  }
}

function foreignStream(): ParseResult {
  return fail('DUN_ERR_MEDIA_BAD_FRAME', 'Plivo frame belongs to another stream', false);
}

/**
 * Creates a serializer for one Plivo audio-stream connection (`<Stream bidirectional="true">`).
 *
 * @example
 * const serializer = createPlivoSerializer();
 * const result = serializer.parse(message, isBinary);
 */
export function createPlivoSerializer(options?: PlivoSerializerOptions): MediaSerializer {
  return new PlivoSerializer(options);
}
