import type { AudioFormat } from './audio-format.js';
import { alawToPcm, mulawToPcm, pcmToAlaw, pcmToMulaw } from './g711.js';

/** True on little-endian hosts (every platform Node ships for), where 'le' samples can be copied whole. */
const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Reads 16-bit signed samples from bytes in the given byte order, into `into` when given (it must
 * hold `bytes.length / 2` samples); throws a RangeError on an odd length.
 */
export function pcm16FromBytes(bytes: Uint8Array, byteOrder: 'le' | 'be', into?: Int16Array): Int16Array {
  if (bytes.length % 2 !== 0) throw new RangeError(`L16 audio must hold whole 16-bit samples, but has an odd length of ${bytes.length} bytes`);
  if (byteOrder === 'le' && HOST_IS_LITTLE_ENDIAN && into === undefined) {
    // slice() copies into a fresh, aligned buffer, which the Int16Array view needs.
    return new Int16Array(bytes.slice().buffer);
  }
  const samples = into ?? new Int16Array(bytes.length / 2);
  const [first, second] = byteOrder === 'be' ? [0, 1] : [1, 0];
  for (let i = 0, j = 0; i < samples.length; i += 1, j += 2) {
    samples[i] = ((bytes[j + first] ?? 0) << 8) | (bytes[j + second] ?? 0);
  }
  return samples;
}

/** Writes 16-bit signed samples as bytes in the given byte order. */
export function pcm16ToBytes(samples: Int16Array, byteOrder: 'le' | 'be'): Uint8Array {
  if (byteOrder === 'le' && HOST_IS_LITTLE_ENDIAN) {
    return new Uint8Array(samples.buffer.slice(samples.byteOffset, samples.byteOffset + samples.byteLength));
  }
  const bytes = new Uint8Array(samples.length * 2);
  const [high, low] = byteOrder === 'be' ? [0, 1] : [1, 0];
  for (let i = 0, j = 0; i < samples.length; i += 1, j += 2) {
    const sample = samples[i] ?? 0;
    bytes[j + high] = (sample >> 8) & 0xff;
    bytes[j + low] = sample & 0xff;
  }
  return bytes;
}

/** How many samples a wire payload of `byteLength` bytes holds in `format`. */
export function sampleCount(byteLength: number, format: AudioFormat): number {
  return format.encoding === 'l16' ? Math.floor(byteLength / 2) : byteLength;
}

/**
 * Decodes a wire payload to 16-bit PCM at the format's rate (no resampling), into `into` when
 * given (it must hold `sampleCount(payload.length, format)` samples); L16 defaults to
 * little-endian, and an odd-length L16 payload throws a RangeError naming its length.
 */
export function decodeAudio(payload: Uint8Array, format: AudioFormat, into?: Int16Array): Int16Array {
  switch (format.encoding) {
    case 'mulaw':
      return mulawToPcm(payload, into);
    case 'alaw':
      return alawToPcm(payload, into);
    case 'l16':
      return pcm16FromBytes(payload, format.byteOrder ?? 'le', into);
  }
}

/** Encodes 16-bit PCM (already at the format's rate) to the format's wire bytes; L16 defaults to little-endian. */
export function encodeAudio(samples: Int16Array, format: AudioFormat): Uint8Array {
  switch (format.encoding) {
    case 'mulaw':
      return pcmToMulaw(samples);
    case 'alaw':
      return pcmToAlaw(samples);
    case 'l16':
      return pcm16ToBytes(samples, format.byteOrder ?? 'le');
  }
}
