import { describe, expect, it } from 'vitest';
import { DunbotError } from '../../src/errors.js';
import { createLogger } from '../../src/log/logger.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { Understanding, type Understander, type UnderstandingOptions } from '../../src/understanding/index.js';
import { FakeUnderstander, NOW_MS, answering, turnContextFor } from './fake-understander.js';

const BUDGET_MS = 1500;
const CONTEXT = turnContextFor('en-US');

function setUp(understanders: readonly Understander[], options: Partial<UnderstandingOptions> = {}) {
  const scheduler = new ManualScheduler(NOW_MS);
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  const understanding = new Understanding({ understanders, budgetMs: BUDGET_MS, scheduler, logger, ...options });
  return { understanding, scheduler, warnings: () => lines.filter((line) => line.level === 'warn') };
}

describe('Understanding: order and acceptance', () => {
  it('asks the understanders in order and takes the first confident answer, asking no more', async () => {
    const first = answering('first', 'unknown', 0.2);
    const second = answering('second', 'promise_to_pay', 0.8, { amount: 200 });
    const third = answering('third', 'affirm', 0.95);
    const { understanding } = setUp([first, second, third]);

    const understood = await understanding.understand('two hundred', CONTEXT);

    expect(understood).toEqual({ intent: 'promise_to_pay', confidence: 0.8, entities: { amount: 200 }, source: 'second' });
    expect(first.calls.map((call) => call.utterance)).toEqual(['two hundred']);
    expect(second.calls[0]?.context).toBe(CONTEXT);
    expect(third.calls).toHaveLength(0);
  });

  it('accepts an answer exactly at the threshold (0.5 by default) and passes on one just below it', async () => {
    const below = answering('below', 'refuse', 0.49);
    const at = answering('at', 'hardship', 0.5);
    const { understanding } = setUp([below, at, answering('after', 'affirm', 0.9)]);

    expect(await understanding.understand('x', CONTEXT)).toMatchObject({ intent: 'hardship', source: 'at' });
  });

  it('never accepts unknown, however confident', async () => {
    const { understanding } = setUp([answering('sure-unknown', 'unknown', 0.99), answering('rules', 'affirm', 0.9)]);

    expect(await understanding.understand('x', CONTEXT)).toMatchObject({ intent: 'affirm', source: 'rules' });
  });

  it('uses acceptConfidence when given', async () => {
    const { understanding } = setUp([answering('a', 'affirm', 0.8), answering('b', 'deny', 0.95)], { acceptConfidence: 0.9 });

    expect(await understanding.understand('x', CONTEXT)).toMatchObject({ intent: 'deny', source: 'b' });
  });
});

describe('Understanding: what a later understander keeps of an earlier reading', () => {
  it('takes an answer that heard a signal as final, even with an unknown intent', async () => {
    const repeat = new FakeUnderstander('rules', { answer: { intent: 'unknown', confidence: 0.2, entities: {}, signals: ['repeat_request'] } });
    const later = answering('learned', 'affirm', 0.9);
    const { understanding } = setUp([repeat, later]);

    expect(await understanding.understand('come again?', CONTEXT)).toMatchObject({ intent: 'unknown', signals: ['repeat_request'], source: 'rules' });
    expect(later.calls).toHaveLength(0);
  });

  it('keeps the entities and signals heard before when a later understander names the intent', async () => {
    const rules = new FakeUnderstander('rules', { answer: { intent: 'unknown', confidence: 0.3, entities: { amount: 200 } } });
    const learned = answering('learned', 'promise_to_pay', 0.8);
    const { understanding } = setUp([rules, learned]);

    expect(await understanding.understand('two hundred then', CONTEXT)).toEqual({ intent: 'promise_to_pay', confidence: 0.8, entities: { amount: 200 }, source: 'learned' });
  });
});

describe('Understanding: falling back to the best answer', () => {
  it('takes the most confident answer when none is confident enough', async () => {
    const { understanding } = setUp([answering('a', 'refuse', 0.3), answering('b', 'hardship', 0.45), answering('c', 'deny', 0.4)]);

    expect(await understanding.understand('x', CONTEXT)).toEqual({ intent: 'hardship', confidence: 0.45, entities: {}, source: 'b' });
  });

  it('prefers an answer that names an intent over a more confident unknown', async () => {
    const { understanding } = setUp([answering('a', 'unknown', 0.45), answering('b', 'refuse', 0.3)]);

    expect(await understanding.understand('x', CONTEXT)).toMatchObject({ intent: 'refuse', source: 'b' });
  });

  it('keeps the earlier of two equally confident answers', async () => {
    const { understanding } = setUp([answering('a', 'refuse', 0.3), answering('b', 'deny', 0.3)]);

    expect(await understanding.understand('x', CONTEXT)).toMatchObject({ source: 'a' });
  });

  it('returns the best unknown when every understander says unknown', async () => {
    const { understanding } = setUp([answering('a', 'unknown', 0), answering('b', 'unknown', 0.2)]);

    expect(await understanding.understand('x', CONTEXT)).toEqual({ intent: 'unknown', confidence: 0.2, entities: {}, source: 'b' });
  });
});

describe('Understanding: the time budget', () => {
  it('aborts the understander still working when the budget runs out and takes the best answer so far', async () => {
    const quick = answering('quick', 'refuse', 0.3);
    const slow = new FakeUnderstander('slow', 'never');
    const never = answering('never-asked', 'affirm', 0.9);
    const { understanding, scheduler } = setUp([quick, slow, never]);

    const pending = understanding.understand('x', CONTEXT);
    await slow.called;
    scheduler.increment(BUDGET_MS - 1);
    expect(slow.lastSignal.aborted).toBe(false);
    scheduler.increment(1);
    expect(slow.lastSignal.aborted).toBe(true);
    expect(slow.lastSignal.reason).toMatchObject({ name: 'TimeoutError' });

    expect(await pending).toEqual({ intent: 'refuse', confidence: 0.3, entities: {}, source: 'quick' });
    expect(never.calls).toHaveLength(0);
  });

  it('answers unknown from "budget" when the budget runs out before any answer', async () => {
    const slow = new FakeUnderstander('slow', 'never');
    const { understanding, scheduler } = setUp([slow]);

    const pending = understanding.understand('x', CONTEXT);
    await slow.called;
    scheduler.increment(BUDGET_MS);

    expect(await pending).toEqual({ intent: 'unknown', confidence: 0, entities: {}, source: 'budget' });
  });

  it('measures the budget for the whole turn, not per understander', async () => {
    const scheduler = new ManualScheduler(NOW_MS);
    const ANSWER_AFTER_MS = 1000;
    const thoughtful: Understander = {
      name: 'thoughtful',
      understand: () => new Promise((resolve) => {
        scheduler.setTimeout(() => resolve({ intent: 'unknown', confidence: 0.2, entities: {} }), ANSWER_AFTER_MS);
      }),
    };
    const slow = new FakeUnderstander('slow', 'never');
    const understanding = new Understanding({ understanders: [thoughtful, slow], budgetMs: BUDGET_MS, scheduler });

    const pending = understanding.understand('x', CONTEXT);
    scheduler.increment(ANSWER_AFTER_MS);
    await slow.called;
    scheduler.increment(BUDGET_MS - ANSWER_AFTER_MS - 1);
    expect(slow.lastSignal.aborted).toBe(false);
    scheduler.increment(1);
    expect(slow.lastSignal.aborted).toBe(true);

    expect(await pending).toMatchObject({ intent: 'unknown', source: 'thoughtful' });
  });

  it('ignores an answer or failure that comes after the budget, and logs no failure for it', async () => {
    let settle: (result: unknown) => void = () => undefined;
    const late: Understander = {
      name: 'late',
      understand: () => new Promise((_resolve, reject) => {
        settle = reject;
      }),
    };
    const { understanding, scheduler, warnings } = setUp([late]);

    const pending = understanding.understand('x', CONTEXT);
    scheduler.increment(BUDGET_MS);
    settle(new Error('aborted'));

    expect(await pending).toMatchObject({ source: 'budget' });
    expect(warnings()).toEqual([]);
  });

  it('leaves no timer behind once the turn is understood', async () => {
    const { understanding, scheduler } = setUp([answering('a', 'affirm', 0.9)]);

    await understanding.understand('yes', CONTEXT);

    expect(scheduler.pendingTimers).toBe(0);
  });
});

describe('Understanding: failing understanders', () => {
  it('skips an understander that rejects, logging its name and a code', async () => {
    const failing = new FakeUnderstander('remote', { rejectWith: new DunbotError('DUN_ERR_ASR_FAILED', 'service down', { retryable: true }) });
    const { understanding, warnings } = setUp([failing, answering('rules', 'affirm', 0.9)]);

    expect(await understanding.understand('yes', CONTEXT)).toMatchObject({ intent: 'affirm', source: 'rules' });
    expect(warnings()).toEqual([
      expect.objectContaining({ code: 'DUN_ERR_UNDERSTANDER_FAILED', understander: 'remote', cause: 'DUN_ERR_ASR_FAILED', pii: { error: '[redacted]' } }),
    ]);
  });

  it('skips an understander that throws before returning a promise', async () => {
    const throwing = new FakeUnderstander('sync', { throwWith: new TypeError('boom') });
    const { understanding, warnings } = setUp([throwing, answering('rules', 'deny', 0.9)]);

    expect(await understanding.understand('no', CONTEXT)).toMatchObject({ intent: 'deny', source: 'rules' });
    expect(warnings()).toEqual([expect.objectContaining({ code: 'DUN_ERR_UNDERSTANDER_FAILED', understander: 'sync' })]);
  });

  it.each([
    ['an intent that does not exist', { intent: 'pay_later', confidence: 0.9, entities: {} }],
    ['a confidence above 1', { intent: 'affirm', confidence: 7, entities: {} }],
    ['a confidence that is not a number', { intent: 'affirm', confidence: Number.NaN, entities: {} }],
    ['a date that is not an ISO date', { intent: 'promise_to_pay', confidence: 0.9, entities: { date: 'friday' } }],
    ['nothing', undefined],
  ])('skips an understander that returns %s', async (_what, returns) => {
    const { understanding, warnings } = setUp([new FakeUnderstander('odd', { returns }), answering('rules', 'refuse', 0.3)]);

    expect(await understanding.understand('x', CONTEXT)).toMatchObject({ intent: 'refuse', source: 'rules' });
    expect(warnings()).toEqual([expect.objectContaining({ code: 'DUN_ERR_UNDERSTANDER_FAILED', understander: 'odd', failure: 'malformed result' })]);
  });

  it('passes on only the fields of an NLU result', async () => {
    const chatty = new FakeUnderstander('chatty', { returns: { intent: 'affirm', confidence: 0.9, entities: { date: '2026-03-12', note: 'x' }, raw: 'model text' } });
    const { understanding } = setUp([chatty]);

    expect(await understanding.understand('x', CONTEXT)).toEqual({ intent: 'affirm', confidence: 0.9, entities: { date: '2026-03-12' }, source: 'chatty' });
  });

  it('answers unknown from "none" when every understander fails in time', async () => {
    const { understanding } = setUp([new FakeUnderstander('a', { rejectWith: new Error('x') }), new FakeUnderstander('b', { throwWith: 'y' })]);

    expect(await understanding.understand('x', CONTEXT)).toEqual({ intent: 'unknown', confidence: 0, entities: {}, source: 'none' });
  });
});

describe('Understanding: construction', () => {
  it.each([
    ['no understanders', { understanders: [] }],
    ['a budget of zero', { budgetMs: 0 }],
    ['an infinite budget', { budgetMs: Number.POSITIVE_INFINITY }],
    ['an acceptConfidence above 1', { acceptConfidence: 1.5 }],
    ['an acceptConfidence that is not a number', { acceptConfidence: Number.NaN }],
    ['an understander named like a fallback source', { understanders: [answering('budget', 'affirm', 1)] }],
  ])('refuses %s', (_what, options: Partial<UnderstandingOptions>) => {
    const build = () => new Understanding({ understanders: [answering('a', 'affirm', 1)], budgetMs: BUDGET_MS, scheduler: new ManualScheduler(0), ...options });

    expect(build).toThrow(expect.objectContaining({ code: 'DUN_ERR_CONFIG_INVALID' }));
  });
});

describe('Understanding with an understander at rest', () => {
  it('names the resting understander on the turn, and goes on with the others', async () => {
    const resting = new FakeUnderstander('llm', { rejectWith: new DunbotError('DUN_ERR_LLM_UNAVAILABLE', 'resting', { retryable: true }) });
    const { understanding } = setUp([answering('rules', 'refuse', 0.3), resting]);
    expect(await understanding.understand('no', turnContextFor('en-US'))).toMatchObject({ intent: 'refuse', source: 'rules', unavailable: ['llm'] });
    const working = setUp([answering('rules', 'refuse', 0.3)]);
    expect(await working.understanding.understand('no', turnContextFor('en-US'))).not.toHaveProperty('unavailable');
  });
});
