import { addDays, partsOfIso, type IsoDate } from '../domain/calendar.js';

/** A time of day said by the debtor: a clock time, or minutes from now ("in an hour"). */
export type ClockMention =
  | { readonly kind: 'clock'; readonly hour: number; readonly minute: number; readonly start: number; readonly end: number }
  | { readonly kind: 'relative'; readonly minutes: number; readonly start: number; readonly end: number };

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** The zone's offset from UTC at `instantMs`, in minutes (New York in summer → -240). */
function offsetMinutesAt(instantMs: number, timeZone: string): number {
  let formatter = offsetFormatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    offsetFormatters.set(timeZone, formatter);
  }
  const parts = formatter.formatToParts(new Date(instantMs));
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? '0');
  const asUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return Math.round((asUtc - Math.floor(instantMs / 1000) * 1000) / 60000);
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Formats an instant as the zone's local ISO date-time with its offset: "2026-03-12T15:00:00-04:00". */
export function formatZoned(instantMs: number, timeZone: string): { readonly dateTime: string; readonly date: IsoDate } {
  const offset = offsetMinutesAt(instantMs, timeZone);
  const local = new Date(instantMs + offset * 60000);
  const date = local.toISOString().slice(0, 10);
  return { dateTime: `${date}T${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}:00${formatOffset(offset)}`, date };
}

/** The instant of a local wall-clock time in a zone. */
function instantOf(date: IsoDate, hour: number, minute: number, timeZone: string): number {
  const { year, month, day } = partsOfIso(date);
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  const first = guess - offsetMinutesAt(guess, timeZone) * 60000;
  return guess - offsetMinutesAt(first, timeZone) * 60000;
}

/**
 * When a callback was asked for: the clock time on `date` (or, without a date, today, or tomorrow
 * when that time has passed), or minutes from now. ISO date-time with the zone's offset, plus its date.
 */
export function resolveCallbackAt(time: ClockMention, date: IsoDate | undefined, today: IsoDate, nowMs: number, timeZone: string): { readonly dateTime: string; readonly date: IsoDate } {
  if (time.kind === 'relative') return formatZoned(nowMs + time.minutes * 60000, timeZone);
  let day = date ?? today;
  let instant = instantOf(day, time.hour, time.minute, timeZone);
  if (date === undefined && instant <= nowMs) {
    day = addDays(today, 1);
    instant = instantOf(day, time.hour, time.minute, timeZone);
  }
  return formatZoned(instant, timeZone);
}
