import { describe, expect, it } from 'vitest';
import { checkAnswer, factAmounts, factNumbers } from '../../src/answering/index.js';
import { factsFor } from './facts.js';

describe('groundingFacts', () => {
  it('holds only the caller before verification: nothing of the debt or the creditor', () => {
    const facts = factsFor(false);
    expect(facts).toEqual({
      today: '2026-03-11',
      verified: false,
      caller: { businessName: 'Account Services', aiAssistant: true, callRecorded: true, callbackNumber: '+18005550100' },
    });
    expect(factAmounts(facts)).toEqual([]);
  });

  it('adds the account and the terms the policy lets the bot offer once verified', () => {
    const facts = factsFor(true);
    expect(facts.account).toEqual({
      creditor: 'Acme Auto Finance',
      product: 'car_loan',
      currency: 'USD',
      balance: 1250.5,
      minimumDue: 300,
      dueDate: '2026-02-20',
      daysPastDue: 19,
      paymentChannels: 'our website or mobile app',
      terms: { plan: { maxInstallments: 3, installmentAmount: 416.83, lastInstallmentAmount: 416.84 }, minFirstPayment: 100, latestPromiseDate: '2026-03-25', lateFeesApply: true },
    });
    expect(factNumbers(facts)).toEqual(expect.arrayContaining([1250.5, 300, 100, 416.83, 416.84, 19, 3, 2026, 2, 20, 25]));
  });
});

describe('checkAnswer', () => {
  const facts = factsFor(true);
  it('passes a short grounded answer with the facts’ figures, tidying its spaces', () => {
    expect(checkAnswer({ answer: ' It was due on February 20th,\n19 days ago. ', grounded: true }, facts, 'en-US')).toEqual({ ok: true, text: 'It was due on February 20th, 19 days ago.' });
    expect(checkAnswer({ answer: '您可以拨打 +1 800 555 0100 咨询。', grounded: true }, facts, 'zh-CN')).toMatchObject({ ok: true });
  });

  it('names why it refuses one', () => {
    expect(checkAnswer({ answer: 'Yes.', grounded: false }, facts, 'en-US')).toEqual({ ok: false, reason: 'not_grounded' });
    expect(checkAnswer({ answer: 'Your fee is $35.', grounded: true }, facts, 'en-US')).toEqual({ ok: false, reason: 'invented_figure', detail: 'amount 35' });
    expect(checkAnswer({ answer: '利息是每月两百元。', grounded: true }, factsFor(true, 'zh-CN-early'), 'zh-CN')).toEqual({ ok: false, reason: 'invented_figure', detail: 'amount 200' });
    expect(checkAnswer({ answer: 'x'.repeat(301), grounded: true }, facts, 'en-US')).toMatchObject({ ok: false, reason: 'too_long' });
  });
});
