/**
 * ITU-T G.711 μ-law and A-law, bit-exact with the ITU's G.191 reference (`g711.c`: `ulaw_compress`,
 * `ulaw_expand`, `alaw_compress`, `alaw_expand`). The reference algorithms run once at module load
 * to fill lookup tables, so encoding and decoding a frame is one table read per sample.
 */

/** μ-law encodes the 14 most significant bits, so a 16-bit sample indexes the table after `>> 2`. */
const MULAW_SHIFT = 2;
/** A-law encodes the 13 most significant bits, but G.191 drops one more (`>> 4`) before quantizing. */
const ALAW_SHIFT = 4;
const MULAW_OFFSET = 32768 >> MULAW_SHIFT;
const ALAW_OFFSET = 32768 >> ALAW_SHIFT;

/** G.191 `ulaw_compress` for one sample: biased 14-bit magnitude, segment by leading one, then inverted. */
function compressMulaw(sample: number): number {
  // G.191 takes the one's complement of negative samples, so -1 and 0 share a code.
  let magnitude = (sample < 0 ? ~sample >> 2 : sample >> 2) + 33;
  if (magnitude > 0x1fff) magnitude = 0x1fff;
  let segment = 1;
  for (let rest = magnitude >> 6; rest !== 0; rest >>= 1) segment += 1;
  const highNibble = 0x08 - segment;
  const lowNibble = 0x0f - ((magnitude >> segment) & 0x0f);
  const code = (highNibble << 4) | lowNibble;
  return sample >= 0 ? code | 0x80 : code;
}

/** G.191 `ulaw_expand` for one code: the midpoint of its decision interval, left-justified to 16 bits. */
function expandMulaw(code: number): number {
  const sign = code < 0x80 ? -1 : 1;
  const inverted = ~code;
  const exponent = (inverted >> 4) & 0x07;
  const mantissa = inverted & 0x0f;
  const step = 4 << (exponent + 1);
  return sign * ((0x80 << exponent) + step * mantissa + step / 2 - 4 * 33);
}

/** G.191 `alaw_compress` for one sample: 12-bit magnitude, segment and mantissa, even bits inverted. */
function compressAlaw(sample: number): number {
  let value = sample < 0 ? ~sample >> 4 : sample >> 4;
  if (value > 15) {
    let exponent = 1;
    while (value > 16 + 15) {
      value >>= 1;
      exponent += 1;
    }
    value -= 16;
    value += exponent << 4;
  }
  if (sample >= 0) value |= 0x80;
  return value ^ 0x55;
}

/** G.191 `alaw_expand` for one code: the midpoint of its decision interval, left-justified to 16 bits. */
function expandAlaw(code: number): number {
  const value = (code ^ 0x55) & 0x7f;
  const exponent = value >> 4;
  let mantissa = value & 0x0f;
  if (exponent > 0) mantissa += 16;
  mantissa = (mantissa << 4) + 0x08;
  if (exponent > 1) mantissa <<= exponent - 1;
  return code > 127 ? mantissa : -mantissa;
}

function buildEncodeTable(shift: number, compress: (sample: number) => number): Uint8Array {
  const size = 65536 >> shift;
  const offset = 32768 >> shift;
  const table = new Uint8Array(size);
  // Every sample with the same top bits gets the same code (the low bits are discarded by the
  // reference before quantizing), so encoding the smallest sample of each bucket covers all.
  for (let index = 0; index < size; index += 1) table[index] = compress((index - offset) << shift);
  return table;
}

function buildDecodeTable(expand: (code: number) => number): Int16Array {
  const table = new Int16Array(256);
  for (let code = 0; code < 256; code += 1) table[code] = expand(code);
  return table;
}

const MULAW_ENCODE = buildEncodeTable(MULAW_SHIFT, compressMulaw);
const ALAW_ENCODE = buildEncodeTable(ALAW_SHIFT, compressAlaw);
const MULAW_DECODE = buildDecodeTable(expandMulaw);
const ALAW_DECODE = buildDecodeTable(expandAlaw);

/** Encodes 16-bit PCM samples to G.711 μ-law bytes, one byte per sample. */
export function pcmToMulaw(samples: Int16Array): Uint8Array {
  const bytes = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i += 1) bytes[i] = MULAW_ENCODE[((samples[i] ?? 0) >> MULAW_SHIFT) + MULAW_OFFSET] ?? 0;
  return bytes;
}

/**
 * Decodes G.711 μ-law bytes to 16-bit PCM samples (range ±32124), into `into` when given (it must
 * hold `bytes.length` samples).
 */
export function mulawToPcm(bytes: Uint8Array, into?: Int16Array): Int16Array {
  const samples = into ?? new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i += 1) samples[i] = MULAW_DECODE[bytes[i] ?? 0] ?? 0;
  return samples;
}

/** Encodes 16-bit PCM samples to G.711 A-law bytes, one byte per sample. */
export function pcmToAlaw(samples: Int16Array): Uint8Array {
  const bytes = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i += 1) bytes[i] = ALAW_ENCODE[((samples[i] ?? 0) >> ALAW_SHIFT) + ALAW_OFFSET] ?? 0;
  return bytes;
}

/** Decodes G.711 A-law bytes to 16-bit PCM samples (range ±32256), into `into` when given (as for μ-law). */
export function alawToPcm(bytes: Uint8Array, into?: Int16Array): Int16Array {
  const samples = into ?? new Int16Array(bytes.length);
  for (let i = 0; i < bytes.length; i += 1) samples[i] = ALAW_DECODE[bytes[i] ?? 0] ?? 0;
  return samples;
}
