/** The low (row) and high (column) frequencies of each DTMF key, per ITU-T Q.23. */
export const DTMF_FREQUENCIES_HZ: Readonly<Record<string, readonly [number, number]>> = {
  '1': [697, 1209], '2': [697, 1336], '3': [697, 1477], A: [697, 1633],
  '4': [770, 1209], '5': [770, 1336], '6': [770, 1477], B: [770, 1633],
  '7': [852, 1209], '8': [852, 1336], '9': [852, 1477], C: [852, 1633],
  '*': [941, 1209], '0': [941, 1336], '#': [941, 1477], D: [941, 1633],
};

/** Settings for generateDtmf; `amplitude` is each tone's peak as a fraction of full scale (0–0.5 avoids clipping). */
export interface DtmfToneOptions {
  readonly sampleRateHz: number;
  readonly durationMs: number;
  readonly amplitude: number;
}

function sampleCount(durationMs: number, sampleRateHz: number): number {
  if (!(sampleRateHz > 0)) throw new RangeError(`sampleRateHz must be positive, got ${sampleRateHz}`);
  if (!(durationMs >= 0)) throw new RangeError(`durationMs must not be negative, got ${durationMs}`);
  return Math.round((durationMs * sampleRateHz) / 1000);
}

function checkAmplitude(amplitude: number): void {
  if (!(amplitude >= 0 && amplitude <= 1)) throw new RangeError(`amplitude is a fraction of full scale between 0 and 1, got ${amplitude}`);
}

function sumOfSines(frequenciesHz: readonly number[], durationMs: number, sampleRateHz: number, amplitude: number): Int16Array {
  checkAmplitude(amplitude);
  const samples = new Int16Array(sampleCount(durationMs, sampleRateHz));
  const peak = amplitude * 32767;
  for (let i = 0; i < samples.length; i += 1) {
    let value = 0;
    for (const frequencyHz of frequenciesHz) value += Math.sin((2 * Math.PI * frequencyHz * i) / sampleRateHz);
    const rounded = Math.round(value * peak);
    samples[i] = rounded > 32767 ? 32767 : rounded < -32768 ? -32768 : rounded;
  }
  return samples;
}

/** Generates a sine tone of `amplitude` (fraction of full scale) lasting `durationMs`. */
export function generateTone(frequencyHz: number, durationMs: number, sampleRateHz: number, amplitude: number): Int16Array {
  return sumOfSines([frequencyHz], durationMs, sampleRateHz, amplitude);
}

/** Generates `durationMs` of digital silence. */
export function generateSilence(durationMs: number, sampleRateHz: number): Int16Array {
  return new Int16Array(sampleCount(durationMs, sampleRateHz));
}

/**
 * Generates the dual tone of one DTMF key (0-9, *, #, A-D), each tone at `amplitude`.
 *
 * @example
 * const keyFive = generateDtmf('5', { sampleRateHz: 8000, durationMs: 100, amplitude: 0.25 });
 */
export function generateDtmf(digit: string, options: DtmfToneOptions): Int16Array {
  const key = digit.toUpperCase();
  const frequenciesHz = Object.hasOwn(DTMF_FREQUENCIES_HZ, key) ? DTMF_FREQUENCIES_HZ[key] : undefined;
  if (frequenciesHz === undefined) throw new RangeError(`"${digit}" is not a DTMF key; keys are 0-9, *, # and A-D`);
  return sumOfSines(frequenciesHz, options.durationMs, options.sampleRateHz, options.amplitude);
}

/** How long one pass of the hold pattern lasts; it loops without a seam. */
export const HOLD_PATTERN_MS = 4000;

/**
 * Notes of the hold pattern, one a second (C4 E4 G4 E4): a slow, soft arpeggio, all below the DTMF
 * bands (697 Hz and up), so hold audio can never be heard as a key even with its overtone.
 */
const HOLD_NOTES_HZ = [261.63, 329.63, 392, 329.63] as const;
/** A quiet fifth under the notes, so the caller never hears dead air between them: 4 s is a whole number of their cycles, so the loop has no click. */
const HOLD_PAD_HZ = [131, 196] as const;
const HOLD_PAD_AMPLITUDE = 0.02;
const HOLD_NOTE_AMPLITUDE = 0.08;

/**
 * Generates one pass of the music-on-hold pattern at `sampleRateHz`: a soft arpeggio over a quiet,
 * steady chord (peak about 13% of full scale). Played in a loop it is gentle and continuous — never
 * silence, which a caller on hold takes for a dropped call — and it starts and ends at the same
 * phase, so the loop is seamless.
 *
 * @example
 * const hold = generateHoldPattern(8000); // 4 s, 32 000 samples
 */
export function generateHoldPattern(sampleRateHz: number): Int16Array {
  const samples = new Int16Array(sampleCount(HOLD_PATTERN_MS, sampleRateHz));
  const noteSamples = Math.floor(samples.length / HOLD_NOTES_HZ.length);
  const attack = Math.round(0.05 * sampleRateHz);
  const release = Math.round(0.08 * sampleRateHz);
  for (let i = 0; i < samples.length; i += 1) {
    let value = 0;
    for (const frequencyHz of HOLD_PAD_HZ) value += HOLD_PAD_AMPLITUDE * Math.sin((2 * Math.PI * frequencyHz * i) / sampleRateHz);
    const note = Math.min(HOLD_NOTES_HZ.length - 1, Math.floor(i / noteSamples));
    const t = i - note * noteSamples;
    // A bell-like note: a quick rise, a slow fade, and silence of its own only at its very end.
    const envelope = Math.min(1, t / attack) * Math.exp(-t / (0.45 * sampleRateHz)) * Math.min(1, Math.max(0, noteSamples - t) / release);
    const phase = (2 * Math.PI * (HOLD_NOTES_HZ[note] ?? 0) * t) / sampleRateHz;
    value += HOLD_NOTE_AMPLITUDE * envelope * (Math.sin(phase) + 0.3 * Math.sin(2 * phase));
    samples[i] = Math.round(value * 32767);
  }
  return samples;
}
