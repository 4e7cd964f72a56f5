import type { CallOutcome, CallRecord, CallRecordEvent, CallStart, CallSummary } from './call-record.js';
import type { CallStore } from './call-store.js';
import { checkCanStart, checkCanWrite, prepareEntries, prepareOutcome, prepareStart, resolveListLimit, storeClosedError } from './call-store-rules.js';

interface StoredCall {
  readonly start: CallStart;
  /** Insertion order, which breaks ties between calls started in the same millisecond. */
  readonly order: number;
  readonly events: CallRecordEvent[];
  outcome?: CallOutcome;
}

/**
 * A CallStore that keeps records in memory, with the same rules as SqliteCallStore; for tests and
 * replays. Records are copied in and out, so callers cannot change what is stored.
 *
 * @example
 * const store = new MemoryCallStore();
 * const session = await CallSession.start({ ...options, store });
 */
export class MemoryCallStore implements CallStore {
  private readonly calls = new Map<string, StoredCall>();
  private nextOrder = 0;
  private closed = false;

  async startCall(start: CallStart): Promise<void> {
    this.checkOpen('start a call');
    const checked = prepareStart(start);
    checkCanStart(checked.callId, this.calls.has(checked.callId));
    this.calls.set(checked.callId, { start: checked, order: this.nextOrder++, events: [] });
  }

  async append(callId: string, ...events: CallRecordEvent[]): Promise<void> {
    this.checkOpen(`append to call ${callId}`);
    const call = checkCanWrite(callId, this.calls.get(callId), isFinished, 'append to');
    const { entries, refused } = prepareEntries(callId, events);
    for (const entry of entries) call.events.push(entry.event);
    if (refused !== undefined) throw refused;
  }

  async finishCall(callId: string, outcome: CallOutcome): Promise<void> {
    this.checkOpen(`finish call ${callId}`);
    const call = checkCanWrite(callId, this.calls.get(callId), isFinished, 'finish');
    call.outcome = prepareOutcome(callId, outcome).outcome;
  }

  async getCall(callId: string): Promise<CallRecord | undefined> {
    this.checkOpen(`read call ${callId}`);
    const call = this.calls.get(callId);
    if (call === undefined) return undefined;
    return structuredClone({ ...summarize(call), ...(call.outcome !== undefined ? { outcome: call.outcome } : {}), events: call.events });
  }

  async listCalls(options?: { readonly limit?: number }): Promise<CallSummary[]> {
    this.checkOpen('list calls');
    const limit = resolveListLimit(options);
    const newestFirst = [...this.calls.values()].sort((a, b) => b.start.startedAtMs - a.start.startedAtMs || b.order - a.order);
    return newestFirst.slice(0, limit).map((call) => structuredClone(summarize(call)));
  }

  async close(): Promise<void> {
    this.closed = true;
    this.calls.clear();
  }

  private checkOpen(operation: string): void {
    if (this.closed) throw storeClosedError(operation);
  }
}

function isFinished(call: StoredCall): boolean {
  return call.outcome !== undefined;
}

function summarize(call: StoredCall): CallSummary {
  return {
    ...call.start,
    ...(call.outcome !== undefined ? { endedAtMs: call.outcome.endedAtMs, disposition: call.outcome.disposition } : {}),
    eventCount: call.events.length,
  };
}
