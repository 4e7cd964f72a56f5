import {
  addDays, addMonths, comingWeekend, dayInMonth, endOfMonth, monthDayInYear, nextDayOfMonth,
  nextWeekday, previousDayOfMonth, previousMonthDay, previousWeekday, weekdayInWeek,
  type IsoDate, type WeekdayIndex,
} from '../domain/calendar.js';
import { findDateMentions, nearestMonthDay, type DateMention, type DateRule, type DateScope } from './date-mention.js';
import { EN_COUNT, EN_ORDINAL, parseEnglishCount, parseEnglishOrdinal } from './en-us-numbers.js';

const WEEKDAYS: Readonly<Record<string, WeekdayIndex>> = {
  monday: 0, tuesday: 1, wednesday: 2, thursday: 3, friday: 4, saturday: 5, sunday: 6,
  mon: 0, tues: 1, tue: 1, weds: 2, wed: 2, thurs: 3, thur: 3, thu: 3, fri: 4, sat: 5, sun: 6,
};

const MONTHS: Readonly<Record<string, number>> = {
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8,
  september: 9, october: 10, november: 11, december: 12, jan: 1, feb: 2, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9,
  sept: 9, oct: 10, nov: 11, dec: 12,
};

const WEEKDAY = '(monday|tuesday|wednesday|thursday|friday|saturday|sunday|tues|weds|thurs)';
// Written short by a recognizer ("feb 20th"); "mar" is left out, it is a word too.
const MONTH = '(january|february|march|april|may|june|july|august|september|october|november|december|sept|jan|feb|apr|jun|jul|aug|sep|oct|nov|dec)';
const ORD = `(${EN_ORDINAL})`;
// "the first payment", "the second time": an ordinal word followed by a noun is not a date.
const NOT_A_NOUN = '(?! (?:time|times|payment|payments|installment|one|ones|thing|step|place|call|bill|of all|person|option|half|week|month|year|day|notice|letter|page|chapter|floor|kid|child))';
const LEAD = '(?:(?:on|by|before|until|till|from|since|after|around) )?';

function weekdayIndex(word: string | undefined): WeekdayIndex {
  return WEEKDAYS[word ?? ''] ?? 0;
}

function dayNumber(word: string | undefined): number {
  const direct = parseEnglishOrdinal(word ?? '');
  return direct ?? Number(word);
}

function byDayOfMonth(day: number, scope: DateScope): IsoDate | undefined {
  if (!(day >= 1 && day <= 31)) return undefined;
  return scope.past ? previousDayOfMonth(scope.today, day) : nextDayOfMonth(scope.today, day);
}

function byMonthDay(month: number | undefined, day: number, scope: DateScope): IsoDate | undefined {
  if (month === undefined || !(day >= 1 && day <= 31)) return undefined;
  return scope.past ? previousMonthDay(scope.today, month, day) : nearestMonthDay(scope.today, month, day);
}

function bySpan(count: string | undefined, unit: string | undefined, sign: 1 | -1, scope: DateScope): IsoDate | undefined {
  const n = parseEnglishCount(count ?? '');
  if (n === undefined || n > 400) return undefined;
  if (unit?.startsWith('month') === true) return addMonths(scope.today, sign * n);
  return addDays(scope.today, sign * n * (unit?.startsWith('week') === true ? 7 : 1));
}

function rule(source: string, resolve: DateRule['resolve'], isToday = false): DateRule {
  return { pattern: new RegExp(source, 'g'), resolve, isToday };
}

// Most specific first: "the 5th of next month" must win over "the 5th", "friday the 20th" over "friday".
const EN_DATE_RULES: readonly DateRule[] = [
  rule(`\\b${LEAD}(?:the )?${ORD} of next month\\b`, (m, s) => dayInMonth(s.today, 1, dayNumber(m[1]))),
  rule(`\\bnext month (?:on )?(?:the )?${ORD}\\b`, (m, s) => dayInMonth(s.today, 1, dayNumber(m[1]))),
  rule(`\\b${LEAD}the ${ORD} (?:of )?next month\\b`, (m, s) => dayInMonth(s.today, 1, dayNumber(m[1]))),
  rule(`\\b${LEAD}(?:the )?${ORD} of last month\\b`, (m, s) => dayInMonth(s.today, -1, dayNumber(m[1]))),
  rule(`\\b${LEAD}(?:the )?${ORD} of (?:this|the) month\\b`, (m, s) => byDayOfMonth(dayNumber(m[1]), s)),
  rule(`\\b${MONTH} (?:the )?(${EN_ORDINAL}|\\d{1,2})(?: (next|this|last) year)?\\b(?! (?:days?|weeks?|months?|years?|dollars?|bucks|am|pm|oclock|hours?|minutes?|percent))`,
    (m, s) => {
      const month = MONTHS[m[1] ?? ''];
      const day = dayNumber(m[2]);
      if (m[3] === undefined || month === undefined) return byMonthDay(month, day, s);
      return monthDayInYear(s.today, m[3] === 'next' ? 1 : m[3] === 'last' ? -1 : 0, month, day);
    }),
  rule(`\\b(?:the )?${ORD} of ${MONTH}\\b`, (m, s) => byMonthDay(MONTHS[m[2] ?? ''], dayNumber(m[1]), s)),
  rule(`\\b(?:(?:next|this|last|coming) )?${WEEKDAY} (?:the )?${ORD}\\b`, (m, s) => byDayOfMonth(dayNumber(m[2]), s)),
  rule('\\b(?:the )?day after tomorrow\\b', (_m, s) => addDays(s.today, 2)),
  rule('\\b(?:the )?day before yesterday\\b', (_m, s) => addDays(s.today, -2)),
  rule(`\\b(?:in|within|after) (?:another )?(${EN_COUNT}) (days?|weeks?|months?)\\b(?! ago)`, (m, s) => bySpan(m[1], m[2], 1, s)),
  rule(`\\b(${EN_COUNT}) (days?|weeks?|months?) from (?:now|today)\\b`, (m, s) => bySpan(m[1], m[2], 1, s)),
  rule(`\\b(${EN_COUNT}) (days?|weeks?|months?) (?:ago|back|before)\\b`, (m, s) => bySpan(m[1], m[2], -1, s)),
  rule('\\btomorrow\\b', (_m, s) => addDays(s.today, 1)),
  rule('\\byesterday\\b', (_m, s) => addDays(s.today, -1)),
  rule('\\btoday\\b', (_m, s) => s.today, true),
  // What is left, or not, when every month ends is a habit, not a day: "nothing left at the end of the month".
  rule('\\b(?:nothing|left|short|broke|out|gone|behind)(?: \\w+){0,2} (?:at|by) the end of (?:the|every|each) month\\b', () => undefined),
  rule('\\b(?:the )?end of next month\\b', (_m, s) => endOfMonth(s.today, 1)),
  rule('\\b(?:the )?end of (?:the |this )?month\\b|\\bmonth end\\b', (_m, s) => endOfMonth(s.today, 0)),
  rule('\\b(?:the )?end of (?:the |this )?year\\b', (_m, s) => monthDayInYear(s.today, 0, 12, 31)),
  rule('\\bnext weekend\\b', (_m, s) => weekdayInWeek(s.today, 1, 5)),
  rule('\\blast weekend\\b', (_m, s) => weekdayInWeek(s.today, -1, 5)),
  rule('\\b(?:this |the |this coming )?weekend\\b', (_m, s) => comingWeekend(s.today)),
  // "every Friday", "on Fridays": a recurrence, not a date.
  rule(`\\b(?:every|each|other) ${WEEKDAY}\\b|\\b${WEEKDAY}s\\b`, () => undefined),
  rule(`\\b(next|this|last|coming|this coming|this past|past) ${WEEKDAY}\\b`, (m, s) => {
    const weekday = weekdayIndex(m[2]);
    if (m[1] === 'next') return weekdayInWeek(s.today, 1, weekday);
    if (m[1] === 'last' || m[1] === 'this past' || m[1] === 'past') return weekdayInWeek(s.today, -1, weekday);
    return nextWeekday(s.today, weekday);
  }),
  rule(`\\b${WEEKDAY}\\b`, (m, s) => (s.past ? previousWeekday(s.today, weekdayIndex(m[1])) : nextWeekday(s.today, weekdayIndex(m[1])))),
  rule(`\\b${LEAD}the ${ORD}\\b${NOT_A_NOUN}`, (m, s) => byDayOfMonth(dayNumber(m[1]), s)),
  rule('\\b(?:on|by|before|until|till|since) (\\d{1,2}(?:st|nd|rd|th))\\b', (m, s) => byDayOfMonth(dayNumber(m[1]), s)),
  rule('^(\\d{1,2}(?:st|nd|rd|th))$', (m, s) => byDayOfMonth(dayNumber(m[1]), s)),
];

// Past tense decides whether "on Monday" or "the 5th" looks back ("I paid on the 5th") or ahead.
// "i put 200 on it", "autopay took it out": past forms a payment is reported in.
const EN_PAST = /\b(?:paid|payed|sent|made|mailed|did|was|were|went|filed|died|passed|lost|happened|transferred|wired|deposited|settled|cleared|received|since|ago|already|took|drafted|debited|deducted|withdrew|gave|handed|zelled|venmoed)\b|\b(?:i|we) put\b/;
const EN_NOT_PAST = /\b(?:get|gets|getting|be|have it|have this|have that) paid\b/g;
const EN_FUTURE = /\b(?:will|going to|shall|can|could|would|should|let us|let me|promise|plan to|tomorrow|next)\b/;

/** True when an English utterance speaks of the past and not of the future. */
export function isEnglishPast(text: string): boolean {
  const cleaned = text.replace(EN_NOT_PAST, ' ');
  return EN_PAST.test(cleaned) && !EN_FUTURE.test(cleaned);
}

/** A span counted back from today: "two weeks ago", "a month back". */
const COUNTED_BACK = /\b(?:ago|back|before)$/;
/** Talk of a payment: money sent, drafted or owed, in any tense. */
const PAYMENT_TALK = /\b(?:pay|paid|payed|paying|payment|payments|sent|send|mailed|wired|transferred|transfer|deposited|check|money|cash|autopay|auto pay|drafted|debited|deducted|withdrew|withdrawn|charged|settled|cleared|receipt|zelle|zelled|venmo|venmoed|xamt|owe|owed|balance|bill)\b|\$|\d+ (?:dollars|bucks)\b/;

/** A funeral, a burial, a wake: their day is the family's, never a payment's. */
const MOURNING = /\b(?:funeral|funerals|buried|burial|the wake|memorial service|cremated|cremation|the viewing|laid (?:him|her|them) to rest)\b/;

/**
 * Finds English date expressions in normalized text and resolves them against `today`. A span
 * counted back ("a month ago") is a rough distance in time, not a day; it names one only when the
 * utterance is about a payment, where it helps trace it ("i paid it two weeks ago"). "I got this
 * number a month ago" or "he died two weeks ago" carry no date. Nor does the day of a funeral or a
 * burial ("we buried her saturday", "the funeral was last thursday") said with no payment.
 */
export function findEnglishDates(text: string, today: IsoDate): DateMention[] {
  const mentions = findDateMentions(text, EN_DATE_RULES, { today, past: isEnglishPast(text) });
  if (PAYMENT_TALK.test(text)) return mentions;
  const mourning = MOURNING.test(text);
  return mentions.map((mention) =>
    mention.date !== undefined && (mourning || COUNTED_BACK.test(text.slice(mention.start, mention.end))) ? { start: mention.start, end: mention.end, isToday: false } : mention);
}
