import { Buffer } from 'node:buffer';
import { z } from 'zod';
import type { ErrorCode } from '../errors.js';
import type { MediaEvent, OutboundFrame, ParseResult } from './media-event.js';

/*
 * Shared edge parsing for the telephony serializers. The error policy every serializer follows
 * (each provider file notes where it differs):
 *
 * | code                       | fatal | why                                                          |
 * |----------------------------|-------|--------------------------------------------------------------|
 * | BAD_JSON, UNKNOWN_EVENT    | no    | one garbled or new-to-us message costs that message only      |
 * | BAD_FRAME                  | no    | … except on the start frame: without it nothing else parses  |
 * | BAD_BASE64, OVERSIZED      | no    | one lost audio frame is 20 ms of audio                        |
 * | BEFORE_START               | no    | the stream may still start; the frame is dropped              |
 * | UNEXPECTED_BINARY / _TEXT  | no    | dropped; the protocol itself is not broken by one frame       |
 * | DUPLICATE_START            | yes   | stream id and format can no longer be trusted                 |
 * | UNSUPPORTED_FORMAT         | yes   | every later audio frame would be undecodable                  |
 */

/** Largest inbound frame a serializer accepts by default, in bytes (64 KiB, Plivo's own message limit). */
export const MAX_FRAME_BYTES = 64 * 1024;

/**
 * Largest raw audio payload put into one outbound frame, in bytes. 32 000 B keeps a base64 JSON
 * frame under MAX_FRAME_BYTES and is a whole number of 20 ms frames in every format used here
 * (160 B μ-law 8 kHz, 320 B L16 8 kHz, 640 B L16 16 kHz).
 */
export const MAX_OUTBOUND_PAYLOAD_BYTES = 32_000;

/** Options every serializer factory accepts. */
export interface SerializerOptions {
  /** Inbound frames larger than this many bytes are rejected with DUN_ERR_MEDIA_OVERSIZED. */
  readonly maxFrameBytes?: number;
}

/** The DUN_ERR_MEDIA_* codes a serializer reports. */
export type MediaErrorCode = Extract<ErrorCode, `DUN_ERR_MEDIA_${string}`>;

/** A rejected frame, as returned by `MediaSerializer.parse`. */
export type FrameFailure = Extract<ParseResult, { readonly ok: false }>;

/** A value parsed from a frame, or the reason the frame was rejected. */
export type Parsed<T> = { readonly ok: true; readonly value: T } | FrameFailure;

/** A parse result carrying `events`. */
export function succeed(...events: MediaEvent[]): ParseResult {
  return { ok: true, events };
}

/** A parse result rejecting the frame with `code`. */
export function fail(code: MediaErrorCode, message: string, fatal: boolean): FrameFailure {
  return { ok: false, error: { code, message, fatal } };
}

/** Resolves the `maxFrameBytes` option to a usable limit (positive integer, default MAX_FRAME_BYTES). */
export function resolveMaxFrameBytes(options: SerializerOptions | undefined): number {
  const limit = options?.maxFrameBytes;
  return limit !== undefined && Number.isInteger(limit) && limit > 0 ? limit : MAX_FRAME_BYTES;
}

/** DUN_ERR_MEDIA_OVERSIZED when `data` is larger than `maxFrameBytes` (UTF-8 bytes for text), else undefined. */
export function checkFrameSize(data: Uint8Array | string, maxFrameBytes: number): FrameFailure | undefined {
  let sizeBytes: number;
  if (typeof data !== 'string') sizeBytes = data.byteLength;
  // A UTF-16 code unit is 1 to 3 UTF-8 bytes, so most strings need no exact count.
  else if (data.length > maxFrameBytes) sizeBytes = data.length;
  else if (data.length * 3 <= maxFrameBytes) sizeBytes = 0;
  else sizeBytes = Buffer.byteLength(data, 'utf8');
  return sizeBytes > maxFrameBytes
    ? fail('DUN_ERR_MEDIA_OVERSIZED', `Frame exceeds the ${maxFrameBytes}-byte limit`, false)
    : undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses a text frame (a string, or UTF-8 bytes as `ws` delivers them) as JSON; DUN_ERR_MEDIA_BAD_JSON otherwise. */
export function parseJsonFrame(data: Uint8Array | string): Parsed<unknown> {
  let text: string;
  if (typeof data === 'string') text = data;
  else {
    try {
      text = utf8.decode(data);
    } catch {
      return fail('DUN_ERR_MEDIA_BAD_JSON', 'Text frame is not valid UTF-8', false);
    }
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return fail('DUN_ERR_MEDIA_BAD_JSON', 'Text frame is not valid JSON', false);
  }
}

/** Summarises schema issues by path and message, never by value (values may be callee data). */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length === 0 ? '(frame)' : issue.path.map(String).join('.')}: ${issue.message}`)
    .join('; ');
}

/** Parses `value` with `schema`; DUN_ERR_MEDIA_BAD_FRAME (fatal as given) on mismatch. */
export function parseSchema<T>(schema: z.ZodType<T>, value: unknown, what: string, fatal: boolean): Parsed<T> {
  const result = schema.safeParse(value);
  return result.success
    ? { ok: true, value: result.data }
    : fail('DUN_ERR_MEDIA_BAD_FRAME', `${what} does not match its schema: ${describeIssues(result.error)}`, fatal);
}

/** DUN_ERR_MEDIA_UNKNOWN_EVENT for an event name the protocol does not define (name shortened for the log). */
export function unknownEvent(provider: string, name: string): FrameFailure {
  const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
  return fail('DUN_ERR_MEDIA_UNKNOWN_EVENT', `Unknown ${provider} event "${shown}"`, false);
}

/** DUN_ERR_MEDIA_BEFORE_START for a frame that needs a started stream. */
export function beforeStart(provider: string, what: string): FrameFailure {
  return fail('DUN_ERR_MEDIA_BEFORE_START', `${provider} ${what} arrived before the stream started`, false);
}

/** DUN_ERR_MEDIA_DUPLICATE_START: a second start is fatal. */
export function duplicateStart(provider: string): FrameFailure {
  return fail('DUN_ERR_MEDIA_DUPLICATE_START', `${provider} sent a second start frame`, true);
}

/**
 * Decodes standard, padded base64. Node's Buffer.from skips characters it does not know, so a
 * payload with any such character decodes to fewer bytes than its length promises: comparing the
 * two rejects it without a character-by-character scan (this runs on every inbound frame). Node
 * also decodes the URL-safe alphabet (`-`, `_`) without complaint, so those two are looked for.
 */
export function decodeBase64(text: string): Parsed<Uint8Array> {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const bytes = text.length % 4 === 0 && !text.includes('-') && !text.includes('_') ? Buffer.from(text, 'base64') : undefined;
  if (bytes === undefined || bytes.length !== (text.length / 4) * 3 - padding) {
    return fail('DUN_ERR_MEDIA_BAD_BASE64', 'Audio payload is not valid base64', false);
  }
  // A plain Uint8Array view (not a copy) of Node's pooled Buffer, so callers see one byte type.
  return { ok: true, value: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length) };
}

/** Encodes bytes as standard, padded base64. */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** A copy of binary frame data as a plain Uint8Array. */
export function copyBytes(data: Uint8Array): Uint8Array {
  return new Uint8Array(data);
}

/** Splits `bytes` into chunks of at most `chunkBytes` (views, not copies). */
export function splitBytes(bytes: Uint8Array, chunkBytes: number): Uint8Array[] {
  // Outbound audio is almost always one 20 ms frame: no view of a view for it.
  if (bytes.byteLength > 0 && bytes.byteLength <= chunkBytes) return [bytes];
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.byteLength; offset += chunkBytes) {
    chunks.push(bytes.subarray(offset, Math.min(offset + chunkBytes, bytes.byteLength)));
  }
  return chunks;
}

/** A JSON text frame. */
export function textFrame(message: unknown): OutboundFrame {
  return { data: JSON.stringify(message), binary: false };
}

/** A binary frame. */
export function binaryFrame(bytes: Uint8Array): OutboundFrame {
  return { data: bytes, binary: true };
}

/** The string-valued entries of `record`, minus `omit` (non-string values are dropped). */
export function pickStrings(record: Readonly<Record<string, unknown>>, omit: readonly string[] = []): Record<string, string> {
  const entries = Object.entries(record).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string' && !omit.includes(entry[0]),
  );
  return Object.fromEntries(entries);
}

/**
 * The `event` name of a JSON frame (`event` for most providers); DUN_ERR_MEDIA_BAD_FRAME when the
 * frame is not an object naming one. Checked by hand: it runs on every inbound frame.
 */
export function eventName(value: unknown, what: string, field = 'event'): Parsed<string> {
  const name = isRecord(value) ? value[field] : undefined;
  return typeof name === 'string'
    ? { ok: true, value: name }
    : fail('DUN_ERR_MEDIA_BAD_FRAME', `${what} does not match its schema: ${field}: expected a string`, false);
}

/** A text frame of a JSON-only protocol, parsed: its event name and the whole frame. */
export interface TextEvent {
  readonly event: string;
  readonly frame: unknown;
}

/**
 * The common first steps of a protocol that sends only JSON text frames (Twilio, Telnyx, Plivo):
 * size limit, no binary, valid JSON, an `event` name. Each failure is the non-fatal one the
 * policy above gives.
 */
export function readTextEvent(data: Uint8Array | string, isBinary: boolean, maxFrameBytes: number, provider: string): Parsed<TextEvent> {
  const oversized = checkFrameSize(data, maxFrameBytes);
  if (oversized) return oversized;
  if (isBinary) return fail('DUN_ERR_MEDIA_UNEXPECTED_BINARY', `${provider} sends only text frames`, false);
  const json = parseJsonFrame(data);
  if (!json.ok) return json;
  const name = eventName(json.value, `${provider} frame`);
  return name.ok ? { ok: true, value: { event: name.value, frame: json.value } } : name;
}

/** A plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string of decimal digits (as Twilio and Telnyx send counters and timestamps), as a number. */
export const decimalStringSchema = z
  .string()
  .regex(/^\d{1,15}$/, 'expected a decimal string')
  .transform(Number);

/** A non-negative integer sent either as a JSON number or as a decimal string. */
export const countSchema = z.union([z.number().int().nonnegative(), decimalStringSchema]);

/** One DTMF key: 0-9, *, #, A-D. */
export const dtmfDigitSchema = z.string().regex(/^[0-9A-Da-d*#]$/, 'expected one DTMF digit');

/** Custom parameters: an object of which only the string values are kept. */
export const customParametersSchema = z.record(z.string(), z.unknown()).transform((record) => pickStrings(record));

/** A provider id (stream, call, account): a non-empty string of bounded length. */
export const idSchema = z.string().min(1).max(128);
