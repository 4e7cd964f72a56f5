import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { DISPOSITIONS } from '../domain/dispositions.js';
import { LOCALES } from '../domain/locale.js';
import { DunbotError } from '../errors.js';
import { createProcessProbe, endAbandonedCall, judgeOpenCall, type AbandonedCalls } from './abandoned-calls.js';
import type { CallOutcome, CallRecord, CallRecordEvent, CallStart, CallSummary } from './call-record.js';
import { checkStoredEvent, checkStoredOutcome } from './call-record-schema.js';
import { CallOwnerSchema, resolveOwnership, type CallOwner, type CallOwnership } from './call-owner.js';
import type { CallStore } from './call-store.js';
import { checkCanStart, checkCanWrite, checkRecoveryTime, prepareEntries, prepareOutcome, prepareStart, resolveListLimit, storeClosedError, type PreparedEntry } from './call-store-rules.js';

/** How long a write waits for another connection's write lock before failing, in milliseconds. */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

/**
 * The schema, one migration per version; `PRAGMA user_version` records how many have run. Add a
 * migration to change the schema, never edit one that has shipped.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE calls (
     call_id TEXT PRIMARY KEY NOT NULL,
     debtor_id TEXT NOT NULL,
     flow TEXT NOT NULL,
     locale TEXT NOT NULL,
     channel TEXT NOT NULL,
     started_at_ms INTEGER NOT NULL,
     ended_at_ms INTEGER,
     disposition TEXT,
     outcome_json TEXT
   );
   CREATE INDEX calls_by_started_at ON calls (started_at_ms DESC);
   CREATE TABLE call_events (
     call_id TEXT NOT NULL REFERENCES calls (call_id),
     seq INTEGER NOT NULL,
     at_ms INTEGER NOT NULL,
     type TEXT NOT NULL,
     body_json TEXT NOT NULL,
     PRIMARY KEY (call_id, seq)
   );`,
  // Who holds each call, so that a restart closes only the calls of processes that are gone. Calls
  // written before this migration have no owner. store_processes keeps, per host and pid, the
  // instance id that last opened the store there: a different one means the pid was reused.
  `ALTER TABLE calls ADD COLUMN owner_host TEXT;
   ALTER TABLE calls ADD COLUMN owner_pid INTEGER;
   ALTER TABLE calls ADD COLUMN owner_instance TEXT;
   CREATE INDEX calls_open ON calls (started_at_ms) WHERE ended_at_ms IS NULL;
   CREATE TABLE store_processes (
     host TEXT NOT NULL,
     pid INTEGER NOT NULL,
     instance_id TEXT NOT NULL,
     PRIMARY KEY (host, pid)
   ) WITHOUT ROWID;`,
  // The telephony provider of a voice call and its own ids for the call and its stream, to find the
  // call in the provider's logs. NULL for text calls and for calls written before this migration.
  `ALTER TABLE calls ADD COLUMN provider TEXT;
   ALTER TABLE calls ADD COLUMN provider_call_id TEXT;
   ALTER TABLE calls ADD COLUMN provider_stream_id TEXT;`,
];

/** The schema version this build of dunbot writes and reads. */
export const SQLITE_SCHEMA_VERSION = MIGRATIONS.length;

const CallRowSchema = z.object({
  call_id: z.string(),
  debtor_id: z.string(),
  flow: z.string(),
  locale: z.enum(LOCALES),
  channel: z.enum(['text', 'voice']),
  started_at_ms: z.number(),
  ended_at_ms: z.number().nullable(),
  disposition: z.enum(DISPOSITIONS).nullable(),
  outcome_json: z.string().nullable(),
  provider: z.string().nullable(),
  provider_call_id: z.string().nullable(),
  provider_stream_id: z.string().nullable(),
});
const SummaryRowSchema = CallRowSchema.omit({ outcome_json: true }).extend({ event_count: z.number().int() });
const EventRowSchema = z.object({ seq: z.number().int(), body_json: z.string() });
const CallIdRowSchema = z.object({ call_id: z.string() });
const CallStatusRowSchema = z.object({ ended_at_ms: z.number().nullable() });
const NextSeqRowSchema = z.object({ next_seq: z.number().int() });
const OpenCallRowSchema = z.object({
  call_id: z.string(),
  started_at_ms: z.number(),
  owner_host: z.string().nullable(),
  owner_pid: z.number().nullable(),
  owner_instance: z.string().nullable(),
});
const InstanceRowSchema = z.object({ instance_id: z.string() });

type CallRow = z.infer<typeof CallRowSchema>;
type SummaryRow = z.infer<typeof SummaryRowSchema>;

function prepareStatements(db: Database.Database) {
  return {
    insertCall: db.prepare('INSERT INTO calls (call_id, debtor_id, flow, locale, channel, started_at_ms, provider, provider_call_id, provider_stream_id, owner_host, owner_pid, owner_instance) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    callStatus: db.prepare('SELECT ended_at_ms FROM calls WHERE call_id = ?'),
    nextSeq: db.prepare('SELECT COALESCE(MAX(seq), 0) + 1 AS next_seq FROM call_events WHERE call_id = ?'),
    insertEvent: db.prepare('INSERT INTO call_events (call_id, seq, at_ms, type, body_json) VALUES (?, ?, ?, ?, ?)'),
    finishCall: db.prepare('UPDATE calls SET ended_at_ms = ?, disposition = ?, outcome_json = ? WHERE call_id = ?'),
    selectCall: db.prepare('SELECT call_id, debtor_id, flow, locale, channel, started_at_ms, ended_at_ms, disposition, outcome_json, provider, provider_call_id, provider_stream_id FROM calls WHERE call_id = ?'),
    selectEvents: db.prepare('SELECT seq, body_json FROM call_events WHERE call_id = ? ORDER BY seq'),
    selectOpenCalls: db.prepare('SELECT call_id, started_at_ms, owner_host, owner_pid, owner_instance FROM calls WHERE ended_at_ms IS NULL ORDER BY started_at_ms, rowid'),
    selectInstance: db.prepare('SELECT instance_id FROM store_processes WHERE host = ? AND pid = ?'),
    registerProcess: db.prepare('INSERT INTO store_processes (host, pid, instance_id) VALUES (?, ?, ?) ON CONFLICT (host, pid) DO UPDATE SET instance_id = excluded.instance_id'),
    listCalls: db.prepare(
      `SELECT call_id, debtor_id, flow, locale, channel, started_at_ms, ended_at_ms, disposition, provider, provider_call_id, provider_stream_id,
              (SELECT COUNT(*) FROM call_events e WHERE e.call_id = c.call_id) AS event_count
         FROM calls c ORDER BY started_at_ms DESC, rowid DESC LIMIT ?`,
    ),
  };
}

/** Runs the migrations a database lacks, or refuses one written by a newer dunbot. */
function migrate(db: Database.Database, path: string): void {
  const readVersion = (): number => z.number().int().parse(db.pragma('user_version', { simple: true }));
  const refuseNewer = (version: number): void => {
    if (version > SQLITE_SCHEMA_VERSION) {
      throw new DunbotError('DUN_ERR_CONFIG_INVALID', `the call store at ${path} has schema version ${version}, but this dunbot supports up to version ${SQLITE_SCHEMA_VERSION}; upgrade dunbot to open it`, {
        details: { path, version, supported: SQLITE_SCHEMA_VERSION },
      });
    }
  };
  refuseNewer(readVersion());
  // Read the version again under the write lock: another process may have migrated meanwhile.
  db.transaction(() => {
    const version = readVersion();
    refuseNewer(version);
    for (const migration of MIGRATIONS.slice(version)) db.exec(migration);
    if (version < SQLITE_SCHEMA_VERSION) db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION}`);
  }).immediate();
}

function unreadable(callId: string, what: string, problem: string, seq?: number): DunbotError {
  return new DunbotError('DUN_ERR_STORE_WRITE', `the stored record of call ${callId} is unreadable: ${what}: ${problem}`, { details: { callId, ...(seq !== undefined ? { seq } : {}) } });
}

function parseRow<T>(schema: z.ZodType<T>, row: unknown, callId: string, what: string): T {
  const result = schema.safeParse(row);
  if (!result.success) throw unreadable(callId, what, result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; '));
  return result.data;
}

function parseJson(json: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(json) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function toSummary(row: CallRow | SummaryRow, eventCount: number): CallSummary {
  return {
    callId: row.call_id,
    debtorId: row.debtor_id,
    flow: row.flow,
    locale: row.locale,
    channel: row.channel,
    startedAtMs: row.started_at_ms,
    ...(row.provider !== null ? { provider: row.provider } : {}),
    ...(row.provider_call_id !== null ? { providerCallId: row.provider_call_id } : {}),
    ...(row.provider_stream_id !== null ? { providerStreamId: row.provider_stream_id } : {}),
    ...(row.ended_at_ms !== null ? { endedAtMs: row.ended_at_ms } : {}),
    ...(row.disposition !== null ? { disposition: row.disposition } : {}),
    eventCount,
  };
}

function readEvent(callId: string, found: unknown): CallRecordEvent {
  const row = parseRow(EventRowSchema, found, callId, 'entry row');
  const json = parseJson(row.body_json);
  if (!json.ok) throw unreadable(callId, `entry seq ${row.seq}`, `not JSON: ${json.error}`, row.seq);
  const checked = checkStoredEvent(json.value);
  if (!checked.ok) throw unreadable(callId, `entry seq ${row.seq}`, checked.error, row.seq);
  return checked.value;
}

function readOutcome(callId: string, outcomeJson: string): CallOutcome {
  const json = parseJson(outcomeJson);
  if (!json.ok) throw unreadable(callId, 'outcome', `not JSON: ${json.error}`);
  const checked = checkStoredOutcome(json.value);
  if (!checked.ok) throw unreadable(callId, 'outcome', checked.error);
  return checked.value;
}

/** The owner written on a call row, or undefined when the row names none (or an unreadable one). */
function readOwner(row: z.infer<typeof OpenCallRowSchema>): CallOwner | undefined {
  return CallOwnerSchema.safeParse({ host: row.owner_host, pid: row.owner_pid, instanceId: row.owner_instance }).data;
}

/** How a SqliteCallStore is opened. */
export interface SqliteCallStoreOptions extends CallOwnership {
  /** `'power'` syncs the disk on every commit; `'process'` (the default) survives a killed process. */
  readonly durability?: 'process' | 'power';
}

/**
 * A CallStore in one SQLite file. It runs in WAL mode, so other processes can read while a call is
 * written. Every append is one transaction, committed when its promise resolves, so a crashed or
 * killed process loses nothing already appended. `durability: 'power'` also syncs the disk on every
 * commit (`synchronous = FULL`, ~0.24 ms per commit here) to survive power loss; the default
 * `'process'` (`synchronous = NORMAL`, ~0.02 ms) keeps the event loop free for live calls. Each
 * call row names its owner (host, pid, instance id), so that several processes on one host can
 * share the file and a restarted one closes only the calls of processes that are gone.
 *
 * @example
 * const store = SqliteCallStore.open('data/calls.db');
 * await store.startCall({ callId: 'c1', debtorId: 'd1', flow: 'early', locale: 'en-US', channel: 'voice', startedAtMs: clock.nowMs(), provider: 'twilio', providerCallId: 'CA…', providerStreamId: 'MZ…' });
 * await store.close();
 */
export class SqliteCallStore implements CallStore {
  private readonly statements: ReturnType<typeof prepareStatements>;
  private readonly insertCall: Database.Transaction<(start: CallStart) => void>;
  private readonly insertEntries: Database.Transaction<(callId: string, entries: readonly PreparedEntry[]) => void>;
  private readonly writeOutcome: Database.Transaction<(callId: string, outcome: CallOutcome, json: string) => void>;
  private readonly readCall: Database.Transaction<(callId: string) => CallRecord | undefined>;
  private readonly closeAbandoned: Database.Transaction<(nowMs: number) => AbandonedCalls>;

  private constructor(
    private readonly db: Database.Database,
    private readonly owner: CallOwner,
    private readonly isProcessAlive: (pid: number) => boolean,
  ) {
    const statements = prepareStatements(db);
    this.statements = statements;
    this.insertCall = db.transaction((start: CallStart) => {
      checkCanStart(start.callId, statements.callStatus.get(start.callId) !== undefined);
      const { provider = null, providerCallId = null, providerStreamId = null } = start;
      statements.insertCall.run(start.callId, start.debtorId, start.flow, start.locale, start.channel, start.startedAtMs, provider, providerCallId, providerStreamId, owner.host, owner.pid, owner.instanceId);
    });
    this.insertEntries = db.transaction((callId: string, entries: readonly PreparedEntry[]) => {
      this.checkWritable(callId, 'append to');
      let { next_seq: seq } = parseRow(NextSeqRowSchema, statements.nextSeq.get(callId), callId, 'sequence');
      for (const { event, json } of entries) statements.insertEvent.run(callId, seq++, event.atMs, event.type, json);
    });
    this.writeOutcome = db.transaction((callId: string, outcome: CallOutcome, json: string) => {
      this.checkWritable(callId, 'finish');
      statements.finishCall.run(outcome.endedAtMs, outcome.disposition, json, callId);
    });
    // One read transaction, so the call row and its entries come from the same snapshot.
    this.readCall = db.transaction((callId: string) => {
      const found: unknown = statements.selectCall.get(callId);
      if (found === undefined) return undefined;
      const row = parseRow(CallRowSchema, found, callId, 'call row');
      const events = statements.selectEvents.all(callId).map((eventRow) => readEvent(callId, eventRow));
      const outcome = row.outcome_json === null ? undefined : readOutcome(callId, row.outcome_json);
      return { ...toSummary(row, events.length), ...(outcome !== undefined ? { outcome } : {}), events };
    });
    this.closeAbandoned = db.transaction((nowMs: number) => this.closeAbandonedNow(nowMs));
  }

  /** Opens (creating it and its folders when missing) the store at `path`; `':memory:'` keeps it in memory. */
  static open(path: string, options: SqliteCallStoreOptions = {}): SqliteCallStore {
    const { owner, isProcessAlive } = resolveOwnership(options);
    let db: Database.Database | undefined;
    try {
      if (path !== ':memory:' && path !== '') mkdirSync(dirname(resolve(path)), { recursive: true });
      db = new Database(path, { timeout: SQLITE_BUSY_TIMEOUT_MS });
      db.pragma('journal_mode = WAL');
      // In WAL mode NORMAL loses nothing committed when the process dies, only on power loss.
      db.pragma(options.durability === 'power' ? 'synchronous = FULL' : 'synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      migrate(db, path);
      const store = new SqliteCallStore(db, owner, isProcessAlive);
      // From now on a call of an earlier process that had this pid counts as abandoned.
      store.statements.registerProcess.run(owner.host, owner.pid, owner.instanceId);
      return store;
    } catch (error) {
      db?.close();
      if (error instanceof DunbotError) throw error;
      throw new DunbotError('DUN_ERR_CONFIG_INVALID', `cannot open the call store at ${path}: ${error instanceof Error ? error.message : String(error)}`, { details: { path }, cause: error });
    }
  }

  async startCall(start: CallStart): Promise<void> {
    this.write('start a call', () => this.insertCall.immediate(prepareStart(start)));
  }

  async append(callId: string, ...events: CallRecordEvent[]): Promise<void> {
    const { entries, refused } = prepareEntries(callId, events);
    // One transaction (one commit) for them all; it also refuses a call that is missing or finished.
    this.write(`append to call ${callId}`, () => this.insertEntries.immediate(callId, entries));
    if (refused !== undefined) throw refused;
  }

  async finishCall(callId: string, outcome: CallOutcome): Promise<void> {
    this.write(`finish call ${callId}`, () => {
      const prepared = prepareOutcome(callId, outcome);
      this.writeOutcome.immediate(callId, prepared.outcome, prepared.json);
    });
  }

  async getCall(callId: string): Promise<CallRecord | undefined> {
    this.checkOpen(`read call ${callId}`);
    return this.readCall(callId);
  }

  async listCalls(options?: { readonly limit?: number }): Promise<CallSummary[]> {
    this.checkOpen('list calls');
    const limit = resolveListLimit(options);
    return this.statements.listCalls.all(limit).map((found) => {
      const callId = CallIdRowSchema.safeParse(found).data?.call_id ?? '(unknown)';
      const row = parseRow(SummaryRowSchema, found, callId, 'call row');
      return toSummary(row, row.event_count);
    });
  }

  async closeAbandonedCalls(nowMs: number): Promise<AbandonedCalls> {
    let result: AbandonedCalls = { closedCallIds: [], liveCallCount: 0, otherHostCallCount: 0 };
    this.write('close abandoned calls', () => {
      checkRecoveryTime(nowMs);
      // IMMEDIATE takes the write lock before reading: a second store recovering at once waits, then finds these calls closed.
      result = this.closeAbandoned.immediate(nowMs);
    });
    return result;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** The body of closeAbandonedCalls, run inside its transaction. */
  private closeAbandonedNow(nowMs: number): AbandonedCalls {
    const { statements } = this;
    const probe = createProcessProbe(this.owner, this.isProcessAlive, (host, pid) => {
      const found: unknown = statements.selectInstance.get(host, pid);
      return found === undefined ? undefined : InstanceRowSchema.safeParse(found).data?.instance_id;
    });
    const closedCallIds: string[] = [];
    let liveCallCount = 0;
    let otherHostCallCount = 0;
    for (const found of statements.selectOpenCalls.all()) {
      const callId = CallIdRowSchema.safeParse(found).data?.call_id ?? '(unknown)';
      const row = parseRow(OpenCallRowSchema, found, callId, 'call row');
      const owner = readOwner(row);
      const verdict = judgeOpenCall(owner, probe);
      if (verdict.kind === 'live') liveCallCount += 1;
      if (verdict.kind === 'other_host') otherHostCallCount += 1;
      if (verdict.kind !== 'abandoned') continue;
      // A damaged entry must not keep the call open: the end is worked out from the entries that read.
      const events = statements.selectEvents.all(callId).flatMap((eventRow) => {
        try {
          return [readEvent(callId, eventRow)];
        } catch (error) {
          if (error instanceof DunbotError) return [];
          throw error;
        }
      });
      const ending = endAbandonedCall({ startedAtMs: row.started_at_ms, owner, reason: verdict.reason, events }, this.owner, nowMs);
      const { entries, refused } = prepareEntries(callId, ending.entries);
      if (refused !== undefined) throw refused;
      const outcome = prepareOutcome(callId, ending.outcome);
      this.insertEntries(callId, entries);
      this.writeOutcome(callId, outcome.outcome, outcome.json);
      closedCallIds.push(callId);
    }
    return { closedCallIds, liveCallCount, otherHostCallCount };
  }

  private checkOpen(operation: string): void {
    if (!this.db.open) throw storeClosedError(operation);
  }

  private checkWritable(callId: string, action: 'append to' | 'finish'): void {
    const found: unknown = this.statements.callStatus.get(callId);
    const status = found === undefined ? undefined : parseRow(CallStatusRowSchema, found, callId, 'call row');
    checkCanWrite(callId, status, (row) => row.ended_at_ms !== null, action);
  }

  /** Runs one write; SQLite failures become DUN_ERR_STORE_WRITE, retryable when the database was busy. */
  private write(operation: string, run: () => void): void {
    this.checkOpen(operation);
    try {
      run();
    } catch (error) {
      if (error instanceof DunbotError) throw error;
      const busy = error instanceof Database.SqliteError && (error.code === 'SQLITE_BUSY' || error.code === 'SQLITE_LOCKED');
      throw new DunbotError('DUN_ERR_STORE_WRITE', `cannot ${operation}: ${error instanceof Error ? error.message : String(error)}`, { retryable: busy, cause: error });
    }
  }
}
