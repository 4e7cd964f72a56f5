import type { DebtorRepository } from '../domain/debtor-repository.js';
import type { CallRecord } from '../store/call-record.js';
import type { InspectionContext } from './call-facts.js';
import { inspectCall, type CallInspection } from './inspector.js';
import type { QaRuleSet } from './rules.js';

/** What inspecting stored calls needs besides the records: the rules, the scripts library, and where debtors are. */
export interface RecordInspector {
  readonly rules: QaRuleSet;
  readonly scripts: InspectionContext['scripts'];
  readonly debtors: DebtorRepository;
}

/**
 * Inspects a finished record with the debtor it names, looked up now: the record keeps only the
 * debtor's id, and the time zone and account the checks compare with are the debtor record's.
 * A debtor no longer on file leaves those checks not applicable.
 */
export async function inspectRecord(record: CallRecord, inspector: RecordInspector): Promise<CallInspection> {
  const debtor = await inspector.debtors.get(record.debtorId);
  return inspectCall(record, inspector.rules, { scripts: inspector.scripts, ...(debtor !== undefined ? { debtor } : {}) });
}

/** True when the record is complete: the call ended and its outcome is written. */
export function isFinished(record: CallRecord): boolean {
  return record.outcome !== undefined;
}
