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

describe('negation scope and denied refusals', () => {
  it.each([
    // A negation does not reach past a new subject or a closed "not here" clause.
    ["he's not around anymore, he passed on", 'deceased'],
    ["my brother isn't here, he died", 'deceased'],
    // "It's not that I won't pay": the refusal is denied and a reason follows.
    ["it's not that i won't pay, i lost my job", 'hardship'],
    ["i'd pay if i could but i'm broke", 'hardship'],
    ["i'm not suicidal i'm just broke", 'hardship'],
    ["i'm not negotiating, i'm not paying", 'refuse'],
    // Not yet paid is no refusal, and no payment either.
    ["i didn't send it yet, i'll do it tomorrow", 'promise_to_pay'],
    // A "no" that agrees negates nothing.
    ["no worries, i'm sending it today", 'promise_to_pay'],
  ])('%s → %s', (text, expected) => {
    expect(intentOf(text, 'en-US')).toBe(expected);
  });

  it.each([
    ['有钱也不会还给你们', 'refuse'],
    ['我没钱更不会还', 'refuse'],
    ['能不能把利息免了 我把本金还了', 'request_plan'],
  ])('%s → %s', (text, expected) => {
    expect(intentOf(text, 'zh-CN')).toBe(expected);
  });

  it.each([
    ["i haven't paid it yet", 'refuse'],
    ["i haven't paid it yet", 'already_paid'],
    ['我周五把钱转过去', 'already_paid'],
  ])('%s is not %s', (text, notExpected) => {
    expect(intentOf(text, text.startsWith('i') ? 'en-US' : 'zh-CN')).not.toBe(notExpected);
  });
});
