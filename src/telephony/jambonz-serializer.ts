import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AudioFormat } from '../audio/audio-format.js';
import {
  MAX_OUTBOUND_PAYLOAD_BYTES,
  beforeStart,
  binaryFrame,
  checkFrameSize,
  copyBytes,
  countSchema,
  dtmfDigitSchema,
  duplicateStart,
  fail,
  idSchema,
  parseJsonFrame,
  parseSchema,
  pickStrings,
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

/*
 * jambonz `listen` verb, streaming mode (spec §6, `bidirectionalAudio.streaming: true`).
 * The first text frame holds the call attributes plus `sampleRate`, `mixType` and metadata; it
 * yields `media.start` (jambonz sends no stream id, so one is generated; callId is `callSid`).
 * customParameters are the frame's top-level string attributes (jambonz's listen task merges the
 * verb's `metadata` into the top level), then the string values of a nested `metadata` object if
 * there is one, then `callSid`, `from` and `to`. After that: binary L16 little-endian audio, and JSON
 * text `{"event":"dtmf",…}` and `{"type":"mark","data":{"name","event":"playout"|"cleared"}}`.
 *
 * Fatal: a second call-attributes frame, a malformed first frame, `mixType: "stereo"`.
 * An odd-length audio frame is BAD_FRAME; binary before the first frame is UNEXPECTED_BINARY (the
 * opening frame must be text); DTMF or a mark before it is BEFORE_START; a string handed in as a
 * binary frame is UNEXPECTED_TEXT. None of these is fatal. DTMF `duration` is in samples at 8 kHz (jambonz
 * forwards FreeSWITCH's value), so `durationMs` = duration / 8.
 *
 * Marks: jambonz reports for each mark whether it played or was cleared, so the `cleared` flag is
 * taken from the acknowledgement. jambonz keeps at most 30 marks outstanding and silently discards
 * a mark sent beyond that (mod_audio_fork MAX_MARKS). dunbot tracks at most 30 too: the 31st
 * `mark()` forgets the oldest pending mark and sends the new one; should jambonz still acknowledge
 * the forgotten mark, that acknowledgement is reported as usual. Keep marks well under 30 (one per
 * utterance) so none is discarded.
 */

/** Most marks jambonz keeps outstanding (mod_audio_fork MAX_MARKS). */
export const JAMBONZ_MAX_PENDING_MARKS = 30;

/** Options for {@link createJambonzSerializer}. */
export interface JambonzSerializerOptions extends SerializerOptions {
  /** `bidirectionalAudio.sampleRate` of the listen verb; defaults to the inbound `sampleRate` (8000 before start). */
  readonly outboundSampleRateHz?: number;
  /** Makes the `streamId` of `media.start`; defaults to crypto.randomUUID. */
  readonly createStreamId?: () => string;
}

/** A jambonz serializer, which also shows the marks it still counts as outstanding. */
export interface JambonzSerializer extends MediaSerializer {
  /** Marks sent and not yet acknowledged, oldest first (at most JAMBONZ_MAX_PENDING_MARKS). */
  readonly pendingMarks: readonly string[];
}

const objectSchema = z.record(z.string(), z.unknown());
/** The sample rates jambonz's `listen` verb offers. */
export const JAMBONZ_SAMPLE_RATES_HZ: readonly number[] = [8000, 16000, 24000, 32000, 48000, 64000];

const startFrameSchema = z.looseObject({
  callSid: idSchema,
  from: z.string().optional(),
  to: z.string().optional(),
  sampleRate: z.number().int().positive(),
  mixType: z.string().optional(),
  metadata: objectSchema.optional(),
});
const dtmfFrameSchema = z.object({ dtmf: dtmfDigitSchema, duration: countSchema.optional() });
const markFrameSchema = z.object({
  data: z.object({ name: z.string(), event: z.enum(['playout', 'cleared']) }),
});

class JambonzStreamSerializer implements JambonzSerializer {
  readonly provider = 'jambonz';
  /** Only with `passDtmf` on the `listen` verb, which the stream does not show (spec §6). */
  readonly reportsKeys = false;
  /** No size beyond one frame is documented for streamed audio (spec §6). */
  readonly joinsAudioFrames = false;
  readonly #maxFrameBytes: number;
  readonly #outboundSampleRateHz: number | undefined;
  readonly #createStreamId: () => string;
  readonly #marks = new PendingMarks(JAMBONZ_MAX_PENDING_MARKS);
  #inboundFormat: AudioFormat | undefined;

  constructor(options: JambonzSerializerOptions | undefined) {
    this.#maxFrameBytes = resolveMaxFrameBytes(options);
    this.#outboundSampleRateHz = options?.outboundSampleRateHz;
    this.#createStreamId = options?.createStreamId ?? randomUUID;
  }

  get pendingMarks(): readonly string[] {
    return this.#marks.pending;
  }

  parse(data: Uint8Array | string, isBinary: boolean): ParseResult {
    const oversized = checkFrameSize(data, this.#maxFrameBytes);
    if (oversized) return oversized;
    if (isBinary) return this.#parseAudio(data);
    const json = parseJsonFrame(data);
    if (!json.ok) return json;
    const frame = parseSchema(objectSchema, json.value, 'jambonz frame', false);
    if (!frame.ok) return frame;
    const { event, type, callSid } = frame.value;
    const isDtmf = event === 'dtmf';
    const isMark = type === 'mark';
    if (this.#inboundFormat === undefined) {
      // Call attributes may carry metadata keys of any name, so only an exact in-stream message
      // without a callSid counts as "before start"; anything else is taken as the first frame.
      return (isDtmf || isMark) && callSid === undefined
        ? beforeStart('jambonz', isDtmf ? 'dtmf' : 'mark')
        : this.#parseStart(frame.value);
    }
    if (isDtmf) return this.#parseDtmf(frame.value);
    if (isMark) return this.#parseMark(frame.value);
    if (callSid !== undefined) return duplicateStart('jambonz');
    if (typeof event === 'string') return unknownEvent('jambonz', event);
    if (typeof type === 'string') return unknownEvent('jambonz', type);
    return fail('DUN_ERR_MEDIA_BAD_FRAME', 'jambonz frame has neither event nor type', false);
  }

  outboundFormat(): AudioFormat {
    const sampleRateHz = this.#outboundSampleRateHz ?? this.#inboundFormat?.sampleRateHz ?? 8000;
    return { encoding: 'l16', sampleRateHz, byteOrder: 'le' };
  }

  /** Binary L16 frames of at most 32 000 bytes; jambonz paces playout itself. */
  audio(payload: Uint8Array): readonly OutboundFrame[] {
    return splitBytes(payload, MAX_OUTBOUND_PAYLOAD_BYTES).map((chunk) => binaryFrame(chunk.slice()));
  }

  mark(name: string): readonly OutboundFrame[] {
    this.#marks.add(name);
    return [textFrame({ type: 'mark', data: { name } })];
  }

  /** jambonz acknowledges each flushed mark with `event: "cleared"`, so the ledger waits for those. */
  clear(): readonly OutboundFrame[] {
    return [textFrame({ type: 'killAudio' })];
  }

  #parseAudio(data: Uint8Array | string): ParseResult {
    if (typeof data === 'string') return fail('DUN_ERR_MEDIA_UNEXPECTED_TEXT', 'jambonz audio frames must be bytes, got text', false);
    if (this.#inboundFormat === undefined) {
      return fail('DUN_ERR_MEDIA_UNEXPECTED_BINARY', 'jambonz opens with a text frame; binary arrived first', false);
    }
    if (data.byteLength % 2 !== 0) {
      return fail('DUN_ERR_MEDIA_BAD_FRAME', `jambonz L16 frame has an odd length (${data.byteLength} bytes)`, false);
    }
    return succeed({ type: 'media.audio', payload: copyBytes(data) });
  }

  #parseStart(value: unknown): ParseResult {
    const frame = parseSchema(startFrameSchema, value, 'jambonz call attributes', true);
    if (!frame.ok) return frame;
    const { callSid, from, to, sampleRate, mixType, metadata } = frame.value;
    if (mixType !== undefined && mixType !== 'mono' && mixType !== 'mixed') {
      return fail('DUN_ERR_MEDIA_UNSUPPORTED_FORMAT', 'jambonz mixType must be mono or mixed', true);
    }
    // Only the rates jambonz's `listen` offers: anything else is refused before a resampler or buffer is sized for it.
    if (!JAMBONZ_SAMPLE_RATES_HZ.includes(sampleRate)) {
      return fail('DUN_ERR_MEDIA_UNSUPPORTED_FORMAT', `jambonz sampleRate ${sampleRate} Hz is not one listen offers`, true);
    }
    const inboundFormat: AudioFormat = { encoding: 'l16', sampleRateHz: sampleRate, byteOrder: 'le' };
    this.#inboundFormat = inboundFormat;
    return succeed({
      type: 'media.start',
      streamId: this.#createStreamId(),
      callId: callSid,
      inboundFormat,
      customParameters: {
        ...pickStrings(frame.value, ['mixType']),
        ...pickStrings(metadata ?? {}),
        callSid,
        ...(from === undefined ? {} : { from }),
        ...(to === undefined ? {} : { to }),
      },
    });
  }

  #parseDtmf(value: unknown): ParseResult {
    const frame = parseSchema(dtmfFrameSchema, value, 'jambonz dtmf', false);
    if (!frame.ok) return frame;
    const { dtmf, duration } = frame.value;
    return succeed({ type: 'media.dtmf', digit: dtmf, ...(duration === undefined ? {} : { durationMs: Math.round(duration / 8) }) });
  }

  #parseMark(value: unknown): ParseResult {
    const frame = parseSchema(markFrameSchema, value, 'jambonz mark', false);
    if (!frame.ok) return frame;
    const { name, event } = frame.value.data;
    this.#marks.settle(name, 'pending');
    return succeed({ type: 'media.mark', name, cleared: event === 'cleared' });
  }
}

/**
 * Creates a serializer for one jambonz `listen` connection in bidirectional streaming mode.
 *
 * @example
 * const serializer = createJambonzSerializer({ outboundSampleRateHz: 8000 });
 * const result = serializer.parse(message, isBinary);
 */
export function createJambonzSerializer(options?: JambonzSerializerOptions): JambonzSerializer {
  return new JambonzStreamSerializer(options);
}
