import type { ManualScheduler } from '../../src/call/scheduler.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import type { CallRecord } from '../../src/store/call-record.js';

/** Lets sockets and promises deliver what is pending. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** Moves the call's clock in 20 ms steps, letting sockets deliver between steps. */
export async function advance(scheduler: ManualScheduler, ms: number): Promise<void> {
  for (let elapsed = 0; elapsed < ms; elapsed += 20) {
    scheduler.increment(20);
    await settle();
  }
}

/** The most recent call's whole record in a database (the server must be closed first). */
export async function lastCallRecord(dbPath: string): Promise<CallRecord | undefined> {
  const store = SqliteCallStore.open(dbPath);
  try {
    const [call] = await store.listCalls();
    return call === undefined ? undefined : await store.getCall(call.callId);
  } finally {
    await store.close();
  }
}
