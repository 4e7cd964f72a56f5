/** Frames held back waiting for a missing sequence number before giving up on it (3 × 20 ms = 60 ms). */
export const DEFAULT_REORDER_WINDOW = 3;

/** Sequence numbers of not-reordered frames remembered ahead of the gap, at most. */
const MAX_SEEN_AHEAD = 256;

/**
 * Puts sequenced items back in order within a small window. Items arrive with a sequence number;
 * each is released once every lower number has been released or skipped. When more than `window`
 * items wait behind a gap, the gap is given up and waiting items are released in order. An item
 * whose number was already passed (late, or a duplicate) is dropped: nothing older than an item
 * already released is ever released. Window 0 never waits: gaps are skipped at once.
 *
 * Frames that are not reordered but consume sequence numbers (DTMF, marks) are reported with
 * `skip()` so they do not count as gaps.
 */
export class ReorderBuffer<T extends object> {
  readonly window: number;
  #next: number | undefined;
  #held = new Map<number, T>();
  #seenAhead = new Set<number>();
  #dropped = 0;

  constructor(window: number = DEFAULT_REORDER_WINDOW) {
    this.window = Number.isInteger(window) && window >= 0 ? window : DEFAULT_REORDER_WINDOW;
  }

  /** How many late or duplicate items were dropped. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Sets the next expected sequence number (the one after the start frame's). */
  expect(next: number): void {
    this.#next = next;
  }

  /** Offers an item; returns the items now in order, possibly none. */
  push(sequence: number, item: T): T[] {
    const next = this.#next ?? sequence;
    if (sequence < next || this.#held.has(sequence)) {
      this.#dropped += 1;
      return [];
    }
    this.#held.set(sequence, item);
    this.#next = next;
    const released = this.#drain();
    while (this.#held.size > this.window) {
      this.#next = Math.min(...this.#held.keys());
      released.push(...this.#drain());
    }
    return released;
  }

  /** Marks `sequence` as used by a frame that is not reordered; returns the items this releases. */
  skip(sequence: number): T[] {
    if (this.#next === undefined || sequence < this.#next) return [];
    this.#seenAhead.add(sequence);
    if (this.#seenAhead.size > MAX_SEEN_AHEAD) this.#next = Math.min(...this.#seenAhead);
    return this.#drain();
  }

  /** Releases everything still held, in order (the stream ended). */
  flush(): T[] {
    const sequences = [...this.#held.keys()].sort((a, b) => a - b);
    const released = sequences.flatMap((sequence) => {
      const item = this.#held.get(sequence);
      return item === undefined ? [] : [item];
    });
    this.#held.clear();
    this.#seenAhead.clear();
    const last = sequences.at(-1);
    if (last !== undefined) this.#next = last + 1;
    return released;
  }

  #drain(): T[] {
    const released: T[] = [];
    for (;;) {
      const next = this.#next;
      if (next === undefined) return released;
      const item = this.#held.get(next);
      if (item !== undefined) {
        released.push(item);
        this.#held.delete(next);
      } else if (this.#seenAhead.has(next)) {
        this.#seenAhead.delete(next);
      } else {
        for (const seen of this.#seenAhead) if (seen < next) this.#seenAhead.delete(seen);
        return released;
      }
      this.#next = next + 1;
    }
  }
}
