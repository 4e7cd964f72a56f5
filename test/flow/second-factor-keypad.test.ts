import { describe, expect, it } from 'vitest';
import { FLOWS } from '../../flows/index.js';
import { keypadHints } from '../../src/call/keypad-mode.js';
import { KEYED_MAX_DIGITS, keypadQuestionAt, readKeyedEntry, type KeypadQuestion } from '../../src/flow/keypad-question.js';
import { probeInputs } from '../../src/flow/index.js';

const PERSON_ONLY = [{ digit: '0', intent: 'request_human' }] as const;
const question = (entry: 'id_last4' | 'date_of_birth' | 'postcode'): KeypadQuestion => ({ keys: PERSON_ONLY, entry, entryIntent: 'affirm' });

describe('the keypad at a second-factor question', () => {
  it('takes 0 for a person and the identifier keyed and ended with #, not 1 and 2', () => {
    expect(keypadQuestionAt(FLOWS.early, 'verifyIdLast4', {})).toEqual(question('id_last4'));
    expect(keypadQuestionAt(FLOWS.early, 'verifyDateOfBirth', {})).toEqual(question('date_of_birth'));
    expect(keypadQuestionAt(FLOWS.late, 'verifyPostcode', {})).toEqual(question('postcode'));
  });

  it('tells the caller which keys', () => {
    expect(keypadHints(question('id_last4'))).toEqual([{ promptId: 'keypad.keys_person', vars: {} }, { promptId: 'keypad.id_last4', vars: {} }]);
    expect(keypadHints(question('date_of_birth')).map((hint) => hint.promptId)).toEqual(['keypad.keys_person', 'keypad.date_of_birth']);
    expect(keypadHints(question('postcode')).map((hint) => hint.promptId)).toEqual(['keypad.keys_person', 'keypad.postcode']);
  });

  it('reads the last four digits of an ID, and nothing shorter or longer', () => {
    expect(readKeyedEntry(question('id_last4'), '4419', '2026-03-11')).toEqual({ intent: 'affirm', confidence: 1, entities: { identifier: { kind: 'id_last4', value: '4419' } } });
    expect(readKeyedEntry(question('id_last4'), '441', '2026-03-11').intent).toBe('unknown');
    expect(readKeyedEntry(question('id_last4'), '44190', '2026-03-11').intent).toBe('unknown');
    expect(KEYED_MAX_DIGITS.id_last4).toBe(4);
  });

  it('reads a date of birth keyed as YYYYMMDD, only a day that exists', () => {
    expect(readKeyedEntry(question('date_of_birth'), '19850302', '2026-03-11').entities).toEqual({ identifier: { kind: 'date_of_birth', value: '1985-03-02' } });
    expect(readKeyedEntry(question('date_of_birth'), '19850230', '2026-03-11').intent).toBe('unknown');
    expect(readKeyedEntry(question('date_of_birth'), '850302', '2026-03-11').intent).toBe('unknown');
  });

  it('reads a numeric postcode', () => {
    expect(readKeyedEntry(question('postcode'), '10001', '2026-03-11').entities).toEqual({ identifier: { kind: 'postcode', value: '10001' } });
    expect(readKeyedEntry(question('postcode'), '100080', '2026-03-11').entities).toEqual({ identifier: { kind: 'postcode', value: '100080' } });
  });
});

describe('the probe inputs of the static check', () => {
  it('ask for every second factor, the record holding it', () => {
    const factors = probeInputs().map((input) => input.debtor.policy.verifyWith).filter((factor) => factor !== undefined);
    expect(new Set(factors)).toEqual(new Set(['date_of_birth', 'postcode', 'id_last4']));
    for (const input of probeInputs()) {
      const factor = input.debtor.policy.verifyWith;
      if (factor === 'id_last4') expect(input.debtor.idLast4).toBeDefined();
      if (factor === 'date_of_birth') expect(input.debtor.dateOfBirth).toBeDefined();
      if (factor === 'postcode') expect(input.debtor.postcode).toBeDefined();
    }
  });
});
