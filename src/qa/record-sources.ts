import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { DunbotError } from '../errors.js';
import { CallOutcomeSchema, CallRecordEventSchema, CallStartSchema } from '../store/call-record-schema.js';
import type { CallRecord } from '../store/call-record.js';
import { SqliteCallStore } from '../store/sqlite-call-store.js';
import { DISPOSITIONS } from '../domain/dispositions.js';

/** A whole record as `dunbot calls show --json` prints it. */
const CallRecordFileSchema = CallStartSchema.extend({
  endedAtMs: z.number().optional(),
  disposition: z.enum(DISPOSITIONS).optional(),
  eventCount: z.number().int().min(0).optional(),
  outcome: CallOutcomeSchema.optional(),
  events: z.array(CallRecordEventSchema),
});

/** Reads one record file (`dunbot calls show <id> --json` saved to a file), checked against the record schemas. */
export function readRecordFile(path: string): CallRecord {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new DunbotError('DUN_ERR_QA_RECORD_INVALID', `${path} is not a JSON call record: ${error instanceof Error ? error.message : String(error)}`, { details: { path } });
  }
  const parsed = CallRecordFileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
    throw new DunbotError('DUN_ERR_QA_RECORD_INVALID', `${path} is not a call record: ${problems.join('; ')}`, { details: { path, problems } });
  }
  const { eventCount, ...record } = parsed.data;
  return { ...record, eventCount: eventCount ?? record.events.length };
}

/** Every `*.json` record in a folder, in file-name order. */
export function readRecordDir(dir: string): CallRecord[] {
  const files = readdirSync(dir).filter((name) => name.endsWith('.json')).sort();
  if (files.length === 0) throw new DunbotError('DUN_ERR_QA_RECORD_INVALID', `no call record (*.json) in ${dir}`, { details: { path: dir } });
  return files.map((name) => readRecordFile(join(dir, name)));
}

/** True when `path` is a folder. */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Which calls of a store to read: one by id, those started since an instant, or all. */
export type StoreSelection = { readonly callId: string } | { readonly sinceMs: number } | { readonly all: true };

/**
 * Reads the selected records from a SQLite call store, oldest first. `CallStore.listCalls` is
 * capped (MAX_LIST_LIMIT) and has no time filter, so the ids are read from the store's documented
 * `calls` table on a read-only connection, and each record through the store itself, which
 * checks it as `dunbot calls show` does. A missing file is an error, not a new empty store.
 */
export async function readStoreRecords(dbPath: string, selection: StoreSelection): Promise<CallRecord[]> {
  if (dbPath !== ':memory:' && !existsSync(dbPath)) throw new DunbotError('DUN_ERR_CONFIG_INVALID', `no call store at ${dbPath} (--db or DUNBOT_DB)`, { details: { path: dbPath } });
  const ids = 'callId' in selection ? [selection.callId] : listCallIds(dbPath, 'sinceMs' in selection ? selection.sinceMs : undefined);
  const store = SqliteCallStore.open(dbPath);
  try {
    const records: CallRecord[] = [];
    for (const id of ids) {
      const record = await store.getCall(id);
      if (record === undefined) throw new DunbotError('DUN_ERR_STORE_NOT_FOUND', `no call with id ${id}`, { details: { callId: id } });
      records.push(record);
    }
    return records;
  } finally {
    await store.close();
  }
}

const IdRowSchema = z.object({ call_id: z.string() });

function listCallIds(dbPath: string, sinceMs: number | undefined): string[] {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    const rows = sinceMs === undefined
      ? db.prepare('SELECT call_id FROM calls ORDER BY started_at_ms, rowid').all()
      : db.prepare('SELECT call_id FROM calls WHERE started_at_ms >= ? ORDER BY started_at_ms, rowid').all(sinceMs);
    return rows.map((row) => IdRowSchema.parse(row).call_id);
  } finally {
    db.close();
  }
}
