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
  it.each<[string, Locale]>([['', 'en-US'], ['   ', 'en-US'], ['', 'zh-CN']])(
    'returns unknown with zero confidence for empty text %j',
    (text, locale) => {
      expect(classify(text, locale)).toEqual({ intent: 'unknown', confidence: 0, entities: {} });
    },
  );

  it.each<[string, Locale]>([['um uh', 'en-US'], ['hmm', 'en-US'], ['呃 那个', 'zh-CN'], ['额', 'zh-CN'], ['呃呃', 'zh-CN']])(
    'marks hesitation alone (%j) as filler_only, not as an answer',
    (text, locale) => {
      expect(classify(text, locale)).toEqual({ intent: 'unknown', confidence: 0, entities: {}, signals: ['filler_only'] });
    },
  );

  it('keeps 额 inside words (额度, 金额)', () => {
    expect(classify('额度不够', 'zh-CN').signals ?? []).not.toContain('filler_only');
    expect(classify('金额不对', 'zh-CN').intent).toBe('dispute');
  });

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

describe('wording beyond the obvious keywords', () => {
  it.each<[string, string]>([
    // distress: ideation without "suicide" or "kill myself".
    ["what's the point of living anymore", 'distress'],
    ['my family would be better off if i was gone', 'distress'],
    ["i've been thinking about taking my own life", 'distress'],
    ["i'm thinking of swallowing all my pills", 'distress'],
    ['i might as well be dead', 'distress'],
    ["i don't want to wake up tomorrow", 'distress'],
    ['nobody would even notice if i disappeared', 'distress'],
    // deceased: "passed", "lost", an estate, beside a third-party cue.
    ["she isn't here, she passed in december", 'deceased'],
    ["he isn't available, he's dead", 'deceased'],
    ["i'm his brother, he died last month", 'deceased'],
    ['we lost him in a car accident', 'deceased'],
    ["i'm the executor of his estate", 'deceased'],
    ['the account holder has passed', 'deceased'],
    // request_plan asked about as a product, and settlements.
    ['do you have any payment plans', 'request_plan'],
    ['what kind of plans do you guys have', 'request_plan'],
    ['is it possible to pay a little each month', 'request_plan'],
    ['would you accept a lump sum and call it even', 'request_plan'],
    ['if i pay 3000 today can you forgive the rest', 'request_plan'],
    ['is there any flexibility on the due date', 'request_plan'],
    // request_human with other nouns and frames.
    ['connect me to customer support', 'request_human'],
    ['can i get a real agent on the line', 'request_human'],
    ['is there a real person i can talk to', 'request_human'],
    ["i'd like customer service please", 'request_human'],
    // already_paid through amounts and channels.
    ['i put two hundred on the card yesterday', 'already_paid'],
    ['the autopay took it out on monday', 'already_paid'],
    ['i gave you guys 400 last month', 'already_paid'],
    ['i zelled you the money yesterday', 'already_paid'],
    ['the payment should have posted by now', 'already_paid'],
    // dispute about the amount, fees and non-receipt.
    ["the interest you're charging is ridiculous and wrong", 'dispute'],
    ["these fees are a scam i'm not paying them", 'dispute'],
    ['the funds never hit my account', 'dispute'],
    ['the car was never delivered', 'dispute'],
    ['your numbers are off', 'dispute'],
    ['i owe maybe 300 not 900', 'dispute'],
    ['the balance was covered by my gap insurance', 'dispute'],
    // hardship as tiny means or unpaid wages.
    ['i only have 20 dollars to my name', 'hardship'],
    ["i'm down to my last 20 dollars", 'hardship'],
    ["my boss hasn't paid me", 'hardship'],
    ["i haven't been paid in two months", 'hardship'],
    ["i can't even afford groceries", 'hardship'],
    ['i have literally nothing in my account', 'hardship'],
    ['my mom died and the funeral costs wiped out my savings', 'hardship'],
    // refuse with adverbs in between.
    ["i've got the money i'm just not giving it to you", 'refuse'],
    ["i'm never going to pay that", 'refuse'],
    ["you're not getting a single penny", 'refuse'],
    // promise with a tag question or an elided verb.
    ['alright. i will pay three hundred dollars, fine?', 'promise_to_pay'],
    ["i'll pay a hundred tomorrow, that work?", 'promise_to_pay'],
    ["i haven't paid yet but i will on friday", 'promise_to_pay'],
    ['expect 200 from me on monday', 'promise_to_pay'],
    // ask_balance about the due date and read-backs.
    ['when did it become due', 'ask_balance'],
    ['when do i have to pay by', 'ask_balance'],
    ['how far behind am i', 'ask_balance'],
    ['so it is still 800 right', 'ask_balance'],
    // affirm backchannels.
    ['uh-huh yep', 'affirm'], ['mhm mhm', 'affirm'], ['mmhmm', 'affirm'], ['sure thing', 'affirm'],
  ])('en-US %s → %s', (text, intent) => {
    expect(classify(text, 'en-US').intent).toBe(intent);
  });

  it.each<[string, string]>([
    ['我真想从窗户跳出去', 'distress'],
    ['活着还有什么意思', 'distress'],
    ['没有我他们会过得更好', 'distress'],
    ['我买了安眠药', 'distress'],
    ['我想结束自己的生命', 'distress'],
    ['我要是死了就不用还了吧', 'distress'],
    ['我妈前年就走了', 'deceased'],
    ['她老公去年走的', 'deceased'],
    ['我哥出车祸没了', 'deceased'],
    ['他不在了 去年走的', 'deceased'],
    ['有没有别的方案', 'request_plan'],
    ['你们有什么优惠政策吗', 'request_plan'],
    ['我拿出八千 剩下的能不能免掉', 'request_plan'],
    ['我一次性付三万 剩余的别要了行吗', 'request_plan'],
    ['可以先还一部分吗', 'request_plan'],
    ['能不能给我延到下个月', 'request_plan'],
    ['叫你们客服过来', 'request_human'],
    ['转客服', 'request_human'],
    ['叫个管事的来', 'request_human'],
    ['银行已经自动扣了', 'already_paid'],
    ['我用微信转过去了', 'already_paid'],
    ['这期已经扣过款了', 'already_paid'],
    ['上周三银行代扣了', 'already_paid'],
    ['你们利息算多了', 'dispute'],
    ['罚息算得有问题', 'dispute'],
    ['贷款从来没打到我卡上', 'dispute'],
    ['手机都没发货 还什么还', 'dispute'],
    ['我借的才两千 怎么变成五千了', 'dispute'],
    ['我卡里就剩五十块', 'hardship'],
    ['老板跑路了 工资一分没拿到', 'hardship'],
    ['公司三个月没发工资了', 'hardship'],
    ['现在零收入', 'hardship'],
    ['身无分文', 'hardship'],
    ['我妈去世了 办后事把积蓄都花完了', 'hardship'],
    ['有钱我也不还', 'refuse'],
    ['有钱没钱都不还', 'refuse'],
    ['欠款是多少', 'ask_balance'],
    ['是不是欠了两万', 'ask_balance'],
    ['嗯呐', 'affirm'], ['对头', 'affirm'], ['是的呀', 'affirm'],
  ])('zh-CN %s → %s', (text, intent) => {
    expect(classify(text, 'zh-CN').intent).toBe(intent);
  });

  it.each<[string, Locale, string]>([
    ['my dog died last year and i am still sad', 'en-US', 'unknown'],
    ['my brother passed the bar exam', 'en-US', 'unknown'],
    ['i will be better off next month', 'en-US', 'unknown'],
    ['are you a real person', 'en-US', 'ask_caller_identity'],
    ["i'm going to get you", 'en-US', 'abusive'],
    ['he is not here, he is at work', 'en-US', 'third_party'],
    ['他下班走了', 'zh-CN', 'third_party'],
    ['我今天晚上转过去', 'zh-CN', 'promise_to_pay'],
  ])('keeps precision: %s (%s) → %s', (text, locale, intent) => {
    expect(classify(text, locale).intent).toBe(intent);
  });
});
