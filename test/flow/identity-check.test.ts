import { describe, expect, it } from 'vitest';
import type { Debtor } from '../../src/domain/debtor.js';
import { identifierMatches } from '../../src/flow/identity-check.js';
import { fixtureDebtor } from '../support/fixtures.js';

const debtor: Debtor = { ...fixtureDebtor('zh-CN-early'), dateOfBirth: '1985-03-02', postcode: 'SW1A 1AA', idLast4: '041X' };

describe('identifierMatches', () => {
  it('takes a date of birth on the same calendar day, however the figures are padded', () => {
    expect(identifierMatches(debtor, 'date_of_birth', { kind: 'date_of_birth', value: '1985-03-02' })).toBe(true);
    expect(identifierMatches(debtor, 'date_of_birth', { kind: 'date_of_birth', value: '1985-3-2' })).toBe(true);
    expect(identifierMatches(debtor, 'date_of_birth', { kind: 'date_of_birth', value: '19850302' })).toBe(true);
    expect(identifierMatches(debtor, 'date_of_birth', { kind: 'date_of_birth', value: '1985-02-03' })).toBe(false);
    expect(identifierMatches(debtor, 'date_of_birth', { kind: 'date_of_birth', value: '1986-03-02' })).toBe(false);
    expect(identifierMatches(debtor, 'date_of_birth', { kind: 'date_of_birth', value: 'march 2nd' })).toBe(false);
  });

  it('takes a postcode whatever its case, spaces and hyphens', () => {
    for (const value of ['SW1A 1AA', 'sw1a1aa', 'Sw1a-1aA', ' SW1A  1AA ']) expect(identifierMatches(debtor, 'postcode', { kind: 'postcode', value }), value).toBe(true);
    expect(identifierMatches(debtor, 'postcode', { kind: 'postcode', value: 'SW1A 1AB' })).toBe(false);
    const zip = { ...debtor, postcode: '02134-1234' };
    expect(identifierMatches(zip, 'postcode', { kind: 'postcode', value: '021341234' })).toBe(true);
    expect(identifierMatches(zip, 'postcode', { kind: 'postcode', value: '02134' })).toBe(false);
  });

  it('takes the last four of an ID whatever the case of a final X', () => {
    expect(identifierMatches(debtor, 'id_last4', { kind: 'id_last4', value: '041X' })).toBe(true);
    expect(identifierMatches(debtor, 'id_last4', { kind: 'id_last4', value: '041x' })).toBe(true);
    expect(identifierMatches(debtor, 'id_last4', { kind: 'id_last4', value: '0410' })).toBe(false);
    expect(identifierMatches(debtor, 'id_last4', { kind: 'id_last4', value: '41X' })).toBe(false);
  });

  it('never matches an identifier of another kind, an empty one, or a factor the record does not hold', () => {
    expect(identifierMatches(debtor, 'id_last4', { kind: 'postcode', value: '041X' })).toBe(false);
    expect(identifierMatches(debtor, 'postcode', { kind: 'postcode', value: '' })).toBe(false);
    const bare = fixtureDebtor('en-US-early');
    expect(identifierMatches(bare, 'id_last4', { kind: 'id_last4', value: '4419' })).toBe(false);
    expect(identifierMatches(bare, 'date_of_birth', { kind: 'date_of_birth', value: '1985-03-02' })).toBe(false);
  });
});
