import { describe, expect, it } from 'vitest';
import { generateSilence, generateTone } from '../../src/audio/tone-generator.js';
import { VoiceFeatureMeter, estimatePitchHz } from '../../src/audio/voice-features.js';
import { concat, toPcm, whiteNoise } from './signals.js';

const RATE = 8000;
const FRAME = 160;

/** A voiced sound with a fundamental and two harmonics, as a voice has (the fundamental not the strongest). */
function voiced(fundamentalHz: number, durationMs: number, amplitude: number): Int16Array {
  const parts = [generateTone(fundamentalHz, durationMs, RATE, amplitude * 0.5), generateTone(2 * fundamentalHz, durationMs, RATE, amplitude * 0.6), generateTone(3 * fundamentalHz, durationMs, RATE, amplitude * 0.3)];
  return toPcm(Array.from(parts[0] ?? [], (_, i) => parts.reduce((sum, part) => sum + (part[i] ?? 0), 0)));
}

/** Feeds `audio` to a fresh meter in 20 ms frames, as turn-taking does. */
function measure(audio: Int16Array): ReturnType<VoiceFeatureMeter['finish']> {
  const meter = new VoiceFeatureMeter({ sampleRateHz: RATE });
  for (let i = 0; i + FRAME <= audio.length; i += FRAME) meter.add(audio.subarray(i, i + FRAME));
  return meter.finish();
}

describe('estimatePitchHz', () => {
  it.each([90, 150, 220, 330])('finds the pitch of a %i Hz tone in a 40 ms window', (hz) => {
    expect(estimatePitchHz(generateTone(hz, 40, RATE, 0.3), RATE)).toBeCloseTo(hz, -0.5);
  });

  it('takes the fundamental of a sound with harmonics, not an octave off', () => {
    const pitch = estimatePitchHz(voiced(140, 40, 0.4), RATE);
    expect(pitch).toBeGreaterThan(135);
    expect(pitch).toBeLessThan(145);
  });

  it('finds no pitch in silence or in noise', () => {
    expect(estimatePitchHz(generateSilence(40, RATE), RATE)).toBeUndefined();
    expect(estimatePitchHz(toPcm(whiteNoise(320, 3000, 7)), RATE)).toBeUndefined();
  });
});

describe('VoiceFeatureMeter', () => {
  it('measures the level of the voiced audio: four times the amplitude is 12 dB louder', () => {
    const quiet = measure(generateTone(200, 1000, RATE, 0.1));
    const loud = measure(generateTone(200, 1000, RATE, 0.4));
    // A sine's power is half its peak squared: 0.1 of full scale is about −23 dBFS.
    expect(quiet?.loudnessDb).toBeCloseTo(-23, 0);
    expect((loud?.loudnessDb ?? 0) - (quiet?.loudnessDb ?? 0)).toBeCloseTo(12, 0);
  });

  it('counts pauses as neither voice nor level', () => {
    const features = measure(concat(generateTone(200, 500, RATE, 0.2), generateSilence(500, RATE)));
    expect(features?.durationMs).toBe(1000);
    expect(features?.voicedMs).toBe(500);
    expect(features?.loudnessDb).toBeCloseTo(measure(generateTone(200, 500, RATE, 0.2))?.loudnessDb ?? 0, 1);
  });

  it('finds a steady pitch steady and a pitch that jumps around spread', () => {
    const steady = measure(voiced(150, 1200, 0.3));
    expect(steady?.pitchHz).toBeCloseTo(150, -1);
    expect(steady?.pitchSpreadSemitones).toBeLessThan(0.5);
    // 150 Hz and 225 Hz in turns, 200 ms each: seven semitones apart, a spread of about three and a half.
    const jumping = measure(concat(voiced(150, 200, 0.3), voiced(225, 200, 0.3), voiced(150, 200, 0.3), voiced(225, 200, 0.3), voiced(150, 200, 0.3), voiced(225, 200, 0.3)));
    expect(jumping?.pitchSpreadSemitones).toBeGreaterThan(3);
  });

  it('reports nothing for an utterance without voice, and starts over after finish()', () => {
    const meter = new VoiceFeatureMeter({ sampleRateHz: RATE });
    expect(meter.finish()).toBeUndefined();
    meter.add(generateTone(200, 20, RATE, 0.2));
    expect(meter.empty).toBe(false);
    expect(meter.finish()?.durationMs).toBe(20);
    expect(meter.empty).toBe(true);
  });

  it('keeps a bounded amount of audio for the pitch, however long the utterance', () => {
    const meter = new VoiceFeatureMeter({ sampleRateHz: RATE, maxAnalysedMs: 500 });
    const frame = generateTone(180, 20, RATE, 0.2);
    for (let i = 0; i < 500; i += 1) meter.add(frame);
    const features = meter.finish();
    expect(features?.durationMs).toBe(10000);
    expect(features?.voicedMs).toBe(10000);
    expect(features?.pitchHz).toBeCloseTo(180, -1);
  });
});
