import type { PartialDate, PartialIdentifier } from './intents.js';
import type { TextRange } from './amount-mention.js';
import type { ClockMention } from './zoned-time.js';
import type { IsoDate } from '../domain/calendar.js';

/** A partial identifier found in normalized text, with where it was said (kept out of amounts and dates). */
export interface IdentifierMention extends TextRange {
  readonly identifier: PartialIdentifier;
}

/** What a locale finds besides amounts and dates: vague dates, times of day, names, identifiers. */
export interface DetailFinders {
  /** A vague span ("next month", 下个月, "payday"), as the days it can mean. */
  readonly findDateRange: (text: string, today: IsoDate) => PartialDate | undefined;
  /** A time of day or an offset from now ("at 3pm", "after six", 下午三点, "in an hour"). */
  readonly findClockTime: (text: string) => ClockMention | undefined;
  /** A name the speaker gives as their own ("this is Priya", 我是张伟); `raw` keeps its capitals. */
  readonly findName: (text: string, raw: string) => string | undefined;
  /** A date of birth, postcode or last four digits given for verification. */
  readonly findIdentifier: (text: string) => IdentifierMention | undefined;
  /** Words between two amounts that make them a range ("between 200 and 300", 两百到三百). */
  readonly rangeJoin: RegExp;
  /** Words between two amounts that make the later one replace the earlier ("but", "actually", 不过). */
  readonly contrast: RegExp;
}
