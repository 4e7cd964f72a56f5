/**
 * Remembers which stream tokens have been used, so each is accepted once. One process keeps them
 * in memory (MemoryTokenNonceStore); several processes behind one load balancer need a store they
 * share (a table with the nonce as primary key, or Redis `SET nonce 1 NX PXAT expiresAtMs`),
 * behind this same interface.
 */
export interface TokenNonceStore {
  /**
   * Marks `nonce` used: true the first time, false ever after. The store may forget a nonce once
   * `expiresAtMs` has passed, because its token is refused as expired from then on.
   */
  claim(nonce: string, expiresAtMs: number, nowMs: number): Promise<boolean>;
}

/** How often the memory store drops the nonces of expired tokens, in milliseconds. */
export const NONCE_SWEEP_INTERVAL_MS = 60_000;

/** The nonces of one process, each kept until its token expires. */
export class MemoryTokenNonceStore implements TokenNonceStore {
  private readonly used = new Map<string, number>();
  private nextSweepAtMs = 0;

  /** Nonces remembered now (for tests and metrics). */
  get size(): number {
    return this.used.size;
  }

  claim(nonce: string, expiresAtMs: number, nowMs: number): Promise<boolean> {
    this.sweep(nowMs);
    if (this.used.has(nonce)) return Promise.resolve(false);
    this.used.set(nonce, expiresAtMs);
    return Promise.resolve(true);
  }

  private sweep(nowMs: number): void {
    if (nowMs < this.nextSweepAtMs) return;
    this.nextSweepAtMs = nowMs + NONCE_SWEEP_INTERVAL_MS;
    for (const [nonce, expiresAtMs] of this.used) if (expiresAtMs <= nowMs) this.used.delete(nonce);
  }
}
