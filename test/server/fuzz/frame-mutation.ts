import { Buffer } from 'node:buffer';
import fc from 'fast-check';

/** One WebSocket message as a fuzz client sends it. */
export type WireMessage =
  | { readonly kind: 'text'; readonly data: string }
  /** Bytes in a text frame, sent as they are: possibly not UTF-8, which the server's `ws` refuses with 1007. */
  | { readonly kind: 'text-bytes'; readonly data: Uint8Array }
  | { readonly kind: 'binary'; readonly data: Uint8Array };

/** A frame as a provider sends it, before any mutation: a JSON text message or binary audio. */
export type WireFrame = { readonly json: unknown } | { readonly bytes: Uint8Array };

/**
 * A value too large to keep in a generated plan (a string of tens of kilobytes, JSON nested
 * thousands deep): the plan holds its size, and it is written out only when the frame is serialized.
 */
export class BulkyValue {
  readonly shape: 'long-string' | 'deep-array' | 'deep-object';
  readonly size: number;

  constructor(shape: BulkyValue['shape'], size: number) {
    this.shape = shape;
    this.size = size;
  }

  [fc.toStringMethod](): string {
    return `bulky(${this.shape}, ${this.size})`;
  }

  /** The JSON text of the value. */
  toJson(): string {
    switch (this.shape) {
      case 'long-string':
        return `"${'A'.repeat(this.size)}"`;
      case 'deep-array':
        return `${'['.repeat(this.size)}${']'.repeat(this.size)}`;
      case 'deep-object':
        return `${'{"a":'.repeat(this.size)}0${'}'.repeat(this.size)}`;
    }
  }
}

/** Byte sizes around the limits: the serializers' 64 KiB frame limit and the server's 256 KiB message limit (over it: 1009). */
export const SIZES_NEAR_LIMITS_BYTES = [65_535, 65_536, 65_537, 262_143, 262_144, 262_145, 400_000] as const;

/** Sample rates from the documented ones to the absurd, for start frames (numbers; some providers send strings). */
export const HOSTILE_SAMPLE_RATES_HZ = [0, 1, 4000, 7999, 8000, 8001, 11_025, 16_000, 22_050, 24_000, 44_100, 48_000, 64_000, 96_000, 192_000, 32_768_000, 1e9, 1e10, 2 ** 31, 2 ** 53 - 1, 1e21, 1e308, -8000, 8000.5] as const;

/** Channel counts, from the one every provider sends to the absurd. */
export const HOSTILE_CHANNELS = [0, 2, 8, 255, 65_536, 1e9, -1, 1.5] as const;

/** Values that break types and ranges: wrong types, huge and negative numbers, NaN-like strings, long and deep values. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, -0, 0.5, -8000, 1e308, -1e308, 2 ** 31, 2 ** 32, 2 ** 53 + 2, 1e21),
  fc.constantFrom('', 'NaN', 'Infinity', '-Infinity', '-1', '1e400', '0x10', '00001', ' 8000', '8000 ', '٨٠٠٠', '\u0000', '\ud800', '🙂', '__proto__', 'constructor', 'toString'),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom<unknown>([], {}, [1, 2, 3], { '': null }, JSON.parse('{"__proto__":{"polluted":true}}')),
  fc.record({ shape: fc.constantFrom('long-string' as const, 'deep-array' as const, 'deep-object' as const), size: fc.constantFrom(1000, 10_000, 20_000, 60_000) }).map(
    ({ shape, size }) => new BulkyValue(shape, shape === 'long-string' ? size : Math.floor(size / 5)),
  ),
);

/** Event names no provider defines, and near-misses of the ones they do. */
export const unknownEventName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('dance', 'MEDIA', 'Start', 'start ', 'stop\u0000', 'websocket:connected ', 'playAudio', 'clear', 'mark.', '', 'x'.repeat(5000)),
  fc.string({ maxLength: 30 }),
);

/** One change to a frame's JSON, at the `at`-th path (modulo how many the frame has). */
export type JsonEdit =
  | { readonly op: 'drop'; readonly at: number }
  | { readonly op: 'replace'; readonly at: number; readonly value: unknown }
  | { readonly op: 'add'; readonly at: number; readonly key: string; readonly value: unknown }
  | { readonly op: 'event'; readonly field: 'event' | 'type'; readonly name: string };

/** One change to a frame's bytes once serialized; `at` is a position as a fraction of the length. */
export type ByteEdit =
  | { readonly op: 'truncate'; readonly at: number }
  | { readonly op: 'flip'; readonly at: number; readonly byte: number }
  | { readonly op: 'insert'; readonly at: number; readonly bytes: readonly number[] }
  | { readonly op: 'duplicate' }
  | { readonly op: 'wrap-array' }
  | { readonly op: 'pad-to'; readonly sizeBytes: number }
  | { readonly op: 'empty' };

/** How a frame goes out: as its kind (text for JSON, binary for audio), as the other kind, or as text that is not UTF-8. */
export type Transport = 'native' | 'swapped' | 'invalid-utf8';

/** Everything done to one frame before it is sent. */
export interface Mutation {
  readonly edits: readonly JsonEdit[];
  readonly bytes: ByteEdit | undefined;
  readonly transport: Transport;
}

const jsonEdit: fc.Arbitrary<JsonEdit> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('replace' as const), at: fc.nat(), value: hostileValue }),
  fc.record({ op: fc.constant('add' as const), at: fc.nat(), key: fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('__proto__', 'constructor', 'event', 'type', 'streamSid', 'stream_id')), value: hostileValue }),
  fc.record({ op: fc.constant('event' as const), field: fc.constantFrom('event' as const, 'type' as const), name: unknownEventName }),
);

const fraction = fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true });

const byteEdit: fc.Arbitrary<ByteEdit> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('truncate' as const), at: fraction }), weight: 3 },
  // Mostly printable ASCII, so most flips leave the text UTF-8 and reach the parsers.
  { arbitrary: fc.record({ op: fc.constant('flip' as const), at: fraction, byte: fc.oneof({ arbitrary: fc.integer({ min: 0x20, max: 0x7e }), weight: 9 }, fc.integer({ min: 0, max: 255 })) }), weight: 3 },
  { arbitrary: fc.record({ op: fc.constant('insert' as const), at: fraction, bytes: fc.array(fc.integer({ min: 0x20, max: 0x7e }), { minLength: 1, maxLength: 8 }) }), weight: 2 },
  { arbitrary: fc.record({ op: fc.constant('duplicate' as const) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('wrap-array' as const) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('pad-to' as const), sizeBytes: fc.constantFrom(...SIZES_NEAR_LIMITS_BYTES) }), weight: 1 },
  { arbitrary: fc.record({ op: fc.constant('empty' as const) }), weight: 1 },
);

/** A mutation: a few JSON edits, maybe a byte edit, rarely another transport. */
export const mutation: fc.Arbitrary<Mutation> = fc.record({
  edits: fc.array(jsonEdit, { minLength: 0, maxLength: 3 }),
  bytes: fc.option(byteEdit, { freq: 2 }).map((edit) => edit ?? undefined),
  transport: fc.oneof({ arbitrary: fc.constant('native' as const), weight: 17 }, { arbitrary: fc.constant('swapped' as const), weight: 2 }, { arbitrary: fc.constant('invalid-utf8' as const), weight: 1 }),
});

type Path = readonly (string | number)[];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof BulkyValue);
}

/** Every path in a JSON value, the root (the empty path) first. */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const paths: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((item, index) => paths.push(...pathsOf(item, [...prefix, index])));
  else if (isObject(value)) for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...prefix, key]));
  return paths;
}

function containerAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const key of path) {
    if (Array.isArray(node) && typeof key === 'number') node = node[key];
    else if (isObject(node) && typeof key === 'string') node = node[key];
    else return undefined;
  }
  return node;
}

/** Sets (or, with `remove`, deletes) the value at a non-root path. */
function setAt(root: unknown, path: Path, value: unknown, remove: boolean): void {
  const parent = containerAt(root, path.slice(0, -1));
  const key = path.at(-1);
  if (Array.isArray(parent) && typeof key === 'number') {
    if (remove) parent.splice(key, 1);
    else parent[key] = value;
  } else if (isObject(parent) && typeof key === 'string') {
    if (remove) delete parent[key];
    else Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
  }
}

/** A copy of a generated value, so that edits never change the value fast-check keeps. */
function copyOf(value: unknown): unknown {
  return value instanceof BulkyValue ? value : structuredClone(value);
}

/** Applies JSON edits to a copy of `json`; the root itself may be replaced. */
export function editJson(json: unknown, edits: readonly JsonEdit[]): unknown {
  let root: unknown = structuredClone(json);
  for (const edit of edits) {
    if (edit.op === 'event') {
      if (isObject(root)) root[edit.field] = edit.name;
      continue;
    }
    const paths = pathsOf(root);
    const path = paths[edit.at % paths.length] ?? [];
    if (edit.op === 'drop') {
      if (path.length > 0) setAt(root, path, undefined, true);
    } else if (edit.op === 'replace') {
      if (path.length === 0) root = copyOf(edit.value);
      else setAt(root, path, copyOf(edit.value), false);
    } else {
      const target = containerAt(root, path);
      if (isObject(target)) setAt(root, [...path, edit.key], copyOf(edit.value), false);
      else if (isObject(root)) setAt(root, [edit.key], copyOf(edit.value), false);
    }
  }
  return root;
}

const BULKY_MARKER = /"\\u0001bulky(\d+)\\u0001"/g;

/** JSON text of a value that may hold BulkyValues (written out in full here). */
export function serializeJson(value: unknown): string {
  const bulky: BulkyValue[] = [];
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (!(item instanceof BulkyValue)) return item;
    bulky.push(item);
    return `\u0001bulky${bulky.length - 1}\u0001`;
  });
  if (text === undefined) return '';
  return bulky.length === 0 ? text : text.replace(BULKY_MARKER, (_match, index: string) => bulky[Number(index)]?.toJson() ?? 'null');
}

function positionIn(length: number, at: number): number {
  return Math.min(length, Math.floor(at * (length + 1)));
}

/** Pads to exactly `sizeBytes`: a JSON object gets a string field, anything else trailing spaces (still valid JSON). */
function padTo(bytes: Buffer, sizeBytes: number): Buffer {
  const field = Buffer.from(',"zz":""');
  const isObjectText = bytes.length >= 2 && bytes[0] === 0x7b && bytes[bytes.length - 1] === 0x7d;
  if (isObjectText && sizeBytes >= bytes.length + field.length) {
    const fill = Buffer.alloc(sizeBytes - bytes.length - field.length, 0x78);
    return Buffer.concat([bytes.subarray(0, bytes.length - 1), field.subarray(0, field.length - 1), fill, Buffer.from('"}')]);
  }
  return bytes.length >= sizeBytes ? bytes : Buffer.concat([bytes, Buffer.alloc(sizeBytes - bytes.length, 0x20)]);
}

/** Applies a byte edit to serialized bytes. */
export function editBytes(bytes: Buffer, edit: ByteEdit | undefined): Buffer {
  if (edit === undefined) return bytes;
  switch (edit.op) {
    case 'truncate':
      return bytes.subarray(0, positionIn(bytes.length - 1, edit.at));
    case 'flip': {
      if (bytes.length === 0) return bytes;
      const copy = Buffer.from(bytes);
      copy[Math.min(bytes.length - 1, positionIn(bytes.length, edit.at))] = edit.byte;
      return copy;
    }
    case 'insert': {
      const at = positionIn(bytes.length, edit.at);
      return Buffer.concat([bytes.subarray(0, at), Buffer.from(edit.bytes), bytes.subarray(at)]);
    }
    case 'duplicate':
      return Buffer.concat([bytes, bytes]);
    case 'wrap-array':
      return Buffer.concat([Buffer.from('['), bytes, Buffer.from(']')]);
    case 'pad-to':
      return padTo(bytes, edit.sizeBytes);
    case 'empty':
      return Buffer.alloc(0);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(bytes: Uint8Array): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The message that carries `frame` after `change` (none: as the provider sends it). */
export function renderMessage(frame: WireFrame, change: Mutation | undefined): WireMessage {
  const isJson = 'json' in frame;
  const serialized = isJson ? Buffer.from(serializeJson(change === undefined ? frame.json : editJson(frame.json, change.edits))) : Buffer.from(frame.bytes);
  const bytes = editBytes(serialized, change?.bytes);
  const transport = change?.transport ?? 'native';
  if (transport === 'invalid-utf8') return { kind: 'text-bytes', data: Buffer.concat([bytes.subarray(0, 1), Buffer.from([0xff, 0xfe]), bytes.subarray(1)]) };
  const asText = isJson === (transport === 'native');
  if (!asText) return { kind: 'binary', data: bytes };
  // Audio sent as text is read as Latin-1, so the text frame stays UTF-8 and reaches the serializer.
  if (!isJson) return { kind: 'text', data: bytes.toString('latin1') };
  return isUtf8(bytes) ? { kind: 'text', data: bytes.toString('utf8') } : { kind: 'text-bytes', data: bytes };
}

/** A message that no provider would send: random bytes, garbage text, empty frames, frames at and over the size limits. */
export type RawMessage =
  | { readonly raw: 'random-binary'; readonly bytes: readonly number[] }
  | { readonly raw: 'random-text'; readonly text: string }
  | { readonly raw: 'truncated-json'; readonly text: string }
  | { readonly raw: 'empty-text' }
  | { readonly raw: 'empty-binary' }
  | { readonly raw: 'big-text'; readonly sizeBytes: number }
  | { readonly raw: 'big-binary'; readonly sizeBytes: number };

export const rawMessage: fc.Arbitrary<RawMessage> = fc.oneof(
  { arbitrary: fc.record({ raw: fc.constant('random-binary' as const), bytes: fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 700 }) }), weight: 3 },
  { arbitrary: fc.record({ raw: fc.constant('random-text' as const), text: fc.string({ unit: 'grapheme', maxLength: 200 }) }), weight: 3 },
  { arbitrary: fc.record({ raw: fc.constant('truncated-json' as const), text: fc.constantFrom('{', '{"event":', '{"event":"media","media":{"payload":"', '[', '"', '{"event":"start"', 'nul', '{}}', '{"a":1,}') }), weight: 2 },
  { arbitrary: fc.record({ raw: fc.constant('empty-text' as const) }), weight: 1 },
  { arbitrary: fc.record({ raw: fc.constant('empty-binary' as const) }), weight: 1 },
  { arbitrary: fc.record({ raw: fc.constant('big-text' as const), sizeBytes: fc.constantFrom(...SIZES_NEAR_LIMITS_BYTES) }), weight: 1 },
  { arbitrary: fc.record({ raw: fc.constant('big-binary' as const), sizeBytes: fc.constantFrom(...SIZES_NEAR_LIMITS_BYTES) }), weight: 1 },
);

/** The message of a raw step. */
export function renderRawMessage(message: RawMessage): WireMessage {
  switch (message.raw) {
    case 'random-binary':
      return { kind: 'binary', data: Uint8Array.from(message.bytes) };
    case 'random-text':
    case 'truncated-json':
      return { kind: 'text', data: message.text };
    case 'empty-text':
      return { kind: 'text', data: '' };
    case 'empty-binary':
      return { kind: 'binary', data: new Uint8Array(0) };
    case 'big-text':
      return { kind: 'text', data: `{"event":"media","x":"${'x'.repeat(Math.max(0, message.sizeBytes - 24))}"}` };
    case 'big-binary':
      return { kind: 'binary', data: new Uint8Array(message.sizeBytes).fill(0x55) };
  }
}
