import { describe, expect, it } from 'vitest';
import { parseNowOption, startOfDayInZone } from '../../src/cli/cli-options.js';

function nowError(value: string): unknown {
  try {
    parseNowOption(value, 'America/New_York');
  } catch (error) {
    return error;
  }
  throw new Error(`--now ${value} was accepted`);
}

describe('parseNowOption', () => {
  it('is undefined when the option is absent', () => {
    expect(parseNowOption(undefined)).toBeUndefined();
  });

  it.each([
    ['2026-03-11T10:00:00+08:00', '2026-03-11T02:00:00.000Z'],
    ['2026-03-11T15:00:00Z', '2026-03-11T15:00:00.000Z'],
    ['2026-03-11T15:00Z', '2026-03-11T15:00:00.000Z'],
    ['2026-03-11T15:00:00.250-05:00', '2026-03-11T20:00:00.250Z'],
    ['2024-02-29T23:59:59Z', '2024-02-29T23:59:59.000Z'],
  ])('reads the instant %s', (value, iso) => {
    expect(parseNowOption(value)?.toISOString()).toBe(iso);
  });

  it('reads a date as midnight in the given zone, UTC when none is given', () => {
    expect(parseNowOption('2026-03-11', 'Asia/Shanghai')?.toISOString()).toBe('2026-03-10T16:00:00.000Z');
    expect(parseNowOption('2026-03-11', 'America/New_York')?.toISOString()).toBe('2026-03-11T04:00:00.000Z');
    expect(parseNowOption('2026-03-11')?.toISOString()).toBe('2026-03-11T00:00:00.000Z');
  });

  it.each([
    '2026-02-30', '2026-02-30T10:00:00Z', '2026-13-01', '1', '', 'yesterday', '2026-03-11T10:00:00',
    '2026-03-11 10:00:00Z', '2026-03-11T24:00:00Z', '2026-03-11T10:60:00Z', '2026-03-11T10:00:00+25:00', '1773216000000',
  ])('rejects %j naming the option and the accepted forms', (value) => {
    const error = nowError(value);
    expect(error).toMatchObject({ code: 'DUN_ERR_CONFIG_INVALID' });
    expect(error instanceof Error ? error.message : '').toMatch(/^--now .*ISO 8601 date-time with an offset or Z .* or a date YYYY-MM-DD$/);
  });
});

describe('startOfDayInZone', () => {
  it('is midnight on either side of a daylight-saving change', () => {
    expect(startOfDayInZone('2026-03-08', 'America/New_York').toISOString()).toBe('2026-03-08T05:00:00.000Z');
    expect(startOfDayInZone('2026-03-09', 'America/New_York').toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect(startOfDayInZone('2026-11-01', 'America/New_York').toISOString()).toBe('2026-11-01T04:00:00.000Z');
    expect(startOfDayInZone('2026-03-11', 'Asia/Kolkata').toISOString()).toBe('2026-03-10T18:30:00.000Z');
  });

  it('is the first instant of a day whose midnight the clocks skip', () => {
    // Chile moves its clocks from 00:00 to 01:00 on the first Sunday of September.
    const start = startOfDayInZone('2026-09-06', 'America/Santiago');
    expect(start.toISOString()).toBe('2026-09-06T04:00:00.000Z');
    expect(new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Santiago', dateStyle: 'short', timeStyle: 'short', hourCycle: 'h23' }).format(start)).toBe('2026-09-06, 01:00');
  });
});
