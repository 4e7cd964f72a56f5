import { describe, expect, it } from 'vitest';
import { DEFAULT_ENERGY_VAD_OPTIONS, EnergyVad } from '../../src/audio/energy-vad.js';
import type { VadDecision } from '../../src/audio/vad.js';
import { generateTone } from '../../src/audio/tone-generator.js';
import { concat, toPcm, whiteNoise } from './signals.js';

const RATE_HZ = 8000;
const FRAME = 160; // 20 ms

/** White noise whose RMS is `levelDb` dBFS. */
function noise(durationMs: number, levelDb: number, seed: number): Int16Array {
  return toPcm(whiteNoise((durationMs * RATE_HZ) / 1000, 32768 * 10 ** (levelDb / 20), seed));
}

/** A tone whose RMS is `levelDb` dBFS, over a noise bed. */
function toneOver(durationMs: number, levelDb: number, bedDb: number, seed: number): Int16Array {
  const sine = generateTone(440, durationMs, RATE_HZ, Math.SQRT2 * 10 ** (levelDb / 20));
  const bed = noise(durationMs, bedDb, seed);
  return toPcm(Array.from(sine, (sample, i) => sample + (bed[i] ?? 0)));
}

function run(vad: EnergyVad, signal: Int16Array): VadDecision[] {
  const decisions: VadDecision[] = [];
  for (let offset = 0; offset + FRAME <= signal.length; offset += FRAME) decisions.push(vad.process(signal.subarray(offset, offset + FRAME)));
  return decisions;
}

function framesWhere(decisions: readonly VadDecision[], key: 'speechStarted' | 'speechEnded'): number[] {
  return decisions.flatMap((decision, frame) => (decision[key] ? [frame] : []));
}

describe('EnergyVad', () => {
  it('hears no speech in digital silence followed by faint line noise', () => {
    const decisions = run(new EnergyVad(), concat(new Int16Array(RATE_HZ), noise(3000, -65, 1)));
    expect(decisions.some((decision) => decision.speech)).toBe(false);
    expect(decisions[0]?.energyDb).toBe(-100);
  });

  it('reports frame energy in dBFS', () => {
    const [decision] = run(new EnergyVad(), generateTone(1000, 20, RATE_HZ, 1));
    // A full-scale sine is 3 dB below a full-scale square wave.
    expect(decision?.energyDb).toBeCloseTo(-3.01, 1);
  });

  it('starts speech on the frame that completes the onset run', () => {
    const { onsetFrames } = DEFAULT_ENERGY_VAD_OPTIONS;
    const decisions = run(new EnergyVad(), concat(noise(1000, -60, 2), toneOver(600, -25, -60, 3), noise(1000, -60, 4)));
    // The burst begins at frame 50; the third voiced frame in a row declares speech.
    expect(framesWhere(decisions, 'speechStarted')).toEqual([50 + onsetFrames - 1]);
    expect(decisions[50 + onsetFrames - 2]?.speech).toBe(false);
  });

  it('ignores a burst shorter than the onset', () => {
    const decisions = run(new EnergyVad(), concat(noise(1000, -60, 5), toneOver(40, -25, -60, 6), noise(500, -60, 7)));
    expect(decisions.some((decision) => decision.speech)).toBe(false);
  });

  it('holds speech through a pause shorter than the hangover', () => {
    const signal = concat(noise(1000, -60, 8), toneOver(400, -25, -60, 9), noise(200, -60, 10), toneOver(400, -25, -60, 11), noise(1000, -60, 12));
    const decisions = run(new EnergyVad(), signal);
    expect(framesWhere(decisions, 'speechStarted')).toHaveLength(1);
    expect(framesWhere(decisions, 'speechEnded')).toHaveLength(1);
    // Frames 70–79 are the 200 ms pause.
    expect(decisions.slice(70, 80).every((decision) => decision.speech)).toBe(true);
  });

  it('ends speech on the last frame of the hangover', () => {
    const { hangoverFrames } = DEFAULT_ENERGY_VAD_OPTIONS;
    const decisions = run(new EnergyVad(), concat(noise(1000, -60, 13), toneOver(600, -25, -60, 14), noise(1000, -60, 15)));
    // The burst covers frames 50–79; frame 80 is the first quiet one.
    expect(framesWhere(decisions, 'speechEnded')).toEqual([80 + hangoverFrames - 1]);
    expect(decisions[80 + hangoverFrames - 2]?.speech).toBe(true);
    expect(decisions[80 + hangoverFrames - 1]?.speech).toBe(false);
  });

  it('honours custom onset and hangover', () => {
    const vad = new EnergyVad({ onsetFrames: 1, hangoverFrames: 2 });
    const decisions = run(vad, concat(noise(1000, -60, 16), toneOver(100, -25, -60, 17), noise(200, -60, 18)));
    expect(framesWhere(decisions, 'speechStarted')).toEqual([50]);
    expect(framesWhere(decisions, 'speechEnded')).toEqual([56]);
  });

  it('adapts to a line that gets 30 dB noisier, and still hears speech above the new floor', () => {
    const vad = new EnergyVad();
    const decisions = run(vad, concat(noise(1000, -60, 19), noise(10_000, -30, 20), toneOver(600, -10, -30, 21)));
    const started = framesWhere(decisions, 'speechStarted');
    const ended = framesWhere(decisions, 'speechEnded');
    // The jump itself looks like speech, but the floor catches up within a few seconds.
    expect(started[0]).toBeLessThan(60);
    expect(ended[0]).toBeLessThan(50 + 250);
    expect(decisions.slice(400, 550).some((decision) => decision.speech)).toBe(false);
    expect(vad.noiseFloor).toBeGreaterThan(-35);
    // The tone 20 dB above the new noise starts speech again at frame 550.
    expect(started.slice(1)).toEqual([550 + DEFAULT_ENERGY_VAD_OPTIONS.onsetFrames - 1]);
  });

  it('forgets the stream on reset()', () => {
    const vad = new EnergyVad();
    run(vad, concat(noise(1000, -60, 22), toneOver(200, -20, -60, 23)));
    expect(vad.process(new Int16Array(FRAME)).speech).toBe(true);
    vad.reset();
    expect(vad.process(new Int16Array(FRAME)).speech).toBe(false);
    expect(vad.noiseFloor).toBeLessThan(DEFAULT_ENERGY_VAD_OPTIONS.initialNoiseFloorDb);
  });

  it('rejects impossible options', () => {
    expect(() => new EnergyVad({ onsetFrames: 0 })).toThrow(RangeError);
    expect(() => new EnergyVad({ hangoverFrames: 1.5 })).toThrow(RangeError);
    expect(() => new EnergyVad({ sampleRateHz: 0 })).toThrow(RangeError);
  });
});
