import { nextMonthDay, previousMonthDay, type IsoDate } from '../domain/calendar.js';
import { mayMatchPattern } from './literal-prefilter.js';

/** A date expression found in normalized text; `date` is absent for vague spans ("every Friday"). */
export interface DateMention {
  readonly start: number;
  readonly end: number;
  readonly date?: IsoDate;
  /** True for "today"/今天, which a speaker mostly uses in contrast to the date that matters. */
  readonly isToday: boolean;
}

/** What a date resolver needs: today's local date and whether the sentence speaks of the past. */
export interface DateScope {
  readonly today: IsoDate;
  readonly past: boolean;
}

/** One date grammar rule: a global regex and how a match resolves (undefined = vague, no date). */
export interface DateRule {
  readonly pattern: RegExp;
  readonly resolve: (match: RegExpMatchArray, scope: DateScope) => IsoDate | undefined;
  readonly isToday?: boolean;
}

/**
 * Runs date rules in order; an earlier (more specific) rule's span wins over a later overlapping
 * one. `scope` may depend on where the match starts, for languages whose tense is read per clause.
 */
export function findDateMentions(text: string, rules: readonly DateRule[], scope: DateScope | ((start: number) => DateScope)): DateMention[] {
  const found: DateMention[] = [];
  for (const rule of rules) {
    // Skipping a rule that cannot match also spares compiling its regex (see literal-prefilter).
    if (!mayMatchPattern(text, rule.pattern)) continue;
    for (const match of text.matchAll(rule.pattern)) {
      const start = match.index ?? 0;
      const end = start + match[0].length;
      if (found.some((m) => start < m.end && m.start < end)) continue;
      const date = rule.resolve(match, typeof scope === 'function' ? scope(start) : scope);
      found.push(date === undefined ? { start, end, isToday: false } : { start, end, date, isToday: rule.isToday === true });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/**
 * The date an utterance is about: the first one mentioned, except that a "today" said in
 * contrast ("not today, tomorrow", "busy today") loses to any other date. A contrasted "today"
 * alone ("he didn't come in today", 他今天没来) names no day for anything, so gives no date.
 */
export function pickDate(mentions: readonly DateMention[], isContrasted: (mention: DateMention) => boolean): IsoDate | undefined {
  const concrete = mentions.filter((m) => m.date !== undefined);
  return concrete.find((m) => !(m.isToday && isContrasted(m)))?.date;
}

/**
 * The month/day a speaker means without a year: the next one, except that a day already past in
 * the current month ("March 3" on March 11) stays in this year rather than jumping to next year.
 */
export function nearestMonthDay(today: IsoDate, month: number, day: number): IsoDate {
  const behind = previousMonthDay(today, month, day);
  if (behind.slice(0, 7) === today.slice(0, 7)) return behind;
  return nextMonthDay(today, month, day);
}
