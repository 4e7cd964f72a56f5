import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the old generation grow past what survived the last major collection before it
 * starts the next one, in percent; 0 leaves the choice to V8.
 *
 * Why a media server sets it: V8 sizes that headroom from how cheap marking is against how fast
 * the program fills the old generation. A server carrying hundreds of calls allocates a lot but
 * keeps little, so V8 judges marking cheap and grows the heap by only about a tenth: a major
 * collection every few seconds. Each one stops the event loop for 5–10 ms and leaves a backlog of
 * caller frames behind it, which is what the 20 ms frame-lag budget cannot absorb. A fixed factor
 * makes them many times rarer, for a heap at most that factor times the live size (a few tens of
 * MB per thousand calls).
 */
export const DEFAULT_HEAP_GROWTH_PERCENT = 300;

/** The V8 flag that sets the heap growth; V8 ignores a flag it does not know, so tests check this one takes. */
export function heapGrowthFlag(percent: number): string {
  if (!Number.isInteger(percent) || percent < 0) throw new RangeError(`heap growth must be a whole number of percent ≥ 0, got ${percent}`);
  return `--heap-growing-percent=${percent}`;
}

/** Sets the heap growth for this whole process, from the next major collection on. */
export function applyHeapGrowth(percent: number): void {
  setFlagsFromString(heapGrowthFlag(percent));
}
