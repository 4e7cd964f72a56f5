import { describe, expect, it } from 'vitest';
import { FLOWS } from '../../flows/index.js';
import type { Locale } from '../../src/domain/locale.js';
import { expectationsAt, type Slot } from '../../src/flow/index.js';
import type { NluResult } from '../../src/nlu/index.js';
import { readBareIdentifier, refusesIdentifier } from '../../src/understanding/identifier-answer.js';
import { RulesUnderstander, type TurnContext } from '../../src/understanding/index.js';
import { NOW_MS } from './fake-understander.js';

const NAMES: Readonly<Record<Locale, readonly string[]>> = { 'en-US': ['John Smith', 'John', 'Smith'], 'zh-CN': ['张伟'] };

/** The context at the shipped flows' question for `slot`, or at a payment question. */
function contextAt(locale: Locale, state: string): TurnContext {
  return {
    locale,
    nowMs: NOW_MS,
    timeZone: locale === 'en-US' ? 'America/New_York' : 'Asia/Shanghai',
    expected: expectationsAt(FLOWS.early, state),
    debtorNames: NAMES[locale],
  };
}

const QUESTION_OF: Readonly<Record<'id_last4' | 'date_of_birth' | 'postcode', string>> = {
  id_last4: 'verifyIdLast4',
  date_of_birth: 'verifyDateOfBirth',
  postcode: 'verifyPostcode',
};

async function understand(text: string, locale: Locale, state: string): Promise<NluResult> {
  return new RulesUnderstander().understand(text, contextAt(locale, state), new AbortController().signal);
}

describe('the second-factor questions', () => {
  it('say in their slots which identifier they ask for', () => {
    for (const [kind, state] of Object.entries(QUESTION_OF)) expect(expectationsAt(FLOWS.early, state).slots).toEqual([kind as Slot]);
  });
});

describe('a bare identifier where one is asked', () => {
  it.each<[Locale, 'id_last4' | 'date_of_birth' | 'postcode', string, string]>([
    ['en-US', 'id_last4', '4 4 1 9', '4419'],
    ['en-US', 'id_last4', '4419', '4419'],
    ['en-US', 'id_last4', 'four four one nine', '4419'],
    ['en-US', 'id_last4', "sure, it's 4-4-1-9", '4419'],
    ['en-US', 'id_last4', 'double four nineteen', '4419'],
    ['en-US', 'id_last4', 'the last four are 4419', '4419'],
    ['en-US', 'date_of_birth', 'march 2nd 1985', '1985-03-02'],
    ['en-US', 'date_of_birth', 'March second, nineteen eighty five', '1985-03-02'],
    ['en-US', 'date_of_birth', '1985-03-02', '1985-03-02'],
    ['en-US', 'date_of_birth', '3/2/1985', '1985-03-02'],
    ['en-US', 'date_of_birth', 'the 2nd of March 1985', '1985-03-02'],
    ['en-US', 'date_of_birth', 'my date of birth is march 2nd 1985', '1985-03-02'],
    ['en-US', 'postcode', 'SW1A 1AA', 'SW1A 1AA'],
    ['en-US', 'postcode', '10001', '10001'],
    ['en-US', 'postcode', 'one zero zero zero one', '10001'],
    ['zh-CN', 'id_last4', '四四一九', '4419'],
    ['zh-CN', 'id_last4', '是4419', '4419'],
    ['zh-CN', 'id_last4', '零四一叉', '041X'],
    ['zh-CN', 'id_last4', '041x', '041X'],
    ['zh-CN', 'id_last4', '后四位是4419', '4419'],
    ['zh-CN', 'date_of_birth', '幺九八五年三月二号', '1985-03-02'],
    ['zh-CN', 'date_of_birth', '1985年3月2日出生', '1985-03-02'],
    ['zh-CN', 'date_of_birth', '1985-03-02', '1985-03-02'],
    ['zh-CN', 'postcode', '一零零零八零', '100080'],
    ['zh-CN', 'postcode', '100080', '100080'],
  ])('%s %s: %j is that identifier, given as the answer', async (locale, kind, text, value) => {
    expect(await understand(text, locale, QUESTION_OF[kind])).toMatchObject({ intent: 'affirm', entities: { identifier: { kind, value } } });
  });

  it.each<[Locale, 'id_last4' | 'date_of_birth' | 'postcode', string]>([
    ['en-US', 'id_last4', '12345'],
    ['en-US', 'id_last4', 'four four one'],
    ['en-US', 'date_of_birth', 'march 2nd'],
    ['en-US', 'date_of_birth', 'february 30th 1985'],
    ['en-US', 'postcode', 'sure'],
    ['zh-CN', 'id_last4', '四四一'],
    ['zh-CN', 'postcode', '10008'],
  ])('%s %s: %j gives no identifier', async (locale, kind, text) => {
    expect((await understand(text, locale, QUESTION_OF[kind])).entities.identifier).toBeUndefined();
  });

  it.each<[Locale, string]>([['en-US', '4419'], ['en-US', 'march 2nd 1985'], ['en-US', 'SW1A 1AA'], ['zh-CN', '四四一九'], ['zh-CN', '4419'], ['zh-CN', '幺九八五年三月二号']])(
    'is no identifier where none is asked (%s %j)',
    async (locale, text) => {
      for (const state of ['opening', 'askPayment', 'promiseAmount']) expect((await understand(text, locale, state)).entities.identifier, state).toBeUndefined();
    },
  );

  it('leaves a bare amount an amount where an amount is asked', async () => {
    expect(await understand('4419', 'en-US', 'promiseAmount')).toMatchObject({ intent: 'promise_to_pay', entities: { amount: 4419 } });
  });

  it('reads an identifier of another kind as no answer to this question', async () => {
    expect((await understand('zip is 10001', 'en-US', 'verifyIdLast4')).intent).not.toBe('affirm');
  });
});

describe('a refusal at the question for an identifier', () => {
  it.each<[Locale, string]>([
    ['en-US', 'why do you need that'],
    ['en-US', "I'm not giving that"],
    ['en-US', 'what for?'],
    ['en-US', "I don't give that out"],
    ['en-US', 'none of your business'],
    ['zh-CN', '为什么要告诉你'],
    ['zh-CN', '我不告诉你'],
    ['zh-CN', '凭什么给你'],
    ['zh-CN', '这是隐私'],
  ])('%s %j is refuse', async (locale, text) => {
    expect((await understand(text, locale, 'verifyIdLast4')).intent).toBe('refuse');
  });

  it('keeps the answers that do not depend on the question: distress, a lawyer, a person', async () => {
    expect((await understand('I want to end it all', 'en-US', 'verifyIdLast4')).signals).toContain('self_harm');
    expect((await understand('talk to my lawyer', 'en-US', 'verifyIdLast4')).intent).toBe('attorney');
    expect((await understand('我要找人工', 'zh-CN', 'verifyDateOfBirth')).intent).toBe('request_human');
  });

  it('keeps a questioning "yes?" a question, to be asked again', async () => {
    const result = await understand('yes?', 'en-US', 'verifyIdLast4');
    expect(result.intent).not.toBe('affirm');
    expect(result.signals).toContain('questioning');
  });

  it('is told apart from an answer by the pure readers too', () => {
    expect(refusesIdentifier('why do you need my birthday', 'en-US')).toBe(true);
    expect(refusesIdentifier('march 2nd 1985', 'en-US')).toBe(false);
    expect(readBareIdentifier('why do you need that', 'id_last4', 'en-US')).toBeUndefined();
  });
});
