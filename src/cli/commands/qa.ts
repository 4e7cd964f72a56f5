import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DirectoryDebtorRepository } from '../../domain/debtor-repository.js';
import { DunbotError } from '../../errors.js';
import {
  formatInspection,
  formatSummary,
  inspectRecord,
  isDirectory,
  isFinished,
  loadQaRules,
  readRecordDir,
  readRecordFile,
  readStoreRecords,
  summarize,
  type CallInspection,
  type StoreSelection,
} from '../../qa/index.js';
import { defaultScriptsLibrary } from '../../scripts/index.js';
import type { CallRecord } from '../../store/call-record.js';
import { packageRoot } from '../../util/package-root.js';
import { writeLine, type CliIo } from '../cli-io.js';
import { resolveDbPath, strictArgs } from '../cli-options.js';

export const QA_USAGE = 'dunbot qa <call id> | <dir of record JSON files> | --since <ISO date-time> | --all [--rules <file>] [--debtors <dir>] [--json] [--db <path>]';

/** A date-time with an offset or Z: a bare time would be read in whatever zone the machine is in. */
const SINCE_FORM = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

function parseSince(value: string): number {
  const ms = Date.parse(value);
  if (!SINCE_FORM.test(value) || Number.isNaN(ms)) throw new DunbotError('DUN_ERR_CONFIG_INVALID', `--since must be an ISO 8601 date-time with an offset or Z (2026-03-11T00:00:00+08:00), got "${value}"`);
  return ms;
}

/** The records the arguments name: a folder or file of records, or calls of the store. */
async function selectRecords(target: string | undefined, since: string | undefined, all: boolean, db: string | undefined, env: Readonly<Record<string, string | undefined>>): Promise<CallRecord[]> {
  const chosen = [target !== undefined, since !== undefined, all].filter(Boolean).length;
  if (chosen !== 1) throw new DunbotError('DUN_ERR_CONFIG_INVALID', `name exactly one of a call id, a folder, --since or --all; usage: ${QA_USAGE}`);
  if (target !== undefined && (isDirectory(target) || (target.endsWith('.json') && existsSync(target)))) {
    if (db !== undefined) throw new DunbotError('DUN_ERR_CONFIG_INVALID', '--db has no use with records read from files');
    return isDirectory(target) ? readRecordDir(target) : [readRecordFile(target)];
  }
  const selection: StoreSelection = target !== undefined ? { callId: target } : since !== undefined ? { sinceMs: parseSince(since) } : { all: true };
  return readStoreRecords(resolveDbPath(db, env), selection);
}

function debtorsFrom(dir: string): DirectoryDebtorRepository {
  if (!isDirectory(dir)) throw new DunbotError('DUN_ERR_CONFIG_INVALID', `no debtor folder at ${dir} (--debtors or DUNBOT_DEBTORS_DIR)`);
  return new DirectoryDebtorRepository(dir);
}

/**
 * `qa` inspects finished calls — one by id, a folder of exported records, those started since an
 * instant, or all — against the shipped rules and the file `--rules` (or `DUNBOT_QA_RULES`) lays
 * over them. Exit 1 when any call is vetoed, 2 on bad input.
 */
export async function runQa(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = strictArgs(() => parseArgs({
    args: [...args],
    options: {
      since: { type: 'string' },
      all: { type: 'boolean', default: false },
      rules: { type: 'string' },
      debtors: { type: 'string' },
      json: { type: 'boolean', default: false },
      db: { type: 'string' },
    },
    allowPositionals: true,
    strict: true,
  }));
  if (positionals.length > 1) throw new DunbotError('DUN_ERR_CONFIG_INVALID', `usage: ${QA_USAGE}`);
  const env = io.env ?? process.env;
  const rulesFile = values.rules ?? (env['DUNBOT_QA_RULES'] !== undefined && env['DUNBOT_QA_RULES'] !== '' ? env['DUNBOT_QA_RULES'] : undefined);
  // Rules, debtors and the scripts library are read before any record, so bad input stops the command before any output.
  const rules = loadQaRules(rulesFile);
  const debtors = debtorsFrom(values.debtors ?? env['DUNBOT_DEBTORS_DIR'] ?? join(packageRoot(), 'fixtures', 'debtors'));
  const scripts = defaultScriptsLibrary();
  const records = await selectRecords(positionals[0], values.since, values.all === true, values.db, env);

  const inspections: CallInspection[] = [];
  const skipped: { callId: string; reason: string }[] = [];
  for (const record of records) {
    // An open call's record is still being written (or its process died and no server has closed it yet).
    if (!isFinished(record)) {
      skipped.push({ callId: record.callId, reason: 'the call has not ended' });
      continue;
    }
    inspections.push(await inspectRecord(record, { rules, scripts, debtors }));
  }
  const summary = summarize(inspections, skipped);
  if (values.json === true) {
    writeLine(io.stdout, JSON.stringify({ inspections, summary }));
  } else {
    for (const inspection of inspections) writeLine(io.stdout, `${formatInspection(inspection)}\n`);
    writeLine(io.stdout, formatSummary(summary));
  }
  return summary.vetoed > 0 ? 1 : 0;
}
