import { describe, expect, it } from 'vitest';
import { DtmfDetector } from '../../src/audio/dtmf-detector.js';
import { HOLD_PATTERN_MS, generateHoldPattern } from '../../src/audio/tone-generator.js';

/** RMS of each 20 ms frame of `samples` at `sampleRateHz`. */
function frameLevels(samples: Int16Array, sampleRateHz: number): number[] {
  const size = (sampleRateHz * 20) / 1000;
  const levels: number[] = [];
  for (let offset = 0; offset + size <= samples.length; offset += size) {
    let sum = 0;
    for (let i = offset; i < offset + size; i += 1) sum += (samples[i] ?? 0) ** 2;
    levels.push(Math.sqrt(sum / size));
  }
  return levels;
}

describe('the hold pattern', () => {
  it('lasts HOLD_PATTERN_MS at any rate, gentle and never silent', () => {
    for (const sampleRateHz of [8000, 16_000]) {
      const samples = generateHoldPattern(sampleRateHz);
      expect(samples.length).toBe((HOLD_PATTERN_MS * sampleRateHz) / 1000);
      const peak = samples.reduce((max, sample) => Math.max(max, Math.abs(sample)), 0);
      expect(peak / 32767).toBeLessThan(0.15);
      // Every 20 ms carries sound: the quiet chord under the notes is about -37 dBFS.
      expect(Math.min(...frameLevels(samples, sampleRateHz))).toBeGreaterThan(300);
    }
  });

  it('loops without a click: its end runs on into its start', () => {
    const samples = generateHoldPattern(8000);
    const last = samples[samples.length - 1] ?? 0;
    const first = samples[0] ?? 0;
    const step = Math.abs((samples[1] ?? 0) - first);
    expect(Math.abs(first - last)).toBeLessThanOrEqual(step + 60);
  });

  it('is never heard as a key, looped for a minute', () => {
    const detector = new DtmfDetector({ sampleRateHz: 8000 });
    const samples = generateHoldPattern(8000);
    const keys: string[] = [];
    for (let pass = 0; pass < 15; pass += 1) {
      for (let offset = 0; offset < samples.length; offset += 160) keys.push(...detector.process(samples.subarray(offset, offset + 160)));
    }
    expect(keys).toEqual([]);
  });
});
