import { describe, expect, it } from 'vitest';
import { classifyUtterance, parseChineseNumber } from '../../src/nlu/index.js';
import type { Locale } from '../../src/domain/locale.js';

const CONTEXT: Readonly<Record<Locale, { now: Date; timeZone: string }>> = {
  'en-US': { now: new Date('2026-03-11T15:00:00Z'), timeZone: 'America/New_York' },
  'zh-CN': { now: new Date('2026-03-11T15:00:00Z'), timeZone: 'Asia/Shanghai' },
};

function amountOf(text: string, locale: Locale): number | undefined {
  return classifyUtterance(text, locale, CONTEXT[locale]).entities.amount;
}

describe('English amounts', () => {
  it.each([
    ['i can pay 500 on friday', 500],
    ['i can do $1,200 on the 20th', 1200],
    ['i will pay 1.5k next monday', 1500],
    ['two hundred and fifty dollars this weekend', 250],
    ['i can send fifty bucks today', 50],
    ['i will pay 1250.50 tomorrow', 1250.5],
    ['i will pay $99.99 tomorrow', 99.99],
    ['i will pay you a grand next friday', 1000],
    ['i will pay two grand on april 3rd', 2000],
    ['fifteen hundred by the 31st', 1500],
    ['i can pay one thousand two hundred fifty on the twenty fifth', 1250],
    ['i will get you 2 thousand next week', 2000],
    ['i can pay 5 dollars today', 5],
    ['i can pay two hundred on friday', 200],
  ])('%s → %d', (text, expected) => {
    expect(amountOf(text, 'en-US')).toBe(expected);
  });

  it.each([
    ['i can pay 2000 on friday', 2000],
    ['i will send you 1999 tomorrow', 1999],
    ['i only owed like 2010', 2010],
    ['is it 1200 that i owe', 1200],
    ['expect 350 from me on monday', 350],
    ['i have only got like ten bucks right now', 10],
    ['i put two hundred on the card yesterday', 200],
  ])('reads %s as %d: a year-like number after a payment verb, a cue after the number', (text, expected) => {
    expect(amountOf(text, 'en-US')).toBe(expected);
  });

  it.each([
    ['i can do three fifty on friday', 350],
    ['i will send one twenty five tomorrow', 125],
    ['twelve fifty by the 20th', 1250],
    ['i can knock out eleven hundred next week', 1100],
    ['i will pay two and a half grand on monday', 2500],
    ['i will pay a grand and a half on monday', 1500],
    ['i can do like thirty forty bucks friday', 30],
  ])('reads hundreds said as prices: %s → %d', (text, expected) => {
    expect(amountOf(text, 'en-US')).toBe(expected);
  });

  it.each([
    ['i will do 400 friday actually no 450', 450],
    ['i will pay 500 no wait make that 350 on monday', 350],
    ['not 300 i meant 3000 on friday', 3000],
    ['i will pay 200 i mean 250 tomorrow', 250],
  ])('takes the amount a correction states: %s → %d', (text, expected) => {
    expect(amountOf(text, 'en-US')).toBe(expected);
  });

  it.each([
    'i filed chapter 7',
    'we are in chapter 13',
    'we settled this account back in 2025',
    'i have three kids and no job',
    'my bankruptcy case number is 12345',
    'call me back at 3pm',
    'can we talk tomorrow at 10',
    'i will pay on the 15th',
    'ring me back in 30 minutes',
    'i have had this number for two years',
    'my kids are 3 and 5',
    'i live at 42 maple street',
    'i am in room 305',
    'i took that loan out in 2019',
    'back in 2020 i paid on time',
    'call me back at two thirty',
    'i have two fifteen year olds',
  ])('%s carries no amount', (text) => {
    expect(amountOf(text, 'en-US')).toBeUndefined();
  });
});

describe('Mandarin amounts', () => {
  it.each([
    ['我明天还五千', 5000],
    ['五千块', 5000],
    ['1.5万我周末还', 15000],
    ['我能先还三千五', 3500],
    ['两千五百元下周一转给你们', 2500],
    ['明天先还八百块钱', 800],
    ['我下个月5号还一万二', 12000],
    ['500块明天给你们', 500],
    ['我一点五万下个月5号还', 15000],
    ['我能还一千零五十', 1050],
    ['我明天还1500', 1500],
    ['我明天还５００块', 500],
  ])('%s → %d', (text, expected) => {
    expect(amountOf(text, 'zh-CN')).toBe(expected);
  });

  it.each([
    ['我一次性付三万 剩余的别要了行吗', 30000],
    ['上周二已经交了两千', 2000],
    ['是不是欠了两万', 20000],
    ['能不能分十二期，每期四千', 4000],
    ['每个月三千，分六期', 3000],
  ])('keeps the amount of a settlement, a past payment or a question: %s → %d', (text, expected) => {
    expect(amountOf(text, 'zh-CN')).toBe(expected);
  });

  it.each([
    '下午三点再打',
    '我15号还',
    '我三天后还',
    '我两个星期后还',
    '孩子上学要钱 我三个孩子',
    '我2025年就破产了',
    '能不能分十二期',
    '我住在三号楼',
    '星期三再说',
    '手里一分钱都没有',
    '我在开会 你十分钟后再打',
  ])('%s carries no amount', (text) => {
    expect(amountOf(text, 'zh-CN')).toBeUndefined();
  });
});

describe('parseChineseNumber', () => {
  it.each([
    ['五千', 5000],
    ['1.5万', 15000],
    ['三千五', 3500],
    ['两千五百', 2500],
    ['一万二', 12000],
    ['一万二千', 12000],
    ['两百五', 250],
    ['一千零五十', 1050],
    ['二十五', 25],
    ['十五', 15],
    ['一点五万', 15000],
    ['3千', 3000],
  ])('%s → %d', (text, expected) => {
    expect(parseChineseNumber(text)).toBe(expected);
  });

  it.each(['千万', '万一', '二零二六', '百分'])('%s is not a quantity', (text) => {
    expect(parseChineseNumber(text)).toBeUndefined();
  });
});
