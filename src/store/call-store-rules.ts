import { DunbotError } from '../errors.js';
import type { CallOutcome, CallRecordEvent, CallStart } from './call-record.js';
import { checkCallOutcome, checkCallRecordEvent, checkCallStart } from './call-record-schema.js';

/** How many calls `listCalls` returns when no limit is given. */
export const DEFAULT_LIST_LIMIT = 20;
/** The most calls one `listCalls` may return. */
export const MAX_LIST_LIMIT = 1000;
/** The largest record entry a store accepts, in bytes of UTF-8 JSON. */
export const MAX_ENTRY_BYTES = 65_536;

/** The checked copy of a call start, as every store writes it. */
export function prepareStart(start: CallStart): CallStart {
  const checked = checkCallStart(start);
  if (!checked.ok) throw new DunbotError('DUN_ERR_STORE_WRITE', `cannot start call ${String(start.callId)}: ${checked.error}`, { details: { callId: start.callId } });
  return checked.value;
}

/** Refuses to start a call whose id is already taken. */
export function checkCanStart(callId: string, exists: boolean): void {
  if (exists) throw new DunbotError('DUN_ERR_STORE_WRITE', `cannot start call ${callId}: a call with this id already exists`, { details: { callId } });
}

/** Refuses to append to or finish a call that does not exist or has already finished; returns the call otherwise. */
export function checkCanWrite<T>(callId: string, call: T | undefined, isFinished: (call: T) => boolean, action: 'append to' | 'finish'): T {
  if (call === undefined) throw new DunbotError('DUN_ERR_STORE_WRITE', `cannot ${action} call ${callId}: no such call was started`, { details: { callId } });
  if (isFinished(call)) throw new DunbotError('DUN_ERR_STORE_WRITE', `cannot ${action} call ${callId}: the call has already finished`, { details: { callId } });
  return call;
}

/** A record entry checked for writing, and its JSON. */
export interface PreparedEntry {
  readonly event: CallRecordEvent;
  readonly json: string;
}

/** The checked copy of an entry and its JSON, as every store writes it; refuses entries over MAX_ENTRY_BYTES. */
export function prepareEntry(callId: string, event: CallRecordEvent): PreparedEntry {
  const checked = checkCallRecordEvent(event);
  if (!checked.ok) throw new DunbotError('DUN_ERR_STORE_WRITE', `cannot append to call ${callId}: not a valid record entry: ${checked.error}`, { details: { callId } });
  const json = JSON.stringify(checked.value);
  const bytes = Buffer.byteLength(json, 'utf8');
  if (bytes > MAX_ENTRY_BYTES) {
    throw new DunbotError('DUN_ERR_STORE_WRITE', `cannot append to call ${callId}: the entry is ${bytes} bytes, over the limit of ${MAX_ENTRY_BYTES}`, { details: { callId, bytes } });
  }
  return { event: checked.value, json };
}

/** The entries of one append, checked: those to write, and the error for those refused (undefined when none was). */
export function prepareEntries(callId: string, events: readonly CallRecordEvent[]): { readonly entries: readonly PreparedEntry[]; readonly refused: DunbotError | undefined } {
  const entries: PreparedEntry[] = [];
  const refused: DunbotError[] = [];
  for (const event of events) {
    try {
      entries.push(prepareEntry(callId, event));
    } catch (error) {
      if (!(error instanceof DunbotError)) throw error;
      refused.push(error);
    }
  }
  if (refused.length <= 1) return { entries, refused: refused[0] };
  const reasons = refused.map((error) => error.message).join('; ');
  return { entries, refused: new DunbotError('DUN_ERR_STORE_WRITE', `${refused.length} entries refused: ${reasons}`, { details: { callId, refused: refused.length } }) };
}

/** The checked copy of an outcome and its JSON, as every store writes it. */
export function prepareOutcome(callId: string, outcome: CallOutcome): { readonly outcome: CallOutcome; readonly json: string } {
  const checked = checkCallOutcome(outcome);
  if (!checked.ok) throw new DunbotError('DUN_ERR_STORE_WRITE', `cannot finish call ${callId}: not a valid outcome: ${checked.error}`, { details: { callId } });
  return { outcome: checked.value, json: JSON.stringify(checked.value) };
}

/** The number of calls to list: DEFAULT_LIST_LIMIT when absent, else a whole number from 1 to MAX_LIST_LIMIT. */
export function resolveListLimit(options?: { readonly limit?: number }): number {
  const limit = options?.limit ?? DEFAULT_LIST_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT) {
    throw new DunbotError('DUN_ERR_CONFIG_INVALID', `the call list limit must be a whole number from 1 to ${MAX_LIST_LIMIT}, got ${String(limit)}`, { details: { limit } });
  }
  return limit;
}

/** Refuses a recovery time that is not a finite number of milliseconds. */
export function checkRecoveryTime(nowMs: number): void {
  if (!Number.isFinite(nowMs)) throw new DunbotError('DUN_ERR_STORE_WRITE', `cannot close abandoned calls: the time ${String(nowMs)} is not a number of milliseconds`);
}

/** The error for any use of a store after `close()`. */
export function storeClosedError(operation: string): DunbotError {
  return new DunbotError('DUN_ERR_STORE_WRITE', `cannot ${operation}: the call store is closed`);
}
