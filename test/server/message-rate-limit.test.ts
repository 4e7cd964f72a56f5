import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_BURST, MAX_MESSAGES_PER_SECOND, MessageRateLimit } from '../../src/server/message-rate-limit.js';

/** How many of `count` messages at `atMs` the limit takes before refusing one. */
function taken(limit: MessageRateLimit, count: number, atMs: number): number {
  for (let i = 0; i < count; i += 1) if (!limit.take(atMs)) return i;
  return count;
}

describe('MessageRateLimit', () => {
  it('takes a real stream forever: 50 messages a second', () => {
    const limit = new MessageRateLimit(0);
    for (let ms = 0; ms < 600_000; ms += 20) expect(limit.take(ms)).toBe(true);
  });

  it('takes the backlog of a stream after a stall of ten seconds, all at once', () => {
    const limit = new MessageRateLimit(0);
    for (let ms = 0; ms < 5000; ms += 20) limit.take(ms);
    expect(taken(limit, 500, 15_000)).toBe(500);
  });

  it('refuses a burst beyond its allowance, and a sustained flood within seconds', () => {
    expect(taken(new MessageRateLimit(0), MAX_MESSAGE_BURST + 1, 0)).toBe(MAX_MESSAGE_BURST);
    const flooded = new MessageRateLimit(0);
    let refusedAtMs: number | undefined;
    // 2,000 messages a second, five times what any provider sends.
    for (let ms = 0; ms < 10_000 && refusedAtMs === undefined; ms += 1) {
      if (taken(flooded, 2, ms) < 2) refusedAtMs = ms;
    }
    expect(refusedAtMs).toBeDefined();
    expect(refusedAtMs).toBeLessThan((MAX_MESSAGE_BURST / (2000 - MAX_MESSAGES_PER_SECOND)) * 1000 + 50);
  });
});
