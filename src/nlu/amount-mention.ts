/** A money amount found in normalized text; `cued` means the context marks it as money. */
export interface AmountMention {
  readonly start: number;
  readonly end: number;
  readonly value: number;
  /**
   * False for a number with no money cue ("five hundred" said alone). Such a number counts as an
   * amount only when the whole utterance is that number (an answer to "how much can you pay?").
   */
  readonly cued: boolean;
}

/** A half-open character range of normalized text. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/** True when the range [start, end) overlaps one of `ranges`. */
export function overlapsAny(start: number, end: number, ranges: readonly TextRange[]): boolean {
  return ranges.some((r) => start < r.end && r.start < end);
}
