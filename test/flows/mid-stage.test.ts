import { describe, expect, it } from 'vitest';
import { midStageFlow } from '../../flows/index.js';
import { driveFlow } from '../../src/testing/drive-flow.js';
import { fixtureInput } from '../support/fixtures.js';

const input = fixtureInput('en-US-mid');

describe('mid-stage flow', () => {
  it('asks firmly for the minimum and captures a promise (PTP)', () => {
    const run = driveFlow(midStageFlow, input, ['affirm', { intent: 'promise_to_pay', amount: 420, date: '2026-03-20' }, 'affirm']);
    expect(run.prompts.slice(0, 4)).toEqual(['opening.greeting', 'disclosure.collector_notice', 'disclosure.debt', 'mid.ask_payment']);
    expect(run.output).toEqual({ disposition: 'PTP', promise: { amount: 420, date: '2026-03-20', kind: 'single' } });
  });

  it('states only the consequences true for the account when the debtor says no', () => {
    const run = driveFlow(midStageFlow, input, ['affirm', 'deny']);
    expect(run.prompts.slice(4)).toEqual(['consequences.fees', 'consequences.credit', 'consequences.ask_again']);
    const plain = driveFlow(midStageFlow, fixtureInput('en-US-mid', { policy: { maxInstallments: 6, minFirstPayment: 250, maxPromiseDays: 14 } }), ['affirm', 'deny']);
    expect(plain.prompts.slice(4)).toEqual(['consequences.generic', 'consequences.ask_again']);
  });

  it('offers a plan after the consequences when the debtor still cannot pay', () => {
    const run = driveFlow(midStageFlow, input, ['affirm', 'refuse', 'deny', 'affirm']);
    expect(run.states.slice(1)).toEqual(['askPayment', 'askAgain', 'planOffer', 'planAgreed']);
    // 3480 over 6 instalments of 580, first a week from today.
    expect(run.output).toEqual({ disposition: 'HARDSHIP_PLAN', promise: { amount: 580, date: '2026-03-18', kind: 'plan', installments: 6 } });
  });

  it('ends REFUSED when the debtor refuses again after hearing the consequences', () => {
    const run = driveFlow(midStageFlow, input, ['affirm', 'refuse', 'refuse']);
    expect(run.output?.disposition).toBe('REFUSED');
    expect(run.prompts.filter((prompt) => prompt.startsWith('consequences.') && prompt !== 'consequences.ask_again')).toHaveLength(2);
  });

  it('hands other plan terms to a human: beyond the bot\'s authority', () => {
    const run = driveFlow(midStageFlow, input, ['affirm', 'request_plan', 'request_plan']);
    expect(run.output).toEqual({ disposition: 'ESCALATED', escalation: { reason: 'beyond_authority' } });
  });

  it('stops the push on a dispute at any question', () => {
    const run = driveFlow(midStageFlow, input, ['affirm', 'request_plan', 'dispute']);
    expect(run.output?.disposition).toBe('DISPUTE');
    expect(run.prompts.slice(-2)).toEqual(['dispute.ack', 'closing.goodbye']);
  });

  it('keeps escalation reachable inside the promise capture', () => {
    const run = driveFlow(midStageFlow, input, ['affirm', 'affirm', { dtmf: '0' }]);
    expect(run.states.slice(1)).toEqual(['askPayment', 'promiseAmount', 'escalateHuman']);
    expect(run.output?.escalation).toEqual({ reason: 'request_human' });
  });

  it('runs the same way in Chinese: the flow does not depend on the locale', () => {
    const zh = fixtureInput('zh-CN-mid');
    const run = driveFlow(midStageFlow, zh, ['affirm', { intent: 'promise_to_pay', amount: 1500, date: '2026-03-20' }, 'affirm']);
    expect(run.output).toEqual({ disposition: 'PTP', promise: { amount: 1500, date: '2026-03-20', kind: 'single' } });
  });
});
