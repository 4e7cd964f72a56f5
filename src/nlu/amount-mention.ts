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
  /**
   * True for a figure that only leads to the one meant: a rough one (两三千, "two or three hundred") or what is owed
   * (欠你们一万). It gives way to any other amount said in the same utterance.
   */
  readonly yields?: boolean;
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
