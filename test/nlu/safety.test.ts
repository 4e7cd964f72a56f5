import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/domain/locale.js';
import { classifyUtterance, type NluResult } from '../../src/nlu/index.js';

const CONTEXT: Readonly<Record<Locale, { now: Date; timeZone: string }>> = {
  'en-US': { now: new Date('2026-03-11T15:00:00Z'), timeZone: 'America/New_York' },
  'zh-CN': { now: new Date('2026-03-11T15:00:00Z'), timeZone: 'Asia/Shanghai' },
};

function classify(text: string, locale: Locale): NluResult {
  return classifyUtterance(text, locale, CONTEXT[locale]);
}

describe('self-harm, however indirectly worded, is distress with the self_harm signal', () => {
  it.each<[Locale, string]>([
    ['en-US', 'I have a whole bottle of pills and nothing to lose'],
    ['en-US', 'what is the point anymore'],
    ['en-US', "everyone would be better off without me"],
    ['en-US', "I'm going to end it all"],
    ['en-US', 'I keep thinking about jumping off the bridge'],
    ['en-US', "I won't be around much longer anyway"],
    ['en-US', 'I might as well die'],
    ['en-US', "I'll pay 100 friday, it doesn't matter, I won't be here much longer"],
    ['zh-CN', '活着没意思'],
    ['zh-CN', '大不了一了百了'],
    ['zh-CN', '我真不想活了'],
    ['zh-CN', '再逼我我就跳楼'],
    ['zh-CN', '我吃药算了'],
    ['zh-CN', '没有我他们会过得更好'],
    ['zh-CN', '周五还五百 反正我也活不下去了'],
  ])('%s %s', (locale, text) => {
    const result = classify(text, locale);
    expect(result.intent).toBe('distress');
    expect(result.signals).toContain('self_harm');
  });

  it('does not read a denial of suicide as self-harm', () => {
    expect(classify("i'm not suicidal i'm just broke", 'en-US').signals ?? []).not.toContain('self_harm');
  });
});

describe('threats of violence are abusive with the violence_threat signal, never a promise or a callback', () => {
  it.each<[Locale, string]>([
    ['en-US', 'I know where you work'],
    ['en-US', "you'll regret this"],
    ['en-US', "call me again and I'll shoot"],
    ['en-US', "I'll pay you on friday but I know where you live"],
    ['en-US', 'call me back tomorrow and I will kill you'],
    ['en-US', 'watch your back'],
    ['zh-CN', '你再打我就去找你算账'],
    ['zh-CN', '弄死你'],
    ['zh-CN', '明天还钱 但你再打来我就找到你们公司去砍人'],
    ['zh-CN', '晚点打 你给我等着'],
    ['zh-CN', '我知道你们公司在哪'],
  ])('%s %s', (locale, text) => {
    const result = classify(text, locale);
    expect(result.intent).toBe('abusive');
    expect(result.signals).toContain('violence_threat');
  });

  it('leaves self-harm first when both are said', () => {
    expect(classify("I'll kill myself and I know where you work", 'en-US').intent).toBe('distress');
  });

  it.each<[Locale, string]>([
    ['en-US', "I'll get you 200 next week"],
    ['en-US', 'shoot me an email with the details'],
    ['zh-CN', '我下周给你打两千'],
  ])('does not hear a threat in %s %s', (locale, text) => {
    expect(classify(text, locale).signals ?? []).not.toContain('violence_threat');
  });
});

describe('indirect self-harm is heard by class: despair, means, finality, farewells, death preferred', () => {
  it.each<[Locale, string]>([
    ['en-US', "i just want to go to sleep and not wake up"],
    ['en-US', "I've written letters to my kids"],
    ['en-US', 'my family would be better off with the insurance money'],
    ['en-US', "I'm standing on the ledge right now"],
    ['en-US', "uh i i don't wanna be here no more"],
    ['en-US', 'sue me all you want, I will be dead by then'],
    ['en-US', 'dying would be easier than this'],
    ['zh-CN', '我遗书都写好了'],
    ['zh-CN', '我要是没了 这钱你们找谁要'],
    ['zh-CN', '还不上就死了算了'],
    ['zh-CN', '我买了一瓶百草枯'],
    ['zh-CN', '活着就是受罪'],
    ['zh-CN', '我这条命给你们'],
  ])('%s %s', (locale, text) => {
    const result = classify(text, locale);
    expect(result.intent).toBe('distress');
    expect(result.signals).toContain('self_harm');
  });

  it.each<[Locale, string, string]>([
    ['en-US', "I'm drowning in bills", 'unknown'],
    ['en-US', 'my battery is going to die', 'unknown'],
    ['en-US', "I won't be here tomorrow, call me thursday", 'callback'],
    ['en-US', "I'm on the bridge, driving, call me later", 'callback'],
    ['en-US', "I can't go on paying this much", 'unknown'],
    ['zh-CN', '我妈去世了 办后事把积蓄都花完了', 'hardship'],
    ['zh-CN', '我生病了 每天吃药 没钱', 'hardship'],
    ['zh-CN', '我累得要死', 'unknown'],
  ])('leaves the idiom or the errand alone: %s %s', (locale, text, intent) => {
    const result = classify(text, locale);
    expect(result.signals ?? []).not.toContain('self_harm');
    expect(result.intent).not.toBe('distress');
    if (intent !== 'unknown') expect(result.intent).toBe(intent);
  });
});

describe('threats of violence are heard by verb and target, weapons, arson and stalking', () => {
  it.each<[Locale, string]>([
    ['en-US', "I'll torch your office"],
    ['en-US', 'i know where your kids go to school'],
    ['en-US', "I'm bringing my gun to your office tomorrow"],
    ['en-US', "i'll slit your throat"],
    ['en-US', "someone's gonna get hurt if you keep calling"],
    ['zh-CN', '我找人收拾你'],
    ['zh-CN', '我去你们公司放火'],
    ['zh-CN', '你老婆孩子出门小心点'],
    ['zh-CN', '我带把刀去你们公司'],
  ])('%s %s', (locale, text) => {
    const result = classify(text, locale);
    expect(result.intent).toBe('abusive');
    expect(result.signals).toContain('violence_threat');
  });

  it.each<[Locale, string]>([
    ['en-US', "I'm going to shoot you an email"],
    ['en-US', "I'll deal with you people later, I'm at work"],
    ['zh-CN', '你等着 我去拿卡'],
    ['zh-CN', '我明天打你电话'],
    ['zh-CN', '我拼了命挣钱也还不上'],
  ])('does not hear a threat in %s %s', (locale, text) => {
    expect(classify(text, locale).signals ?? []).not.toContain('violence_threat');
  });
});

describe('the call-ending safety intents', () => {
  it.each<[Locale, string, string]>([
    ['en-US', 'I revoke my consent to be called', 'cease_contact'],
    ['en-US', "I'm withdrawing my permission for these calls", 'cease_contact'],
    ['en-US', 'stop calling me at work', 'cease_contact'],
    ['en-US', 'talk to my law firm', 'attorney'],
    ['en-US', 'we filed chapter 13 last month', 'bankruptcy'],
    ['en-US', 'my husband passed away in january', 'deceased'],
    ['zh-CN', '我撤回授权 不同意你们联系我', 'cease_contact'],
    ['zh-CN', '晚上别再打了', 'cease_contact'],
    ['zh-CN', '有事找我律师', 'attorney'],
    ['zh-CN', '我已经申请个人破产了', 'bankruptcy'],
    ['zh-CN', '他上个月去世了', 'deceased'],
  ])('%s %s → %s', (locale, text, intent) => {
    expect(classify(text, locale).intent).toBe(intent);
  });
});

describe('complaints and regulator threats carry the complaint signal; the intent follows precedence', () => {
  it.each<[Locale, string, string]>([
    ['en-US', "I'm reporting you to the CFPB", 'unknown'],
    ['en-US', "I'll complain to the attorney general", 'unknown'],
    ['en-US', 'I want a supervisor, I am filing a complaint', 'request_human'],
    ['en-US', 'stop calling or I will file a complaint with the FTC', 'cease_contact'],
    ['zh-CN', '我要打12378', 'unknown'],
    ['zh-CN', '我要去银保监会投诉你们', 'unknown'],
    ['zh-CN', '我要投诉 转人工', 'request_human'],
    ['zh-CN', '再打我就投诉你们', 'cease_contact'],
  ])('%s %s → %s', (locale, text, intent) => {
    const result = classify(text, locale);
    expect(result.signals).toContain('complaint');
    expect(result.intent).toBe(intent);
  });

  it('reads "attorney general" as a regulator, not as a lawyer', () => {
    expect(classify('I will report this to the attorney general', 'en-US').intent).not.toBe('attorney');
  });

  it('never takes a complaint hotline for an amount', () => {
    expect(classify('我要打12378', 'zh-CN').entities.amount).toBeUndefined();
  });
});
