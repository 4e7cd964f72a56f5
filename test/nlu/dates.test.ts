import { describe, expect, it } from 'vitest';
import { classifyUtterance } from '../../src/nlu/index.js';
import type { Locale } from '../../src/domain/locale.js';
import { isDunbotError } from '../../src/errors.js';

// 2026-03-11T15:00:00Z is Wednesday 11 March in both New York (11:00) and Shanghai (23:00).
const WEDNESDAY = '2026-03-11T15:00:00Z';
const ZONE: Readonly<Record<Locale, string>> = { 'en-US': 'America/New_York', 'zh-CN': 'Asia/Shanghai' };

function dateOf(text: string, locale: Locale, now = WEDNESDAY, timeZone = ZONE[locale]): string | undefined {
  return classifyUtterance(text, locale, { now: new Date(now), timeZone }).entities.date;
}

describe('English dates against Wednesday 2026-03-11', () => {
  it.each([
    ['i can pay tomorrow', '2026-03-12'],
    ['i will pay the day after tomorrow', '2026-03-13'],
    ['i am paying today', '2026-03-11'],
    ['i will pay next friday', '2026-03-20'],
    ['i will pay this friday', '2026-03-13'],
    ['i will pay friday', '2026-03-13'],
    ['i will pay on wednesday', '2026-03-18'],
    ['i will pay next wednesday', '2026-03-18'],
    ['i will pay this weekend', '2026-03-14'],
    ['i will pay next weekend', '2026-03-21'],
    ['i will pay by the end of the month', '2026-03-31'],
    ['i will pay at the end of next month', '2026-04-30'],
    ['i will pay on the 15th', '2026-03-15'],
    ['i will pay on the fifteenth', '2026-03-15'],
    ['i will pay on the 11th', '2026-03-11'],
    ['i will pay on the 5th', '2026-04-05'],
    ['i will pay on the twenty first', '2026-03-21'],
    ['i will pay in two weeks', '2026-03-25'],
    ['i will pay in 3 days', '2026-03-14'],
    ['i will pay a week from today', '2026-03-18'],
    ['i will pay next month on the 5th', '2026-04-05'],
    ['i will pay on the 5th of next month', '2026-04-05'],
    ['i will pay on march 20th', '2026-03-20'],
    ['i will pay on march twentieth', '2026-03-20'],
    ['i will pay on february 10th', '2027-02-10'],
    ['i will pay on friday the 20th', '2026-03-20'],
  ])('%s → %s', (text, expected) => {
    expect(dateOf(text, 'en-US')).toBe(expected);
  });

  it.each([
    ['i paid last friday', '2026-03-06'],
    ['i paid it yesterday', '2026-03-10'],
    ['i paid two days ago', '2026-03-09'],
    ['i paid on monday', '2026-03-09'],
    ['i paid on the 5th', '2026-03-05'],
    ['i paid on march 2nd', '2026-03-02'],
  ])('past reference %s resolves backwards to %s', (text, expected) => {
    expect(dateOf(text, 'en-US')).toBe(expected);
  });

  it.each([
    'i will pay next week',
    'i will pay soon',
    'call me back at 3pm',
    'call me this afternoon',
    'i will pay in a couple of days',
    'can i pay 100 every friday',
    'i paid last week',
    'i will pay next month',
  ])('%s carries no date', (text) => {
    expect(dateOf(text, 'en-US')).toBeUndefined();
  });

  it('prefers the other date over a contrasted today, else the first date', () => {
    expect(dateOf('i do not have it today but i will pay tomorrow', 'en-US')).toBe('2026-03-12');
    expect(dateOf('i can do 30 today and 30 next friday', 'en-US')).toBe('2026-03-11');
  });

  it('gives no date for a contrasted today alone, but keeps an agreed today', () => {
    expect(dateOf('she did not come in today', 'en-US')).toBeUndefined();
    expect(dateOf('no problem i will pay today', 'en-US')).toBe('2026-03-11');
    expect(dateOf('no worries, i am sending it today', 'en-US')).toBe('2026-03-11');
  });

  it('dates a span counted back only when the utterance is about a payment', () => {
    expect(dateOf('i mailed the check a week ago', 'en-US')).toBe('2026-03-04');
    expect(dateOf('i moved into this apartment a month ago', 'en-US')).toBeUndefined();
    expect(dateOf('she passed away three weeks ago', 'en-US')).toBeUndefined();
    expect(dateOf('he passed away on march 2nd', 'en-US')).toBe('2026-03-02');
  });

  it('reads a payment put on the account or drafted from it as past', () => {
    expect(dateOf('i put 200 on the card on monday', 'en-US')).toBe('2026-03-09');
    expect(dateOf('autopay took it out on the 2nd', 'en-US')).toBe('2026-03-02');
  });
});

describe('Mandarin dates against Wednesday 2026-03-11', () => {
  it.each([
    ['我明天还', '2026-03-12'],
    ['明儿还', '2026-03-12'],
    ['我后天还', '2026-03-13'],
    ['我大后天还', '2026-03-14'],
    ['我今天还', '2026-03-11'],
    ['下周五还', '2026-03-20'],
    ['这周五还', '2026-03-13'],
    ['周五还', '2026-03-13'],
    ['星期五还', '2026-03-13'],
    ['礼拜五还', '2026-03-13'],
    ['周三还', '2026-03-18'],
    ['周末还', '2026-03-14'],
    ['下周末还', '2026-03-21'],
    ['月底还', '2026-03-31'],
    ['下个月底还', '2026-04-30'],
    ['15号还', '2026-03-15'],
    ['十五号还', '2026-03-15'],
    ['5号还', '2026-04-05'],
    ['5日还', '2026-04-05'],
    ['三天后还', '2026-03-14'],
    ['3天以后还', '2026-03-14'],
    ['两周后还', '2026-03-25'],
    ['两个星期后还', '2026-03-25'],
    ['下个月5号还', '2026-04-05'],
    ['3月20号还', '2026-03-20'],
    ['三月二十日还', '2026-03-20'],
    ['下下周一还', '2026-03-23'],
  ])('%s → %s', (text, expected) => {
    expect(dateOf(text, 'zh-CN')).toBe(expected);
  });

  it.each([
    ['上周五还了', '2026-03-06'],
    ['昨天还了', '2026-03-10'],
    ['前天还了', '2026-03-09'],
    ['两天前还了', '2026-03-09'],
    ['我周一还了', '2026-03-09'],
    ['我5号就还了', '2026-03-05'],
  ])('past reference %s resolves backwards to %s', (text, expected) => {
    expect(dateOf(text, 'zh-CN')).toBe(expected);
  });

  it.each([
    ['周六还不起 被裁员了', '2026-03-14'],
    ['周四还不上 工资还没发呢', '2026-03-12'],
    ['礼拜一没法还 孩子住院了', '2026-03-16'],
    ['15号交不了 钱都花光了', '2026-03-15'],
  ])('a negated plan %s looks ahead to %s, though the reason is past', (text, expected) => {
    expect(dateOf(text, 'zh-CN')).toBe(expected);
  });

  it.each([
    ['上周二用支付宝付过了', '2026-03-03'],
    ['前天银行代扣了', '2026-03-09'],
  ])('a past payment by a channel %s resolves backwards to %s', (text, expected) => {
    expect(dateOf(text, 'zh-CN')).toBe(expected);
  });

  it.each([
    ['刚才是我说话冲了。我周五还两千', '2026-03-13'],
    ['不好意思刚才态度不好了，我周五还', '2026-03-13'],
    ['周五，我已经转过去了', '2026-03-06'],
    ['我已经还了，周五还的', '2026-03-06'],
    ['我周五还了两千', '2026-03-06'],
  ])('reads the tense of %s from the clause about paying', (text, date) => {
    expect(dateOf(text, 'zh-CN')).toBe(date);
  });

  it.each(['我是他邻居 他今天不在', '他今天没来上班'])('a contrasted today alone %s carries no date', (text) => {
    expect(dateOf(text, 'zh-CN')).toBeUndefined();
  });

  it.each(['我下周还', '我过几天还', '我这几天就还', '月中还', '下午三点再打', '我下个月还', '我住在三号楼', '我下礼拜一定还'])('%s carries no date', (text) => {
    expect(dateOf(text, 'zh-CN')).toBeUndefined();
  });
});

describe('time zone, rollover and leap years', () => {
  it('uses the local date when it differs from the UTC date', () => {
    // 02:30 UTC on 12 March is still 22:30 on 11 March in New York.
    expect(dateOf('i will pay tomorrow', 'en-US', '2026-03-12T02:30:00Z')).toBe('2026-03-12');
    // 17:00 UTC on 11 March is already 01:00 on Thursday 12 March in Shanghai.
    expect(dateOf('我明天还', 'zh-CN', '2026-03-11T17:00:00Z')).toBe('2026-03-13');
    expect(dateOf('我周五还', 'zh-CN', '2026-03-11T17:00:00Z')).toBe('2026-03-13');
    expect(dateOf('我下周五还', 'zh-CN', '2026-03-11T17:00:00Z')).toBe('2026-03-20');
    expect(dateOf('i will pay tomorrow', 'en-US', '2026-03-11T17:00:00Z', 'Asia/Shanghai')).toBe('2026-03-13');
  });

  it('rolls over the month and the year', () => {
    const newYearsEve = '2026-12-30T15:00:00Z';
    expect(dateOf('i will pay on the 5th', 'en-US', newYearsEve)).toBe('2027-01-05');
    expect(dateOf('i will pay next friday', 'en-US', newYearsEve)).toBe('2027-01-08');
    expect(dateOf('i will pay the day after tomorrow', 'en-US', newYearsEve)).toBe('2027-01-01');
    expect(dateOf('i will pay at the end of the month', 'en-US', newYearsEve)).toBe('2026-12-31');
    expect(dateOf('i will pay on january 10th', 'en-US', newYearsEve)).toBe('2027-01-10');
    expect(dateOf('i will pay in a week', 'en-US', newYearsEve)).toBe('2027-01-06');
    expect(dateOf('我下个月5号还', 'zh-CN', newYearsEve)).toBe('2027-01-05');
    expect(dateOf('我明年1月10号还', 'zh-CN', newYearsEve)).toBe('2027-01-10');
  });

  it('knows 2028 is a leap year', () => {
    const sunday = '2028-02-27T15:00:00Z';
    expect(dateOf('i will pay the day after tomorrow', 'en-US', sunday)).toBe('2028-02-29');
    expect(dateOf('i will pay at the end of the month', 'en-US', sunday)).toBe('2028-02-29');
    expect(dateOf('我月底还', 'zh-CN', sunday)).toBe('2028-02-29');
    expect(dateOf('我后天还', 'zh-CN', sunday)).toBe('2028-02-29');
    expect(dateOf('我29号还', 'zh-CN', sunday)).toBe('2028-02-29');
    expect(dateOf('i will pay next monday', 'en-US', sunday)).toBe('2028-02-28');
    expect(dateOf('i will pay this weekend', 'en-US', sunday)).toBe('2028-02-27');
  });

  it('clamps a day the month does not have', () => {
    expect(dateOf('i will pay on the 30th', 'en-US', '2028-02-27T15:00:00Z')).toBe('2028-02-29');
    expect(dateOf('i will pay next month on the 30th', 'en-US', '2028-02-27T15:00:00Z')).toBe('2028-03-30');
    expect(dateOf('i will pay on the 31st', 'en-US', '2026-04-20T15:00:00Z')).toBe('2026-04-30');
    expect(dateOf('i will pay on the 30th', 'en-US', '2026-01-31T15:00:00Z')).toBe('2026-02-28');
  });

  it('throws DUN_ERR_NLU_TIMEZONE for an unknown zone', () => {
    expect.assertions(1);
    try {
      classifyUtterance('i will pay tomorrow', 'en-US', { now: new Date(WEDNESDAY), timeZone: 'Mars/Olympus_Mons' });
    } catch (error) {
      expect(isDunbotError(error, 'DUN_ERR_NLU_TIMEZONE')).toBe(true);
    }
  });
});
