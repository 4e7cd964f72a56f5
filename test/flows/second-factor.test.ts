import { describe, expect, it } from 'vitest';
import { FLOWS, FLOW_NAMES } from '../../flows/index.js';
import type { VerifyFactor } from '../../src/domain/debtor.js';
import type { FlowInput } from '../../src/flow/index.js';
import type { PartialIdentifier } from '../../src/nlu/intents.js';
import { driveFlow, type TestTurn } from '../../src/testing/drive-flow.js';
import { fixtureInput } from '../support/fixtures.js';

const RECORD = { dateOfBirth: '1985-03-02', postcode: '10001', idLast4: '4419' } as const;

/** A fixture debtor whose policy asks for `factor` after the name. */
function inputWith(factor: VerifyFactor, fixture = 'en-US-early'): FlowInput {
  const input = fixtureInput(fixture);
  return { ...input, debtor: { ...input.debtor, ...RECORD, policy: { ...input.debtor.policy, verifyWith: factor } } };
}

const gives = (identifier: PartialIdentifier): TestTurn => ({ intent: 'affirm', identifier });
const RIGHT = gives({ kind: 'id_last4', value: '4419' });
const WRONG = gives({ kind: 'id_last4', value: '9144' });

/** Prompts that say something about the debt. */
const DEBT_PROMPT = /^(?:disclosure|info|early|mid|late|promise|plan|consequences)\./;

/** The prompts said before the first debt disclosure. */
function beforeDisclosure(prompts: readonly string[]): readonly string[] {
  const at = prompts.indexOf('disclosure.collector_notice');
  return at < 0 ? prompts : prompts.slice(0, at);
}

describe('second-factor verification (policy.verifyWith)', () => {
  const input = inputWith('id_last4');

  it('asks for the factor after the name and discloses only after a match', () => {
    const run = driveFlow(FLOWS.early, input, ['affirm', RIGHT]);
    expect(run.states).toEqual(['opening', 'verifyIdLast4', 'askPayment']);
    expect(run.prompts).toEqual(['opening.greeting', 'verify.ask_id_last4', 'disclosure.collector_notice', 'disclosure.debt', 'early.ask_payment']);
  });

  it('asks the question each factor names', () => {
    expect(driveFlow(FLOWS.early, inputWith('date_of_birth'), ['affirm']).prompts.at(-1)).toBe('verify.ask_date_of_birth');
    expect(driveFlow(FLOWS.early, inputWith('postcode'), ['affirm']).prompts.at(-1)).toBe('verify.ask_postcode');
    expect(driveFlow(FLOWS.early, inputWith('date_of_birth'), ['affirm', gives({ kind: 'date_of_birth', value: '1985-03-02' })]).states.at(-1)).toBe('askPayment');
    expect(driveFlow(FLOWS.early, inputWith('postcode'), ['affirm', gives({ kind: 'postcode', value: '10001' })]).states.at(-1)).toBe('askPayment');
  });

  it('then goes on as after a confirmed name, to a promise', () => {
    const run = driveFlow(FLOWS.early, input, ['affirm', RIGHT, { intent: 'promise_to_pay', amount: 300, date: '2026-03-13' }, 'affirm']);
    expect(run.output).toEqual({ disposition: 'PTP', promise: { amount: 300, date: '2026-03-13', kind: 'single' } });
  });

  it('gives one more try after a mismatch', () => {
    const run = driveFlow(FLOWS.early, input, ['affirm', WRONG, RIGHT]);
    expect(run.states).toEqual(['opening', 'verifyIdLast4', 'verifyIdLast4', 'askPayment']);
    expect(run.prompts.slice(1, 4)).toEqual(['verify.ask_id_last4', 'verify.identifier_mismatch', 'verify.ask_id_last4']);
    expect(beforeDisclosure(run.prompts).filter((prompt) => DEBT_PROMPT.test(prompt))).toEqual([]);
  });

  it('ends the call after a second mismatch, without a word about the debt (CALLBACK, identity_not_verified)', () => {
    const run = driveFlow(FLOWS.early, input, ['affirm', WRONG, WRONG]);
    expect(run.states.at(-1)).toBe('identityNotVerified');
    expect(run.prompts).toEqual(['opening.greeting', 'verify.ask_id_last4', 'verify.identifier_mismatch', 'verify.ask_id_last4', 'verify.unverified_goodbye']);
    expect(run.output).toEqual({ disposition: 'CALLBACK', flags: [{ kind: 'identity_not_verified' }, { kind: 'callback' }] });
  });

  it.each<TestTurn>(['refuse', 'deny'])('ends the call on a refusal (%s), without a word about the debt', (turn) => {
    const run = driveFlow(FLOWS.mid, input, ['affirm', turn]);
    expect(run.states.at(-1)).toBe('identityNotVerified');
    expect(run.prompts.filter((prompt) => DEBT_PROMPT.test(prompt))).toEqual([]);
    expect(run.output?.disposition).toBe('CALLBACK');
    expect(run.output?.flags).toContainEqual({ kind: 'identity_not_verified' });
  });

  it('hands distress at the question to a person at once', () => {
    const run = driveFlow(FLOWS.late, input, ['affirm', 'distress']);
    expect(run.output).toMatchObject({ disposition: 'ESCALATED', escalation: { reason: 'distress' } });
    expect(run.prompts.filter((prompt) => DEBT_PROMPT.test(prompt))).toEqual([]);
  });

  it('keeps the standard answers: a person, a lawyer, someone else answering', () => {
    expect(driveFlow(FLOWS.early, input, ['affirm', 'request_human']).output?.disposition).toBe('ESCALATED');
    expect(driveFlow(FLOWS.early, input, ['affirm', 'attorney']).states.at(-1)).toBe('attorney');
    expect(driveFlow(FLOWS.early, input, ['affirm', 'third_party']).output?.disposition).toBe('THIRD_PARTY');
    expect(driveFlow(FLOWS.early, input, ['affirm', 'wrong_number']).output?.disposition).toBe('WRONG_NUMBER');
  });

  it('answers a question about the debt only after the check, and asks again', () => {
    const run = driveFlow(FLOWS.early, input, ['affirm', 'ask_balance', RIGHT]);
    expect(run.states).toEqual(['opening', 'verifyIdLast4', 'verifyIdLast4', 'askPayment']);
    expect(run.prompts.slice(0, 4)).toEqual(['opening.greeting', 'verify.ask_id_last4', 'verify.identifier_first', 'verify.ask_id_last4']);
  });

  it('does not take a plain yes, or an identifier of another kind, for the factor', () => {
    const run = driveFlow(FLOWS.early, input, ['affirm', 'affirm', gives({ kind: 'postcode', value: '4419' })]);
    expect(run.states).toEqual(['opening', 'verifyIdLast4', 'verifyIdLast4', 'escalateNotUnderstood']);
    expect(run.prompts).not.toContain('disclosure.debt');
  });

  it('takes the key 1 at the greeting as the name, and 0 at the question as a request for a person', () => {
    const run = driveFlow(FLOWS.early, input, [{ dtmf: '1' }, { dtmf: '0' }]);
    expect(run.states).toEqual(['opening', 'verifyIdLast4', 'escalateHuman']);
  });

  it('asks in every shipped flow and locale before any disclosure', () => {
    for (const name of FLOW_NAMES) {
      for (const fixture of ['en-US-early', 'zh-CN-late']) {
        const run = driveFlow(FLOWS[name], inputWith('id_last4', fixture), ['affirm', WRONG, RIGHT]);
        expect(run.states.slice(0, 3), `${name} ${fixture}`).toEqual(['opening', 'verifyIdLast4', 'verifyIdLast4']);
        expect(beforeDisclosure(run.prompts).filter((prompt) => DEBT_PROMPT.test(prompt)), `${name} ${fixture}`).toEqual([]);
        expect(run.prompts, `${name} ${fixture}`).toContain('disclosure.debt');
      }
    }
  });

  it('leaves a policy without verifyWith as it was: the name alone verifies', () => {
    const run = driveFlow(FLOWS.early, fixtureInput('en-US-early'), ['affirm']);
    expect(run.states).toEqual(['opening', 'askPayment']);
  });
});
