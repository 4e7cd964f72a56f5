import { describe, expect, it } from 'vitest';
import { Resampler, resample } from '../../src/audio/resampler.js';
import { linearSweep, rms, seededRandom, toPcm } from './signals.js';

function tone(frequencyHz: number, sampleRateHz: number, durationMs: number, amplitude: number): Float64Array {
  const length = Math.round((durationMs * sampleRateHz) / 1000);
  return Float64Array.from({ length }, (_, i) => amplitude * Math.sin((2 * Math.PI * frequencyHz * i) / sampleRateHz));
}

function db(ratio: number): number {
  return 20 * Math.log10(ratio);
}

/** The middle of a signal, away from the start and end where the filter sees silence. */
function middle(samples: Int16Array, sampleRateHz: number, marginMs = 50): Int16Array {
  const margin = Math.round((marginMs * sampleRateHz) / 1000);
  return samples.subarray(margin, samples.length - margin);
}

const PAIRS: readonly (readonly [number, number])[] = [
  [8000, 16000], [16000, 8000], [16000, 48000], [48000, 16000], [8000, 48000], [48000, 8000],
  [22050, 8000], [8000, 22050], [24000, 8000], [22050, 16000], [24000, 48000], [22050, 24000],
];

describe('resample', () => {
  it('returns ceil(length · toHz / fromHz) samples', () => {
    for (const [fromHz, toHz] of PAIRS) {
      for (const length of [0, 1, 7, 441, 1000]) expect(resample(new Int16Array(length), fromHz, toHz).length).toBe(Math.ceil((length * toHz) / fromHz));
    }
  });

  it('keeps DC at its level in every direction', () => {
    for (const [fromHz, toHz] of PAIRS) {
      const out = middle(resample(new Int16Array(fromHz / 2).fill(10000), fromHz, toHz), toHz);
      expect(Math.abs(db(rms(out) / 10000)), `${fromHz}→${toHz}`).toBeLessThan(0.5);
      expect(Math.max(...out) - Math.min(...out), `${fromHz}→${toHz}`).toBeLessThanOrEqual(2);
    }
  });

  it('keeps a 1 kHz tone within ±0.5 dB and in time, with no delay', () => {
    for (const [fromHz, toHz] of PAIRS) {
      const out = resample(toPcm(tone(1000, fromHz, 500, 16000)), fromHz, toHz);
      const expected = toPcm(tone(1000, toHz, 500, 16000));
      const body = middle(out, toHz);
      expect(Math.abs(db(rms(body) / (16000 / Math.SQRT2))), `${fromHz}→${toHz}`).toBeLessThan(0.5);
      // Any delay would show as a large difference from the ideal tone at the output rate.
      const error = middle(Int16Array.from(out, (sample, i) => sample - (expected[i] ?? 0)), toHz);
      expect(db(rms(error) / rms(body)), `${fromHz}→${toHz}`).toBeLessThan(-40);
    }
  });

  it('keeps a 1 kHz tone within ±0.5 dB through 8k → 16k → 48k → 16k → 8k', () => {
    let samples = toPcm(tone(1000, 8000, 500, 12000));
    for (const [fromHz, toHz] of [[8000, 16000], [16000, 48000], [48000, 16000], [16000, 8000]] as const) samples = resample(samples, fromHz, toHz);
    expect(Math.abs(db(rms(middle(samples, 8000)) / (12000 / Math.SQRT2)))).toBeLessThan(0.5);
  });

  it('passes audio through unchanged when the rates are equal', () => {
    const samples = Int16Array.from([1, -2, 3, 32767]);
    expect(Array.from(resample(samples, 16000, 16000))).toEqual([1, -2, 3, 32767]);
  });

  it('rejects rates that are not positive whole numbers', () => {
    expect(() => new Resampler({ fromHz: 0, toHz: 8000 })).toThrow(RangeError);
    expect(() => new Resampler({ fromHz: 8000, toHz: 44100.5 })).toThrow(RangeError);
  });
});

describe('Resampler streaming', () => {
  it('gives exactly the one-shot output when fed in chunks of any size', () => {
    const random = seededRandom(7);
    for (const [fromHz, toHz] of PAIRS) {
      const input = toPcm(Float64Array.from({ length: 3000 }, () => (random() - 0.5) * 30000));
      const expected = resample(input, fromHz, toHz);
      const resampler = new Resampler({ fromHz, toHz });
      const pieces: number[] = [];
      for (let offset = 0; offset < input.length; ) {
        const size = Math.floor(random() * 400);
        pieces.push(...resampler.process(input.subarray(offset, offset + size)));
        offset += size;
      }
      pieces.push(...resampler.flush());
      expect(pieces.length, `${fromHz}→${toHz}`).toBe(expected.length);
      expect(pieces, `${fromHz}→${toHz}`).toEqual(Array.from(expected));
    }
  });

  it('returns 20 ms frames of steady size at telephone rates', () => {
    const resampler = new Resampler({ fromHz: 8000, toHz: 16000 });
    const sizes = Array.from({ length: 10 }, () => resampler.process(new Int16Array(160)).length);
    // After the filter's look-ahead is filled, every 160-sample frame gives 320 samples.
    expect(sizes.slice(1)).toEqual(Array(9).fill(320));
  });

  it('starts afresh after flush()', () => {
    const input = toPcm(tone(440, 22050, 100, 9000));
    const resampler = new Resampler({ fromHz: 22050, toHz: 8000 });
    const first = [...resampler.process(input), ...resampler.flush()];
    const second = [...resampler.process(input), ...resampler.flush()];
    expect(second).toEqual(first);
  });
});

describe('Resampler anti-aliasing', () => {
  /**
   * Level of the 8 kHz output over input samples [from, to) relative to the input's level there,
   * in dB, and the largest output sample there (leakage under half a step rounds to silence).
   */
  function levelAt8k(fromHz: number, sweep: Float64Array, from: number, to: number): { db: number; peak: number } {
    const out = resample(toPcm(sweep), fromHz, 8000);
    const scale = 8000 / fromHz;
    const window = out.subarray(Math.ceil(from * scale), Math.floor(to * scale));
    return { db: db(rms(window) / rms(sweep, from, to)), peak: Math.max(...Array.from(window, Math.abs)) };
  }

  it('keeps a 4.2 kHz–Nyquist sweep at least 40 dB down when going to 8 kHz', () => {
    for (const fromHz of [48000, 22050]) {
      const sweep = linearSweep(4200, fromHz / 2, 2000, fromHz, 16000);
      const leak = levelAt8k(fromHz, sweep, 0, sweep.length);
      console.log(`aliasing ${fromHz} Hz → 8000 Hz, 4.2–${fromHz / 2000} kHz sweep at -9 dBFS: ${leak.db.toFixed(1)} dB, largest output sample ${leak.peak}`);
      expect(leak.db).toBeLessThan(-40);
    }
  });

  it('passes the in-band part of a 0–Nyquist sweep and rejects the part above 4.2 kHz', () => {
    for (const fromHz of [48000, 22050]) {
      const durationMs = 3000;
      const nyquistHz = fromHz / 2;
      const sweep = linearSweep(0, nyquistHz, durationMs, fromHz, 16000, 0);
      // In a linear sweep time maps to frequency, so a time window is a frequency band.
      const sampleAtHz = (hz: number): number => Math.round((hz / nyquistHz) * sweep.length);
      const leak = levelAt8k(fromHz, sweep, sampleAtHz(4300), sweep.length - sampleAtHz(50));
      const pass = levelAt8k(fromHz, sweep, sampleAtHz(300), sampleAtHz(3300));
      console.log(`aliasing ${fromHz} Hz → 8000 Hz, 0–${nyquistHz / 1000} kHz sweep: ${leak.db.toFixed(1)} dB while above 4.3 kHz (largest output sample ${leak.peak}); 0.3–3.3 kHz passes at ${pass.db.toFixed(2)} dB`);
      expect(leak.db).toBeLessThan(-40);
      expect(Math.abs(pass.db)).toBeLessThan(0.5);
    }
  });
});
