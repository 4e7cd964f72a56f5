import { describe, expect, it } from 'vitest';
import { classifyUtterance } from '../../src/nlu/index.js';
import type { Locale } from '../../src/domain/locale.js';

const CONTEXT: Readonly<Record<Locale, { now: Date; timeZone: string }>> = {
  'en-US': { now: new Date('2026-03-11T15:00:00Z'), timeZone: 'America/New_York' },
  'zh-CN': { now: new Date('2026-03-11T15:00:00Z'), timeZone: 'Asia/Shanghai' },
};

function intentOf(text: string, locale: Locale): string {
  return classifyUtterance(text, locale, CONTEXT[locale]).intent;
}

describe('negation in English', () => {
  it.each([
    ["I can't pay on Friday", 'hardship'],
    ['i cant pay on friday', 'hardship'],
    ["I'm not refusing, I just need more time", 'request_plan'],
    ["i'm not refusing i'll pay on friday", 'promise_to_pay'],
    ['not my loan', 'dispute'],
    ["I don't want to talk to a robot", 'request_human'],
    ['i will not pay', 'refuse'],
    ["i won't pay", 'refuse'],
    ['i will pay', 'promise_to_pay'],
    ["i'm never paying you", 'refuse'],
    ['no way im paying that', 'refuse'],
    ["don't call me", 'cease_contact'],
  ])('%s → %s', (text, expected) => {
    expect(intentOf(text, 'en-US')).toBe(expected);
  });

  it.each([
    ["i don't think i can pay on friday", 'promise_to_pay'],
    ["i'm not bankrupt", 'bankruptcy'],
    ["i don't have a lawyer", 'attorney'],
    ['i can pay some but not the whole thing', 'promise_to_pay'],
  ])('%s is not %s', (text, notExpected) => {
    expect(intentOf(text, 'en-US')).not.toBe(notExpected);
  });
});

describe('negation in Mandarin', () => {
  it.each([
    ['我不是不想还,是真没钱', 'hardship'],
    ['我不是不还 我周五还', 'promise_to_pay'],
    ['我周五还不了', 'hardship'],
    ['不还了 你们看着办', 'refuse'],
    ['我不会还的', 'refuse'],
    ['我会还的', 'promise_to_pay'],
    ['没钱也不还 有钱也不还', 'refuse'],
    ['我不是赖账 就是想缓一缓', 'request_plan'],
    ['别再打了', 'cease_contact'],
    ['不是我借的', 'dispute'],
  ])('%s → %s', (text, expected) => {
    expect(intentOf(text, 'zh-CN')).toBe(expected);
  });

  it.each([
    ['我明天不还', 'promise_to_pay'],
    ['我没有律师', 'attorney'],
    ['我没破产', 'bankruptcy'],
  ])('%s is not %s', (text, notExpected) => {
    expect(intentOf(text, 'zh-CN')).not.toBe(notExpected);
  });
});
