/**
 * The last few hundred milliseconds of caller audio before speech onset, so that the first
 * syllable — which the VAD only confirms a few frames late — still reaches the recognizer.
 *
 * A ring of samples rather than a list of the frames themselves: every 20 ms frame of every call
 * passes through here, and frames kept for 300 ms would outlive the young generation and be
 * promoted, feeding the slow, pausing collections of the old one. Copying 160 samples costs less.
 */
export class PreRollBuffer {
  private readonly ring: Int16Array;
  /** Where the next sample goes. */
  private writeAt = 0;
  /** Samples held, at most the ring's length. */
  private held = 0;
  /** Length of the last chunk pushed: what is taken is handed back in pieces of this size. */
  private chunkSamples = 0;

  constructor(durationMs: number, sampleRateHz: number) {
    this.ring = new Int16Array(Math.max(0, Math.round((durationMs * sampleRateHz) / 1000)));
  }

  /** Keeps `chunk`, dropping the oldest audio beyond the buffer's duration. */
  push(chunk: Int16Array): void {
    const capacity = this.ring.length;
    if (capacity === 0 || chunk.length === 0) return;
    this.chunkSamples = chunk.length;
    if (chunk.length <= capacity - this.writeAt) {
      // The usual case, a frame that fits before the ring's end: one copy, no views.
      this.ring.set(chunk, this.writeAt);
      this.writeAt = (this.writeAt + chunk.length) % capacity;
      this.held = Math.min(capacity, this.held + chunk.length);
      return;
    }
    // Only the newest `capacity` samples of a long chunk can survive.
    const source = chunk.length > capacity ? chunk.subarray(chunk.length - capacity) : chunk;
    const firstPart = Math.min(source.length, capacity - this.writeAt);
    this.ring.set(source.subarray(0, firstPart), this.writeAt);
    this.ring.set(source.subarray(firstPart), 0);
    this.writeAt = (this.writeAt + source.length) % capacity;
    this.held = Math.min(capacity, this.held + source.length);
  }

  /**
   * Everything kept, oldest first, in pieces the size of the chunks pushed (the oldest piece may be
   * shorter); the buffer is emptied. A streaming recognizer sees the same chunking as live audio:
   * pocketsphinx, for one, updates its cepstral mean per call, so one 300 ms block would be
   * recognized differently from the same audio in 20 ms frames.
   */
  take(): Int16Array[] {
    if (this.held === 0) return [];
    const capacity = this.ring.length;
    const start = (this.writeAt - this.held + capacity) % capacity;
    const samples = new Int16Array(this.held);
    const firstPart = Math.min(this.held, capacity - start);
    samples.set(this.ring.subarray(start, start + firstPart));
    samples.set(this.ring.subarray(0, this.held - firstPart), firstPart);
    this.held = 0;
    this.writeAt = 0;
    // Pieces end where the pushed chunks ended: only the oldest may be short.
    const pieces: Int16Array[] = [];
    for (let start = 0, end = samples.length % this.chunkSamples || this.chunkSamples; start < samples.length; start = end, end += this.chunkSamples) {
      pieces.push(samples.subarray(start, end));
    }
    return pieces;
  }
}
