import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/domain/locale.js';
import { classifyUtterance, type NluResult } from '../../src/nlu/index.js';

// Wednesday 2026-03-11: 11:00 in New York (EDT, -04:00), 23:00 in Shanghai (+08:00).
const CONTEXT: Readonly<Record<Locale, { now: Date; timeZone: string }>> = {
  'en-US': { now: new Date('2026-03-11T15:00:00Z'), timeZone: 'America/New_York' },
  'zh-CN': { now: new Date('2026-03-11T15:00:00Z'), timeZone: 'Asia/Shanghai' },
};

function classify(text: string, locale: Locale): NluResult {
  return classifyUtterance(text, locale, CONTEXT[locale]);
}

describe('amounts: the last one stated wins in a correction or a counter-offer', () => {
  it.each<[Locale, string, number, string | undefined]>([
    ['en-US', "I can't do 500, but 250 on Monday", 250, '2026-03-16'],
    ['en-US', 'no make that 350', 350, undefined],
    ['en-US', 'I said 300, actually 400', 400, undefined],
    ['zh-CN', '不对，改成一千八', 1800, undefined],
    ['zh-CN', '五千还不了 但是周五能还两千', 2000, '2026-03-13'],
  ])('%s %s → %d', (locale, text, amount, date) => {
    const result = classify(text, locale);
    expect(result.entities.amount).toBe(amount);
    expect(result.entities.date).toBe(date);
  });

  it('keeps the first amount when nothing contrasts them', () => {
    expect(classify('三万块我分两次还 这周先还一万', 'zh-CN').entities.amount).toBe(30000);
  });

  it.each<[Locale, string, number]>([
    ['en-US', 'between 200 and 300', 200],
    ['en-US', 'I can pay 200 to 300 on friday', 200],
    ['zh-CN', '两百到三百', 200],
  ])('takes the lower end of a range, the part surely promised: %s %s', (locale, text, amount) => {
    expect(classify(text, locale).entities.amount).toBe(amount);
  });

  it.each<[Locale, string]>([['zh-CN', '两千'], ['zh-CN', '2000'], ['zh-CN', '2000块'], ['en-US', '2000']])('reads a year-like number said alone as money: %s %s', (locale, text) => {
    expect(classify(text, locale).entities.amount).toBe(2000);
  });

  it('still reads a year with 年 as no amount', () => {
    expect(classify('我2020年借的', 'zh-CN').entities.amount).toBeUndefined();
  });
});

describe('dates', () => {
  it.each<[Locale, string, string]>([
    ['en-US', 'I will pay on march 3', '2026-03-03'],
    ['zh-CN', '3月3号还', '2026-03-03'],
  ])('a day already past this month stays this year: %s %s', (locale, text, date) => {
    expect(classify(text, locale).entities.date).toBe(date);
  });

  it('an earlier month still means next year', () => {
    expect(classify('i will pay on february 10th', 'en-US').entities.date).toBe('2027-02-10');
  });

  it.each<[Locale, string, string, string]>([
    ['en-US', "I'll pay next month", '2026-04-01', '2026-04-30'],
    ['en-US', "I'll pay sometime next week", '2026-03-16', '2026-03-22'],
    ['en-US', "I'll pay on payday", '2026-03-12', '2026-03-25'],
    ['en-US', "I'll pay in a few weeks", '2026-03-25', '2026-04-08'],
    ['zh-CN', '下个月还', '2026-04-01', '2026-04-30'],
    ['zh-CN', '下周还', '2026-03-16', '2026-03-22'],
    ['zh-CN', '发了工资就还', '2026-03-12', '2026-03-25'],
    ['zh-CN', '过几天就还', '2026-03-13', '2026-03-18'],
  ])('a vague date is a range, no date: %s %s', (locale, text, from, to) => {
    const result = classify(text, locale);
    expect(result.entities.dateRange).toEqual({ from, to });
    expect(result.entities.date).toBeUndefined();
  });

  it('gives a past span no range', () => {
    expect(classify('my dad passed a few weeks ago', 'en-US').entities.dateRange).toBeUndefined();
  });
});

describe('callback times', () => {
  it.each<[Locale, string, string, string | undefined]>([
    ['en-US', 'tomorrow at 3pm', '2026-03-12T15:00:00-04:00', '2026-03-12'],
    ['en-US', 'after six', '2026-03-11T18:00:00-04:00', undefined],
    ['en-US', 'call me back in an hour', '2026-03-11T12:00:00-04:00', undefined],
    ['en-US', 'call me tonight', '2026-03-11T19:00:00-04:00', undefined],
    ['zh-CN', '明天下午三点', '2026-03-12T15:00:00+08:00', '2026-03-12'],
    ['zh-CN', '晚上八点以后再打', '2026-03-12T20:00:00+08:00', undefined],
    ['zh-CN', '半小时后再打', '2026-03-11T23:30:00+08:00', undefined],
  ])('%s %s → %s', (locale, text, callbackAt, date) => {
    const result = classify(text, locale);
    expect(result.intent).toBe('callback');
    expect(result.entities.callbackAt).toBe(callbackAt);
    expect(result.entities.date).toBe(date);
  });

  it('uses the zone offset of the day called back, not of today', () => {
    // New York leaves summer time on 2026-11-01.
    const result = classifyUtterance('call me on november 2 at 10am', 'en-US', CONTEXT['en-US']);
    expect(result.entities.callbackAt).toBe('2026-11-02T10:00:00-05:00');
  });

  it.each<[Locale, string]>([['en-US', 'the game starts at 7'], ['zh-CN', '你讲慢一点']])('a time in passing asks for no callback: %s %s', (locale, text) => {
    expect(classify(text, locale).intent).not.toBe('callback');
  });
});

describe('names and partial identifiers', () => {
  it.each<[Locale, string, string]>([
    ['en-US', 'this is Priya', 'Priya'],
    ['en-US', 'priya here', 'Priya'],
    ['en-US', 'my name is maria lopez', 'Maria Lopez'],
    ['zh-CN', '我是张伟', '张伟'],
    ['zh-CN', '我姓王', '王'],
  ])('%s %s → %s', (locale, text, name) => {
    expect(classify(text, locale).entities.name).toBe(name);
  });

  it.each<[Locale, string]>([['en-US', 'this is ridiculous'], ['en-US', 'this is him'], ['zh-CN', '我是说我没钱'], ['zh-CN', '我是张伟的老婆']])('hears no name in %s %s', (locale, text) => {
    expect(classify(text, locale).entities.name).toBeUndefined();
  });

  it.each<[Locale, string, string, string]>([
    ['en-US', 'born march 3 1980', 'date_of_birth', '1980-03-03'],
    ['en-US', 'my date of birth is 03/03/1980', 'date_of_birth', '1980-03-03'],
    ['en-US', 'my zip is 10001', 'postcode', '10001'],
    ['en-US', 'last four 1234', 'id_last4', '1234'],
    ['en-US', 'the last four digits are one two three four', 'id_last4', '1234'],
    ['zh-CN', '身份证后四位1234', 'id_last4', '1234'],
    ['zh-CN', '我是1980年3月3号出生的', 'date_of_birth', '1980-03-03'],
    ['zh-CN', '邮编是100001', 'postcode', '100001'],
  ])('%s %s → %s %s', (locale, text, kind, value) => {
    const result = classify(text, locale);
    expect(result.entities.identifier).toEqual({ kind, value });
    expect(result.entities.amount).toBeUndefined();
    expect(result.entities.date).toBeUndefined();
  });
});
