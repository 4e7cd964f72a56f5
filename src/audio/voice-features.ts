/** What the caller's voice did over one utterance, for reading emotion alongside the words. */
export interface VoiceFeatures {
  /** Audio measured, from speech onset to the end of the utterance, in ms. */
  readonly durationMs: number;
  /** Of that, the time spent voicing (frames within `voicedRangeDb` of the utterance's loudest), in ms. */
  readonly voicedMs: number;
  /** Mean level of the voiced frames, power-averaged, in dBFS. */
  readonly loudnessDb: number;
  /** Median pitch of the voiced windows, in Hz, when at least one had a clear period. */
  readonly pitchHz?: number;
  /** How much the pitch moved: its standard deviation in semitones, when at least three windows had one. */
  readonly pitchSpreadSemitones?: number;
}

/** Settings of a VoiceFeatureMeter. */
export interface VoiceFeatureOptions {
  readonly sampleRateHz: number;
  /** Audio kept per utterance for the pitch (the level is measured over all of it). */
  readonly maxAnalysedMs: number;
  /** Frames this far below the utterance's loudest frame count as pauses, not voice. */
  readonly voicedRangeDb: number;
  /** Frames quieter than this never count as voice. */
  readonly minVoicedDb: number;
  /** Pitch is looked for between these, which span speaking voices (a shout rises towards the top). */
  readonly minPitchHz: number;
  readonly maxPitchHz: number;
  /** Length of one pitch window, in ms: two periods of the lowest pitch at least. */
  readonly pitchWindowMs: number;
  /** Pitch windows analysed per utterance at most, evenly spread over the voiced audio. */
  readonly maxPitchWindows: number;
}

export const DEFAULT_VOICE_FEATURE_OPTIONS: VoiceFeatureOptions = {
  sampleRateHz: 8000,
  maxAnalysedMs: 4000,
  voicedRangeDb: 25,
  minVoicedDb: -55,
  minPitchHz: 70,
  maxPitchHz: 400,
  pitchWindowMs: 40,
  maxPitchWindows: 40,
};

/** Normalized autocorrelation a window needs at its best lag to count as voiced. */
const MIN_PERIODICITY = 0.5;
const FULL_SCALE_SQUARED = 32768 * 32768;
const MIN_ENERGY_DB = -100;
/** Frame levels kept per utterance at most (ten minutes of 20 ms frames): beyond it only the level's sum grows. */
const MAX_FRAMES = 30000;

/**
 * Measures one utterance at a time, cheaply on the way in: each frame costs a copy into a
 * fixed buffer and its level (passed in when the caller has it already, as the VAD does). The pitch
 * — the only costly part — is estimated once, in `finish()`, on a bounded number of windows, when the
 * utterance is over and the recognizer is finishing anyway.
 *
 * @example
 * const meter = new VoiceFeatureMeter({ sampleRateHz: 8000 });
 * for (const frame of utterance) meter.add(frame);
 * const features = meter.finish(); // { durationMs, voicedMs, loudnessDb, pitchHz, pitchSpreadSemitones }
 */
export class VoiceFeatureMeter {
  readonly options: VoiceFeatureOptions;
  private readonly samples: Int16Array;
  private stored = 0;
  private total = 0;
  /** Per frame: its level, and where its samples start in `samples` (-1 when not kept). */
  private readonly levels: number[] = [];
  private readonly starts: number[] = [];
  private readonly lengths: number[] = [];

  constructor(options: Partial<VoiceFeatureOptions> = {}) {
    this.options = { ...DEFAULT_VOICE_FEATURE_OPTIONS, ...options };
    if (!(this.options.sampleRateHz > 0)) throw new RangeError(`sampleRateHz must be positive, got ${this.options.sampleRateHz}`);
    if (!(this.options.minPitchHz > 0 && this.options.maxPitchHz > this.options.minPitchHz)) throw new RangeError('the pitch range must be positive and not empty');
    this.samples = new Int16Array(Math.round((this.options.maxAnalysedMs * this.options.sampleRateHz) / 1000));
  }

  /** True when no audio has been added since the last finish(). */
  get empty(): boolean {
    return this.total === 0;
  }

  /** One frame of the utterance, in order; `energyDb` when the caller measured it already. */
  add(frame: Int16Array, energyDb: number = frameEnergyDb(frame)): void {
    this.total += frame.length;
    if (this.levels.length >= MAX_FRAMES) return;
    const room = this.samples.length - this.stored;
    const kept = frame.length <= room ? frame.length : 0;
    if (kept > 0) this.samples.set(frame, this.stored);
    this.levels.push(energyDb);
    this.starts.push(kept > 0 ? this.stored : -1);
    this.lengths.push(frame.length);
    this.stored += kept;
  }

  /** The features of the utterance heard since the last call, or undefined when it held no voice; the meter starts over. */
  finish(): VoiceFeatures | undefined {
    const features = this.measure();
    this.reset();
    return features;
  }

  /** Forgets the utterance under way. */
  reset(): void {
    this.stored = 0;
    this.total = 0;
    this.levels.length = 0;
    this.starts.length = 0;
    this.lengths.length = 0;
  }

  private measure(): VoiceFeatures | undefined {
    const { sampleRateHz, voicedRangeDb, minVoicedDb } = this.options;
    if (this.levels.length === 0) return undefined;
    const loudest = Math.max(...this.levels);
    const gate = Math.max(minVoicedDb, loudest - voicedRangeDb);
    let voicedSamples = 0;
    let power = 0;
    const voicedAudio: Int16Array[] = [];
    for (let i = 0; i < this.levels.length; i += 1) {
      const level = this.levels[i] ?? MIN_ENERGY_DB;
      if (level < gate) continue;
      const length = this.lengths[i] ?? 0;
      voicedSamples += length;
      power += 10 ** (level / 10) * length;
      const start = this.starts[i] ?? -1;
      if (start >= 0) voicedAudio.push(this.samples.subarray(start, start + length));
    }
    if (voicedSamples === 0) return undefined;
    const pitch = pitchTrack(joinSamples(voicedAudio), this.options);
    return {
      durationMs: Math.round((this.total * 1000) / sampleRateHz),
      voicedMs: Math.round((voicedSamples * 1000) / sampleRateHz),
      loudnessDb: round2(10 * Math.log10(power / voicedSamples)),
      ...pitch,
    };
  }
}

/** Median pitch and its spread in semitones over up to `maxPitchWindows` windows of `audio`. */
function pitchTrack(audio: Int16Array, options: VoiceFeatureOptions): { pitchHz?: number; pitchSpreadSemitones?: number } {
  const windowLength = Math.round((options.pitchWindowMs * options.sampleRateHz) / 1000);
  const windows = Math.floor(audio.length / windowLength);
  if (windows === 0) return {};
  const step = Math.max(1, windows / options.maxPitchWindows);
  const pitches: number[] = [];
  for (let w = 0; w < windows; w += step) {
    const start = Math.floor(w) * windowLength;
    const pitch = estimatePitchHz(audio.subarray(start, start + windowLength), options.sampleRateHz, options.minPitchHz, options.maxPitchHz);
    if (pitch !== undefined) pitches.push(pitch);
  }
  if (pitches.length === 0) return {};
  const sorted = [...pitches].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  if (pitches.length < 3) return { pitchHz: round2(median) };
  const semitones = pitches.map((pitch) => 12 * Math.log2(pitch / median));
  const mean = semitones.reduce((sum, value) => sum + value, 0) / semitones.length;
  const variance = semitones.reduce((sum, value) => sum + (value - mean) ** 2, 0) / semitones.length;
  return { pitchHz: round2(median), pitchSpreadSemitones: round2(Math.sqrt(variance)) };
}

/**
 * The pitch of one window by normalized autocorrelation: the lag, within the pitch range, at which
 * the window best matches itself shifted. The shortest lag nearly as good as the best is taken, so a
 * voice is not read an octave low, and the peak is refined between samples. Undefined for a window
 * with no clear period (noise, silence, a consonant).
 */
export function estimatePitchHz(window: Int16Array, sampleRateHz: number, minHz = DEFAULT_VOICE_FEATURE_OPTIONS.minPitchHz, maxHz = DEFAULT_VOICE_FEATURE_OPTIONS.maxPitchHz): number | undefined {
  const minLag = Math.max(2, Math.floor(sampleRateHz / maxHz));
  const maxLag = Math.min(window.length - 2, Math.ceil(sampleRateHz / minHz));
  if (maxLag <= minLag) return undefined;
  let mean = 0;
  for (let i = 0; i < window.length; i += 1) mean += window[i] ?? 0;
  mean /= window.length;
  const x = new Float64Array(window.length);
  for (let i = 0; i < window.length; i += 1) x[i] = (window[i] ?? 0) - mean;
  const correlation = new Float64Array(maxLag + 2);
  let best = -1;
  for (let lag = minLag - 1; lag <= maxLag + 1; lag += 1) {
    let cross = 0;
    let head = 0;
    let tail = 0;
    for (let i = 0; i + lag < x.length; i += 1) {
      const a = x[i] ?? 0;
      const b = x[i + lag] ?? 0;
      cross += a * b;
      head += a * a;
      tail += b * b;
    }
    const value = head > 0 && tail > 0 ? cross / Math.sqrt(head * tail) : 0;
    correlation[lag] = value;
    if (lag >= minLag && lag <= maxLag && value > best) best = value;
  }
  if (best < MIN_PERIODICITY) return undefined;
  let lag = minLag;
  while (lag < maxLag && !((correlation[lag] ?? 0) >= 0.9 * best && isPeak(correlation, lag))) lag += 1;
  // A parabola through the peak and its neighbours places it between samples.
  const before = correlation[lag - 1] ?? 0;
  const at = correlation[lag] ?? 0;
  const after = correlation[lag + 1] ?? 0;
  const curvature = before - 2 * at + after;
  const offset = curvature < 0 ? (0.5 * (before - after)) / curvature : 0;
  return round2(sampleRateHz / (lag + Math.max(-0.5, Math.min(0.5, offset))));
}

function isPeak(values: Float64Array, index: number): boolean {
  return (values[index] ?? 0) >= (values[index - 1] ?? 0) && (values[index] ?? 0) >= (values[index + 1] ?? 0);
}

function joinSamples(chunks: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** Mean power of a frame relative to full scale, in dB. */
function frameEnergyDb(frame: Int16Array): number {
  let sum = 0;
  for (let i = 0; i < frame.length; i += 1) sum += (frame[i] ?? 0) ** 2;
  const power = frame.length > 0 ? sum / frame.length / FULL_SCALE_SQUARED : 0;
  return power > 0 ? Math.max(MIN_ENERGY_DB, 10 * Math.log10(power)) : MIN_ENERGY_DB;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
