import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/domain/locale.js';
import { classifyUtterance, type NluResult, type Signal } from '../../src/nlu/index.js';

const CONTEXT: Readonly<Record<Locale, { now: Date; timeZone: string }>> = {
  'en-US': { now: new Date('2026-03-11T15:00:00Z'), timeZone: 'America/New_York' },
  'zh-CN': { now: new Date('2026-03-11T15:00:00Z'), timeZone: 'Asia/Shanghai' },
};

function classify(text: string, locale: Locale): NluResult {
  return classifyUtterance(text, locale, CONTEXT[locale]);
}

const CASES: ReadonlyArray<readonly [Signal, Locale, string]> = [
  ['repeat_request', 'en-US', 'come again?'],
  ['repeat_request', 'en-US', 'huh?'],
  ['repeat_request', 'en-US', 'what?'],
  ['repeat_request', 'en-US', 'sorry can you say that again'],
  ['repeat_request', 'en-US', "I didn't catch that"],
  ['repeat_request', 'zh-CN', '啥？'],
  ['repeat_request', 'zh-CN', '什么？'],
  ['repeat_request', 'zh-CN', '你再说一遍'],
  ['repeat_request', 'zh-CN', '刚才没听清'],
  ['ask_robot', 'en-US', 'wait is this a recording'],
  ['ask_robot', 'en-US', 'am I speaking to a real person'],
  ['ask_robot', 'zh-CN', '你是真人还是机器'],
  ['ask_purpose', 'en-US', 'which company is this'],
  ['ask_purpose', 'en-US', 'why are you calling'],
  ['ask_purpose', 'zh-CN', '你们哪个公司的'],
  ['ask_purpose', 'zh-CN', '什么事'],
  ['ask_payment_method', 'en-US', 'where do I send the money'],
  ['ask_payment_method', 'en-US', 'how do I pay'],
  ['ask_payment_method', 'en-US', 'do you take zelle'],
  ['ask_payment_method', 'zh-CN', '怎么还'],
  ['ask_payment_method', 'zh-CN', '钱还到哪里'],
  ['ask_payment_method', 'zh-CN', '能用支付宝还吗'],
  ['request_written_notice', 'en-US', 'send it in writing'],
  ['request_written_notice', 'en-US', 'I need a validation notice'],
  ['request_written_notice', 'zh-CN', '给我寄书面材料'],
  ['request_written_notice', 'zh-CN', '发个正式通知给我'],
  ['retraction', 'en-US', "actually I'm not him"],
  ['retraction', 'en-US', "he's my son"],
  ['retraction', 'en-US', "I'm not John"],
  ['retraction', 'zh-CN', '我不是他'],
  ['retraction', 'zh-CN', '我是他儿子'],
  ['recording_objection', 'en-US', "don't record this"],
  ['recording_objection', 'en-US', 'I do not consent to being recorded'],
  ['recording_objection', 'zh-CN', '不要录音'],
  ['recording_objection', 'zh-CN', '把录音关了'],
  ['place_restriction', 'en-US', "don't call me at work"],
  ['place_restriction', 'en-US', 'never call my mother'],
  ['place_restriction', 'zh-CN', '别打到单位'],
  ['place_restriction', 'zh-CN', '不要联系我家人'],
  ['time_restriction', 'en-US', 'only after six'],
  ['time_restriction', 'en-US', 'not before noon'],
  ['time_restriction', 'en-US', "don't call me before 9"],
  ['time_restriction', 'en-US', "i'm on the job, don't call me here, call me after six"],
  ['place_restriction', 'en-US', "i'm at work, please don't call me here"],
  ['correction', 'en-US', "i'll do 400 friday actually no 450"],
  ['correction', 'en-US', 'i will pay 200 i mean 250 tomorrow'],
  ['violence_threat', 'en-US', "you want money? i'll give you my fist in your face"],
  ['violence_threat', 'en-US', "one more call and i'll burn the whole office down"],
  ['time_restriction', 'zh-CN', '晚上别打'],
  ['time_restriction', 'zh-CN', '只能下午六点以后打'],
  ['correction', 'en-US', 'no make that 350'],
  ['correction', 'en-US', 'actually 400'],
  ['correction', 'zh-CN', '不对，改成一千八'],
  ['correction', 'zh-CN', '我是说周六'],
  ['questioning', 'en-US', 'yes?'],
  ['questioning', 'en-US', 'yeah?'],
  ['questioning', 'en-US', 'yes what'],
  ['questioning', 'zh-CN', '是吗？'],
  ['questioning', 'zh-CN', '嗯？'],
];

describe('signals', () => {
  it.each(CASES)('%s: %s %s', (signal, locale, text) => {
    expect(classify(text, locale).signals).toContain(signal);
  });

  it.each<[Locale, string]>([
    ['en-US', 'yes'], ['en-US', 'i can pay two hundred on friday'], ['en-US', 'hello'],
    ['zh-CN', '是的'], ['zh-CN', '周五还五百'],
  ])('finds none in a plain answer: %s %s', (locale, text) => {
    expect(classify(text, locale).signals).toBeUndefined();
  });

  it.each<[Locale, string]>([['en-US', 'yes?'], ['en-US', 'yeah what'], ['zh-CN', '是吗？'], ['zh-CN', '对？']])('a questioning %s %s is never affirm', (locale, text) => {
    expect(classify(text, locale).intent).not.toBe('affirm');
  });

  it.each<[Locale, string]>([['en-US', "actually I'm not him, he's my brother"], ['zh-CN', '我不是他 我是他弟弟']])('a retraction %s %s is someone else answering', (locale, text) => {
    expect(classify(text, locale).intent).toBe('third_party');
  });

  it.each<[Locale, string, number]>([['en-US', 'no make that 350', 350], ['zh-CN', '不对，改成一千八', 1800]])('a correction %s %s is a promise of the new amount', (locale, text, amount) => {
    expect(classify(text, locale)).toMatchObject({ intent: 'promise_to_pay', entities: { amount } });
  });

  it.each<[Locale, string]>([['en-US', 'send me the statement in writing'], ['zh-CN', '先给我寄书面材料']])('a written notice request %s %s is no plan request', (locale, text) => {
    expect(classify(text, locale).intent).not.toBe('request_plan');
  });

  it.each<[string, string]>([
    ['attorney', 'my lawyer has this now and if you call again i will beat your ass'],
    ['cease_contact', 'stop calling me or i will break your neck'],
    ['abusive', 'call again and i will break your neck'],
  ])('a threat keeps a lawful stop as the intent: %s ← %s', (intent, text) => {
    expect(classify(text, 'en-US')).toMatchObject({ intent, signals: expect.arrayContaining(['violence_threat']) });
  });

  it.each<[Locale, string]>([['en-US', "don't call me at work"], ['en-US', 'not before noon'], ['zh-CN', '别打到单位'], ['zh-CN', '晚上别打']])('a place or time restriction %s %s does not stop all calls', (locale, text) => {
    expect(classify(text, locale).intent).not.toBe('cease_contact');
  });
});
