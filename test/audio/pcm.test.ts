import { describe, expect, it } from 'vitest';
import type { AudioFormat } from '../../src/audio/audio-format.js';
import { mulawToPcm, pcmToAlaw, pcmToMulaw } from '../../src/audio/g711.js';
import { decodeAudio, encodeAudio, pcm16FromBytes, pcm16ToBytes } from '../../src/audio/pcm.js';

const SAMPLES = Int16Array.from([0, 1, -1, 256, -256, 32767, -32768, 0x1234]);

describe('pcm16FromBytes and pcm16ToBytes', () => {
  it('read and write little-endian and big-endian samples', () => {
    const little = Uint8Array.from([0x34, 0x12, 0xff, 0xff, 0x00, 0x80]);
    const big = Uint8Array.from([0x12, 0x34, 0xff, 0xff, 0x80, 0x00]);
    expect(Array.from(pcm16FromBytes(little, 'le'))).toEqual([0x1234, -1, -32768]);
    expect(Array.from(pcm16FromBytes(big, 'be'))).toEqual([0x1234, -1, -32768]);
    expect(Array.from(pcm16ToBytes(Int16Array.from([0x1234, -1, -32768]), 'le'))).toEqual(Array.from(little));
    expect(Array.from(pcm16ToBytes(Int16Array.from([0x1234, -1, -32768]), 'be'))).toEqual(Array.from(big));
  });

  it('round-trip every byte order', () => {
    for (const order of ['le', 'be'] as const) expect(Array.from(pcm16FromBytes(pcm16ToBytes(SAMPLES, order), order))).toEqual(Array.from(SAMPLES));
  });

  it('read a view at an odd offset into a larger buffer', () => {
    const backing = new Uint8Array(9);
    backing.set([0x34, 0x12, 0x01, 0x00], 1);
    expect(Array.from(pcm16FromBytes(backing.subarray(1, 5), 'le'))).toEqual([0x1234, 1]);
  });

  it('write only the viewed samples of a subarray', () => {
    expect(Array.from(pcm16ToBytes(SAMPLES.subarray(1, 3), 'le'))).toEqual([0x01, 0x00, 0xff, 0xff]);
  });

  it('reject an odd number of bytes with a RangeError naming the length', () => {
    expect(() => pcm16FromBytes(new Uint8Array(161), 'le')).toThrow(RangeError);
    expect(() => pcm16FromBytes(new Uint8Array(161), 'be')).toThrow(/161/);
  });
});

describe('decodeAudio and encodeAudio', () => {
  it('use G.711 for μ-law and A-law', () => {
    const mulaw: AudioFormat = { encoding: 'mulaw', sampleRateHz: 8000 };
    const alaw: AudioFormat = { encoding: 'alaw', sampleRateHz: 8000 };
    expect(Array.from(encodeAudio(SAMPLES, mulaw))).toEqual(Array.from(pcmToMulaw(SAMPLES)));
    expect(Array.from(encodeAudio(SAMPLES, alaw))).toEqual(Array.from(pcmToAlaw(SAMPLES)));
    const bytes = Uint8Array.from([0xff, 0x80, 0x00]);
    expect(Array.from(decodeAudio(bytes, mulaw))).toEqual(Array.from(mulawToPcm(bytes)));
    expect(Array.from(decodeAudio(Uint8Array.from([0xd5, 0xaa]), alaw))).toEqual([8, 32256]);
  });

  it('treat L16 as little-endian unless the format says big-endian', () => {
    const payload = Uint8Array.from([0x01, 0x02]);
    expect(Array.from(decodeAudio(payload, { encoding: 'l16', sampleRateHz: 16000 }))).toEqual([0x0201]);
    expect(Array.from(decodeAudio(payload, { encoding: 'l16', sampleRateHz: 16000, byteOrder: 'be' }))).toEqual([0x0102]);
    expect(Array.from(encodeAudio(Int16Array.from([0x0102]), { encoding: 'l16', sampleRateHz: 16000 }))).toEqual([0x02, 0x01]);
    expect(Array.from(encodeAudio(Int16Array.from([0x0102]), { encoding: 'l16', sampleRateHz: 16000, byteOrder: 'be' }))).toEqual([0x01, 0x02]);
  });

  it('reject an odd-length L16 payload with a RangeError naming the length', () => {
    expect(() => decodeAudio(new Uint8Array(321), { encoding: 'l16', sampleRateHz: 16000 })).toThrow(/321 bytes/);
  });
});
