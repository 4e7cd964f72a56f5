import { FACTOR_FIELD, type Debtor, type VerifyFactor } from '../domain/debtor.js';
import type { PartialIdentifier } from '../nlu/intents.js';

/** The parts of a YYYY-MM-DD (or YYYYMMDD) date as numbers, or undefined for anything else. */
function dateParts(value: string): readonly [number, number, number] | undefined {
  const match = /^(\d{4})-?(\d{1,2})-?(\d{1,2})$/.exec(value.trim());
  if (match === null) return undefined;
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

function sameCalendarDate(recorded: string, said: string): boolean {
  const [a, b] = [dateParts(recorded), dateParts(said)];
  return a !== undefined && b !== undefined && a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}

/** A postcode as it is compared: "sw1a-1aa" and "SW1A 1AA" are one code. */
function postcodeKey(value: string): string {
  return value.replace(/[\s-]/g, '').toUpperCase();
}

/**
 * True when `said` is the debtor's recorded `factor`: the same calendar date of birth, the same
 * postcode whatever its case, spaces and hyphens, or the same last four characters of the ID
 * whatever their case (a Chinese ID may end in X, said or written either way). An identifier of
 * another kind, or a factor the record does not hold, never matches: a caller is verified only by
 * what the record can check.
 *
 * @example
 * identifierMatches({ ...debtor, idLast4: '041X' }, 'id_last4', { kind: 'id_last4', value: '041x' }); // → true
 */
export function identifierMatches(debtor: Debtor, factor: VerifyFactor, said: PartialIdentifier): boolean {
  if (said.kind !== factor) return false;
  const recorded = debtor[FACTOR_FIELD[factor]];
  if (recorded === undefined || said.value.trim() === '') return false;
  switch (factor) {
    case 'date_of_birth':
      return sameCalendarDate(recorded, said.value);
    case 'postcode':
      return postcodeKey(recorded) === postcodeKey(said.value);
    case 'id_last4':
      return recorded.toUpperCase() === said.value.replace(/\s/g, '').toUpperCase();
  }
}
