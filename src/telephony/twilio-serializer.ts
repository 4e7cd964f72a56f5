import { z } from 'zod';
import { MULAW_8K, type AudioFormat } from '../audio/audio-format.js';
import { DunbotError } from '../errors.js';
import {
  MAX_OUTBOUND_PAYLOAD_BYTES,
  beforeStart,
  customParametersSchema,
  decodeBase64,
  dtmfDigitSchema,
  duplicateStart,
  encodeBase64,
  readTextEvent,
  fail,
  isRecord,
  idSchema,
  type Parsed,
  parseSchema,
  resolveMaxFrameBytes,
  splitBytes,
  succeed,
  textFrame,
  unknownEvent,
  type SerializerOptions,
} from './frame-parsing.js';
import type { OutboundFrame, ParseResult } from './media-event.js';
import { PendingMarks } from './pending-marks.js';
import type { MediaSerializer } from './serializer.js';
import { TwilioMediaScanner } from './twilio-media-scanner.js';

/*
 * Twilio Media Streams (spec §1). JSON text only; counters and timestamps are decimal strings.
 * Fatal: a second start, a malformed start, a start whose mediaFormat is not μ-law/8000/mono.
 * Everything else costs one frame. Media on the `outbound` track (only on one-way forks with
 * both_tracks) is the bot's own audio and is dropped without error.
 */

/** Options for {@link createTwilioSerializer}. */
export type TwilioSerializerOptions = SerializerOptions;

const startFrameSchema = z.object({
  streamSid: idSchema,
  start: z.object({
    streamSid: idSchema,
    callSid: idSchema,
    customParameters: customParametersSchema.optional(),
    mediaFormat: z.object({ encoding: z.string(), sampleRate: z.number(), channels: z.number() }),
  }),
});

/** A Twilio media frame's fields, as {@link readMediaFrame} checks them. */
interface MediaFrame {
  readonly streamSid: string;
  readonly track: string | undefined;
  readonly chunk: number;
  readonly timestamp: number;
  readonly payload: string;
}

const DECIMAL = /^\d{1,15}$/;

/**
 * Checks a media frame by hand, to the same rules a schema would state (stream id, optional track,
 * `chunk` and `timestamp` as decimal strings, a string payload): media frames are 50 a second on
 * every call, and a schema library's generic walk and copies cost more than everything else this
 * serializer does with them.
 */
function readMediaFrame(value: unknown): Parsed<MediaFrame> {
  const frame = isRecord(value) ? value : {};
  const media = isRecord(frame['media']) ? frame['media'] : undefined;
  const { streamSid } = frame;
  const bad = (field: string, expected: string): Parsed<MediaFrame> =>
    fail('DUN_ERR_MEDIA_BAD_FRAME', `Twilio media does not match its schema: ${field}: expected ${expected}`, false);
  if (typeof streamSid !== 'string' || streamSid.length === 0 || streamSid.length > 128) return bad('streamSid', 'a stream id');
  if (media === undefined) return bad('media', 'an object');
  const { track, chunk, timestamp, payload } = media;
  if (track !== undefined && typeof track !== 'string') return bad('media.track', 'a string');
  if (typeof chunk !== 'string' || !DECIMAL.test(chunk)) return bad('media.chunk', 'a decimal string');
  if (typeof timestamp !== 'string' || !DECIMAL.test(timestamp)) return bad('media.timestamp', 'a decimal string');
  if (typeof payload !== 'string') return bad('media.payload', 'a string');
  return { ok: true, value: { streamSid, track, chunk: Number(chunk), timestamp: Number(timestamp), payload } };
}
const dtmfFrameSchema = z.object({ streamSid: idSchema, dtmf: z.object({ digit: dtmfDigitSchema }) });
const markFrameSchema = z.object({ streamSid: idSchema, mark: z.object({ name: z.string() }) });
const stopFrameSchema = z.object({ streamSid: idSchema });

class TwilioSerializer implements MediaSerializer {
  readonly provider = 'twilio';
  /** `dtmf` frames come on bidirectional streams, which `<Connect><Stream>` opens (spec §1). */
  readonly reportsKeys = true;
  /** Outbound media may be any size; Twilio buffers it (spec §1). */
  readonly joinsAudioFrames = true;
  readonly #maxFrameBytes: number;
  readonly #marks = new PendingMarks();
  #streamSid: string | undefined;
  /** The JSON of an outbound media frame up to its payload, built once per stream: see audio(). */
  #mediaFramePrefix = '';
  /** Reads this stream's media frames straight from their bytes; see twilio-media-scanner.ts. */
  #scanner: TwilioMediaScanner | undefined;

  constructor(options: TwilioSerializerOptions | undefined) {
    this.#maxFrameBytes = resolveMaxFrameBytes(options);
  }

  parse(data: Uint8Array | string, isBinary: boolean): ParseResult {
    if (this.#scanner !== undefined && !isBinary && typeof data !== 'string' && data.byteLength <= this.#maxFrameBytes) {
      const audio = this.#scanner.scan(data);
      if (audio !== undefined) return succeed(audio);
    }
    const text = readTextEvent(data, isBinary, this.#maxFrameBytes, 'Twilio');
    if (!text.ok) return text;
    const { event, frame } = text.value;
    switch (event) {
      case 'connected':
        return succeed({ type: 'media.connected' });
      case 'start':
        return this.#parseStart(frame);
      case 'media':
      case 'dtmf':
      case 'mark':
      case 'stop':
        return this.#streamSid === undefined && event !== 'stop'
          ? beforeStart('Twilio', event)
          : this.#parseStreamEvent(event, frame);
      default:
        return unknownEvent('Twilio', event);
    }
  }

  outboundFormat(): AudioFormat {
    return MULAW_8K;
  }

  /**
   * `{"event":"media","streamSid":…,"media":{"payload":…}}`, exactly as JSON.stringify writes it.
   * The frame is assembled from a prefix built at start because it is sent 50 times a second per
   * call; base64 never needs escaping.
   */
  audio(payload: Uint8Array): readonly OutboundFrame[] {
    this.#requireStreamSid('audio');
    return splitBytes(payload, MAX_OUTBOUND_PAYLOAD_BYTES).map((chunk) => ({
      data: `${this.#mediaFramePrefix}${encodeBase64(chunk)}"}}`,
      binary: false,
    }));
  }

  mark(name: string): readonly OutboundFrame[] {
    const streamSid = this.#requireStreamSid('mark');
    this.#marks.add(name);
    return [textFrame({ event: 'mark', streamSid, mark: { name } })];
  }

  /** Twilio echoes every outstanding mark after a clear, so those echoes are reported `cleared: true`. */
  clear(): readonly OutboundFrame[] {
    if (this.#streamSid === undefined) return [];
    this.#marks.clearAll();
    return [textFrame({ event: 'clear', streamSid: this.#streamSid })];
  }

  #parseStart(value: unknown): ParseResult {
    if (this.#streamSid !== undefined) return duplicateStart('Twilio');
    const frame = parseSchema(startFrameSchema, value, 'Twilio start', true);
    if (!frame.ok) return frame;
    const { streamSid, start } = frame.value;
    if (start.streamSid !== streamSid) {
      return fail('DUN_ERR_MEDIA_BAD_FRAME', 'Twilio start names two different stream ids', true);
    }
    const format = start.mediaFormat;
    if (format.encoding !== 'audio/x-mulaw' || format.sampleRate !== 8000 || format.channels !== 1) {
      return fail('DUN_ERR_MEDIA_UNSUPPORTED_FORMAT', 'Twilio start mediaFormat is not audio/x-mulaw, 8000 Hz, mono', true);
    }
    this.#streamSid = streamSid;
    this.#mediaFramePrefix = `{"event":"media","streamSid":${JSON.stringify(streamSid)},"media":{"payload":"`;
    this.#scanner = TwilioMediaScanner.forStream(streamSid);
    return succeed({
      type: 'media.start',
      streamId: streamSid,
      callId: start.callSid,
      inboundFormat: MULAW_8K,
      customParameters: start.customParameters ?? {},
    });
  }

  #parseStreamEvent(event: 'media' | 'dtmf' | 'mark' | 'stop', value: unknown): ParseResult {
    switch (event) {
      case 'media': {
        const frame = readMediaFrame(value);
        if (!frame.ok) return frame;
        const foreign = this.#checkStreamSid(frame.value.streamSid);
        if (foreign) return foreign;
        const media = frame.value;
        if (media.track === 'outbound') return succeed();
        const payload = decodeBase64(media.payload);
        if (!payload.ok) return payload;
        return succeed({ type: 'media.audio', payload: payload.value, timestampMs: media.timestamp, sequence: media.chunk });
      }
      case 'dtmf': {
        const frame = parseSchema(dtmfFrameSchema, value, 'Twilio dtmf', false);
        if (!frame.ok) return frame;
        return this.#checkStreamSid(frame.value.streamSid) ?? succeed({ type: 'media.dtmf', digit: frame.value.dtmf.digit });
      }
      case 'mark': {
        const frame = parseSchema(markFrameSchema, value, 'Twilio mark', false);
        if (!frame.ok) return frame;
        const foreign = this.#checkStreamSid(frame.value.streamSid);
        if (foreign) return foreign;
        const { name } = frame.value.mark;
        return succeed({ type: 'media.mark', name, cleared: this.#marks.settle(name, 'cleared') === 'cleared' });
      }
      case 'stop': {
        const frame = parseSchema(stopFrameSchema, value, 'Twilio stop', false);
        if (!frame.ok) return frame;
        if (this.#streamSid !== undefined) {
          const foreign = this.#checkStreamSid(frame.value.streamSid);
          if (foreign) return foreign;
        }
        return succeed({ type: 'media.stop' });
      }
    }
  }

  #checkStreamSid(streamSid: string): ParseResult | undefined {
    return streamSid === this.#streamSid
      ? undefined
      : fail('DUN_ERR_MEDIA_BAD_FRAME', 'Twilio frame belongs to another stream', false);
  }

  #requireStreamSid(what: string): string {
    if (this.#streamSid === undefined) {
      throw new DunbotError('DUN_ERR_MEDIA_NOT_STARTED', `Cannot send Twilio ${what} before the stream started`);
    }
    return this.#streamSid;
  }
}

/**
 * Creates a serializer for one Twilio Media Streams connection (bidirectional `<Connect><Stream>`).
 *
 * @example
 * const serializer = createTwilioSerializer();
 * const result = serializer.parse(message, isBinary);
 * if (result.ok) for (const event of result.events) session.handle(event);
 * else if (result.error.fatal) socket.close(1002);
 */
export function createTwilioSerializer(options?: TwilioSerializerOptions): MediaSerializer {
  return new TwilioSerializer(options);
}
