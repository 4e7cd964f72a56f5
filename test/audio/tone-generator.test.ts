import { describe, expect, it } from 'vitest';
import { DTMF_FREQUENCIES_HZ, generateDtmf, generateSilence, generateTone } from '../../src/audio/tone-generator.js';
import { rms } from './signals.js';

describe('tone generator', () => {
  it('generates a sine of the requested length, frequency and peak', () => {
    const tone = generateTone(1000, 20, 8000, 0.5);
    expect(tone.length).toBe(160);
    // 1 kHz at 8 kHz repeats every 8 samples: 0, peak·√½, peak, ...
    expect(Array.from(tone.subarray(0, 4))).toEqual([0, Math.round(16383.5 * Math.SQRT1_2), 16384, Math.round(16383.5 * Math.SQRT1_2)]);
    expect(rms(tone)).toBeCloseTo((0.5 * 32767) / Math.SQRT2, -1);
  });

  it('generates silence', () => {
    const silence = generateSilence(30, 16000);
    expect(silence.length).toBe(480);
    expect(silence.every((sample) => sample === 0)).toBe(true);
  });

  it('generates both tones of a DTMF key at equal level', () => {
    const key = generateDtmf('#', { sampleRateHz: 8000, durationMs: 100, amplitude: 0.25 });
    expect(key.length).toBe(800);
    expect(DTMF_FREQUENCIES_HZ['#']).toEqual([941, 1477]);
    // Two uncorrelated sines of peak A have an RMS of A.
    expect(rms(key) / (0.25 * 32767)).toBeCloseTo(1, 1);
    expect(Array.from(generateDtmf('a', { sampleRateHz: 8000, durationMs: 10, amplitude: 0.1 }))).toEqual(Array.from(generateDtmf('A', { sampleRateHz: 8000, durationMs: 10, amplitude: 0.1 })));
  });

  it('rejects unknown keys and amplitudes outside 0–1', () => {
    expect(() => generateDtmf('E', { sampleRateHz: 8000, durationMs: 10, amplitude: 0.1 })).toThrow(RangeError);
    expect(() => generateDtmf('constructor', { sampleRateHz: 8000, durationMs: 10, amplitude: 0.1 })).toThrow(RangeError);
    expect(() => generateTone(440, 10, 8000, 8000)).toThrow(/fraction of full scale/);
    expect(() => generateSilence(-1, 8000)).toThrow(RangeError);
  });
});
