import type { AccountFlag, AccountFlagKind } from '../domain/account-flags.js';
import type { Disposition } from '../domain/dispositions.js';
import type { Signal } from '../nlu/intents.js';
import type { TurnEvent } from './events.js';

/*
 * Which turns and endings raise which account flags, and which flags are lawful stops: the rules
 * the flow kit's actions apply, kept apart so the dialer-facing meaning of each flag reads in one place.
 */

/** The flag an ending implies: a call that ends ATTORNEY has an attorney flag, whatever led there. */
export const FLAG_OF_DISPOSITION: Partial<Record<Disposition, AccountFlagKind>> = {
  ATTORNEY: 'attorney',
  BANKRUPTCY: 'bankruptcy',
  CEASE: 'cease_contact',
  DISPUTE: 'dispute',
  DECEASED: 'deceased',
  CALLBACK: 'callback',
};

/** Signals that raise a flag the moment they are heard. */
export const FLAG_OF_SIGNAL: Partial<Record<Signal, AccountFlagKind>> = {
  place_restriction: 'place_restriction',
  time_restriction: 'time_restriction',
  recording_objection: 'recording_objection',
  request_written_notice: 'validation_requested',
};

/** The ending a flag makes lawful whatever happens next. */
export const LEGAL_STOP_OF_FLAG: Partial<Record<AccountFlagKind, Disposition>> = {
  attorney: 'ATTORNEY',
  bankruptcy: 'BANKRUPTCY',
  cease_contact: 'CEASE',
  deceased: 'DECEASED',
  dispute: 'DISPUTE',
};

/** `flags` with `flag` added; a flag of a kind already raised gains the detail if it had none. */
export function withFlag(flags: readonly AccountFlag[], flag: AccountFlag): readonly AccountFlag[] {
  const existing = flags.find((other) => other.kind === flag.kind);
  if (existing === undefined) return [...flags, flag];
  if (existing.detail !== undefined || flag.detail === undefined) return flags;
  return flags.map((other) => (other === existing ? flag : other));
}

/** The flag of `kind` a turn raises: a callback carries its time; with `withDetail`, the words said are kept as the detail. */
export function flagFrom(kind: AccountFlagKind, event: TurnEvent, withDetail: boolean): AccountFlag {
  if (kind === 'callback' && event.type === 'user.said' && event.nlu.entities.callbackAt !== undefined) return { kind, detail: event.nlu.entities.callbackAt };
  const text = event.type === 'user.said' ? event.text.trim() : '';
  return withDetail && text !== '' ? { kind, detail: text } : { kind };
}

