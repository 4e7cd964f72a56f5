import { describe, expect, it } from 'vitest';
// The README's authoring example, verbatim but for the import path: it must stay a working flow.
import {
  CALL_ENDINGS, STATE, ask, flowContext, flowOutput, flowSetup, negotiationAnswers, objectionHandling,
  outcome, planOffer, promiseCapture, rightPartyVerification, say, standardEndings,
} from '../../src/index.js';
import { checkFlow, defaultScriptsLibrary } from '../../src/index.js';
import { driveFlow } from '../../src/testing/index.js';
import { fixtureInput } from '../support/fixtures.js';

export const courtesyFlow = flowSetup.createMachine({
  id: 'courtesy',
  initial: STATE.opening,
  context: flowContext,          // debtor, policy, offers, counters — from the input
  output: flowOutput,            // { disposition, promise?, escalation? }
  on: CALL_ENDINGS,             // hang-up and answering machine end the call from any state
  states: {
    // greeting with AI and recording notice, right-party verification, then the disclosures
    ...rightPartyVerification(STATE.askPayment),
    [STATE.askPayment]: ask({
      prompts: ['early.ask_payment'],
      on: negotiationAnswers({
        deny: STATE.plan,                                         // "no" → offer a plan
        callback: { target: 'courtesyCallback', actions: [say('callback.ack')] },
      }),
    }),
    courtesyCallback: outcome('CALLBACK', ['closing.goodbye']),
    ...promiseCapture(),         // amount + date, validated against policy, read back, confirmed
    ...planOffer(),              // instalments within policy → HARDSHIP_PLAN
    ...objectionHandling(),      // already paid, dispute, callback, refusal after consequences
    ...standardEndings(),        // escalations, attorney, bankruptcy, deceased, cease, silence…
  },
});

describe('README authoring example', () => {
  it('passes the static flow check', () => {
    const report = checkFlow('courtesy', courtesyFlow, defaultScriptsLibrary());
    expect(report.problems).toEqual([]);
    // Explored under every probe input, a live hand-off's among them.
  }, 180_000);

  it('runs the promise path shown in the README', () => {
    const run = driveFlow(courtesyFlow, fixtureInput('en-US-early'), ['affirm', { intent: 'promise_to_pay', amount: 300, date: '2026-03-13' }, 'affirm']);
    expect(run.output).toEqual({ disposition: 'PTP', promise: { amount: 300, date: '2026-03-13', kind: 'single' } });
  });

  it('takes its own callback branch', () => {
    const run = driveFlow(courtesyFlow, fixtureInput('en-US-early'), ['affirm', 'callback']);
    expect(run.prompts.slice(-2)).toEqual(['callback.ack', 'closing.goodbye']);
    expect(run.output?.disposition).toBe('CALLBACK');
  });
});
