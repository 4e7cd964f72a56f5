import { describe, expect, it } from 'vitest';
import { findFigures } from '../../src/nlu/index.js';

describe('findFigures', () => {
  it('reads money in digits and words, every number in digits, dates, and keeps phone numbers apart', () => {
    expect(findFigures('Your balance is $1,250.00; call (800) 555-0100.', 'en-US', '2026-03-11')).toEqual({ amounts: [1250], numbers: [1250], dates: [], phoneNumbers: ['8005550100'] });
    expect(findFigures('You still owe twelve hundred fifty, due March 1st, at 5% a year.', 'en-US', '2026-03-11')).toEqual({ amounts: [1250], numbers: [1, 5], dates: ['2026-03-01'], phoneNumbers: [] });
    expect(findFigures('Up to 3 instalments of 416.67 dollars; call +1 800 555 0100.', 'en-US', '2026-03-11')).toMatchObject({ amounts: [416.67], numbers: [3, 416.67], phoneNumbers: ['18005550100'] });
  });

  it('reads Chinese figures', () => {
    expect(findFigures('您还欠一千二百五十元，可以拨打400-800-5000。', 'zh-CN', '2026-03-11')).toEqual({ amounts: [1250], numbers: [], dates: [], phoneNumbers: ['4008005000'] });
    expect(findFigures('可以分3期，每期416.67元，到期日为2026年3月1日。', 'zh-CN', '2026-03-11')).toMatchObject({ numbers: [3, 416.67, 2026, 3, 1], dates: ['2026-03-01'] });
  });

  it('finds nothing in words that are no figures', () => {
    expect(findFigures('One of my colleagues can follow up in writing.', 'en-US', '2026-03-11')).toEqual({ amounts: [], numbers: [], dates: [], phoneNumbers: [] });
  });
});
