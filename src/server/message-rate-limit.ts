/** Messages per second one connection may send on average (real streams send 50). */
export const MAX_MESSAGES_PER_SECOND = 400;
/**
 * Messages one connection may send at once. A real stream's frames arrive in a batch after the
 * network or the event loop stalled (ten seconds of a 50-a-second stream is 500 messages), so the
 * allowance for a burst is large; a flood keeps sending and empties it within seconds anyway.
 */
export const MAX_MESSAGE_BURST = 2000;

/**
 * A token bucket: full at `burst`, refilled at `perSecond`, one token per message. A connection
 * that finds it empty is flooding.
 */
export class MessageRateLimit {
  private tokens: number;
  private lastMs: number;

  constructor(
    nowMs: number,
    private readonly perSecond: number = MAX_MESSAGES_PER_SECOND,
    private readonly burst: number = MAX_MESSAGE_BURST,
  ) {
    this.tokens = burst;
    this.lastMs = nowMs;
  }

  /** Takes one message at `nowMs`: false when the connection is over its rate. */
  take(nowMs: number): boolean {
    const elapsedMs = Math.max(0, nowMs - this.lastMs);
    this.lastMs = nowMs;
    this.tokens = Math.min(this.burst, this.tokens + (elapsedMs * this.perSecond) / 1000);
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
