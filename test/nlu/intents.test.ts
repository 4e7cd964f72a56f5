import { describe, expect, it } from 'vitest';
import { INTENTS, RulesNlu, classifyUtterance, normalizeUtterance, type Nlu } from '../../src/nlu/index.js';
import type { Locale } from '../../src/domain/locale.js';
import { isDunbotError } from '../../src/errors.js';

const CONTEXT: Readonly<Record<Locale, { now: Date; timeZone: string }>> = {
  'en-US': { now: new Date('2026-03-11T15:00:00Z'), timeZone: 'America/New_York' },
  'zh-CN': { now: new Date('2026-03-11T15:00:00Z'), timeZone: 'Asia/Shanghai' },
};
const nlu: Nlu = new RulesNlu();

function classify(text: string, locale: Locale): ReturnType<Nlu['classify']> {
  return nlu.classify(text, locale, CONTEXT[locale]);
}

describe('the examples of the intents spec', () => {
  it.each([
    ['yes', 'affirm'], ['speaking', 'affirm'], ["that's right", 'affirm'],
    ['no', 'deny'], ["no that's not right", 'deny'],
    ["I'll pay 200 on Friday", 'promise_to_pay'],
    ['I already paid last week', 'already_paid'],
    ["that's not my loan", 'dispute'],
    ['I lost my job', 'hardship'],
    ['can I pay in installments', 'request_plan'],
    ["I'm not paying", 'refuse'],
    ['call me back tonight', 'callback'],
    ['wrong number', 'wrong_number'],
    ["he's not home, I'm his brother", 'third_party'],
    ['let me talk to a person', 'request_human'],
    ['talk to my attorney', 'attorney'],
    ['I filed chapter 7', 'bankruptcy'],
    ['stop calling me', 'cease_contact'],
    ['how much do I owe', 'ask_balance'],
    ['who is this', 'ask_caller_identity'], ['are you a bot', 'ask_caller_identity'],
    ['fuck you', 'abusive'],
    ["I can't go on", 'distress'],
    ['he passed away', 'deceased'],
  ])('en-US %s → %s', (text, intent) => {
    expect(classify(text, 'en-US').intent).toBe(intent);
  });

  it.each([
    ['对', 'affirm'], ['是我', 'affirm'], ['好的', 'affirm'], ['嗯是的', 'affirm'], ['嗯', 'affirm'],
    ['不是', 'deny'], ['不对', 'deny'],
    ['周五还五百', 'promise_to_pay'], ['我明天还', 'promise_to_pay'],
    ['我已经还了', 'already_paid'],
    ['不是我借的', 'dispute'], ['金额不对', 'dispute'],
    ['我失业了', 'hardship'], ['住院了', 'hardship'], ['真没钱', 'hardship'],
    ['能分期吗', 'request_plan'], ['能不能宽限几天', 'request_plan'],
    ['就不还', 'refuse'], ['爱咋咋地', 'refuse'],
    ['在开会', 'callback'], ['晚点打', 'callback'],
    ['打错了', 'wrong_number'], ['没这个人', 'wrong_number'],
    ['我是他老婆', 'third_party'], ['他不在', 'third_party'],
    ['转人工', 'request_human'], ['叫你们主管', 'request_human'],
    ['找我律师谈', 'attorney'],
    ['我破产了', 'bankruptcy'],
    ['别再打了', 'cease_contact'],
    ['我欠多少', 'ask_balance'],
    ['你是谁', 'ask_caller_identity'], ['你是机器人吗', 'ask_caller_identity'], ['骗子吧', 'ask_caller_identity'],
    ['你妈的', 'abusive'],
    ['不想活了', 'distress'],
    ['他去世了', 'deceased'],
  ])('zh-CN %s → %s', (text, intent) => {
    expect(classify(text, 'zh-CN').intent).toBe(intent);
  });
});

describe('precedence when an utterance carries several intents', () => {
  it.each<[string, Locale, string]>([
    ['i lost my job and i want to end my life', 'en-US', 'distress'],
    ['talk to my bankruptcy attorney', 'en-US', 'attorney'],
    ['he died so stop calling', 'en-US', 'deceased'],
    ['stop calling me you idiots', 'en-US', 'cease_contact'],
    ['yes i will pay friday', 'en-US', 'promise_to_pay'],
    ["i already paid i'm not paying again", 'en-US', 'already_paid'],
    ['i lost my job can i get an extension', 'en-US', 'request_plan'],
    ["i'm not paying for something i never got", 'en-US', 'dispute'],
    ['this is his wife he is at work', 'en-US', 'third_party'],
    ['我破产了 你们找我律师', 'zh-CN', 'attorney'],
    ['我儿子已经过世了 你们别打了', 'zh-CN', 'deceased'],
    ['他住院了 我是他家属', 'zh-CN', 'third_party'],
    ['我失业了 能不能分期', 'zh-CN', 'request_plan'],
    ['我先还一千 剩下的能分期吗', 'zh-CN', 'promise_to_pay'],
    ['你们这帮骗子 滚', 'zh-CN', 'abusive'],
  ])('%s (%s) → %s', (text, locale, intent) => {
    expect(classify(text, locale).intent).toBe(intent);
  });

  it('lowers the confidence when intents compete', () => {
    const clear = classify('stop calling me', 'en-US');
    const mixed = classify('stop calling me you idiots', 'en-US');
    expect(mixed.intent).toBe(clear.intent);
    expect(mixed.confidence).toBeLessThan(clear.confidence);
  });
});

describe('short answers and bare entities', () => {
  it('treats a bare amount or date as a promise carrying it', () => {
    expect(classify('two hundred', 'en-US')).toMatchObject({ intent: 'promise_to_pay', entities: { amount: 200 } });
    expect(classify('next friday', 'en-US')).toMatchObject({ intent: 'promise_to_pay', entities: { date: '2026-03-20' } });
    expect(classify('五百', 'zh-CN')).toMatchObject({ intent: 'promise_to_pay', entities: { amount: 500 } });
    expect(classify('下周五', 'zh-CN')).toMatchObject({ intent: 'promise_to_pay', entities: { date: '2026-03-20' } });
  });

  it('keeps affirm and deny for short answers only', () => {
    expect(classify('yeah sure', 'en-US').intent).toBe('affirm');
    expect(classify('yes no maybe', 'en-US').intent).toBe('unknown');
    expect(classify('是 不是', 'zh-CN').intent).toBe('unknown');
    expect(classify('没问题 我周五还', 'zh-CN').intent).toBe('promise_to_pay');
  });
});

describe('unknown, confidence and robustness', () => {
  it.each<[string, Locale]>([['', 'en-US'], ['   ', 'en-US'], ['', 'zh-CN'], ['um uh', 'en-US'], ['呃 那个', 'zh-CN']])(
    'returns unknown with zero confidence for empty text %j',
    (text, locale) => {
      expect(classify(text, locale)).toEqual({ intent: 'unknown', confidence: 0, entities: {} });
    },
  );

  it('returns unknown with low confidence and no entities for off-topic text', () => {
    const result = classify('the weather is nice today', 'en-US');
    expect(result.intent).toBe('unknown');
    expect(result.confidence).toBeLessThan(0.5);
    expect(result.entities).toEqual({});
    expect(classify('今天天气不错', 'zh-CN')).toMatchObject({ intent: 'unknown', entities: {} });
  });

  it('keeps confidence in [0, 1] and high for a clear single match', () => {
    for (const text of ['yes', 'i will pay 200 on friday', 'stop calling me you idiots', 'blah', 'two hundred']) {
      const { confidence } = classify(text, 'en-US');
      expect(confidence).toBeGreaterThanOrEqual(0);
      expect(confidence).toBeLessThanOrEqual(1);
    }
    expect(classify('wrong number', 'en-US').confidence).toBeGreaterThanOrEqual(0.85);
  });

  it('understands ASR-style text: lowercase, no punctuation, fillers, spelled numbers', () => {
    expect(classify('um yeah so like i can pay uh two hundred on friday', 'en-US')).toMatchObject({
      intent: 'promise_to_pay',
      entities: { amount: 200, date: '2026-03-13' },
    });
    expect(classify('那个 就是说 我明天还五百吧', 'zh-CN')).toMatchObject({
      intent: 'promise_to_pay',
      entities: { amount: 500, date: '2026-03-12' },
    });
  });

  it('only ever returns intents of the spec', () => {
    for (const text of ['yes', 'i will pay', 'what', '你好', '下周五']) {
      expect(INTENTS).toContain(classify(text, 'en-US').intent);
      expect(INTENTS).toContain(classify(text, 'zh-CN').intent);
    }
  });

  it('throws DUN_ERR_NLU_LOCALE for an unsupported locale', () => {
    expect.assertions(1);
    try {
      // @ts-expect-error fr-FR is not a supported locale.
      classifyUtterance('bonjour', 'fr-FR', CONTEXT['en-US']);
    } catch (error) {
      expect(isDunbotError(error, 'DUN_ERR_NLU_LOCALE')).toBe(true);
    }
  });
});

describe('normalizeUtterance', () => {
  it.each<[string, Locale, string]>([
    ["Um, I CAN'T pay... like, $1,200!", 'en-US', 'i can not pay $1,200'],
    ["well i'm gonna pay ya", 'en-US', 'i am going to pay you'],
    ['uh huh', 'en-US', 'yes'],
    ['I don’t feel like paying', 'en-US', 'i do not feel like paying'],
    ['嗯，我明天还５００块！', 'zh-CN', '我明天还500块'],
    ['那个，这个月工资还没发', 'zh-CN', '这个月工资还没发'],
    ['呃 1.5万 行吧', 'zh-CN', '1.5万 行吧'],
  ])('%s (%s) → %s', (text, locale, expected) => {
    expect(normalizeUtterance(text, locale)).toBe(expected);
  });
});
