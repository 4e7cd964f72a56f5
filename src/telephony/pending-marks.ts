/** Most marks a serializer tracks at once by default; past it the oldest pending mark is forgotten. */
export const MAX_PENDING_MARKS = 256;

/** How a mark's acknowledgement relates to what was sent: still pending, already cleared, or never tracked. */
export type MarkState = 'pending' | 'cleared' | 'unknown';

/**
 * The marks one stream sent and has not yet seen acknowledged, plus the marks a clear overtook.
 * Names may repeat; each acknowledgement settles the oldest matching entry. Both lists are bounded
 * by `limit` (oldest dropped first), so a provider that never acknowledges cannot grow memory.
 */
export class PendingMarks {
  readonly limit: number;
  #pending: string[] = [];
  #cleared: string[] = [];

  constructor(limit: number = MAX_PENDING_MARKS) {
    this.limit = Math.max(1, Math.floor(limit));
  }

  /** Names sent and not yet acknowledged, oldest first. */
  get pending(): readonly string[] {
    return [...this.#pending];
  }

  /** Records a sent mark; returns the oldest pending name it displaced when over `limit`. */
  add(name: string): string | undefined {
    this.#pending.push(name);
    return this.#pending.length > this.limit ? this.#pending.shift() : undefined;
  }

  /** Moves every pending mark to the cleared list (a clear overtook them) and returns them, oldest first. */
  clearAll(): readonly string[] {
    const moved = this.#pending;
    this.#pending = [];
    this.#cleared.push(...moved);
    if (this.#cleared.length > this.limit) this.#cleared.splice(0, this.#cleared.length - this.limit);
    return moved;
  }

  /**
   * Settles an acknowledgement of `name`. `prefer` picks which list is searched first when a name
   * could be in both: Twilio-style echoes of cleared marks arrive before any newer echo ('cleared');
   * Plivo/Vonage acknowledge only played marks, so a pending match is likelier ('pending').
   */
  settle(name: string, prefer: 'cleared' | 'pending'): MarkState {
    const order: readonly MarkState[] = prefer === 'cleared' ? ['cleared', 'pending'] : ['pending', 'cleared'];
    for (const state of order) {
      const list = state === 'cleared' ? this.#cleared : this.#pending;
      const index = list.indexOf(name);
      if (index >= 0) {
        list.splice(index, 1);
        return state;
      }
    }
    return 'unknown';
  }
}
