/**
 * What a call learns about an account that later calls must obey, kept in the outcome and the
 * record whatever the final disposition: a represented or bankrupt debtor, a cease request, a
 * dispute or validation request, a death, where and when not to call, an objection to recording,
 * an agreed callback, any disclosure to the wrong person, and a caller who could not be verified.
 */
export const ACCOUNT_FLAG_KINDS = [
  'attorney',
  'bankruptcy',
  'cease_contact',
  'dispute',
  'validation_requested',
  'deceased',
  'place_restriction',
  'time_restriction',
  'recording_objection',
  'callback',
  'disclosure_incident',
  'identity_not_verified',
] as const;

export type AccountFlagKind = (typeof ACCOUNT_FLAG_KINDS)[number];

/** One flag: its kind and, where the debtor gave one, its detail (an attorney's phone, a case number, "not at work", a callback time). */
export interface AccountFlag {
  readonly kind: AccountFlagKind;
  readonly detail?: string;
}

export function isAccountFlagKind(value: string): value is AccountFlagKind {
  return (ACCOUNT_FLAG_KINDS as readonly string[]).includes(value);
}
