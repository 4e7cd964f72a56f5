import type { Scheduler } from './scheduler.js';

/**
 * Waits `delayMs` of the scheduler's time. Resolves `true` when the wait ran its course and
 * `false` as soon as `signal` aborts (at once if it already has); the timer is cleared either
 * way, so an aborted wait leaves nothing pending on a manual scheduler.
 */
export function scheduledWait(scheduler: Scheduler, delayMs: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    const onAbort = (): void => {
      scheduler.clearTimeout(timer);
      resolve(false);
    };
    const timer = scheduler.setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, delayMs);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
