import { parseArgs } from 'node:util';
import { DunbotError } from '../../errors.js';
import { SqliteCallStore, type CallRecord, type CallRecordEvent, type CallSummary } from '../../store/index.js';
import { describeCallMetrics, describeTurnTiming } from '../call-metrics-text.js';
import { writeLine, type CliIo } from '../cli-io.js';
import { strictArgs, resolveDbPath } from '../cli-options.js';

export const CALLS_USAGE = 'dunbot calls list [--limit N] [--json] [--db <path>] | dunbot calls show <id> [--json] [--db <path>]';

function iso(ms: number | undefined): string {
  return ms === undefined ? '-' : new Date(ms).toISOString();
}

/** What set an escalation off, in a few words: the rule, and the scores and counts it read. */
function describeEvidence(evidence: NonNullable<Extract<CallRecordEvent, { type: 'escalation.requested' }>['evidence']>): string {
  const parts: string[] = [evidence.trigger];
  if (evidence.confidence !== undefined) parts.push(`confidence ${evidence.confidence.toFixed(2)}`);
  if (evidence.signals !== undefined) parts.push(`signals ${evidence.signals.join(',')}`);
  if (evidence.emotionTrend !== undefined && evidence.trigger === 'emotion_rising') parts.push(`emotion ${evidence.emotionTrend.map((score) => score.toFixed(2)).join(' → ')}`);
  if (evidence.trigger === 'not_understood_in_a_row') parts.push(`${evidence.notUnderstoodInARow ?? 0} in a row`);
  if (evidence.trigger === 'recognition_failures_in_a_row') parts.push(`${evidence.recognitionFailuresInARow ?? 0} unrecognized in a row`);
  return parts.join('; ');
}

function describeEvent(event: CallRecordEvent): string {
  switch (event.type) {
    default:
      return JSON.stringify(event);
    case 'call.started':
      return `call started (flow ${event.flow}, ${event.locale}, debtor ${event.debtorId}) in ${event.state}`;
    case 'bot.said':
      return `bot    [${event.state}] ${event.text}   (${event.prompt}${event.generated === true ? ', generated' : ''})`;
    case 'debtor.turn':
      return `debtor [${event.state}] ${event.input === 'silence' ? '(silence)' : event.input === 'dtmf' ? `(key ${event.digit ?? ''})` : event.text}` +
        (event.nlu !== undefined ? `   → ${event.nlu.intent} ${event.nlu.confidence.toFixed(2)}${event.nlu.entities.amount !== undefined ? ` amount=${event.nlu.entities.amount}` : ''}${event.nlu.entities.date !== undefined ? ` date=${event.nlu.entities.date}` : ''}` : '');
    case 'state.changed':
      return `state  ${event.from} → ${event.to} (${event.cause})`;
    case 'promise.captured':
      return `promise ${event.amount} on ${event.date} (${event.kind}${event.installments !== undefined ? `, ${event.installments} instalments` : ''})`;
    case 'escalation.requested':
      return `escalation requested: ${event.reason} in ${event.state}` + (event.evidence !== undefined ? ` (${describeEvidence(event.evidence)})` : '');
    case 'handoff.state':
      return `hand-off ${event.state}${event.adapter !== undefined ? ` via ${event.adapter}` : ''}${event.target !== undefined ? ` to ${event.target}` : ''}` +
        `${event.reason !== undefined ? `: ${event.reason}` : ''}${event.detail !== undefined ? `: ${event.detail}` : ''}${event.sinceTriggerMs !== undefined ? ` (${event.sinceTriggerMs} ms after the debtor's turn)` : ''}`;
    case 'handoff.hold':
      return `hand-off hold line heard (${event.prompt}), ${event.sinceTriggerMs} ms after the debtor's turn`;
    case 'event.rejected':
      return `rejected ${event.code}: ${event.message}`;
    case 'bot.interrupted':
      return `barge-in [${event.state}] ${event.prompt} cut after ${event.heardMs} of ${event.durationMs} ms`;
    case 'call.note':
      return `note ${event.code}: ${event.message}`;
    case 'turn.timing':
      return describeTurnTiming(event);
    case 'call.metrics':
      return describeCallMetrics(event);
    case 'call.ended':
      return `call ended: ${event.disposition} in ${event.state}`;
  }
}

/** The provider line of `calls show`, naming only the ids the record has; undefined for a call without a provider (a text call). */
function describeProvider(call: CallSummary): string | undefined {
  const parts = [
    ...(call.provider !== undefined ? [`provider ${call.provider}`] : []),
    ...(call.providerCallId !== undefined ? [`call id ${call.providerCallId}`] : []),
    ...(call.providerStreamId !== undefined ? [`stream id ${call.providerStreamId}`] : []),
  ];
  return parts.length === 0 ? undefined : `  ${parts.join('  ')}`;
}

function formatRecord(record: CallRecord): string {
  const lines = [
    `call ${record.callId}`,
    `  debtor ${record.debtorId}  flow ${record.flow}  ${record.locale}  ${record.channel}`,
    `  started ${iso(record.startedAtMs)}  ended ${iso(record.endedAtMs)}  disposition ${record.disposition ?? '(none: call did not finish)'}`,
  ];
  const providerLine = describeProvider(record);
  if (providerLine !== undefined) lines.splice(2, 0, providerLine);
  if (record.outcome?.promise !== undefined) lines.push(`  promise ${record.outcome.promise.amount} on ${record.outcome.promise.date}`);
  const escalation = record.outcome?.escalation;
  if (escalation !== undefined) lines.push(`  escalation ${escalation.reason}${escalation.handoff !== undefined ? `, hand-off ${escalation.handoff.state}${escalation.handoff.reason !== undefined ? ` (${escalation.handoff.reason})` : ''}` : ''}`);
  lines.push('');
  const startMs = record.startedAtMs;
  for (const event of record.events) lines.push(`  +${String(event.atMs - startMs).padStart(6)}ms  ${describeEvent(event)}`);
  return lines.join('\n');
}

/** `calls list` and `calls show <id>` read the call store. */
export async function runCalls(args: readonly string[], io: CliIo): Promise<number> {
  const [subcommand, ...rest] = args;
  const { values, positionals } = strictArgs(() => parseArgs({ args: [...rest], options: { limit: { type: 'string' }, json: { type: 'boolean', default: false }, db: { type: 'string' } }, allowPositionals: true, strict: true }));
  if (subcommand !== 'list' && subcommand !== 'show') throw new DunbotError('DUN_ERR_CONFIG_INVALID', `usage: ${CALLS_USAGE}`);
  const store = SqliteCallStore.open(resolveDbPath(values.db, io.env ?? process.env));
  try {
    if (subcommand === 'list') {
      const limit = values.limit === undefined ? 20 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new DunbotError('DUN_ERR_CONFIG_INVALID', `--limit must be a positive whole number, got "${values.limit}"`);
      const calls = await store.listCalls({ limit });
      if (values.json === true) {
        writeLine(io.stdout, JSON.stringify(calls));
        return 0;
      }
      if (calls.length === 0) writeLine(io.stdout, 'no calls recorded');
      for (const call of calls) {
        // A voice call shows its provider; a text call shows `text`.
        const via = call.provider ?? call.channel;
        writeLine(io.stdout, `${call.callId}  ${iso(call.startedAtMs)}  ${call.flow.padEnd(5)}  ${call.locale}  ${via.padEnd(7)}  ${call.debtorId}  ${(call.disposition ?? 'OPEN').padEnd(14)}  ${call.eventCount} events`);
      }
      return 0;
    }
    const id = positionals[0];
    if (id === undefined || positionals.length > 1) throw new DunbotError('DUN_ERR_CONFIG_INVALID', `usage: ${CALLS_USAGE}`);
    const record = await store.getCall(id);
    if (record === undefined) throw new DunbotError('DUN_ERR_STORE_NOT_FOUND', `no call with id ${id}`);
    writeLine(io.stdout, values.json === true ? JSON.stringify(record) : formatRecord(record));
    return 0;
  } finally {
    await store.close();
  }
}
