import { DunbotError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { CallOutcome, CallRecordEvent } from '../store/call-record.js';
import type { CallStore } from '../store/call-store.js';

/**
 * Writes one call's record as it happens: entries go to the store in order, what one step
 * records goes in one write, and a failed write is logged and counted while the call goes on
 * (a failing store costs records, never calls).
 */
export class CallRecorder {
  private readonly callId: string;
  private readonly store: CallStore;
  private readonly logger: Logger;
  private readonly onWriteError: (() => void) | undefined;
  private writes: Promise<void> = Promise.resolve();
  /** Entries recorded and not yet handed to the store. */
  private unwritten: CallRecordEvent[] = [];
  private writeErrors = 0;

  constructor(callId: string, store: CallStore, logger: Logger, onWriteError?: () => void) {
    this.callId = callId;
    this.store = store;
    this.logger = logger;
    this.onWriteError = onWriteError;
  }

  /** How many writes failed (each is logged). */
  get failedWrites(): number {
    return this.writeErrors;
  }

  record(event: CallRecordEvent): void {
    this.unwritten.push(event);
    if (this.unwritten.length > 1) return;
    // The write runs once the writes before it are done; by then the whole step has been recorded.
    this.enqueue(() => {
      const batch = this.unwritten;
      this.unwritten = [];
      return this.store.append(this.callId, ...batch);
    });
  }

  /** Closes the call's summary with its outcome, after every entry recorded so far. */
  finish(outcome: CallOutcome): void {
    this.enqueue(() => this.store.finishCall(this.callId, outcome));
  }

  /** Resolves once everything recorded so far has been written (or has failed). */
  async flush(): Promise<void> {
    await this.writes;
  }

  private enqueue(write: () => Promise<void>): void {
    this.writes = this.writes.then(write).catch((error: unknown) => {
      this.writeErrors += 1;
      this.onWriteError?.();
      this.logger.error('call record write failed', { code: error instanceof DunbotError ? error.code : 'unknown', error: error instanceof Error ? error.message : String(error) });
    });
  }
}
