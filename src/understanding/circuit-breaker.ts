import type { Clock } from '../time/clock.js';

/** Consecutive failures that open the circuit. */
export const DEFAULT_FAILURES_TO_OPEN = 3;

/** How long an open circuit stays open before one trial request, in ms. */
export const DEFAULT_COOL_DOWN_MS = 30_000;

/** How `CircuitBreaker` is built. */
export interface CircuitBreakerOptions {
  /** The time source; the cool-down is measured on it. */
  readonly clock: Clock;
  /** Default `DEFAULT_FAILURES_TO_OPEN`. */
  readonly failuresToOpen?: number;
  /** Default `DEFAULT_COOL_DOWN_MS`. */
  readonly coolDownMs?: number;
}

/**
 * A circuit breaker for a remote dependency: after `failuresToOpen` consecutive failures it opens
 * and refuses every request for `coolDownMs`; then it lets one trial request through (half-open),
 * which closes it on success and opens it again on failure. The cool-down is read from the clock
 * when asked, so no timer outlives the process's work.
 *
 * @example
 * const breaker = new CircuitBreaker({ clock: scheduler });
 * if (breaker.tryAcquire()) { try { await call(); breaker.recordSuccess(); } catch { breaker.recordFailure(); } }
 */
export class CircuitBreaker {
  private readonly clock: Clock;
  private readonly failuresToOpen: number;
  private readonly coolDownMs: number;
  private consecutiveFailures = 0;
  /** When the circuit opened (clock ms); undefined while closed. */
  private openedAtMs: number | undefined;
  private trialInFlight = false;

  constructor(options: CircuitBreakerOptions) {
    this.clock = options.clock;
    this.failuresToOpen = options.failuresToOpen ?? DEFAULT_FAILURES_TO_OPEN;
    this.coolDownMs = options.coolDownMs ?? DEFAULT_COOL_DOWN_MS;
  }

  /** True while requests are refused: cooling down, or the one trial request is under way. */
  get isOpen(): boolean {
    if (this.openedAtMs === undefined) return false;
    return this.trialInFlight || this.clock.nowMs() - this.openedAtMs < this.coolDownMs;
  }

  /** Time until the trial request is allowed, in ms (0 when requests may go now). */
  get retryInMs(): number {
    if (this.openedAtMs === undefined || this.trialInFlight) return 0;
    return Math.max(0, this.openedAtMs + this.coolDownMs - this.clock.nowMs());
  }

  /** Asks to make a request: true when it may go (closed, or the trial after the cool-down), false while open. */
  tryAcquire(): boolean {
    if (this.openedAtMs === undefined) return true;
    if (this.isOpen) return false;
    this.trialInFlight = true;
    return true;
  }

  /** The request succeeded: the circuit closes. */
  recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.openedAtMs = undefined;
    this.trialInFlight = false;
  }

  /** The request failed: counts towards opening, or reopens after a failed trial. */
  recordFailure(): void {
    this.consecutiveFailures += 1;
    if (this.trialInFlight || this.consecutiveFailures >= this.failuresToOpen) {
      this.openedAtMs = this.clock.nowMs();
      this.trialInFlight = false;
    }
  }
}
