/** Deterministic test signals for the audio tests; every generator takes a seed, none uses Math.random. */

/** A small seeded PRNG (mulberry32), so noisy tests give the same samples on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Gaussian white noise with the given RMS, by Box–Muller. */
export function whiteNoise(length: number, rms: number, seed: number): Float64Array {
  const random = seededRandom(seed);
  const noise = new Float64Array(length);
  for (let i = 0; i < length; i += 1) {
    const u = Math.max(random(), 1e-12);
    noise[i] = rms * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  }
  return noise;
}

/** Rounds and saturates floating-point samples to 16-bit PCM. */
export function toPcm(values: ArrayLike<number>): Int16Array {
  const samples = new Int16Array(values.length);
  for (let i = 0; i < values.length; i += 1) samples[i] = Math.max(-32768, Math.min(32767, Math.round(values[i] ?? 0)));
  return samples;
}

/** Root mean square of samples [from, to). */
export function rms(samples: ArrayLike<number>, from = 0, to = samples.length): number {
  let sum = 0;
  for (let i = from; i < to; i += 1) sum += (samples[i] ?? 0) ** 2;
  return Math.sqrt(sum / Math.max(1, to - from));
}

/** Joins chunks of samples end to end. */
export function concat(...chunks: ArrayLike<number>[]): Int16Array {
  const total = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  const out = new Int16Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    for (let i = 0; i < chunk.length; i += 1) out[offset + i] = chunk[i] ?? 0;
    offset += chunk.length;
  }
  return out;
}

/** Adds white noise at `snrDb` below the signal's RMS. */
export function addNoise(signal: Int16Array, snrDb: number, seed: number, referenceRms = rms(signal)): Int16Array {
  const noise = whiteNoise(signal.length, referenceRms / 10 ** (snrDb / 20), seed);
  return toPcm(Array.from(signal, (sample, i) => sample + (noise[i] ?? 0)));
}

/**
 * A linear sweep from `startHz` to `endHz` with raised-cosine fades of `fadeMs` at both ends, so
 * the switch-on is not itself a broadband click.
 */
export function linearSweep(startHz: number, endHz: number, durationMs: number, sampleRateHz: number, amplitude: number, fadeMs = 50): Float64Array {
  const length = Math.round((durationMs * sampleRateHz) / 1000);
  const durationS = length / sampleRateHz;
  const fadeSamples = Math.round((fadeMs * sampleRateHz) / 1000);
  const out = new Float64Array(length);
  for (let i = 0; i < length; i += 1) {
    const t = i / sampleRateHz;
    // Phase of a linear chirp: 2π(f0·t + (f1 − f0)·t²/(2T)).
    const phase = 2 * Math.PI * (startHz * t + ((endHz - startHz) * t * t) / (2 * durationS));
    const edge = Math.min(i, length - 1 - i);
    const gain = edge < fadeSamples ? 0.5 - 0.5 * Math.cos((Math.PI * edge) / fadeSamples) : 1;
    out[i] = amplitude * gain * Math.sin(phase);
  }
  return out;
}

/** Formant frequencies (F1, F2, F3) of vowels; the last is placed to sit on DTMF row and column tones. */
export const VOWEL_FORMANTS_HZ: readonly (readonly [number, number, number])[] = [
  [730, 1090, 2440], // "a" as in father
  [270, 2290, 3010], // "i" as in beet
  [300, 870, 2240], // "u" as in boot
  [530, 1840, 2480], // "e" as in bet
  [697, 1209, 2500], // adversarial: formants on the tones of key 1
  [852, 1477, 2600], // adversarial: formants on the tones of key 9
];

/**
 * A synthetic sung vowel: harmonics of a glottal-pulse-like source (falling 12 dB per octave) shaped
 * by three formant resonances, with the pitch gliding around `pitchHz` (vibrato and a slow drift).
 */
export function syntheticVowel(formantsHz: readonly number[], pitchHz: number, durationMs: number, sampleRateHz: number, peak: number): Float64Array {
  const length = Math.round((durationMs * sampleRateHz) / 1000);
  const out = new Float64Array(length);
  const bandwidthHz = 80;
  const phases = new Float64Array(40);
  let maxAbs = 0;
  for (let i = 0; i < length; i += 1) {
    const t = i / sampleRateHz;
    const f0 = pitchHz * (1 + 0.08 * Math.sin(2 * Math.PI * 0.7 * t) + 0.02 * Math.sin(2 * Math.PI * 5.5 * t));
    let value = 0;
    for (let h = 1; h <= phases.length; h += 1) {
      const frequencyHz = h * f0;
      if (frequencyHz >= sampleRateHz / 2) break;
      phases[h - 1] = (phases[h - 1] ?? 0) + (2 * Math.PI * frequencyHz) / sampleRateHz;
      let gain = 1 / (h * h);
      for (const formantHz of formantsHz) {
        const detune = (frequencyHz - formantHz) / (bandwidthHz / 2);
        gain *= 1 + 20 / (1 + detune * detune);
      }
      value += gain * Math.sin(phases[h - 1] ?? 0);
    }
    out[i] = value;
    maxAbs = Math.max(maxAbs, Math.abs(value));
  }
  for (let i = 0; i < length; i += 1) out[i] = ((out[i] ?? 0) / maxAbs) * peak;
  return out;
}

/** Equal-tempered frequency of a MIDI note number (69 = A4 = 440 Hz). */
export function noteHz(midi: number): number {
  return 440 * 2 ** ((midi - 69) / 12);
}

/**
 * Organ-like chords: each note has five harmonics falling as 1/h, and each chord has a decay, so
 * the notes sit near DTMF frequencies (F5 ≈ 698 Hz, A♯5 ≈ 932 Hz, F♯6 ≈ 1480 Hz) without being keys.
 */
export function chordProgression(chords: readonly (readonly number[])[], chordMs: number, sampleRateHz: number, peak: number): Float64Array {
  const chordSamples = Math.round((chordMs * sampleRateHz) / 1000);
  const out = new Float64Array(chordSamples * chords.length);
  let maxAbs = 0;
  chords.forEach((notes, c) => {
    for (let i = 0; i < chordSamples; i += 1) {
      const t = i / sampleRateHz;
      const envelope = Math.min(1, t / 0.01) * Math.exp(-t / 0.8);
      let value = 0;
      for (const midi of notes) {
        const f = noteHz(midi);
        for (let h = 1; h <= 5 && h * f < sampleRateHz / 2; h += 1) value += Math.sin(2 * Math.PI * h * f * t) / h;
      }
      const sample = envelope * value;
      out[c * chordSamples + i] = sample;
      maxAbs = Math.max(maxAbs, Math.abs(sample));
    }
  });
  for (let i = 0; i < out.length; i += 1) out[i] = ((out[i] ?? 0) / maxAbs) * peak;
  return out;
}
