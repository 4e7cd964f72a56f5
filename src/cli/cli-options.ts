import { readFileSync } from 'node:fs';
import { todayInZone } from '../domain/calendar.js';
import { isCalendarDate, parseDebtor, type Debtor } from '../domain/debtor.js';
import { isLocale, LOCALES, type Locale } from '../domain/locale.js';
import { DunbotError } from '../errors.js';

/**
 * Runs node's strict `parseArgs` so that an unknown option or a missing value becomes a
 * DUN_ERR_CONFIG_INVALID error with node's own explanation.
 */
export function strictArgs<R>(parse: () => R): R {
  try {
    return parse();
  } catch (error) {
    throw new DunbotError('DUN_ERR_CONFIG_INVALID', error instanceof Error ? error.message : String(error));
  }
}

/** A --locale value, checked. */
export function parseLocaleOption(value: string | undefined, fallback?: Locale): Locale {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new DunbotError('DUN_ERR_CONFIG_INVALID', `--locale is required (one of ${LOCALES.join(', ')})`);
  }
  if (!isLocale(value)) throw new DunbotError('DUN_ERR_CONFIG_INVALID', `--locale must be one of ${LOCALES.join(', ')}, got "${value}"`);
  return value;
}

const NOW_FORMS = 'an ISO 8601 date-time with an offset or Z (2026-03-11T10:00:00+08:00, 2026-03-11T02:00Z) or a date YYYY-MM-DD';
const NOW_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

/**
 * A --now value, checked strictly: a real instant written as an ISO 8601 date-time with an offset
 * or Z, or a date YYYY-MM-DD, which means 00:00 of that day in `timeZone` (UTC when none is given).
 * Anything else (2026-02-30, "1", an empty value) is DUN_ERR_CONFIG_INVALID naming the option.
 */
export function parseNowOption(value: string | undefined, timeZone = 'UTC'): Date | undefined {
  if (value === undefined) return undefined;
  const invalid = (why: string): DunbotError => new DunbotError('DUN_ERR_CONFIG_INVALID', `--now ${why}, got "${value}"; use ${NOW_FORMS}`);
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    if (!isCalendarDate(value)) throw invalid(`names a day that does not exist (${value})`);
    return startOfDayInZone(value, timeZone);
  }
  const match = NOW_DATE_TIME.exec(value);
  if (match === null) throw invalid('is not a date-time with an offset or Z, nor a date');
  const [, date = '', hours, minutes, seconds, , offsetHours, offsetMinutes] = match;
  if (!isCalendarDate(date)) throw invalid(`names a day that does not exist (${date})`);
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds ?? 0) > 59) throw invalid('names a time of day that does not exist');
  if (offsetHours !== undefined && (Number(offsetHours) > 23 || Number(offsetMinutes) > 59)) throw invalid('has an offset that does not exist');
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) throw invalid('is not a date-time this runtime can read');
  return instant;
}

/** The first instant of calendar day `date` (YYYY-MM-DD) in `timeZone`: its midnight, or the end of a DST gap that skips midnight. */
export function startOfDayInZone(date: string, timeZone: string): Date {
  const wallMs = Date.parse(`${date}T00:00:00Z`);
  // The zone's offset can differ between the guess and the answer across a DST change: two passes settle it.
  let instantMs = wallMs - zoneOffsetMs(wallMs, timeZone);
  instantMs = wallMs - zoneOffsetMs(instantMs, timeZone);
  const QUARTER_HOUR_MS = 900_000;
  // Midnight may not exist (the clocks jump from 23:59 to 01:00) or may exist twice: take the day's first instant.
  for (let step = 0; step < 8 && todayInZone(new Date(instantMs), timeZone) < date; step += 1) instantMs += QUARTER_HOUR_MS;
  for (let step = 0; step < 8 && todayInZone(new Date(instantMs - QUARTER_HOUR_MS), timeZone) === date; step += 1) instantMs -= QUARTER_HOUR_MS;
  return new Date(instantMs);
}

/** How far `timeZone`'s wall clock is ahead of UTC at the instant `instantMs`, in ms. */
function zoneOffsetMs(instantMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
  }).formatToParts(new Date(instantMs));
  const part = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wallMs = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
  return wallMs - (instantMs - (instantMs % 1000));
}

/** Reads and validates a debtor JSON file. */
export function readDebtorFile(path: string): Debtor {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new DunbotError('DUN_ERR_DEBTOR_NOT_FOUND', `cannot read debtor file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DunbotError('DUN_ERR_DEBTOR_INVALID', `debtor file ${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseDebtor(json, `debtor file ${path}`);
}

/** The call database path: --db, else DUNBOT_DB, else .dunbot/calls.db in the working directory. */
export function resolveDbPath(option: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  return option ?? env['DUNBOT_DB'] ?? '.dunbot/calls.db';
}
