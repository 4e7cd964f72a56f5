import { describe, expect, it } from 'vitest';
import { DunbotError } from '../../src/errors.js';
import {
  formatCountForSpeech,
  formatDateForSpeech,
  formatMoneyForSpeech,
  formatPhoneForSpeech,
  spellChineseInteger,
} from '../../src/scripts/index.js';

/** Runs `fn` and returns the DunbotError it throws. */
function thrown(fn: () => unknown): DunbotError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DunbotError) return error;
    throw error;
  }
  throw new Error('expected a DunbotError');
}

describe('formatMoneyForSpeech in zh-CN renminbi', () => {
  it.each([
    [8600, '八千六百元'],
    [1250.5, '一千二百五十元五角'],
    [10500, '一万零五百元'],
    [15000, '一万五千元'],
    [0.05, '五分'],
    [0.5, '五角'],
    [1250.05, '一千二百五十元零五分'],
    [1250.55, '一千二百五十元五角五分'],
    [100000000, '一亿元'],
    [150000000, '一亿五千万元'],
    [100010000, '一亿零一万元'],
    [100000001, '一亿零一元'],
    [110000, '十一万元'],
    [115, '一百一十五元'],
    [10, '十元'],
    [1001, '一千零一元'],
    [0, '零元'],
  ])('says %s as %s', (amount, spoken) => {
    expect(formatMoneyForSpeech(amount, 'CNY', 'zh-CN')).toBe(spoken);
  });

  it.each([
    // A leading 2 before 百/千/万/亿 or alone is 两, as people say prices.
    [2, '两元'],
    [200, '两百元'],
    [2000, '两千元'],
    [20000, '两万元'],
    [200000000, '两亿元'],
    [2500, '两千五百元'],
    [0.2, '两角'],
    [0.02, '两分'],
    // Every other 2 is 二: in the tens place and after the leading digit.
    [20, '二十元'],
    [22, '二十二元'],
    [1200, '一千二百元'],
    [22000, '两万二千元'],
    [12000, '一万二千元'],
  ])('uses 两 only for a leading 2: %s is %s', (amount, spoken) => {
    expect(formatMoneyForSpeech(amount, 'CNY', 'zh-CN')).toBe(spoken);
  });

  it('rounds to cents', () => {
    expect(formatMoneyForSpeech(99.996, 'CNY', 'zh-CN')).toBe('一百元');
    expect(formatMoneyForSpeech(0.294, 'CNY', 'zh-CN')).toBe('两角九分');
  });
});

describe('formatMoneyForSpeech in en-US dollars', () => {
  it.each([
    [1250.5, 'one thousand two hundred fifty dollars and fifty cents'],
    [1, 'one dollar'],
    [0.01, 'one cent'],
    [300, 'three hundred dollars'],
    [1.01, 'one dollar and one cent'],
    [21.99, 'twenty-one dollars and ninety-nine cents'],
    [1000000, 'one million dollars'],
    [0, 'zero dollars'],
    [0.125, 'thirteen cents'],
  ])('says %s as "%s"', (amount, spoken) => {
    expect(formatMoneyForSpeech(amount, 'USD', 'en-US')).toBe(spoken);
  });
});

describe('formatMoneyForSpeech in other currencies', () => {
  it('says renminbi in English as yuan and fen', () => {
    expect(formatMoneyForSpeech(8600, 'CNY', 'en-US')).toBe('eight thousand six hundred yuan');
    expect(formatMoneyForSpeech(1250.5, 'CNY', 'en-US')).toBe('one thousand two hundred fifty yuan and fifty fen');
  });

  it('says dollars in Mandarin as 美元 with a 点 decimal', () => {
    expect(formatMoneyForSpeech(300, 'USD', 'zh-CN')).toBe('三百美元');
    expect(formatMoneyForSpeech(1250.5, 'USD', 'zh-CN')).toBe('一千二百五十点五美元');
  });

  it('says an unknown currency as its code after the number', () => {
    expect(formatMoneyForSpeech(300, 'XYZ', 'en-US')).toBe('three hundred XYZ');
    expect(formatMoneyForSpeech(12.05, 'xyz', 'en-US')).toBe('twelve point zero five XYZ');
    expect(formatMoneyForSpeech(300, 'XYZ', 'zh-CN')).toBe('三百 XYZ');
  });

  it.each([Number.NaN, -1, -0.01, Number.POSITIVE_INFINITY])('rejects the amount %s', (amount) => {
    expect(thrown(() => formatMoneyForSpeech(amount, 'USD', 'en-US')).code).toBe('DUN_ERR_SCRIPT_BAD_VARIABLE');
  });

  it('rejects a currency that is not a three-letter code', () => {
    expect(thrown(() => formatMoneyForSpeech(1, 'dollars', 'en-US')).code).toBe('DUN_ERR_SCRIPT_BAD_VARIABLE');
  });
});

describe('formatDateForSpeech', () => {
  it('says a date as month and day', () => {
    expect(formatDateForSpeech('2026-03-20', 'zh-CN')).toBe('3月20日');
    expect(formatDateForSpeech('2026-03-20', 'en-US')).toBe('March 20th');
    expect(formatDateForSpeech('2026-12-01', 'zh-CN')).toBe('12月1日');
  });

  it.each([
    [1, '1st'], [2, '2nd'], [3, '3rd'], [4, '4th'], [11, '11th'], [12, '12th'], [13, '13th'],
    [21, '21st'], [22, '22nd'], [23, '23rd'], [24, '24th'], [30, '30th'], [31, '31st'],
  ])('gives day %s the ordinal %s', (day, ordinal) => {
    expect(formatDateForSpeech(`2026-01-${String(day).padStart(2, '0')}`, 'en-US')).toBe(`January ${ordinal}`);
  });

  it.each(['2026-3-20', '20/03/2026', '2026-02-30', '2026-13-01', '2026-03-20T00:00:00Z', ''])('rejects "%s"', (value) => {
    expect(thrown(() => formatDateForSpeech(value, 'en-US')).code).toBe('DUN_ERR_SCRIPT_BAD_VARIABLE');
  });
});

describe('formatCountForSpeech', () => {
  it('says counts in words', () => {
    expect(formatCountForSpeech(3, 'en-US')).toBe('three');
    expect(formatCountForSpeech(12, 'en-US')).toBe('twelve');
    expect(formatCountForSpeech(2, 'zh-CN')).toBe('两');
    expect(formatCountForSpeech(12, 'zh-CN')).toBe('十二');
    expect(formatCountForSpeech(0, 'zh-CN')).toBe('零');
  });

  it.each([2.5, -1, Number.NaN])('rejects %s', (count) => {
    expect(thrown(() => formatCountForSpeech(count, 'en-US')).code).toBe('DUN_ERR_SCRIPT_BAD_VARIABLE');
  });
});

describe('formatPhoneForSpeech', () => {
  it('reads US numbers digit by digit in 3-3-4 groups', () => {
    expect(formatPhoneForSpeech('+15551230001', 'en-US')).toBe('plus 1, 5 5 5, 1 2 3, 0 0 0 1');
    expect(formatPhoneForSpeech('(555) 123-0001', 'en-US')).toBe('5 5 5, 1 2 3, 0 0 0 1');
    expect(formatPhoneForSpeech('988', 'en-US')).toBe('9 8 8');
  });

  it('reads Chinese numbers with Chinese digit words, mobiles in 3-4-4 groups', () => {
    expect(formatPhoneForSpeech('13812345678', 'zh-CN')).toBe('一三八，一二三四，五六七八');
    expect(formatPhoneForSpeech('+86 138 1234 5678', 'zh-CN')).toBe('加八六，一三八，一二三四，五六七八');
    expect(formatPhoneForSpeech('400-820-8820', 'zh-CN')).toBe('四零零，八二零，八八二零');
    expect(formatPhoneForSpeech('95555', 'zh-CN')).toBe('九五五五五');
  });

  it.each(['', '12', 'call me', '555-CALL-NOW', '++1555', '1234567890123456'])('rejects "%s"', (phone) => {
    expect(thrown(() => formatPhoneForSpeech(phone, 'en-US')).code).toBe('DUN_ERR_SCRIPT_BAD_VARIABLE');
  });
});

describe('spellChineseInteger', () => {
  it('handles 万亿 and zeros across empty groups', () => {
    expect(spellChineseInteger(1_0000_0000_0000)).toBe('一万亿');
    expect(spellChineseInteger(1_0000_0001_0000)).toBe('一万亿零一万');
    expect(spellChineseInteger(1_0100)).toBe('一万零一百');
  });
});
