// @ts-check
/**
 * The server process's event-loop delay over a window: Node's own sampler
 * (`monitorEventLoopDelay`) for p50/p99/max, and a timer of the same period that lists the long
 * stalls with when they began, to set them against what ran then. Any stall delays every call's
 * frames at once, whichever call caused it.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { round } from './latency-histogram.mjs';

/** The sampler's period, in ms. */
const RESOLUTION_MS = 10;
/** Stalls at least this long are listed. */
const STALL_LISTED_MS = 100;
/** Stalls listed per window, the longest first. */
const STALLS_KEPT = 10;

/**
 * The sampler records the time between two of its timers, the period included (a 200 ms stall
 * reads ≈ 210 ms): the delay is that less the period.
 * @param {number} ns
 */
const delayMs = (ns) => round(Math.max(0, ns / 1e6 - RESOLUTION_MS));

/** Measures the event-loop delay between `start()` and `stop()`. */
export class LoopDelayMeter {
  constructor() {
    this.histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
    /** @type {Array<[number, number]>} */
    this.stalls = [];
    this.startedAt = performance.now();
    /** @type {NodeJS.Timeout | undefined} */
    this.timer = undefined;
  }

  start() {
    this.histogram.reset();
    this.histogram.enable();
    this.stalls = [];
    this.startedAt = performance.now();
    let tickAt = this.startedAt;
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      const nowMs = performance.now();
      const stallMs = nowMs - tickAt - RESOLUTION_MS;
      if (stallMs >= STALL_LISTED_MS) this.stalls.push([round(tickAt - this.startedAt) ?? 0, round(stallMs) ?? 0]);
      tickAt = nowMs;
    }, RESOLUTION_MS);
    this.timer.unref();
  }

  /** Stops measuring and returns the window's delays in ms, and its longest stalls as [ms from the start, stall ms]. */
  stop() {
    this.histogram.disable();
    clearInterval(this.timer);
    this.timer = undefined;
    return {
      count: this.histogram.count,
      p50Ms: delayMs(this.histogram.percentile(50)),
      p99Ms: delayMs(this.histogram.percentile(99)),
      maxMs: delayMs(this.histogram.max),
      longestStalls: [...this.stalls].sort((a, b) => b[1] - a[1]).slice(0, STALLS_KEPT),
    };
  }
}
