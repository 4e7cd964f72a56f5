/** What a voice activity detector concluded about one frame of audio. */
export interface VadDecision {
  /** True while the caller is speaking, including the hangover after the voice drops. */
  readonly speech: boolean;
  /** True when this frame itself was voiced (loud enough over the noise), whatever the speech state. */
  readonly voiced: boolean;
  /** True only on the frame where speech was declared. */
  readonly speechStarted: boolean;
  /** True only on the frame where speech was declared over. */
  readonly speechEnded: boolean;
  /** The frame's energy in dBFS (a full-scale square wave is 0 dBFS). */
  readonly energyDb: number;
}

/** A voice activity detector: fed consecutive frames of 16-bit PCM, it decides speech or not for each. */
export interface Vad {
  /** Judges the next frame (any length; 20 ms is usual) and returns the decision for it. */
  process(frame: Int16Array): VadDecision;
  /** Forgets everything learned about the stream (noise floor, speech state). */
  reset(): void;
}
