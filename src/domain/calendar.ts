import { DunbotError } from '../errors.js';

/** A calendar date as an ISO string, YYYY-MM-DD. */
export type IsoDate = string;

/** Day of the week with Monday = 0 … Sunday = 6, because the intents spec runs weeks Monday to Sunday. */
export type WeekdayIndex = 0 | 1 | 2 | 3 | 4 | 5 | 6;

const MS_PER_DAY = 86_400_000;

// One formatter per zone: building an Intl.DateTimeFormat is far slower than using one.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const cached = formatters.get(timeZone);
  if (cached !== undefined) return cached;
  let created: Intl.DateTimeFormat;
  try {
    created = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  } catch (cause) {
    throw new DunbotError('DUN_ERR_NLU_TIMEZONE', 'Invalid IANA time zone given to the NLU.', { details: { timeZone }, cause });
  }
  formatters.set(timeZone, created);
  return created;
}

/** The local calendar date of `now` in `timeZone`; throws DUN_ERR_NLU_TIMEZONE on an unknown zone. */
export function todayInZone(now: Date, timeZone: string): IsoDate {
  if (Number.isNaN(now.getTime())) {
    throw new DunbotError('DUN_ERR_NLU_TIMEZONE', 'The NLU was given an invalid "now" instant.', { details: { timeZone } });
  }
  const parts = formatterFor(timeZone).formatToParts(now);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** Builds an ISO date from year, month (1–12) and day; out-of-range days roll over like Date.UTC. */
export function isoFromParts(year: number, month: number, day: number): IsoDate {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

/** Splits an ISO date into numeric year, month (1–12) and day. */
export function partsOfIso(date: IsoDate): { year: number; month: number; day: number } {
  return { year: Number(date.slice(0, 4)), month: Number(date.slice(5, 7)), day: Number(date.slice(8, 10)) };
}

function toEpochDay(date: IsoDate): number {
  const { year, month, day } = partsOfIso(date);
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

/** The date `days` days after `date` (negative goes back). */
export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date((toEpochDay(date) + days) * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Number of days in a month (1–12), leap years included. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The last day of the month `monthOffset` months after the month of `date`. */
export function endOfMonth(date: IsoDate, monthOffset = 0): IsoDate {
  const { year, month } = partsOfIso(date);
  return isoFromParts(year, month + monthOffset + 1, 0);
}

/** Day `day` of the month `monthOffset` months after `date`'s month, clamped to that month's length. */
export function dayInMonth(date: IsoDate, monthOffset: number, day: number): IsoDate {
  const { year, month } = partsOfIso(date);
  const first = isoFromParts(year, month + monthOffset, 1);
  const target = partsOfIso(first);
  return isoFromParts(target.year, target.month, Math.min(day, daysInMonth(target.year, target.month)));
}

/** The same day of the month `months` months later, clamped (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(date: IsoDate, months: number): IsoDate {
  return dayInMonth(date, months, partsOfIso(date).day);
}

// Day 0 of the Unix epoch, 1970-01-01, was a Thursday.
const WEEKDAY_BY_EPOCH_REMAINDER: readonly WeekdayIndex[] = [3, 4, 5, 6, 0, 1, 2];

/** Weekday of `date`, Monday = 0. */
export function weekdayOf(date: IsoDate): WeekdayIndex {
  return WEEKDAY_BY_EPOCH_REMAINDER[((Math.floor(toEpochDay(date)) % 7) + 7) % 7] ?? 0;
}

/** Date of `weekday` in the Monday–Sunday week `weekOffset` weeks from the week holding `date`. */
export function weekdayInWeek(date: IsoDate, weekOffset: number, weekday: WeekdayIndex): IsoDate {
  return addDays(date, weekOffset * 7 + weekday - weekdayOf(date));
}

/** The next `weekday` strictly after `date` (a bare "Friday" never means today). */
export function nextWeekday(date: IsoDate, weekday: WeekdayIndex): IsoDate {
  const delta = (weekday - weekdayOf(date) + 7) % 7;
  return addDays(date, delta === 0 ? 7 : delta);
}

/** The latest `weekday` strictly before `date` (a bare weekday in a past-tense sentence). */
export function previousWeekday(date: IsoDate, weekday: WeekdayIndex): IsoDate {
  const delta = (weekdayOf(date) - weekday + 7) % 7;
  return addDays(date, delta === 0 ? -7 : -delta);
}

/**
 * The first date on or after `date` whose day number is `day`. A day the current month lacks
 * ("the 31st" in April) clamps to the month's last day rather than skipping a month.
 */
export function nextDayOfMonth(date: IsoDate, day: number): IsoDate {
  const today = partsOfIso(date).day;
  const thisMonth = dayInMonth(date, 0, day);
  if (partsOfIso(thisMonth).day >= today) return thisMonth;
  return dayInMonth(date, 1, day);
}

/** The latest date on or before `date` whose day number is `day` (clamped like nextDayOfMonth). */
export function previousDayOfMonth(date: IsoDate, day: number): IsoDate {
  const thisMonth = dayInMonth(date, 0, day);
  if (thisMonth <= date) return thisMonth;
  return dayInMonth(date, -1, day);
}

/** The next occurrence of month/day on or after `date` (this year if still ahead, else next year). */
export function nextMonthDay(date: IsoDate, month: number, day: number): IsoDate {
  const { year } = partsOfIso(date);
  const thisYear = isoFromParts(year, month, Math.min(day, daysInMonth(year, month)));
  if (thisYear >= date) return thisYear;
  return isoFromParts(year + 1, month, Math.min(day, daysInMonth(year + 1, month)));
}

/** The latest occurrence of month/day on or before `date`. */
export function previousMonthDay(date: IsoDate, month: number, day: number): IsoDate {
  const { year } = partsOfIso(date);
  const thisYear = isoFromParts(year, month, Math.min(day, daysInMonth(year, month)));
  if (thisYear <= date) return thisYear;
  return isoFromParts(year - 1, month, Math.min(day, daysInMonth(year - 1, month)));
}

/** Month/day in the year `yearOffset` years from `date`'s year, clamped to the month's length. */
export function monthDayInYear(date: IsoDate, yearOffset: number, month: number, day: number): IsoDate {
  const year = partsOfIso(date).year + yearOffset;
  return isoFromParts(year, month, Math.min(day, daysInMonth(year, month)));
}

/**
 * "This weekend": the coming Saturday, or today when today is already Saturday or Sunday
 * (the weekend is under way).
 */
export function comingWeekend(date: IsoDate): IsoDate {
  const weekday = weekdayOf(date);
  return weekday >= 5 ? date : addDays(date, 5 - weekday);
}
