import { describe, expect, it } from 'vitest';
import { alawToPcm, mulawToPcm, pcmToAlaw, pcmToMulaw } from '../../src/audio/g711.js';

const ALL_CODES = Uint8Array.from({ length: 256 }, (_, code) => code);
const ALL_SAMPLES = Int16Array.from({ length: 65536 }, (_, i) => i - 32768);

/**
 * Upper decision values of G.711 Table 2a (μ-law) in 14-bit magnitude units: per segment, its end
 * and its step. Counting how many a magnitude reaches gives its 7-bit magnitude code.
 */
function decisionThresholds(segments: readonly (readonly [number, number])[], firstStart: number): number[] {
  const thresholds: number[] = [];
  let start = firstStart;
  for (const [end, step] of segments) {
    for (let value = start + step; value <= end; value += step) thresholds.push(value);
    start = end;
  }
  return thresholds;
}

// μ-law: the first interval is 0..1, then steps of 2 up to 31, 4 up to 95, ... 256 up to 8159.
const MULAW_THRESHOLDS = [1, ...decisionThresholds([[31, 2], [95, 4], [223, 8], [479, 16], [991, 32], [2015, 64], [4063, 128], [8159, 256]], 1)];
// A-law (Table 1a) in 13-bit magnitude units: steps of 2 up to 64, then 4 up to 128, ... 128 up to 4096.
const ALAW_THRESHOLDS = decisionThresholds([[32, 2], [64, 2], [128, 4], [256, 8], [512, 16], [1024, 32], [2048, 64], [4096, 128]], 0);

/**
 * A slow reference encoder written from the standard's decision table rather than from G.191's
 * bit tricks: find the magnitude's interval by comparing against every decision value.
 * G.191 quantizes the one's complement of negative samples, so -1 has magnitude 0, like 0.
 */
function referenceEncode(sample: number, bits: 14 | 13, thresholds: readonly number[]): { positive: boolean; level: number } {
  const scaled = Math.floor(sample / 2 ** (16 - bits));
  const positive = sample >= 0;
  const magnitude = positive ? scaled : -scaled - 1;
  let level = 0;
  for (const threshold of thresholds) if (magnitude >= threshold) level += 1;
  return { positive, level: Math.min(level, 127) };
}

function referenceMulaw(sample: number): number {
  const { positive, level } = referenceEncode(sample, 14, MULAW_THRESHOLDS);
  // μ-law transmits the level inverted, with 1 as the sign bit of positive samples.
  return (positive ? 0x80 : 0x00) | (0x7f - level);
}

function referenceAlaw(sample: number): number {
  const { positive, level } = referenceEncode(sample, 13, ALAW_THRESHOLDS);
  // A-law transmits the level with even bits inverted (0x55), 1 as the sign bit of positive samples.
  return ((positive ? 0x80 : 0x00) | level) ^ 0x55;
}

describe('G.711 μ-law', () => {
  it('decodes the standard values', () => {
    expect(Array.from(mulawToPcm(Uint8Array.from([0xff, 0x7f, 0x80, 0x00, 0xfe, 0x7e])))).toEqual([0, 0, 32124, -32124, 8, -8]);
  });

  it('encodes zero, full scale and the first segment boundary', () => {
    const samples = Int16Array.from([0, -1, 1, 32767, -32768, 32124, -32124, 123, 124, -124, -125]);
    expect(Array.from(pcmToMulaw(samples))).toEqual([0xff, 0x7f, 0xff, 0x80, 0x00, 0x80, 0x00, 0xf0, 0xef, 0x70, 0x6f]);
  });

  it('re-encodes every decoded code to itself, except 0x7f (negative zero) which becomes 0xff as in G.191', () => {
    const again = pcmToMulaw(mulawToPcm(ALL_CODES));
    for (let code = 0; code < 256; code += 1) expect(again[code], `code ${code}`).toBe(code === 0x7f ? 0xff : code);
    expect(mulawToPcm(Uint8Array.from([0x7f]))[0]).toBe(0);
  });

  it('matches a table-driven reference encoder on all 65,536 inputs', () => {
    const fast = pcmToMulaw(ALL_SAMPLES);
    const mismatches = ALL_SAMPLES.filter((sample, i) => fast[i] !== referenceMulaw(sample));
    expect(mismatches.length).toBe(0);
    expect(MULAW_THRESHOLDS.length).toBe(128);
  });
});

describe('G.711 A-law', () => {
  it('decodes the standard values', () => {
    expect(Array.from(alawToPcm(Uint8Array.from([0xd5, 0x55, 0xaa, 0x2a])))).toEqual([8, -8, 32256, -32256]);
  });

  it('encodes zero, full scale and the first segment boundary', () => {
    const samples = Int16Array.from([0, -1, 15, 16, 32767, -32768, 255, 256, -256, -257]);
    expect(Array.from(pcmToAlaw(samples))).toEqual([0xd5, 0x55, 0xd5, 0xd4, 0xaa, 0x2a, 0xda, 0xc5, 0x5a, 0x45]);
  });

  it('re-encodes every decoded code to itself', () => {
    expect(Array.from(pcmToAlaw(alawToPcm(ALL_CODES)))).toEqual(Array.from(ALL_CODES));
  });

  it('matches a table-driven reference encoder on all 65,536 inputs', () => {
    const fast = pcmToAlaw(ALL_SAMPLES);
    const mismatches = ALL_SAMPLES.filter((sample, i) => fast[i] !== referenceAlaw(sample));
    expect(mismatches.length).toBe(0);
    // 128 decision values: the last (4096) is the top of the range, which no 16-bit sample reaches.
    expect(ALAW_THRESHOLDS.length).toBe(128);
  });
});

describe('G.711 decoding', () => {
  it('grows strictly with the level and is symmetric in sign', () => {
    const levels = Array.from({ length: 128 }, (_, level) => level);
    const mulawPositive = Array.from(mulawToPcm(Uint8Array.from(levels, (level) => 0xff - level)));
    const mulawNegative = Array.from(mulawToPcm(Uint8Array.from(levels, (level) => 0x7f - level)));
    const alawPositive = Array.from(alawToPcm(Uint8Array.from(levels, (level) => (0x80 | level) ^ 0x55)));
    const alawNegative = Array.from(alawToPcm(Uint8Array.from(levels, (level) => level ^ 0x55)));
    for (const values of [mulawPositive, alawPositive]) {
      for (let i = 1; i < values.length; i += 1) expect(values[i]).toBeGreaterThan(values[i - 1] ?? 0);
    }
    for (const [negative, positive] of [[mulawNegative, mulawPositive], [alawNegative, alawPositive]] as const) {
      expect(negative.every((value) => value <= 0)).toBe(true);
      expect(negative.map((value) => Math.abs(value))).toEqual(positive);
    }
  });
});
