/**
 * The last few hundred milliseconds of caller audio before speech onset, so that the first
 * syllable — which the VAD only confirms a few frames late — still reaches the recognizer.
 */
export class PreRollBuffer {
  private chunks: Int16Array[] = [];
  private samples = 0;
  private readonly maxSamples: number;

  constructor(durationMs: number, sampleRateHz: number) {
    this.maxSamples = Math.round((durationMs * sampleRateHz) / 1000);
  }

  /** Keeps `chunk`, dropping the oldest audio beyond the buffer's duration. */
  push(chunk: Int16Array): void {
    this.chunks.push(chunk);
    this.samples += chunk.length;
    while (this.chunks.length > 1 && this.samples - (this.chunks[0]?.length ?? 0) >= this.maxSamples) {
      this.samples -= this.chunks.shift()?.length ?? 0;
    }
  }

  /** Everything kept, oldest first; the buffer is emptied. */
  take(): Int16Array[] {
    const chunks = this.chunks;
    this.chunks = [];
    this.samples = 0;
    return chunks;
  }
}
