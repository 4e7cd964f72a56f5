// @ts-check

/** Bucket width: 0.05 ms is fine enough to tell 9.9 ms from 10.1 ms. */
const RESOLUTION_MS = 0.05;
/** Samples at or above this land in one overflow bucket (their exact maximum is still kept). */
const RANGE_MS = 10_000;
const BUCKETS = Math.ceil(RANGE_MS / RESOLUTION_MS);

/**
 * A fixed-bucket latency histogram, milliseconds: O(1) per sample and no allocation, so recording
 * 50 000 frames a second costs the process under test next to nothing.
 */
export class LatencyHistogram {
  constructor() {
    this.counts = new Uint32Array(BUCKETS + 1);
    this.reset();
  }

  reset() {
    this.counts.fill(0);
    /** @type {number} */ this.count = 0;
    /** @type {number} */ this.sumMs = 0;
    /** @type {number} */ this.maxMs = 0;
    /** Samples below zero (clock skew between the two processes), recorded as 0. */
    /** @type {number} */ this.negative = 0;
  }

  /** @param {number} ms */
  record(ms) {
    if (ms < 0) {
      this.negative += 1;
      ms = 0;
    }
    const bucket = Math.min(Math.floor(ms / RESOLUTION_MS), BUCKETS);
    this.counts[bucket] = (this.counts[bucket] ?? 0) + 1;
    this.count += 1;
    this.sumMs += ms;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  /**
   * The q-quantile (0 < q ≤ 1), the upper edge of its bucket, in ms; undefined when empty.
   * @param {number} q
   */
  quantile(q) {
    if (this.count === 0) return undefined;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let bucket = 0; bucket <= BUCKETS; bucket += 1) {
      seen += this.counts[bucket] ?? 0;
      if (seen >= rank) return bucket === BUCKETS ? this.maxMs : Math.min(this.maxMs, (bucket + 1) * RESOLUTION_MS);
    }
    return this.maxMs;
  }

  /** A plain summary for IPC and the results file. */
  summary() {
    return {
      count: this.count,
      meanMs: this.count === 0 ? undefined : round(this.sumMs / this.count),
      p50Ms: round(this.quantile(0.5)),
      p90Ms: round(this.quantile(0.9)),
      p99Ms: round(this.quantile(0.99)),
      maxMs: this.count === 0 ? undefined : round(this.maxMs),
      negative: this.negative,
    };
  }
}

/**
 * Rounds to 0.01 (undefined stays undefined).
 * @param {number | undefined} value
 */
export function round(value) {
  return value === undefined ? undefined : Math.round(value * 100) / 100;
}

/** Wall-clock epoch milliseconds with sub-millisecond precision, comparable across processes on one machine. */
export function epochNowMs() {
  return performance.timeOrigin + performance.now();
}
