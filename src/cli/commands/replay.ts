import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DunbotError } from '../../errors.js';
import { loadFixture, type Fixture } from '../../replay/fixture.js';
import { htmlReport } from '../../replay/html-report.js';
import { junitReport } from '../../replay/junit-report.js';
import { replayCall, type ReplayResult } from '../../replay/replay-call.js';
import { isYamlFile, loadScenario, runScenario, type Scenario } from '../../replay/text-scenario.js';
import { inspectCall, type CallInspection } from '../../qa/inspector.js';
import { loadQaRules } from '../../qa/rules.js';
import { defaultScriptsLibrary } from '../../scripts/index.js';
import { writeLine, type CliIo } from '../cli-io.js';
import { strictArgs } from '../cli-options.js';

export const REPLAY_USAGE = 'dunbot replay <fixture.json|scenario.json|scenario.yaml|dir> [--speed max|realtime] [--providers recorded|live] [--junit <file>] [--html <file>] [--json]';

/** The fixture files a path names: the file itself, or every `.json` in the folder, in name order. */
function fixturePaths(path: string): string[] {
  let isDirectory: boolean;
  try {
    isDirectory = statSync(path).isDirectory();
  } catch {
    throw new DunbotError('DUN_ERR_FIXTURE_INVALID', `no fixture or folder at ${path}`);
  }
  if (!isDirectory) return [path];
  const files = readdirSync(path).filter((name) => name.endsWith('.json') || isYamlFile(name)).sort().map((name) => join(path, name));
  if (files.length === 0) throw new DunbotError('DUN_ERR_FIXTURE_INVALID', `no .json fixtures or .yaml scenarios in ${path}`);
  return files;
}

/** A recorded call to replay, or a text scenario to hold. */
type Runnable = { readonly kind: 'fixture'; readonly fixture: Fixture } | { readonly kind: 'scenario'; readonly scenario: Scenario };

/** A YAML file is a text scenario; a JSON file is one when it says so (`dunbotScenario`), else a recorded call's fixture. */
function readRunnable(path: string): Runnable {
  if (isYamlFile(path)) return { kind: 'scenario', scenario: loadScenario(path) };
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    // loadFixture reports the file that cannot be read or parsed, with its reason.
    return { kind: 'fixture', fixture: loadFixture(path) };
  }
  if (typeof value === 'object' && value !== null && 'dunbotScenario' in value) return { kind: 'scenario', scenario: loadScenario(path) };
  return { kind: 'fixture', fixture: loadFixture(path) };
}

/** How a replay reads to a person: the verdict, the call's pace, and each expectation that failed with what differed. */
function describe(result: ReplayResult, inspection: CallInspection | undefined): string[] {
  const pace = result.wallMs > 0 ? `${Math.round(result.callMs / result.wallMs)}× real time` : '';
  const quality = inspection === undefined ? '' : inspection.vetoed ? '; QA vetoed' : `; QA ${inspection.score}/100`;
  const lines = [`${result.passed ? 'PASS' : 'FAIL'} ${result.name}  (${(result.callMs / 1000).toFixed(1)} s of call in ${Math.round(result.wallMs)} ms, ${pace}; ${result.record.disposition ?? 'no disposition'}${quality})`];
  for (const finding of inspection?.findings.filter((candidate) => !candidate.passed) ?? []) lines.push(`  ${finding.kind === 'veto' ? 'QA veto' : 'QA item'} ${finding.ruleId}: ${finding.detail}`);
  for (const check of result.checks.filter((candidate) => !candidate.passed)) {
    lines.push(`  ✗ ${check.name}`, `      expected: ${check.expected}`, `      actual:   ${check.actual}`);
    for (const line of check.diff) lines.push(`      - ${line}`);
  }
  for (const entry of result.drift) lines.push(`  ! drift (${entry.provider}): ${entry.detail}`);
  return lines;
}

/**
 * Replays recorded calls through the real pipeline, faster than real time, and checks each
 * fixture's expectations: exit 0 when all hold, 1 when any does not, 2 on bad input (a fixture
 * that does not parse is reported before anything is replayed).
 */
export async function runReplay(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = strictArgs(() => parseArgs({
    args: [...args],
    options: { speed: { type: 'string' }, providers: { type: 'string' }, junit: { type: 'string' }, html: { type: 'string' }, json: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  }));
  if (positionals.length !== 1 || positionals[0] === undefined) throw new DunbotError('DUN_ERR_CONFIG_INVALID', `one fixture or folder is required: ${REPLAY_USAGE}`);
  const speed = values.speed ?? 'max';
  if (speed !== 'max' && speed !== 'realtime') throw new DunbotError('DUN_ERR_CONFIG_INVALID', `--speed must be max or realtime, got "${speed}"`);
  const providers = values.providers ?? 'recorded';
  if (providers !== 'recorded' && providers !== 'live') throw new DunbotError('DUN_ERR_CONFIG_INVALID', `--providers must be recorded or live, got "${providers}"`);
  // Every file is read and checked first: a bad one stops the run before any call is replayed.
  const runs: Runnable[] = fixturePaths(positionals[0]).map(readRunnable);
  const results: ReplayResult[] = [];
  const inspections: CallInspection[] = [];
  // Every replayed call is inspected as a live one is: the shipped rules, laid over by DUNBOT_QA_RULES.
  const rules = loadQaRules((io.env ?? process.env)['DUNBOT_QA_RULES']);
  const scripts = defaultScriptsLibrary();
  for (const [index, run] of runs.entries()) {
    const result = run.kind === 'fixture' ? await replayCall(run.fixture, { speed, providers }) : await runScenario(run.scenario);
    results.push(result);
    inspections.push(inspectCall(result.record, rules, { scripts, debtor: result.debtor }));
    if (runs.length > 1) io.stderr.write(`[${'#'.repeat(index + 1)}${'.'.repeat(runs.length - index - 1)}] ${index + 1}/${runs.length} ${result.name}\n`);
    if (values.json !== true) for (const line of describe(result, inspections[index])) writeLine(io.stdout, line);
  }
  const failed = results.filter((result) => !result.passed).length;
  if (values.json === true) {
    writeLine(io.stdout, JSON.stringify(results.map((result, index) => ({ name: result.name, passed: result.passed, disposition: result.record.disposition, callMs: result.callMs, wallMs: Math.round(result.wallMs), checks: result.checks, drift: result.drift, callId: result.record.callId, qa: inspections[index] }))));
  } else {
    writeLine(io.stdout, `${results.length - failed} of ${results.length} fixtures passed`);
  }
  if (values.junit !== undefined) writeFileSync(values.junit, junitReport(results));
  if (values.html !== undefined) writeFileSync(values.html, htmlReport(results.map((result, index) => {
    const run = runs[index];
    const inspection = inspections[index];
    return { result, ...(run?.kind === 'fixture' ? { fixture: run.fixture } : {}), ...(inspection !== undefined ? { inspection } : {}) };
  })));
  return failed === 0 ? 0 : 1;
}
