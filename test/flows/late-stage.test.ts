import { describe, expect, it } from 'vitest';
import { lateStageFlow } from '../../flows/index.js';
import { driveFlow } from '../../src/testing/drive-flow.js';
import { fixtureInput } from '../support/fixtures.js';

const input = fixtureInput('en-US-late');

describe('late-stage flow', () => {
  it('offers the policy settlement, reads it back and ends PTP on "yes"', () => {
    const run = driveFlow(lateStageFlow, input, ['affirm', 'deny', 'affirm', 'affirm']);
    expect(run.states.slice(1)).toEqual(['askPayment', 'settlementOffer', 'promiseReadback', 'promiseKept']);
    // 60% of 5200, by the latest promise date (today + 14 days).
    expect(run.output).toEqual({ disposition: 'PTP', promise: { amount: 3120, date: '2026-03-25', kind: 'settlement' } });
    expect(run.prompts).toContain('late.settlement_offer');
  });

  it('moves from a declined settlement to a plan', () => {
    const run = driveFlow(lateStageFlow, input, ['affirm', 'request_plan', 'deny', 'affirm']);
    expect(run.states.slice(1)).toEqual(['askPayment', 'settlementOffer', 'planOffer', 'planAgreed']);
    expect(run.output?.promise).toEqual({ amount: 433.33, date: '2026-03-18', kind: 'plan', installments: 12 });
  });

  it('goes straight to a plan when the policy allows no settlement', () => {
    const noSettlement = fixtureInput('en-US-late', { policy: { maxInstallments: 12, minFirstPayment: 300, maxPromiseDays: 14 } });
    const run = driveFlow(lateStageFlow, noSettlement, ['affirm', 'deny']);
    expect(run.states.at(-1)).toBe('planOffer');
  });

  it('asks for a first payment when neither settlement nor plan is possible', () => {
    const strict = fixtureInput('en-US-late', { policy: { maxInstallments: 1, minFirstPayment: 300, maxPromiseDays: 14 } });
    const run = driveFlow(lateStageFlow, strict, ['affirm', 'deny']);
    expect(run.states.at(-1)).toBe('promiseAmount');
    expect(run.prompts.slice(-2)).toEqual(['plan.ask_first_payment', 'promise.ask_amount']);
  });

  it('states the consequences once on refusal and ends REFUSED on the second', () => {
    const run = driveFlow(lateStageFlow, input, ['affirm', 'refuse', 'refuse']);
    expect(run.prompts).toContain('consequences.credit');
    expect(run.prompts).not.toContain('consequences.fees');
    expect(run.output?.disposition).toBe('REFUSED');
  });

  it('meets hardship at the settlement offer with empathy and a plan', () => {
    const run = driveFlow(lateStageFlow, input, ['affirm', 'deny', 'hardship']);
    expect(run.prompts.slice(-2)).toEqual(['hardship.empathy', 'plan.offer']);
  });

  it('handles a Chinese late-stage debtor the same way', () => {
    const zh = fixtureInput('zh-CN-late');
    const run = driveFlow(lateStageFlow, zh, ['affirm', 'deny', 'affirm', 'affirm']);
    expect(run.output).toEqual({ disposition: 'PTP', promise: { amount: 33600, date: '2026-03-25', kind: 'settlement' } });
  });
});
