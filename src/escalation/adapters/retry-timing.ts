/** How long to wait between attempts when the server gives no Retry-After. */
export interface BackoffPolicy {
  /** The wait before the first retry, in ms; each later wait doubles it. */
  readonly initialDelayMs: number;
  /** The longest wait, in ms. */
  readonly maxDelayMs: number;
}

/**
 * A hand-off is one call's request, not a burst from many clients, so the waits are plain
 * doubling without jitter: short enough to fit a few retries in a ring timeout of seconds.
 */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialDelayMs: 250, maxDelayMs: 2000 };

/** The wait before retry number `retry` (1 for the first retry), in ms. */
export function backoffDelayMs(retry: number, policy: BackoffPolicy): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, retry - 1));
}

/**
 * A Retry-After header in ms from now: delay-seconds ("2") or an HTTP-date, read against
 * `nowS` (Unix seconds). `undefined` when absent or unreadable, so the caller's backoff applies.
 */
export function retryAfterMs(header: string | null, nowS: number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const dateMs = Date.parse(value);
  if (!/[a-z]/i.test(value) || Number.isNaN(dateMs)) return undefined;
  return Math.max(0, dateMs - nowS * 1000);
}
