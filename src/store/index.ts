export type {
  CallOutcome,
  CallRecord,
  CallRecordEvent,
  CallRecordEventType,
  CallStart,
  CallSummary,
  CallMetrics,
  CallTalk,
  DebtorInput,
  StageStats,
  TurnStage,
  TurnStageTimes,
} from './call-record.js';
export { TURN_STAGES } from './call-record.js';
export type { CallStore } from './call-store.js';
export { PROCESS_LOST_NOTE, type AbandonedCalls } from './abandoned-calls.js';
export { currentProcessOwner, isProcessAlive, type CallOwner, type CallOwnership } from './call-owner.js';
export { CallRecordEventSchema, CallOutcomeSchema, CallStartSchema } from './call-record-schema.js';
export { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT, MAX_ENTRY_BYTES } from './call-store-rules.js';
export { MemoryCallStore, type MemoryCallStoreOptions } from './memory-call-store.js';
export { SqliteCallStore, SQLITE_SCHEMA_VERSION, SQLITE_BUSY_TIMEOUT_MS, type SqliteCallStoreOptions } from './sqlite-call-store.js';
