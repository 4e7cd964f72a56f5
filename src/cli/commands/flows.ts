import { parseArgs } from 'node:util';
import { DunbotError } from '../../errors.js';
import { checkFlow, flowToMermaid, formatFlowCheckReports } from '../../flow/index.js';
import { defaultScriptsLibrary } from '../../scripts/index.js';
import { FLOWS, FLOW_NAMES, isFlowName } from '../../../flows/index.js';
import { writeLine, type CliIo } from '../cli-io.js';
import { strictArgs } from '../cli-options.js';

export const FLOWS_USAGE = 'dunbot flows check [--json] | dunbot flows graph <flow>';

/** `flows check` proves every shipped flow sound; `flows graph <flow>` prints Mermaid. */
export async function runFlows(args: readonly string[], io: CliIo): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand === 'check') {
    const { values } = strictArgs(() => parseArgs({ args: [...rest], options: { json: { type: 'boolean', default: false } }, allowPositionals: true, strict: true }));
    const scripts = defaultScriptsLibrary();
    const reports = FLOW_NAMES.map((name) => checkFlow(name, FLOWS[name], scripts));
    if (values.json === true) writeLine(io.stdout, JSON.stringify(reports));
    else writeLine(io.stdout, formatFlowCheckReports(reports));
    const failed = reports.filter((report) => !report.ok);
    if (failed.length === 0) return 0;
    const problemCount = failed.reduce((sum, report) => sum + report.problems.length, 0);
    writeLine(io.stderr, `dunbot flows: DUN_ERR_FLOW_CHECK_FAILED: ${problemCount} problem(s) in ${failed.map((report) => report.flow).join(', ')}`);
    return 1;
  }
  if (subcommand === 'graph') {
    const { positionals } = strictArgs(() => parseArgs({ args: [...rest], options: {}, allowPositionals: true, strict: true }));
    const name = positionals[0];
    if (name === undefined || positionals.length > 1) throw new DunbotError('DUN_ERR_CONFIG_INVALID', `usage: ${FLOWS_USAGE}`);
    if (!isFlowName(name)) throw new DunbotError('DUN_ERR_FLOW_UNKNOWN', `unknown flow "${name}"; known flows: ${FLOW_NAMES.join(', ')}`);
    io.stdout.write(flowToMermaid(FLOWS[name]));
    return 0;
  }
  throw new DunbotError('DUN_ERR_CONFIG_INVALID', `usage: ${FLOWS_USAGE}`);
}
