/**
 * The one source of time for a call. Everything a call records or times is read from its Clock,
 * so a recorded call replays with a simulated clock faster than real time with identical timers.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  nowMs(): number;
}

/** The wall clock. This is the only place dunbot reads the system time. */
export const systemClock: Clock = { nowMs: () => Date.now() };

/** A clock that moves only when told to, for tests and replays. */
export class ManualClock implements Clock {
  private currentMs: number;

  constructor(startMs: number) {
    this.currentMs = startMs;
  }

  nowMs(): number {
    return this.currentMs;
  }

  /** Moves time forward by `ms` milliseconds. */
  increment(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`clock increment must be a finite, non-negative number of ms, got ${ms}`);
    this.currentMs += ms;
  }
}
