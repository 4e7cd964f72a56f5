/**
 * Every call ends in exactly one of these (intents spec, "Call dispositions"). Flows choose all but
 * `SYSTEM_FAILURE`, which the runtime records when a fault on dunbot's side (a crashed process, a
 * failed provider) ended the call; the record's `call.note` says which.
 */
export const DISPOSITIONS = [
  'PTP',
  'PAID_CLAIMED',
  'DISPUTE',
  'HARDSHIP_PLAN',
  'CALLBACK',
  'REFUSED',
  'WRONG_NUMBER',
  'THIRD_PARTY',
  'ESCALATED',
  'ESCALATION_FAILED',
  'CEASE',
  'ATTORNEY',
  'BANKRUPTCY',
  'DECEASED',
  'NO_RESPONSE',
  'VOICEMAIL',
  'HUNG_UP',
  'SYSTEM_FAILURE',
] as const;

/** The outcome of a call. */
export type Disposition = (typeof DISPOSITIONS)[number];

/** True when `value` names a disposition. */
export function isDisposition(value: string): value is Disposition {
  return (DISPOSITIONS as readonly string[]).includes(value);
}

/** Dispositions only the runtime records (a fault ended the call); a flow never ends in one. */
export const RUNTIME_DISPOSITIONS: readonly Disposition[] = ['SYSTEM_FAILURE'];

/** True when a flow may end in `value`: a disposition, and not one reserved to the runtime. */
export function isFlowDisposition(value: string): value is Disposition {
  return isDisposition(value) && !RUNTIME_DISPOSITIONS.includes(value);
}
