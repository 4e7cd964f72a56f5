import { describe, expect, it } from 'vitest';
import { Answering, createAnswering, type Answerer } from '../../src/answering/index.js';
import { silentLogger } from '../../src/log/logger.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { factsFor } from './facts.js';

const FACTS = factsFor(true);

/** An answerer that answers when `release` is called, and records whether it was aborted. */
function pendingAnswerer(): { answerer: Answerer; release: (text: string) => void; aborted: () => boolean } {
  let release: (text: string) => void = () => undefined;
  let signalSeen: AbortSignal | undefined;
  const answerer: Answerer = {
    name: 'pending',
    answer: (_question, _facts, _locale, signal) => {
      signalSeen = signal;
      return new Promise((resolve) => (release = resolve));
    },
  };
  return { answerer, release: (text) => release(text), aborted: () => signalSeen?.aborted === true };
}

describe('Answering', () => {
  it('passes the answerer’s answer on', async () => {
    const answering = new Answering({ answerer: { name: 'fixed', answer: async () => 'Yes, late fees apply.' }, budgetMs: 1500, scheduler: new ManualScheduler(0) });
    expect(await answering.answer('are there late fees?', FACTS, 'en-US')).toBe('Yes, late fees apply.');
  });

  it('gives no answer when the turn budget runs out, and aborts the answerer', async () => {
    const scheduler = new ManualScheduler(0);
    const pending = pendingAnswerer();
    const answering = new Answering({ answerer: pending.answerer, budgetMs: 1500, scheduler });
    const answer = answering.answer('are there late fees?', FACTS, 'en-US');
    scheduler.increment(1500);
    expect(await answer).toBeUndefined();
    expect(pending.aborted()).toBe(true);
    pending.release('too late');
  });

  it('gives no answer when the answerer rejects or answers nothing', async () => {
    const failing = new Answering({ answerer: { name: 'failing', answer: () => Promise.reject(new Error('boom')) }, budgetMs: 1500, scheduler: new ManualScheduler(0), logger: silentLogger });
    expect(await failing.answer('why?', FACTS, 'en-US')).toBeUndefined();
    const blank = new Answering({ answerer: { name: 'blank', answer: async () => '  ' }, budgetMs: 1500, scheduler: new ManualScheduler(0) });
    expect(await blank.answer('why?', FACTS, 'en-US')).toBeUndefined();
  });
});

describe('createAnswering', () => {
  const scheduler = new ManualScheduler(0);
  it('answers with the LLM when one is configured, unless answers are off', () => {
    expect(createAnswering({ understandingBudgetMs: 1500, llmBaseUrl: 'http://127.0.0.1:9/v1', llmModel: 'm' }, scheduler, silentLogger)).toBeInstanceOf(Answering);
    expect(createAnswering({ understandingBudgetMs: 1500, llmBaseUrl: 'http://127.0.0.1:9/v1', llmModel: 'm', llmAnswers: 'off' }, scheduler, silentLogger)).toBeUndefined();
    expect(createAnswering({ understandingBudgetMs: 1500 }, scheduler, silentLogger)).toBeUndefined();
  });
});
