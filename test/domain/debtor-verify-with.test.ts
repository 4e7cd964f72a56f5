import { describe, expect, it } from 'vitest';
import { parseDebtor } from '../../src/domain/debtor.js';
import { isDunbotError } from '../../src/errors.js';
import { fixtureDebtor } from '../support/fixtures.js';

function withPolicy(verifyWith: string, record: Record<string, unknown> = {}): Record<string, unknown> {
  const debtor = fixtureDebtor('en-US-early');
  return { ...debtor, ...record, policy: { ...debtor.policy, verifyWith } };
}

/** The problems parseDebtor lists for `value` (empty when it parses). */
function problemsOf(value: unknown): readonly string[] {
  try {
    parseDebtor(value);
    return [];
  } catch (error) {
    if (!isDunbotError(error, 'DUN_ERR_DEBTOR_INVALID')) throw error;
    const problems = error.details['problems'];
    return Array.isArray(problems) ? problems.map(String) : [];
  }
}

describe('policy.verifyWith', () => {
  it('is optional: a record without it verifies by name alone, as before', () => {
    expect(parseDebtor(fixtureDebtor('en-US-early')).policy.verifyWith).toBeUndefined();
  });

  it('accepts a factor the record holds', () => {
    expect(parseDebtor(withPolicy('id_last4', { idLast4: '4419' })).policy.verifyWith).toBe('id_last4');
    expect(parseDebtor(withPolicy('date_of_birth', { dateOfBirth: '1985-03-02' })).policy.verifyWith).toBe('date_of_birth');
    expect(parseDebtor(withPolicy('postcode', { postcode: '10001' })).policy.verifyWith).toBe('postcode');
  });

  it('refuses a factor the record lacks, naming the missing field', () => {
    expect(problemsOf(withPolicy('id_last4'))).toEqual(['policy.verifyWith: asks for id_last4 but the record has no idLast4']);
    expect(problemsOf(withPolicy('date_of_birth', { idLast4: '4419' }))).toEqual(['policy.verifyWith: asks for date_of_birth but the record has no dateOfBirth']);
    expect(problemsOf(withPolicy('postcode'))).toEqual(['policy.verifyWith: asks for postcode but the record has no postcode']);
  });

  it('refuses a factor it does not know', () => {
    expect(problemsOf(withPolicy('full_ssn', { idLast4: '4419' }))).toEqual([expect.stringMatching(/^policy\.verifyWith: /)]);
  });
});
