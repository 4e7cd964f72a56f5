import type { ManualScheduler } from '../../../src/time/scheduler.js';
import { settle } from '../harness.js';

/**
 * Moves a ManualScheduler on by itself, 20 ms a step with the sockets given their turn between
 * steps, for as long as it runs: the server's timers (pacing, start timeout, pings, no-input) keep
 * firing while many clients talk to it at once. Clients wait on its time, never on the wall clock.
 */
export class Clockwork {
  private readonly scheduler: ManualScheduler;
  private readonly onStep: () => void;
  private waiters: { readonly dueMs: number; readonly resolve: () => void }[] = [];
  private running = false;
  private loop: Promise<void> = Promise.resolve();

  /** @param onStep Called after every step (to sample something while the server runs). */
  constructor(scheduler: ManualScheduler, onStep: () => void = () => undefined) {
    this.scheduler = scheduler;
    this.onStep = onStep;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Stops moving time; everyone still waiting is let go. */
  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    for (const waiter of this.waiters) waiter.resolve();
    this.waiters = [];
  }

  /** Resolves once the server's clock has moved `ms` on (or the clockwork stopped). */
  wait(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    const dueMs = this.scheduler.nowMs() + ms;
    return new Promise((resolve) => this.waiters.push({ dueMs, resolve }));
  }

  /** Resolves once `condition` holds, checked after every step, or rejects after `ms` of server time. */
  async until(condition: () => boolean, ms: number, what: string): Promise<void> {
    const deadlineMs = this.scheduler.nowMs() + ms;
    while (!condition()) {
      if (this.scheduler.nowMs() >= deadlineMs || !this.running) throw new Error(`still waiting after ${ms} ms of server time: ${what}`);
      await this.wait(20);
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      this.scheduler.increment(20);
      const nowMs = this.scheduler.nowMs();
      const due = this.waiters.filter((waiter) => waiter.dueMs <= nowMs);
      if (due.length > 0) this.waiters = this.waiters.filter((waiter) => waiter.dueMs > nowMs);
      for (const waiter of due) waiter.resolve();
      this.onStep();
      await settle();
    }
  }
}
