import { describe, expect, it } from 'vitest';
import { FLOWS, FLOW_NAMES } from '../../flows/index.js';
import { serializeSnapshot } from '../../src/flow/check/check-flow.js';
import { checkKeypad } from '../../src/flow/check/keypad-check.js';
import { KEYED_MAX_DIGITS, keypadQuestionAt, readKeyedEntry } from '../../src/flow/keypad-question.js';
import { CALL_ENDINGS, ask, checkFlow, flowContext, flowOutput, flowSetup, outcome, probeInputs, standardEndings, type AskOptions, type PromptCatalog } from '../../src/flow/index.js';
import { defaultScriptsLibrary } from '../../src/scripts/index.js';

const scripts: PromptCatalog = defaultScriptsLibrary();

/** A one-question flow whose "yes" or promise ends PTP. */
function oneQuestion(options: Partial<AskOptions>) {
  return flowSetup.createMachine({
    id: 'keypad',
    initial: 'question',
    context: flowContext,
    output: flowOutput,
    on: CALL_ENDINGS,
    states: { question: ask({ prompts: ['verify.ask_identity'], on: { affirm: 'done' }, ...options }), done: outcome('PTP', ['closing.goodbye']), ...standardEndings() },
  });
}

const serialize = serializeSnapshot;
const keypadKinds = (machine: ReturnType<typeof oneQuestion>) => checkKeypad('keypad', machine, probeInputs(), serialize).map((problem) => `${problem.state}:${problem.kind}`);

describe('keypadQuestionAt', () => {
  it('offers the keys a question answers and an entry for the first slot the flow does not hold yet', () => {
    const early = FLOWS.early;
    expect(keypadQuestionAt(early, 'opening', {})).toEqual({
      keys: [{ digit: '1', intent: 'affirm' }, { digit: '2', intent: 'deny' }, { digit: '0', intent: 'request_human' }],
      entry: undefined,
      entryIntent: 'promise_to_pay',
    });
    expect(keypadQuestionAt(early, 'askPayment', {})?.entry).toBe('amount');
    expect(keypadQuestionAt(early, 'promiseDate', { amount: 200 })?.entry).toBe('date');
    expect(keypadQuestionAt(early, 'promiseReadback', { amount: 200, date: '2026-03-13' })?.entry).toBeUndefined();
    expect(keypadQuestionAt(early, 'alreadyPaid', {})).toEqual({ keys: [{ digit: '0', intent: 'request_human' }], entry: 'date', entryIntent: 'unknown' });
    expect(keypadQuestionAt(early, 'promiseKept', {})).toBeUndefined();
  });
});

describe('readKeyedEntry', () => {
  const amount = { keys: [], entry: 'amount', entryIntent: 'promise_to_pay' } as const;
  const date = { keys: [], entry: 'date', entryIntent: 'promise_to_pay' } as const;

  it('reads an amount in whole main units, up to the limit', () => {
    expect(readKeyedEntry(amount, '1500', '2026-03-11')).toEqual({ intent: 'promise_to_pay', confidence: 1, entities: { amount: 1500 } });
    expect(readKeyedEntry(amount, '9'.repeat(KEYED_MAX_DIGITS.amount + 1), '2026-03-11')).toMatchObject({ intent: 'unknown', entities: {} });
  });

  it('reads a day as the next such day for a promise, and the latest one where no promise is taken', () => {
    expect(readKeyedEntry(date, '20', '2026-03-11').entities).toEqual({ date: '2026-03-20' });
    expect(readKeyedEntry(date, '5', '2026-03-11').entities).toEqual({ date: '2026-04-05' });
    expect(readKeyedEntry(date, '11', '2026-03-11').entities).toEqual({ date: '2026-03-11' });
    expect(readKeyedEntry({ ...date, entryIntent: 'unknown' }, '20', '2026-03-11')).toMatchObject({ intent: 'unknown', entities: { date: '2026-02-20' } });
  });

  it('does not understand a day outside 1–31, or digits where the question takes no entry', () => {
    expect(readKeyedEntry(date, '32', '2026-03-11').intent).toBe('unknown');
    expect(readKeyedEntry(date, '0', '2026-03-11').intent).toBe('unknown');
    expect(readKeyedEntry({ keys: [], entry: undefined, entryIntent: 'promise_to_pay' }, '20', '2026-03-11')).toEqual({ intent: 'unknown', confidence: 0, entities: {} });
    expect(readKeyedEntry(undefined, '20', '2026-03-11').intent).toBe('unknown');
  });
});

describe('the keypad pass of the flow check', () => {
  it('finds every question of every shipped flow answerable, and a promise, a plan, a person, silence and a hang-up reachable, by keys alone', () => {
    for (const name of FLOW_NAMES) expect(checkKeypad(name, FLOWS[name], probeInputs(), serialize), name).toEqual([]);
  });

  it('names a question no key answers', () => {
    // No keys at all: 0 is not a person here, and the question takes no entry.
    expect(keypadKinds(oneQuestion({ dtmf: {} }))).toEqual(expect.arrayContaining(['question:keypad_stuck', 'done:keypad_unreachable', 'escalateHuman:keypad_unreachable']));
  });

  it('names a promise only words can make, and accepts one a keyed amount makes', () => {
    const spoken = oneQuestion({ on: { promise_to_pay: 'done' }, slots: [] });
    expect(keypadKinds(spoken)).toEqual(['done:keypad_unreachable']);
    expect(keypadKinds(oneQuestion({ on: { promise_to_pay: 'done' }, slots: ['amount'] }))).toEqual([]);
  });

  it('is part of checkFlow', () => {
    const kinds = checkFlow('keypad', oneQuestion({ on: { promise_to_pay: 'done' }, slots: [] }), scripts).problems.map((problem) => `${problem.state}:${problem.kind}`);
    expect(kinds).toContain('done:keypad_unreachable');
  });
});
