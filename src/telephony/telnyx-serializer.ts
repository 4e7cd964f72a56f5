import { z } from 'zod';
import { MULAW_8K, type AudioFormat } from '../audio/audio-format.js';
import {
  MAX_OUTBOUND_PAYLOAD_BYTES,
  beforeStart,
  countSchema,
  customParametersSchema,
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
import { DEFAULT_REORDER_WINDOW, ReorderBuffer } from './reorder-buffer.js';
import type { MediaSerializer } from './serializer.js';

/*
 * Telnyx media streaming (spec §2): Twilio's shape in snake_case, `stream_id` for streamSid.
 * Fatal: a second start, a malformed start, a codec other than PCMU/PCMA/L16 or more than one
 * channel. Everything else costs one frame; `error` frames become `media.provider_error`.
 *
 * Out of order (spec §2 "Frames may arrive out of order"): inbound audio is put back in
 * `sequence_number` order by a ReorderBuffer. Up to `reorderWindow` frames (default 3, 60 ms) wait
 * behind a missing number; then the gap is given up. A media frame older than one already emitted
 * is dropped silently. DTMF, marks and errors are never delayed, but their sequence numbers count,
 * so they do not look like gaps. `stop` releases any held audio first. A rejected media frame
 * (bad base64, bad schema) leaves a gap that costs at most one window of delay.
 *
 * L16 is big-endian (RTP network order; spec §2 note), so formats carry `byteOrder: 'be'`.
 *
 * Ids: `stream_id` becomes `streamId` and `start.call_control_id` becomes `callId` (the id Call
 * Control's hangup and transfer take). Every documented start carries call_control_id; one without
 * it still opens the stream, with `callId` undefined.
 */

/** Options for {@link createTelnyxSerializer}. */
export interface TelnyxSerializerOptions extends SerializerOptions {
  /** Media frames held back behind a missing sequence number; 0 emits at once and only drops late frames. */
  readonly reorderWindow?: number;
  /** The `stream_bidirectional_codec`/rate the call was set up with; defaults to the inbound format. */
  readonly outboundFormat?: AudioFormat;
}

/** G.711 is 8 kHz by definition. */
const G711_RATES_HZ: readonly number[] = [8000];
/** The rates Telnyx offers for L16 (`stream_bidirectional_sampling_rate`). */
export const TELNYX_L16_RATES_HZ: readonly number[] = [8000, 16000, 22050, 24000, 48000];

const ENCODINGS: Readonly<Record<string, 'mulaw' | 'alaw' | 'l16'>> = { PCMU: 'mulaw', PCMA: 'alaw', L16: 'l16' };

const startFrameSchema = z.object({
  sequence_number: countSchema,
  stream_id: idSchema,
  start: z.object({
    call_control_id: idSchema.optional(),
    custom_parameters: customParametersSchema.optional(),
    media_format: z.object({
      encoding: z.string(),
      sample_rate: countSchema,
      channels: z.number().int().optional(),
    }),
  }),
});
const mediaFrameSchema = z.object({
  sequence_number: countSchema,
  stream_id: idSchema,
  media: z.object({
    track: z.string().optional(),
    chunk: decimalStringSchema.optional(),
    timestamp: decimalStringSchema.optional(),
    payload: z.string(),
  }),
});
const dtmfFrameSchema = z.object({ sequence_number: countSchema, stream_id: idSchema, dtmf: z.object({ digit: dtmfDigitSchema }) });
const markFrameSchema = z.object({ sequence_number: countSchema, stream_id: idSchema, mark: z.object({ name: z.string() }) });
const errorFrameSchema = z.object({
  payload: z.object({
    code: z.union([z.number(), z.string()]),
    title: z.string().optional(),
    detail: z.string().optional(),
  }),
});
const stopFrameSchema = z.object({ stream_id: idSchema });

type AudioEvent = Extract<MediaEvent, { type: 'media.audio' }>;

class TelnyxSerializer implements MediaSerializer {
  readonly provider = 'telnyx';
  /** `dtmf` frames (spec §2). */
  readonly reportsKeys = true;
  /** rtp-mode chunks may hold 20 ms to 30 s (spec §2). */
  readonly joinsAudioFrames = true;
  readonly #maxFrameBytes: number;
  readonly #outboundFormat: AudioFormat | undefined;
  readonly #marks = new PendingMarks();
  readonly #reorder: ReorderBuffer<AudioEvent>;
  #streamId: string | undefined;
  #inboundFormat: AudioFormat | undefined;

  constructor(options: TelnyxSerializerOptions | undefined) {
    this.#maxFrameBytes = resolveMaxFrameBytes(options);
    this.#outboundFormat = options?.outboundFormat;
    this.#reorder = new ReorderBuffer(options?.reorderWindow ?? DEFAULT_REORDER_WINDOW);
  }

  parse(data: Uint8Array | string, isBinary: boolean): ParseResult {
    const text = readTextEvent(data, isBinary, this.#maxFrameBytes, 'Telnyx');
    if (!text.ok) return text;
    const { event, frame } = text.value;
    switch (event) {
      case 'connected':
        return succeed({ type: 'media.connected' });
      case 'start':
        return this.#parseStart(frame);
      case 'error':
        return this.#parseError(frame);
      case 'media':
      case 'dtmf':
      case 'mark':
        return this.#streamId === undefined ? beforeStart('Telnyx', event) : this.#parseStreamEvent(event, frame);
      case 'stop':
        return this.#parseStop(frame);
      default:
        return unknownEvent('Telnyx', event);
    }
  }

  outboundFormat(): AudioFormat {
    return this.#outboundFormat ?? this.#inboundFormat ?? MULAW_8K;
  }

  /** Telnyx needs no stream_id on outbound frames, so audio may be sent before `start`. */
  audio(payload: Uint8Array): readonly OutboundFrame[] {
    return splitBytes(payload, MAX_OUTBOUND_PAYLOAD_BYTES).map((chunk) =>
      textFrame({ event: 'media', media: { payload: encodeBase64(chunk) } }),
    );
  }

  mark(name: string): readonly OutboundFrame[] {
    this.#marks.add(name);
    return [textFrame({ event: 'mark', mark: { name } })];
  }

  /** Like Twilio, Telnyx echoes every queued mark after a clear; those echoes are reported `cleared: true`. */
  clear(): readonly OutboundFrame[] {
    this.#marks.clearAll();
    return [textFrame({ event: 'clear' })];
  }

  #parseStart(value: unknown): ParseResult {
    if (this.#streamId !== undefined) return duplicateStart('Telnyx');
    const frame = parseSchema(startFrameSchema, value, 'Telnyx start', true);
    if (!frame.ok) return frame;
    const { start } = frame.value;
    const format = start.media_format;
    const encoding = ENCODINGS[format.encoding.toUpperCase()];
    if (encoding === undefined || (format.channels !== undefined && format.channels !== 1)) {
      return fail('DUN_ERR_MEDIA_UNSUPPORTED_FORMAT', 'Telnyx stream is not PCMU, PCMA or L16 mono', true);
    }
    // Only the rates Telnyx documents: anything else is refused before a resampler or buffer is sized for it.
    if (!(encoding === 'l16' ? TELNYX_L16_RATES_HZ : G711_RATES_HZ).includes(format.sample_rate)) {
      return fail('DUN_ERR_MEDIA_UNSUPPORTED_FORMAT', `Telnyx ${format.encoding} stream at ${format.sample_rate} Hz is not a documented rate`, true);
    }
    const inboundFormat: AudioFormat =
      encoding === 'l16'
        ? { encoding, sampleRateHz: format.sample_rate, byteOrder: 'be' }
        : { encoding, sampleRateHz: format.sample_rate };
    this.#streamId = frame.value.stream_id;
    this.#inboundFormat = inboundFormat;
    this.#reorder.expect(frame.value.sequence_number + 1);
    const event: MediaEvent = {
      type: 'media.start',
      streamId: frame.value.stream_id,
      inboundFormat,
      customParameters: start.custom_parameters ?? {},
      ...(start.call_control_id === undefined ? {} : { callId: start.call_control_id }),
    };
    return succeed(event);
  }

  #parseStreamEvent(event: 'media' | 'dtmf' | 'mark', value: unknown): ParseResult {
    switch (event) {
      case 'media': {
        const frame = parseSchema(mediaFrameSchema, value, 'Telnyx media', false);
        if (!frame.ok) return frame;
        const foreign = this.#checkStreamId(frame.value.stream_id);
        if (foreign) return foreign;
        const { media, sequence_number: sequenceNumber } = frame.value;
        if (media.track === 'outbound') return succeed(...this.#reorder.skip(sequenceNumber));
        const payload = decodeBase64(media.payload);
        if (!payload.ok) return payload;
        if (this.#inboundFormat?.encoding === 'l16' && payload.value.length % 2 !== 0) return fail('DUN_ERR_MEDIA_BAD_FRAME', `Telnyx L16 payload has an odd length (${payload.value.length} bytes)`, false);
        const audio: AudioEvent = {
          type: 'media.audio',
          payload: payload.value,
          ...(media.timestamp === undefined ? {} : { timestampMs: media.timestamp }),
          ...(media.chunk === undefined ? {} : { sequence: media.chunk }),
        };
        return succeed(...this.#reorder.push(sequenceNumber, audio));
      }
      case 'dtmf': {
        const frame = parseSchema(dtmfFrameSchema, value, 'Telnyx dtmf', false);
        if (!frame.ok) return frame;
        const foreign = this.#checkStreamId(frame.value.stream_id);
        if (foreign) return foreign;
        const dtmf: MediaEvent = { type: 'media.dtmf', digit: frame.value.dtmf.digit };
        return succeed(dtmf, ...this.#reorder.skip(frame.value.sequence_number));
      }
      case 'mark': {
        const frame = parseSchema(markFrameSchema, value, 'Telnyx mark', false);
        if (!frame.ok) return frame;
        const foreign = this.#checkStreamId(frame.value.stream_id);
        if (foreign) return foreign;
        const { name } = frame.value.mark;
        const mark: MediaEvent = { type: 'media.mark', name, cleared: this.#marks.settle(name, 'cleared') === 'cleared' };
        return succeed(mark, ...this.#reorder.skip(frame.value.sequence_number));
      }
    }
  }

  #parseError(value: unknown): ParseResult {
    const frame = parseSchema(errorFrameSchema, value, 'Telnyx error', false);
    if (!frame.ok) return frame;
    const { code, title, detail } = frame.value.payload;
    const text = [title, detail].filter((part): part is string => part !== undefined && part !== '').join(': ');
    return succeed({ type: 'media.provider_error', code: String(code), detail: text });
  }

  #parseStop(value: unknown): ParseResult {
    const frame = parseSchema(stopFrameSchema, value, 'Telnyx stop', false);
    if (!frame.ok) return frame;
    if (this.#streamId !== undefined) {
      const foreign = this.#checkStreamId(frame.value.stream_id);
      if (foreign) return foreign;
    }
    return succeed(...this.#reorder.flush(), { type: 'media.stop' });
  }

  #checkStreamId(streamId: string): ParseResult | undefined {
    return streamId === this.#streamId
      ? undefined
      : fail('DUN_ERR_MEDIA_BAD_FRAME', 'Telnyx frame belongs to another stream', false);
  }
}

/**
 * Creates a serializer for one Telnyx media-streaming connection (`stream_bidirectional_mode: rtp`).
 *
 * @example
 * const serializer = createTelnyxSerializer({ reorderWindow: 3 });
 * const result = serializer.parse(message, isBinary);
 */
export function createTelnyxSerializer(options?: TelnyxSerializerOptions): MediaSerializer {
  return new TelnyxSerializer(options);
}
