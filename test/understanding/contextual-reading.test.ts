import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/domain/locale.js';
import type { NluResult } from '../../src/nlu/index.js';
import { isVerificationTurn, readInContext } from '../../src/understanding/contextual-reading.js';
import { RulesUnderstander, type TurnContext } from '../../src/understanding/index.js';
import { NOW_MS } from './fake-understander.js';

const NAMES: Readonly<Record<Locale, readonly string[]>> = { 'en-US': ['John Smith', 'John', 'Smith'], 'zh-CN': ['张伟'] };

function contextAt(locale: Locale, expected: TurnContext['expected'], prompt?: string): TurnContext {
  return {
    locale,
    nowMs: NOW_MS,
    timeZone: locale === 'en-US' ? 'America/New_York' : 'Asia/Shanghai',
    expected,
    debtorNames: NAMES[locale],
    ...(prompt === undefined ? {} : { lastPrompt: { id: 'prompt', text: prompt } }),
  };
}

const VERIFY = { intents: ['affirm', 'deny', 'third_party', 'wrong_number'], slots: [] } as const;
const AMOUNT = { intents: ['promise_to_pay', 'hardship', 'request_plan'], slots: ['amount', 'date'] } as const;
const DAY = { intents: ['promise_to_pay', 'request_plan'], slots: ['date'] } as const;
const CONFIRM = { intents: ['affirm', 'deny'], slots: [] } as const;
const OPEN = { intents: ['promise_to_pay', 'refuse', 'hardship'], slots: [] } as const;

async function understand(text: string, context: TurnContext): Promise<NluResult> {
  return new RulesUnderstander().understand(text, context, new AbortController().signal);
}

describe('the verification question', () => {
  it('is recognized by its expectations or by a prompt asking for the debtor by name', () => {
    expect(isVerificationTurn(contextAt('en-US', VERIFY))).toBe(true);
    expect(isVerificationTurn(contextAt('en-US', CONFIRM, 'Am I speaking with John Smith?'))).toBe(true);
    expect(isVerificationTurn(contextAt('zh-CN', CONFIRM, '请问是张伟先生吗'))).toBe(true);
    expect(isVerificationTurn(contextAt('en-US', CONFIRM, 'Can you pay 200 on Friday?'))).toBe(false);
    expect(isVerificationTurn(contextAt('en-US', AMOUNT))).toBe(false);
  });

  it.each<[Locale, string]>([
    ['en-US', 'John speaking'], ['en-US', "yeah it's john"], ['en-US', 'this is Mr Smith'], ['en-US', 'JOHN SMITH here'],
    ['zh-CN', '我是张伟'], ['zh-CN', '张先生是我'], ['zh-CN', '对 我就是张伟'], ['zh-CN', '我姓张'], ['zh-CN', '老张就是我'],
  ])("the debtor's own name confirms: %s %s", async (locale, text) => {
    expect((await understand(text, contextAt(locale, VERIFY))).intent).toBe('affirm');
  });

  it.each<[Locale, string]>([['en-US', 'this is Mike'], ['en-US', 'Priya here'], ['zh-CN', '我是李明']])('another name given as their own is someone else: %s %s', async (locale, text) => {
    expect((await understand(text, contextAt(locale, VERIFY))).intent).toBe('third_party');
  });

  it.each<[Locale, string]>([['en-US', "I'm not John"], ['en-US', 'John is at work'], ['zh-CN', '我是张伟的老婆'], ['zh-CN', '张伟不在']])('the name said of someone else does not confirm: %s %s', async (locale, text) => {
    expect((await understand(text, contextAt(locale, VERIFY))).intent).not.toBe('affirm');
  });

  it('hears no name outside verification', async () => {
    expect((await understand('this is Mike', contextAt('en-US', AMOUNT))).intent).toBe('unknown');
  });
});

describe('slots', () => {
  it.each<[Locale, string, number]>([['en-US', 'three hundred i guess', 300], ['zh-CN', '八百吧', 800]])('a bare amount where an amount is asked is a promise of it: %s %s', async (locale, text, amount) => {
    expect(await understand(text, contextAt(locale, AMOUNT))).toMatchObject({ intent: 'promise_to_pay', entities: { amount } });
  });

  it.each<[Locale, string]>([['en-US', '15'], ['zh-CN', '15']])('a bare day number where only a day is asked is that day: %s %s', async (locale, text) => {
    expect(await understand(text, contextAt(locale, DAY))).toMatchObject({ intent: 'promise_to_pay', entities: { date: '2026-03-15' } });
  });

  it.each<[Locale, string, string, string]>([
    ['en-US', 'next month', '2026-04-01', '2026-04-30'],
    ['en-US', 'payday', '2026-03-12', '2026-03-25'],
    ['zh-CN', '下个月', '2026-04-01', '2026-04-30'],
  ])('a vague span where a day is asked is a promise with a range: %s %s', async (locale, text, from, to) => {
    expect(await understand(text, contextAt(locale, DAY))).toMatchObject({ intent: 'promise_to_pay', entities: { dateRange: { from, to } } });
  });

  it('a bare number where nothing of the kind was asked promises nothing', async () => {
    expect((await understand('1980', contextAt('en-US', VERIFY))).intent).toBe('unknown');
  });
});

describe('acknowledgements and questioning', () => {
  it.each<[Locale, string]>([['en-US', 'ok'], ['en-US', 'sure'], ['zh-CN', '好'], ['zh-CN', '行']])('%s %s agrees where a yes or no was asked', async (locale, text) => {
    expect((await understand(text, contextAt(locale, CONFIRM))).intent).toBe('affirm');
  });

  it.each<[Locale, string]>([['en-US', 'ok'], ['en-US', 'sure'], ['zh-CN', '好'], ['zh-CN', '行']])('%s %s says nothing where no yes or no was asked', async (locale, text) => {
    expect((await understand(text, contextAt(locale, OPEN))).intent).toBe('unknown');
  });

  it('never reads a questioning "yes?" as affirm, even at a yes/no question', async () => {
    expect((await understand('yes?', contextAt('en-US', CONFIRM))).intent).toBe('unknown');
    expect(readInContext({ intent: 'affirm', confidence: 0.9, entities: {}, signals: ['questioning'] }, { utterance: 'yes?' }, contextAt('en-US', CONFIRM)).intent).toBe('unknown');
  });
});

describe('safety first', () => {
  it.each<[Locale, string]>([['en-US', "John here, and I'll end it all tonight"], ['zh-CN', '我是张伟 我不想活了']])('never changes a safety reading: %s %s', async (locale, text) => {
    expect((await understand(text, contextAt(locale, VERIFY))).intent).toBe('distress');
  });

  it('returns the result itself when the context changes nothing', () => {
    const result: NluResult = { intent: 'deny', confidence: 0.7, entities: {} };
    expect(readInContext(result, { utterance: 'no' }, contextAt('en-US', CONFIRM))).toBe(result);
  });
});
