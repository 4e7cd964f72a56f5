import { ManualClock, systemClock, type Clock } from './clock.js';

/** An opaque timer handle. */
export type TimerHandle = { readonly id: number } | ReturnType<typeof setTimeout>;

/** A clock that can also run callbacks later; the voice pipeline's only source of time. */
export interface Scheduler extends Clock {
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

/** Real time. */
export const systemScheduler: Scheduler = {
  nowMs: () => systemClock.nowMs(),
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => {
    if (typeof handle === 'object' && handle !== null && 'id' in handle) return;
    clearTimeout(handle);
  },
};

interface PendingTimer {
  readonly id: number;
  readonly dueMs: number;
  readonly callback: () => void;
}

/**
 * A scheduler whose time moves only on `increment`, running every timer that falls due in order,
 * so tests and replays run timers exactly and faster than real time.
 */
export class ManualScheduler extends ManualClock implements Scheduler {
  private timers: PendingTimer[] = [];
  private nextId = 1;

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const timer = { id: this.nextId++, dueMs: this.nowMs() + Math.max(0, delayMs), callback };
    this.timers.push(timer);
    return { id: timer.id };
  }

  clearTimeout(handle: TimerHandle): void {
    if (typeof handle === 'object' && handle !== null && 'id' in handle) {
      const id = handle.id;
      this.timers = this.timers.filter((timer) => timer.id !== id);
    }
  }

  /** Moves time forward, running each timer at its due time (timers set by timers run too). */
  override increment(ms: number): void {
    const targetMs = this.nowMs() + ms;
    for (;;) {
      const next = this.timers.filter((timer) => timer.dueMs <= targetMs).sort((a, b) => a.dueMs - b.dueMs || a.id - b.id)[0];
      if (next === undefined) break;
      this.timers = this.timers.filter((timer) => timer !== next);
      super.increment(next.dueMs - this.nowMs());
      next.callback();
    }
    super.increment(targetMs - this.nowMs());
  }

  /** How many timers are waiting. */
  get pendingTimers(): number {
    return this.timers.length;
  }
}
