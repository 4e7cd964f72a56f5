import { describe, expect, it } from 'vitest';
import { checkDebtorAt, isCalendarDate, isKnownTimeZone, parseDebtor } from '../../src/domain/debtor.js';
import { isDunbotError } from '../../src/errors.js';
import { fixtureDebtor, TODAY } from '../support/fixtures.js';

const FIXTURES = ['en-US-early', 'en-US-mid', 'en-US-late', 'zh-CN-early', 'zh-CN-mid', 'zh-CN-late'];

function record(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...fixtureDebtor('en-US-early'), ...overrides };
}

/** The problems parseDebtor lists for `value`, one per wrong field ("field: message"). */
function problemsOf(value: unknown): readonly string[] {
  try {
    parseDebtor(value);
  } catch (error) {
    if (!isDunbotError(error, 'DUN_ERR_DEBTOR_INVALID')) throw error;
    const problems = error.details['problems'];
    return Array.isArray(problems) ? problems.map(String) : [];
  }
  return [];
}

describe('isCalendarDate', () => {
  it.each(['2026-03-11', '2024-02-29', '2026-12-31'])('accepts %s', (date) => {
    expect(isCalendarDate(date)).toBe(true);
  });

  it.each(['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-3-11', '1', '', '2026-03-11T00:00:00Z', ' 2026-03-11'])('rejects %j', (date) => {
    expect(isCalendarDate(date)).toBe(false);
  });
});

describe('isKnownTimeZone', () => {
  it('knows IANA zones and refuses made-up ones', () => {
    expect(isKnownTimeZone('Asia/Shanghai')).toBe(true);
    expect(isKnownTimeZone('America/New_York')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isKnownTimeZone('')).toBe(false);
  });
});

describe('DebtorSchema', () => {
  it('accepts every shipped fixture', () => {
    for (const name of FIXTURES) expect(fixtureDebtor(name).id).not.toBe('');
  });

  it('refuses a due date that does not exist', () => {
    expect(problemsOf(record({ dueDate: '2026-02-30' }))).toEqual([expect.stringMatching(/^dueDate: expected a real calendar date/)]);
    expect(problemsOf(record({ dueDate: '2026-13-01' }))).toEqual([expect.stringContaining('dueDate')]);
  });

  it('refuses a time zone that does not exist', () => {
    expect(problemsOf(record({ timezone: 'Asia/Atlantis' }))).toEqual([expect.stringMatching(/^timezone: expected an IANA time zone/)]);
  });

  it('refuses negative or fractional days past due', () => {
    expect(problemsOf(record({ daysPastDue: -1 }))).toEqual([expect.stringContaining('daysPastDue')]);
    expect(problemsOf(record({ daysPastDue: 1.5 }))).toEqual([expect.stringContaining('daysPastDue')]);
  });

  it('accepts the optional verification fields in their shapes', () => {
    const debtor = parseDebtor(record({ dateOfBirth: '1984-02-29', postcode: 'SW1A 1AA', idLast4: '123X' }));
    expect(debtor).toMatchObject({ dateOfBirth: '1984-02-29', postcode: 'SW1A 1AA', idLast4: '123X' });
    expect(parseDebtor(record({ postcode: '100000' })).postcode).toBe('100000');
    expect(parseDebtor(record({ postcode: '12345-6789' })).postcode).toBe('12345-6789');
  });

  it('names each verification field in a wrong shape', () => {
    expect(problemsOf(record({ dateOfBirth: '1985-02-29' }))).toEqual([expect.stringMatching(/^dateOfBirth: /)]);
    expect(problemsOf(record({ dateOfBirth: 19840229 }))).toEqual([expect.stringMatching(/^dateOfBirth: /)]);
    expect(problemsOf(record({ idLast4: '12345' }))).toEqual([expect.stringMatching(/^idLast4: /)]);
    expect(problemsOf(record({ idLast4: '12 4' }))).toEqual([expect.stringMatching(/^idLast4: /)]);
    expect(problemsOf(record({ postcode: '' }))).toEqual([expect.stringMatching(/^postcode: /)]);
    expect(problemsOf(record({ postcode: ' 10001' }))).toEqual([expect.stringMatching(/^postcode: /)]);
  });
});

describe('checkDebtorAt', () => {
  it('finds every shipped fixture consistent on the tests\' call date', () => {
    for (const name of FIXTURES) expect(checkDebtorAt(fixtureDebtor(name), TODAY), name).toEqual({ ok: true });
  });

  it('allows one day either way, for a record computed across a day boundary', () => {
    const debtor = { dueDate: '2026-02-20', daysPastDue: 19 };
    expect(checkDebtorAt(debtor, '2026-03-10')).toEqual({ ok: true });
    expect(checkDebtorAt(debtor, '2026-03-12')).toEqual({ ok: true });
    expect(checkDebtorAt(debtor, '2026-03-13')).toEqual({ ok: false, expectedDaysPastDue: 21, message: expect.stringContaining('dueDate 2026-02-20 was 21 days before 2026-03-13') });
    expect(checkDebtorAt(debtor, '2026-03-09')).toMatchObject({ ok: false, expectedDaysPastDue: 17 });
  });

  it('counts across month ends and leap days', () => {
    expect(checkDebtorAt({ dueDate: '2024-02-28', daysPastDue: 2 }, '2024-03-01')).toEqual({ ok: true });
    expect(checkDebtorAt({ dueDate: '2025-11-01', daysPastDue: 130 }, '2026-03-11')).toEqual({ ok: true });
    expect(checkDebtorAt({ dueDate: '2025-12-31', daysPastDue: 0 }, '2026-03-11')).toMatchObject({ ok: false, expectedDaysPastDue: 70 });
  });

  it('expects 0 days past due while the debt is not yet due', () => {
    expect(checkDebtorAt({ dueDate: '2026-03-20', daysPastDue: 0 }, '2026-03-11')).toEqual({ ok: true });
    expect(checkDebtorAt({ dueDate: '2026-03-12', daysPastDue: 1 }, '2026-03-11')).toEqual({ ok: false, expectedDaysPastDue: 0, message: expect.stringContaining('still ahead') });
    expect(checkDebtorAt({ dueDate: '2026-03-11', daysPastDue: 0 }, '2026-03-11')).toEqual({ ok: true });
  });

  it('refuses a "today" that is not a calendar date', () => {
    expect(() => checkDebtorAt({ dueDate: '2026-03-11', daysPastDue: 0 }, '2026-02-30')).toThrow(expect.objectContaining({ code: 'DUN_ERR_CONFIG_INVALID' }));
  });
});
