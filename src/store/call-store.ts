import type { AbandonedCalls } from './abandoned-calls.js';
import type { CallOutcome, CallRecord, CallRecordEvent, CallStart, CallSummary } from './call-record.js';

/**
 * Where call records live. Writes are appends, in the order they happen; an implementation must
 * have made an entry durable when its promise resolves, so a crash loses at most the entry in
 * flight. Methods are async so that networked stores (Postgres, for several workers) fit.
 */
export interface CallStore {
  /**
   * Opens the record of a new call; the id must be new. A voice call's `provider`,
   * `providerCallId` and `providerStreamId` are kept in its summary.
   */
  startCall(start: CallStart): Promise<void>;
  /**
   * Appends entries to an open call's record, in order and in one write (a call's turn is one
   * write, not one per entry). Each entry is checked on its own: one that breaks the record's rules
   * is refused — the promise rejects naming it — and the others are written all the same.
   */
  append(callId: string, ...events: CallRecordEvent[]): Promise<void>;
  /** Writes the outcome; further appends are refused. */
  finishCall(callId: string, outcome: CallOutcome): Promise<void>;
  /** The whole record of a call, or undefined when there is none. */
  getCall(callId: string): Promise<CallRecord | undefined>;
  /** The most recent calls first. */
  listCalls(options?: { readonly limit?: number }): Promise<CallSummary[]>;
  /**
   * Closes the calls whose process stopped without ending them (see `judgeOpenCall`), each as a
   * normal end would: a `call.note` saying why, `call.ended`, and the outcome SYSTEM_FAILURE at the
   * latest time in its record. Calls held on other hosts are left open and counted. It runs in one
   * transaction, so stores recovering at once close each call once. `nowMs` (epoch milliseconds,
   * from the caller's Clock) is the time of the recovery, written in the note.
   */
  closeAbandonedCalls(nowMs: number): Promise<AbandonedCalls>;
  close(): Promise<void>;
}
