import { describe, expect, it } from 'vitest';
import { FLOWS } from '../../flows/index.js';
import {
  CALL_ENDINGS,
  NO_EXPECTATIONS,
  STATE,
  ask,
  expectationsAt,
  flowContext,
  flowOutput,
  flowSetup,
  outcome,
  slotsOfIntents,
  standardEndings,
  type AskOptions,
} from '../../src/flow/index.js';

const shipped = Object.entries(FLOWS);

/** A flow with one question built from `options`. */
function flowAsking(options: AskOptions) {
  return flowSetup.createMachine({
    id: 'probe',
    initial: 'question',
    context: flowContext,
    output: flowOutput,
    on: CALL_ENDINGS,
    states: { question: ask(options), done: outcome('PTP', ['closing.goodbye']), ...standardEndings() },
  });
}

describe('expectationsAt in the shipped flows', () => {
  it.each(shipped)('%s: the promise questions expect a promise with its amount and date', (_name, machine) => {
    for (const state of [STATE.promiseAmount, STATE.promiseDate, STATE.askPayment]) {
      const expected = expectationsAt(machine, state);
      expect(expected.intents).toEqual(expect.arrayContaining(['promise_to_pay', 'affirm', 'request_plan']));
      expect(expected.slots).toEqual(['amount', 'date']);
    }
  });

  it.each(shipped)('%s: verification expects who is speaking, and no amount or date', (_name, machine) => {
    const expected = expectationsAt(machine, STATE.opening);
    expect(expected.intents).toEqual(expect.arrayContaining(['affirm', 'deny', 'wrong_number', 'third_party']));
    expect(expected.slots).toEqual([]);
  });

  it.each(shipped)('%s: the payment-claim question expects no intent but the date of the payment', (_name, machine) => {
    expect(expectationsAt(machine, STATE.alreadyPaid)).toEqual({ intents: [], slots: ['date'] });
  });

  it.each(shipped)('%s: final, decision and unknown states expect nothing', (_name, machine) => {
    for (const state of [STATE.promiseKept, STATE.refused, STATE.checkPromise, STATE.plan, 'noSuchState', 'constructor', '__proto__']) {
      expect(expectationsAt(machine, state)).toEqual(NO_EXPECTATIONS);
    }
  });
});

describe('expectationsAt with a question of its own', () => {
  it('lists the intents the question branches on, without the standard safety answers', () => {
    expect(expectationsAt(flowAsking({ prompts: ['verify.ask_identity'], on: { affirm: 'done', deny: 'done' } }), 'question'))
      .toEqual({ intents: ['affirm', 'deny'], slots: [] });
  });

  it('derives the slots from the expected intents when the question names none', () => {
    expect(expectationsAt(flowAsking({ prompts: ['promise.ask_amount'], on: { promise_to_pay: 'done' } }), 'question').slots).toEqual(['amount', 'date']);
  });

  it('takes the slots the question names over the derived ones', () => {
    const machine = flowAsking({ prompts: ['promise.ask_amount'], on: { promise_to_pay: 'done' }, slots: ['amount'] });

    expect(expectationsAt(machine, 'question')).toEqual({ intents: ['promise_to_pay'], slots: ['amount'] });
  });
});

describe('slotsOfIntents', () => {
  it('gives the slots a promise fills, in a fixed order, once each', () => {
    expect(slotsOfIntents(['affirm', 'promise_to_pay', 'promise_to_pay'])).toEqual(['amount', 'date']);
  });

  it('gives no slots for intents whose entities the flow kit does not use', () => {
    expect(slotsOfIntents(['affirm', 'deny', 'already_paid', 'callback', 'ask_balance'])).toEqual([]);
    expect(slotsOfIntents([])).toEqual([]);
  });
});
