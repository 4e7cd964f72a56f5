import type { AmountMention, TextRange } from './amount-mention.js';
import type { IsoDate } from '../domain/calendar.js';
import type { DateMention } from './date-mention.js';
import type { Clause, RuleSet } from './intent-rule.js';
import type { DetailFinders } from './detail-mention.js';
import type { SignalRule } from './signal-rule.js';

/** Everything the rules NLU needs to understand one locale. */
export interface LocaleGrammar extends RuleSet {
  readonly findDates: (text: string, today: IsoDate) => DateMention[];
  readonly findAmounts: (text: string, blocked: readonly TextRange[]) => AmountMention[];
  /** Placeholders for a future date, a today-or-past date and an amount in the text the rules see. */
  readonly dateTag: string;
  readonly pastDateTag: string;
  readonly amountTag: string;
  /** True when a "today" mention is negated or contrasted ("no money today", 今天没空). */
  readonly isTodayContrasted: (text: string, mention: DateMention) => boolean;
  /** Words that may surround a bare entity answer ("maybe two hundred", "周六吧"). */
  readonly bareGlue: RegExp;
  /** Splits tagged text into clauses; `raw` is the original text, for its question marks. */
  readonly splitClauses: (tagged: string, raw: string) => Clause[];
  /** Rules for the finer readings of an utterance (see SIGNALS). */
  readonly signals: readonly SignalRule[];
  /** Vague dates, times of day, names and partial identifiers. */
  readonly details: DetailFinders;
  /**
   * True when normalized text speaks of paying. Without it, the day and the figure of a despair or
   * a threat are not a payment's (see `EVENT_INTENTS` in rules-nlu).
   * A locale that does not tell keeps every entity.
   */
  readonly speaksOfPaying?: (normalized: string) => boolean;
}
