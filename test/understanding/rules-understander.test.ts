import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/domain/locale.js';
import { createLogger } from '../../src/log/logger.js';
import { RulesNlu, type NluResult } from '../../src/nlu/index.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { DEFAULT_ACCEPT_CONFIDENCE, RulesUnderstander, Understanding } from '../../src/understanding/index.js';
import { loadSet } from '../nlu/labeled-evaluation.js';
import { NOW_MS, turnContextFor } from './fake-understander.js';

/** Utterances the labeled sets lack: empty, filler, yes-and-no, and one where many intents compete. */
const EDGE_CASES: Readonly<Record<Locale, readonly string[]>> = {
  'en-US': [
    '', '   ', 'um', 'maybe', 'yes no', 'two hundred', 'next friday',
    'my lawyer said and i filed chapter 7 and he passed away and stop calling me and i want a person and that is not my loan and wrong number',
  ],
  'zh-CN': ['', '嗯', '是 不是', '五百', '下周五', '我失业了 能分期吗 你是谁 我欠多少 晚点打'],
};

function sampleOf(locale: Locale): string[] {
  return [...loadSet('labeled', locale), ...loadSet('holdout', locale)].map((line) => line.text).concat(EDGE_CASES[locale]);
}

describe('RulesUnderstander', () => {
  it("understands with the call clock and the debtor's time zone", async () => {
    const rules = new RulesUnderstander();

    const result = await rules.understand('I can pay 200 tomorrow', turnContextFor('en-US'), new AbortController().signal);

    expect(rules.name).toBe('rules');
    expect(result).toEqual({ intent: 'promise_to_pay', confidence: expect.any(Number), entities: { amount: 200, date: '2026-03-12' } });
  });

  it('rejects with the abort reason when the turn is already over', async () => {
    const controller = new AbortController();
    controller.abort(new Error('budget'));

    await expect(new RulesUnderstander().understand('yes', turnContextFor('en-US'), controller.signal)).rejects.toThrow('budget');
  });

  it("reads the answer in the turn's context: the debtor's name confirms at verification", async () => {
    const verify = { ...turnContextFor('en-US'), expected: { intents: ['affirm', 'deny', 'third_party', 'wrong_number'] as const, slots: [] } };
    const rules = new RulesUnderstander();

    expect((await rules.understand('John speaking', verify, new AbortController().signal)).intent).toBe('affirm');
    expect((await rules.understand('this is Mike', verify, new AbortController().signal)).intent).toBe('third_party');
  });

  it('wraps any Nlu', async () => {
    const fixed: NluResult = { intent: 'deny', confidence: 0.7, entities: {} };

    expect(await new RulesUnderstander({ classify: () => fixed }).understand('x', turnContextFor('zh-CN'), new AbortController().signal)).toBe(fixed);
  });
});

describe('Understanding with only the rules understander', () => {
  it.each(['en-US', 'zh-CN'] as const)('at a question expecting a promise and a yes, answers exactly what RulesNlu.classify does, for every %s sample', async (locale) => {
    const understanding = new Understanding({ understanders: [new RulesUnderstander()], budgetMs: 1500, scheduler: new ManualScheduler(NOW_MS) });
    const nlu = new RulesNlu();
    const context = turnContextFor(locale);
    const below: string[] = [];
    for (const text of sampleOf(locale)) {
      const expected = nlu.classify(text, locale, { now: new Date(context.nowMs), timeZone: context.timeZone });
      const { source, ...result } = await understanding.understand(text, context);
      expect({ text, source, result }).toEqual({ text, source: 'rules', result: expected });
      if (expected.intent !== 'unknown' && expected.confidence < DEFAULT_ACCEPT_CONFIDENCE) below.push(text);
    }
    // The sample must reach the path where no answer is accepted and the best one is taken.
    if (locale === 'en-US') expect(below.length).toBeGreaterThan(0);
    // Every labelled line, twice: correctness, not speed, is what this asserts (see bench/ for speed).
  }, 60_000);

  it('logs a time zone the NLU rejects and answers unknown rather than failing the turn', async () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line) });
    const understanding = new Understanding({ understanders: [new RulesUnderstander()], budgetMs: 1500, scheduler: new ManualScheduler(NOW_MS), logger });

    const understood = await understanding.understand('yes', { ...turnContextFor('en-US'), timeZone: 'Mars/Olympus_Mons' });

    expect(understood).toEqual({ intent: 'unknown', confidence: 0, entities: {}, source: 'none' });
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      expect.objectContaining({ level: 'warn', code: 'DUN_ERR_UNDERSTANDER_FAILED', understander: 'rules', cause: 'DUN_ERR_NLU_TIMEZONE' }),
    ]);
  });
});
