import type { Vad, VadDecision } from './vad.js';

/** Settings of an EnergyVad; frame counts are in frames as passed to `process()` (20 ms is usual). */
export interface EnergyVadOptions {
  /** Sample rate of the frames, used to turn frame lengths into time for the noise-floor tracking. */
  readonly sampleRateHz: number;
  /** How far above the noise floor a frame's energy must be to count as voiced. */
  readonly thresholdDb: number;
  /** Consecutive voiced frames needed to declare speech (the first of them is where speech began). */
  readonly onsetFrames: number;
  /** Consecutive unvoiced frames needed to declare speech over, bridging pauses between words. */
  readonly hangoverFrames: number;
  /** Frames quieter than this (dBFS) never count as voiced, however quiet the line was before. */
  readonly minSpeechEnergyDb: number;
  /** Noise floor assumed at the start of a stream, in dBFS. */
  readonly initialNoiseFloorDb: number;
  /** Time constant with which the floor climbs towards louder frames; slow, so speech does not become noise. */
  readonly noiseFloorRiseTimeMs: number;
  /** Time constant with which the floor drops towards quieter frames; fast, so pauses reveal the noise. */
  readonly noiseFloorFallTimeMs: number;
}

/** Defaults for 20 ms telephone frames: 60 ms to start speech, 300 ms of quiet to end it. */
export const DEFAULT_ENERGY_VAD_OPTIONS: EnergyVadOptions = {
  sampleRateHz: 8000,
  thresholdDb: 10,
  onsetFrames: 3,
  hangoverFrames: 15,
  minSpeechEnergyDb: -50,
  initialNoiseFloorDb: -60,
  noiseFloorRiseTimeMs: 3000,
  noiseFloorFallTimeMs: 100,
};

/** The energy reported for digital silence, which has no finite level in dB. */
const MIN_ENERGY_DB = -100;
const FULL_SCALE_SQUARED = 32768 * 32768;

function checkOptions(options: EnergyVadOptions): void {
  if (!(options.sampleRateHz > 0)) throw new RangeError(`sampleRateHz must be positive, got ${options.sampleRateHz}`);
  if (!Number.isInteger(options.onsetFrames) || options.onsetFrames < 1) throw new RangeError(`onsetFrames must be a whole number of at least 1, got ${options.onsetFrames}`);
  if (!Number.isInteger(options.hangoverFrames) || options.hangoverFrames < 1) throw new RangeError(`hangoverFrames must be a whole number of at least 1, got ${options.hangoverFrames}`);
  if (!(options.noiseFloorRiseTimeMs > 0) || !(options.noiseFloorFallTimeMs > 0)) throw new RangeError('noise floor time constants must be positive');
}

/**
 * An energy voice activity detector: a frame is voiced when its energy (dBFS) is `thresholdDb`
 * above an adaptive noise floor, and speech starts and ends after runs of voiced and unvoiced
 * frames. The floor falls quickly to quieter frames and climbs slowly to louder ones, so a line
 * that gets noisier stops counting as speech after a few seconds.
 *
 * @example
 * const vad = new EnergyVad({ sampleRateHz: 8000 });
 * if (vad.process(frame).speechStarted) bargeIn();
 */
export class EnergyVad implements Vad {
  readonly options: EnergyVadOptions;
  private noiseFloorDb = 0;
  private speaking = false;
  private voicedRun = 0;
  private unvoicedRun = 0;
  /** The floor's smoothing coefficients for frames of `coefficientsFrameLength` samples (they are all alike in a stream). */
  private coefficientsFrameLength = -1;
  private fallCoefficient = 0;
  private riseCoefficient = 0;

  constructor(options: Partial<EnergyVadOptions> = {}) {
    this.options = { ...DEFAULT_ENERGY_VAD_OPTIONS, ...options };
    checkOptions(this.options);
    this.reset();
  }

  /** The current noise floor estimate in dBFS. */
  get noiseFloor(): number {
    return this.noiseFloorDb;
  }

  process(frame: Int16Array): VadDecision {
    if (frame.length === 0) return { speech: this.speaking, voiced: false, speechStarted: false, speechEnded: false, energyDb: MIN_ENERGY_DB };
    const energyDb = frameEnergyDb(frame);
    const { thresholdDb, onsetFrames, hangoverFrames, minSpeechEnergyDb } = this.options;
    // Judge against the floor from before this frame, so a loud frame cannot raise its own bar.
    const voiced = energyDb >= minSpeechEnergyDb && energyDb - this.noiseFloorDb >= thresholdDb;
    this.trackNoiseFloor(energyDb, frame.length);

    let speechStarted = false;
    let speechEnded = false;
    if (voiced) {
      this.voicedRun += 1;
      this.unvoicedRun = 0;
      if (!this.speaking && this.voicedRun >= onsetFrames) {
        this.speaking = true;
        speechStarted = true;
      }
    } else {
      this.voicedRun = 0;
      this.unvoicedRun += 1;
      if (this.speaking && this.unvoicedRun >= hangoverFrames) {
        this.speaking = false;
        speechEnded = true;
      }
    }
    return { speech: this.speaking, voiced, speechStarted, speechEnded, energyDb };
  }

  reset(): void {
    this.noiseFloorDb = this.options.initialNoiseFloorDb;
    this.speaking = false;
    this.voicedRun = 0;
    this.unvoicedRun = 0;
  }

  private trackNoiseFloor(energyDb: number, frameLength: number): void {
    if (frameLength !== this.coefficientsFrameLength) {
      // One-pole smoothing in dB, with the coefficient scaled to the frame's duration.
      const frameMs = (frameLength * 1000) / this.options.sampleRateHz;
      this.fallCoefficient = 1 - Math.exp(-frameMs / this.options.noiseFloorFallTimeMs);
      this.riseCoefficient = 1 - Math.exp(-frameMs / this.options.noiseFloorRiseTimeMs);
      this.coefficientsFrameLength = frameLength;
    }
    this.noiseFloorDb += (energyDb - this.noiseFloorDb) * (energyDb < this.noiseFloorDb ? this.fallCoefficient : this.riseCoefficient);
  }
}

/** Mean power of a frame relative to full scale, in dB; digital silence reports MIN_ENERGY_DB. */
function frameEnergyDb(frame: Int16Array): number {
  let sumSquares = 0;
  for (let i = 0; i < frame.length; i += 1) {
    const sample = frame[i] ?? 0;
    sumSquares += sample * sample;
  }
  const power = sumSquares / frame.length / FULL_SCALE_SQUARED;
  return power > 0 ? Math.max(MIN_ENERGY_DB, 10 * Math.log10(power)) : MIN_ENERGY_DB;
}
