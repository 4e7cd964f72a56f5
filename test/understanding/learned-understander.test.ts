import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/domain/locale.js';
import { isDunbotError } from '../../src/errors.js';
import { silentLogger } from '../../src/log/logger.js';
import { RulesNlu } from '../../src/nlu/index.js';
import { NluResultSchema } from '../../src/nlu/nlu-result-schema.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { extractIntentFeatures, hashFeature } from '../../src/understanding/intent-features.js';
import {
  DEFAULT_ACCEPT_CONFIDENCE,
  IntentModel,
  LearnedUnderstander,
  RulesUnderstander,
  UNDERSTANDER_FACTORIES,
  Understanding,
  loadIntentModel,
  shippedIntentModelPath,
  type TurnContext,
} from '../../src/understanding/index.js';
import { loadSet } from '../nlu/labeled-evaluation.js';
import { NOW_MS, turnContextFor } from './fake-understander.js';

const LOCALES = ['en-US', 'zh-CN'] as const;

/** Plain wordings of common intents; none is a line of the labeled set. */
const OBVIOUS: Readonly<Record<Locale, ReadonlyArray<readonly [string, string]>>> = {
  'en-US': [
    ['I already paid that last week', 'already_paid'],
    ['can I split this into three payments', 'request_plan'],
    ['I lost my job and can not pay', 'hardship'],
  ],
  'zh-CN': [
    ['我已经还过了', 'already_paid'],
    ['能不能分三期还', 'request_plan'],
    ['我失业了没钱还', 'hardship'],
  ],
};

function errorOf(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('the shipped intent models', () => {
  it.each(LOCALES)('load for %s, stay under 2 MB and name every intent they score', (locale) => {
    const path = shippedIntentModelPath(locale);
    const model = loadIntentModel(path);

    expect(statSync(path).size).toBeLessThan(2 * 1024 * 1024);
    expect(model.locale).toBe(locale);
    expect(model.intents).toContain('unknown');
    const { probabilities } = model.score('hello');
    expect(probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  });

  it('hash features the same way they were trained (FNV-1a of the feature string)', () => {
    expect(hashFeature('w:paid')).toBe(1989449194);
    expect(hashFeature('b:还过')).toBe(2613097752);
    expect(extractIntentFeatures('I paid 200!', 'en-US')).toEqual(expect.arrayContaining(['w:paid', 'w:0', 'b:paid 0', 'c4:paid']));
    expect(extractIntentFeatures('我还了500块', 'zh-CN')).toEqual(expect.arrayContaining(['u:还', 'b:了0', 't:了0块']));
  });
});

describe('LearnedUnderstander', () => {
  it.each(LOCALES)('names the intent of plain %s utterances, with intents only', async (locale) => {
    const learned = new LearnedUnderstander();

    for (const [utterance, intent] of OBVIOUS[locale]) {
      const result = await learned.understand(utterance, turnContextFor(locale), new AbortController().signal);
      expect(result).toEqual({ intent, confidence: expect.any(Number), entities: {} });
      expect(result.confidence).toBeGreaterThan(DEFAULT_ACCEPT_CONFIDENCE);
      expect(NluResultSchema.safeParse(result).success).toBe(true);
    }
    expect(learned.name).toBe('learned');
  });

  it.each([
    ['I want to talk to a real person', 'en-US'],
    ['my lawyer is handling this', 'en-US'],
    ['nothing else', 'en-US'],
    ['我要找人工客服', 'zh-CN'],
    ['就这样吧', 'zh-CN'],
    ['没别的了', 'zh-CN'],
  ] as const)('never stops or hands over a call on its own word: %j is unknown to it', async (utterance, locale) => {
    const result = await new LearnedUnderstander().understand(utterance, turnContextFor(locale), new AbortController().signal);
    expect(result.intent).toBe('unknown');
  });

  it.each(LOCALES)('gives the same answer every time and from every instance (%s)', (locale) => {
    const lines = loadSet('labeled', locale).slice(0, 50).map((line) => line.text);
    const first = lines.map((text) => new LearnedUnderstander().classify(text, locale));
    const shared = new LearnedUnderstander();
    expect(lines.map((text) => shared.classify(text, locale))).toEqual(first);
    expect(lines.map((text) => shared.classify(text, locale))).toEqual(first);
  });

  it.each([['ok', 'en-US'], ['okay', 'en-US'], ['好的', 'zh-CN'], ['行', 'zh-CN']] as const)(
    'reads %j at a verification question as the rules do: it does not say who is speaking',
    async (utterance, locale) => {
      const { lastPrompt: _asked, ...base } = turnContextFor(locale);
      const atVerification = { ...base, expected: { intents: ['affirm', 'third_party', 'wrong_number'], slots: [] } } satisfies TurnContext;
      const understood = await new LearnedUnderstander().understand(utterance, atVerification, new AbortController().signal);
      expect(understood.intent).not.toBe('affirm');
    },
  );

  it('rejects with the abort reason when the turn is already over', async () => {
    const controller = new AbortController();
    controller.abort(new Error('budget'));

    await expect(new LearnedUnderstander().understand('yes', turnContextFor('en-US'), controller.signal)).rejects.toThrow('budget');
  });

  it('is made by the registry under the name learned', () => {
    const config = { understanders: ['rules', 'learned'], understandingBudgetMs: 1500 };

    expect(UNDERSTANDER_FACTORIES.learned({ config, scheduler: new ManualScheduler(NOW_MS), logger: silentLogger }).name).toBe('learned');
  });

  it('refuses a model file that is not a model, with DUN_ERR_UNDERSTANDER_FAILED', () => {
    const shipped: unknown = JSON.parse(readFileSync(shippedIntentModelPath('en-US'), 'utf8'));

    const malformed = errorOf(() => IntentModel.fromJson(Object.assign({}, shipped, { rows: 3 }), 'bad.json'));
    const missing = errorOf(() => loadIntentModel('/nonexistent/model.json'));

    expect(isDunbotError(malformed, 'DUN_ERR_UNDERSTANDER_FAILED')).toBe(true);
    expect(String(malformed)).toContain('bad.json');
    expect(isDunbotError(missing, 'DUN_ERR_UNDERSTANDER_FAILED')).toBe(true);
  });

  it('refuses a model trained for another locale, with DUN_ERR_NLU_LOCALE', () => {
    const learned = new LearnedUnderstander(() => loadIntentModel(shippedIntentModelPath('en-US')));

    expect(isDunbotError(errorOf(() => learned.classify('我还了', 'zh-CN')), 'DUN_ERR_NLU_LOCALE')).toBe(true);
  });
});

describe('rules then learned, as Understanding chains them, on the held-out set', () => {
  it.each(LOCALES)('is not less accurate than the rules alone (%s)', async (locale) => {
    const lines = loadSet('holdout', locale);
    const rules = new RulesNlu();
    const learned = new LearnedUnderstander();
    const understanding = new Understanding({ understanders: [new RulesUnderstander(), learned], budgetMs: 60_000, scheduler: new ManualScheduler(NOW_MS) });
    let rulesCorrect = 0;
    let learnedCorrect = 0;
    let chainCorrect = 0;
    for (const line of lines) {
      const context = { ...turnContextFor(locale), ...(line.now === undefined ? {} : { nowMs: Date.parse(line.now) }), ...(line.tz === undefined ? {} : { timeZone: line.tz }) };
      if (rules.classify(line.text, locale, { now: new Date(context.nowMs), timeZone: context.timeZone }).intent === line.intent) rulesCorrect += 1;
      if (learned.classify(line.text, locale).intent === line.intent) learnedCorrect += 1;
      if ((await understanding.understand(line.text, context)).intent === line.intent) chainCorrect += 1;
    }
    const pct = (correct: number): string => `${((100 * correct) / lines.length).toFixed(1)}%`;
    console.log(`${locale} held-out intent accuracy (${lines.length} lines): rules ${pct(rulesCorrect)}, learned ${pct(learnedCorrect)}, rules → learned ${pct(chainCorrect)}`);

    expect(chainCorrect).toBeGreaterThanOrEqual(rulesCorrect);
  });
});
