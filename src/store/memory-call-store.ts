import { createProcessProbe, endAbandonedCall, judgeOpenCall, type AbandonedCalls } from './abandoned-calls.js';
import type { CallOutcome, CallRecord, CallRecordEvent, CallStart, CallSummary } from './call-record.js';
import { resolveOwnership, type CallOwner, type CallOwnership } from './call-owner.js';
import type { CallStore } from './call-store.js';
import { checkCanStart, checkCanWrite, checkRecoveryTime, prepareEntries, prepareOutcome, prepareStart, resolveListLimit, storeClosedError } from './call-store-rules.js';

interface StoredCall {
  readonly start: CallStart;
  /** Insertion order, which breaks ties between calls started in the same millisecond. */
  readonly order: number;
  readonly owner: CallOwner;
  readonly events: CallRecordEvent[];
  outcome?: CallOutcome;
}

/** The records, shared by the stores opened with `sharedWith`. */
interface CallTable {
  readonly calls: Map<string, StoredCall>;
  /** The instance id each host and pid last opened a store on this table with, by `host/pid`. */
  readonly processes: Map<string, string>;
  nextOrder: number;
}

/** How a MemoryCallStore is made. */
export interface MemoryCallStoreOptions extends CallOwnership {
  /** Another store whose records this one shares, as stores of several processes share one SQLite file. */
  readonly sharedWith?: MemoryCallStore;
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
  private table: CallTable;
  private readonly owner: CallOwner;
  private readonly isProcessAlive: (pid: number) => boolean;
  private closed = false;

  constructor(options: MemoryCallStoreOptions = {}) {
    const ownership = resolveOwnership(options);
    this.owner = ownership.owner;
    this.isProcessAlive = ownership.isProcessAlive;
    this.table = options.sharedWith?.table ?? emptyTable();
    this.table.processes.set(processKey(this.owner.host, this.owner.pid), this.owner.instanceId);
  }

  async startCall(start: CallStart): Promise<void> {
    this.checkOpen('start a call');
    const checked = prepareStart(start);
    checkCanStart(checked.callId, this.table.calls.has(checked.callId));
    this.table.calls.set(checked.callId, { start: checked, order: this.table.nextOrder++, owner: this.owner, events: [] });
  }

  async append(callId: string, ...events: CallRecordEvent[]): Promise<void> {
    this.checkOpen(`append to call ${callId}`);
    const call = checkCanWrite(callId, this.table.calls.get(callId), isFinished, 'append to');
    const { entries, refused } = prepareEntries(callId, events);
    for (const entry of entries) call.events.push(entry.event);
    if (refused !== undefined) throw refused;
  }

  async finishCall(callId: string, outcome: CallOutcome): Promise<void> {
    this.checkOpen(`finish call ${callId}`);
    const call = checkCanWrite(callId, this.table.calls.get(callId), isFinished, 'finish');
    call.outcome = prepareOutcome(callId, outcome).outcome;
  }

  async getCall(callId: string): Promise<CallRecord | undefined> {
    this.checkOpen(`read call ${callId}`);
    const call = this.table.calls.get(callId);
    if (call === undefined) return undefined;
    return structuredClone({ ...summarize(call), ...(call.outcome !== undefined ? { outcome: call.outcome } : {}), events: call.events });
  }

  async listCalls(options?: { readonly limit?: number }): Promise<CallSummary[]> {
    this.checkOpen('list calls');
    const limit = resolveListLimit(options);
    const newestFirst = [...this.table.calls.values()].sort((a, b) => b.start.startedAtMs - a.start.startedAtMs || b.order - a.order);
    return newestFirst.slice(0, limit).map((call) => structuredClone(summarize(call)));
  }

  async closeAbandonedCalls(nowMs: number): Promise<AbandonedCalls> {
    this.checkOpen('close abandoned calls');
    checkRecoveryTime(nowMs);
    const probe = createProcessProbe(this.owner, this.isProcessAlive, (host, pid) => this.table.processes.get(processKey(host, pid)));
    const closing: Array<{ readonly call: StoredCall; readonly entries: readonly CallRecordEvent[]; readonly outcome: CallOutcome }> = [];
    let liveCallCount = 0;
    let otherHostCallCount = 0;
    const oldestFirst = [...this.table.calls.values()].sort((a, b) => a.start.startedAtMs - b.start.startedAtMs || a.order - b.order);
    // No await in here: the whole recovery happens in one turn of the event loop, as one transaction.
    for (const call of oldestFirst.filter((stored) => !isFinished(stored))) {
      const verdict = judgeOpenCall(call.owner, probe);
      if (verdict.kind === 'live') liveCallCount += 1;
      if (verdict.kind === 'other_host') otherHostCallCount += 1;
      if (verdict.kind !== 'abandoned') continue;
      const { callId, startedAtMs } = call.start;
      const ending = endAbandonedCall({ startedAtMs, owner: call.owner, reason: verdict.reason, events: call.events }, this.owner, nowMs);
      const { entries, refused } = prepareEntries(callId, ending.entries);
      if (refused !== undefined) throw refused;
      closing.push({ call, entries: entries.map((entry) => entry.event), outcome: prepareOutcome(callId, ending.outcome).outcome });
    }
    // Checked first, written after: a refusal above leaves every call as it was.
    for (const { call, entries, outcome } of closing) {
      call.events.push(...entries);
      call.outcome = outcome;
    }
    return { closedCallIds: closing.map(({ call }) => call.start.callId), liveCallCount, otherHostCallCount };
  }

  async close(): Promise<void> {
    this.closed = true;
    // Other stores may share the table; this one just lets go of it.
    this.table = emptyTable();
  }

  private checkOpen(operation: string): void {
    if (this.closed) throw storeClosedError(operation);
  }
}

function emptyTable(): CallTable {
  return { calls: new Map(), processes: new Map(), nextOrder: 0 };
}

function processKey(host: string, pid: number): string {
  return `${host}/${pid}`;
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
