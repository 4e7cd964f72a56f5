import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/domain/locale.js';
import { RulesNlu, type NluResult } from '../../src/nlu/index.js';

const CONTEXT: Readonly<Record<Locale, { now: Date; timeZone: string }>> = {
  'en-US': { now: new Date('2026-03-11T15:00:00Z'), timeZone: 'America/New_York' },
  'zh-CN': { now: new Date('2026-03-11T02:00:00Z'), timeZone: 'Asia/Shanghai' },
};
const nlu = new RulesNlu();

function classify(text: string, locale: Locale): NluResult {
  return nlu.classify(text, locale, CONTEXT[locale]);
}

describe('other_question', () => {
  it.each([
    "what's the interest rate on this?",
    'is this the loan from my dealership?',
    'can you stop the late fees?',
    'why did my balance go up?',
    'why did my balance go up',
    'where are your offices',
    'do you report to the credit bureaus',
    'will this hurt my credit score?',
    'so what happens to my car',
    'hold on, is there a late fee',
    'really?',
  ])('en-US: %j is an open question of no intent', (text) => {
    const result = classify(text, 'en-US');
    expect(result.intent).toBe('unknown');
    expect(result.signals).toEqual(['other_question']);
  });

  it.each([
    '这个利息是多少？',
    '你们公司在哪里？',
    '为什么余额变多了？',
    '这是哪个车行的贷款？',
    '你们几点下班',
    '这笔钱是不是车贷',
    '利息怎么算的',
    '那罚息呢',
    '会影响征信吗？',
  ])('zh-CN: %j is an open question of no intent', (text) => {
    const result = classify(text, 'zh-CN');
    expect(result.intent).toBe('unknown');
    expect(result.signals).toEqual(['other_question']);
  });

  it.each([
    // Questions that are something else: a promise or a plan, a date offered, scripted questions.
    ['can I pay 200 on friday?', 'request_plan'],
    ['can I pay in instalments?', 'request_plan'],
    ['how much do I owe?', 'ask_balance'],
    ['when is it due?', 'ask_balance'],
    ['who is this?', 'ask_caller_identity'],
    ['are you a robot?', 'ask_caller_identity'],
    ['can you call me back tomorrow?', 'callback'],
    ['did you get my payment?', 'already_paid'],
    ["I'll pay 250, okay?", 'promise_to_pay'],
    ['how about friday?', 'promise_to_pay'],
  ])('en-US: %j stays %s, no open question', (text, intent) => {
    const result = classify(text, 'en-US');
    expect(result.intent).toBe(intent);
    expect(result.signals ?? []).not.toContain('other_question');
  });

  it.each([
    // Off-script questions with a scripted answer, a repeat, a "yes?", a vague date or a name offered back, statements.
    'how do I pay?',
    'which company is this?',
    'can you send me that in writing?',
    'what?',
    'yes?',
    'next week?',
    'is it okay if I pay next week?',
    'i am at work right now',
    'my name is john',
  ])('en-US: %j carries no open question', (text) => {
    expect(classify(text, 'en-US').signals ?? []).not.toContain('other_question');
  });

  it.each([
    ['我欠多少钱？', 'ask_balance'],
    ['能不能分期还？', 'request_plan'],
    ['你是谁啊？', 'ask_caller_identity'],
  ])('zh-CN: %j stays %s, no open question', (text, intent) => {
    const result = classify(text, 'zh-CN');
    expect(result.intent).toBe(intent);
    expect(result.signals ?? []).not.toContain('other_question');
  });

  it.each([
    // A question naming an amount and a date is about paying, whatever the rules make of it.
    '能不能周五还五百？',
    '周五还五百可以吗？',
    '你是机器人吗？',
    '怎么还款？',
    '你说什么？',
    '是吗？',
    '没什么',
    '过几天再说',
    '我什么都没有',
    '下个月？',
    '我在上班呢',
    '我哪有钱',
  ])('zh-CN: %j carries no open question', (text) => {
    expect(classify(text, 'zh-CN').signals ?? []).not.toContain('other_question');
  });
});
