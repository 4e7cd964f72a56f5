// @ts-check
/**
 * `npm run bench:media -- --baseline <ref>` (or `BENCH_MEDIA_BASELINE=<ref>`): scenario (a), the
 * zero-cost providers' ramp, measured on this tree and on <ref> in the same run, interleaved, so
 * a change's cost is compared under the same machine conditions.
 *
 * Each tree runs its own bench/media/server-under-test.mjs on its own `dist/` (baseline-tree.mjs
 * builds <ref> in a temporary worktree); this process is the load generator for both. The rounds
 * go current, baseline, then baseline, current, and so on (`BENCH_MEDIA_BASELINE_ROUNDS` pairs,
 * default 2), so a steady drift of the machine weighs on both sides alike. For each headline figure
 * of (a) it reports every round, the median of each side and new vs baseline in percent.
 */
import { round } from './latency-histogram.mjs';
import { SERVER_SCRIPT_PATH, git, prepareBaselineTree } from './baseline-tree.mjs';
import { WINDOW_FIELDS, forkServer, nextMessage } from './server-process.mjs';

/**
 * @typedef {{ maxCalls: number, lowerBound: boolean, cpuPerCallMsPerS?: number, cpuMeasuredAtCalls?: number,
 *   cpuFit?: { marginalMsPerCallS?: number, cpuBoundCallsPerCore?: number },
 *   turnOverhead: { p50Ms?: number, p99Ms?: number, maxMs?: number, count: number },
 *   levels: { calls: number, passed: boolean, lag: { p99Ms?: number }, server: { cpuPerCallMsPerS?: number } }[],
 *   durationS?: number }} RampResult
 * @typedef {{ name: string, script?: string }} Server
 * @typedef {{ tree: string, commit: string, uncommittedFiles: number }} CurrentTree
 * @typedef {{ ref: string, commit: string, serverScript: string }} BaselineTree
 */

/**
 * The headline figures of (a), as the benchmark prints them, plus two read at the highest level
 * every round passed, where both trees carried the same load. `better` tells which way is better.
 * @type {{ key: string, name: string, better: 'higher' | 'lower', value: (ramp: RampResult, commonCalls: number | undefined) => number | undefined }[]}
 */
const FIGURES = [
  { key: 'maxCalls', name: 'max calls', better: 'higher', value: (ramp) => ramp.maxCalls },
  { key: 'cpuPerCallAtMaxCalls', name: 'CPU/call at max calls, ms/s', better: 'lower', value: (ramp) => ramp.cpuPerCallMsPerS },
  { key: 'cpuPerCallAtCommonLevel', name: 'CPU/call at {common} calls, ms/s', better: 'lower', value: (ramp, calls) => atLevel(ramp, calls)?.server.cpuPerCallMsPerS },
  { key: 'lagP99AtCommonLevel', name: 'lag p99 at {common} calls, ms', better: 'lower', value: (ramp, calls) => atLevel(ramp, calls)?.lag.p99Ms },
  { key: 'marginalCpu', name: 'marginal CPU per call, ms/s', better: 'lower', value: (ramp) => ramp.cpuFit?.marginalMsPerCallS },
  { key: 'cpuBoundCallsPerCore', name: 'CPU-bound calls/core', better: 'higher', value: (ramp) => ramp.cpuFit?.cpuBoundCallsPerCore },
  { key: 'turnOverheadP50', name: 'turn overhead p50, ms', better: 'lower', value: (ramp) => ramp.turnOverhead.p50Ms },
  { key: 'turnOverheadP99', name: 'turn overhead p99, ms', better: 'lower', value: (ramp) => ramp.turnOverhead.p99Ms },
  { key: 'turnOverheadMax', name: 'turn overhead max, ms', better: 'lower', value: (ramp) => ramp.turnOverhead.maxMs },
];

/** @param {RampResult} ramp @param {number | undefined} calls */
const atLevel = (ramp, calls) => ramp.levels.find((level) => level.calls === calls && level.passed);

/** @param {number[]} values */
function median(values) {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

const PROTOCOL = 'ready, window-start, window-end → window, shutdown';

/**
 * Starts `server` in the zero-cost mode, measures one empty window and shuts it down: a script
 * that does not start, or does not answer as this benchmark expects, fails here, before any round.
 * @param {Server} server @param {string} which the tree, as the error names it
 * @param {string} secret @param {string[]} flags
 */
async function probe(server, which, secret, flags) {
  const child = forkServer('zero', secret, flags, undefined, server.script);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const mismatch = (/** @type {string} */ detail) => new Error(`${which}: its ${SERVER_SCRIPT_PATH} does not speak this benchmark's IPC protocol (${PROTOCOL}): ${detail}`);
  try {
    const ready = await nextMessage(child, 'ready', 120_000).catch((/** @type {Error} */ error) => {
      throw new Error(`${which}: its ${SERVER_SCRIPT_PATH} did not start a zero-cost server (${error.message}; its own output is above). Either it fails on its tree's build or it does not speak this benchmark's IPC protocol (${PROTOCOL})`);
    });
    if (typeof ready.port !== 'number') throw mismatch('its ready message has no port');
    const window = nextMessage(child, 'window', 30_000).catch((/** @type {Error} */ error) => {
      throw mismatch(`it did not answer window-end (${error.message})`);
    });
    child.send({ type: 'window-start' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.send({ type: 'window-end' });
    const measures = await window;
    const missing = WINDOW_FIELDS.filter((field) => !(field in measures));
    if (missing.length > 0) throw mismatch(`its window message lacks ${missing.join(', ')}`);
  } finally {
    if (child.connected) child.send({ type: 'shutdown' });
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    if (child.exitCode === null) child.kill();
  }
}

/**
 * Runs the comparison and returns its results (to print and save).
 * @param {{ root: string, ref: string, rounds: number, secret: string, serverFlags: string[], runRamp: (server: Server) => Promise<RampResult> }} options
 */
export async function compareWithBaseline({ root, ref, rounds, secret, serverFlags, runRamp }) {
  /** @type {CurrentTree} */
  const current = {
    tree: 'working tree',
    commit: git(root, ['rev-parse', 'HEAD']),
    uncommittedFiles: git(root, ['--no-optional-locks', 'status', '--porcelain', '--untracked-files=no']).split('\n').filter((line) => line !== '').length,
  };
  const tree = prepareBaselineTree(root, ref);
  try {
    await probe({ name: 'current' }, `this tree (${root})`, secret, serverFlags);
    await probe({ name: `baseline ${ref}`, script: tree.serverScript }, `baseline ${ref} (${tree.commit.slice(0, 10)})`, secret, serverFlags);
    /** @type {{ side: 'current' | 'baseline', ramp: RampResult }[]} */
    const runs = [];
    for (let i = 0; i < rounds; i += 1) {
      for (const side of i % 2 === 0 ? /** @type {const} */ (['current', 'baseline']) : /** @type {const} */ (['baseline', 'current'])) {
        const n = runs.filter((run) => run.side === side).length + 1;
        const name = `${side === 'current' ? 'current' : `baseline ${ref}`}, round ${n} of ${rounds}`;
        const ramp = await runRamp(side === 'current' ? { name } : { name, script: tree.serverScript });
        runs.push({ side, ramp });
      }
    }
    return summarize(runs, current, { ref, commit: tree.commit, serverScript: SERVER_SCRIPT_PATH });
  } finally {
    tree.remove();
  }
}

/**
 * @param {{ side: 'current' | 'baseline', ramp: RampResult }[]} runs
 * @param {CurrentTree} current @param {BaselineTree} baseline
 */
function summarize(runs, current, baseline) {
  const passedEverywhere = runs.map((run) => new Set(run.ramp.levels.filter((level) => level.passed).map((level) => level.calls)));
  const commonCalls = Math.max(0, ...[...(passedEverywhere[0] ?? [])].filter((calls) => passedEverywhere.every((set) => set.has(calls)))) || undefined;
  const sides = /** @type {const} */ (['current', 'baseline']);
  const figures = FIGURES.map((figure) => {
    /** @type {Record<string, { rounds: (number | undefined)[], lowerBound?: boolean[], median: number | undefined, spreadPercent: number | undefined }>} */
    const bySide = {};
    for (const side of sides) {
      const ramps = runs.filter((run) => run.side === side).map((run) => run.ramp);
      const values = ramps.map((ramp) => figure.value(ramp, commonCalls));
      const defined = values.filter((value) => value !== undefined);
      const mid = median(defined);
      bySide[side] = {
        rounds: values,
        ...(figure.key === 'maxCalls' ? { lowerBound: ramps.map((ramp) => ramp.lowerBound) } : {}),
        median: mid === undefined ? undefined : round(mid),
        spreadPercent: mid === undefined || mid === 0 || defined.length < 2 ? undefined : Math.round(((Math.max(...defined) - Math.min(...defined)) / Math.abs(mid)) * 100),
      };
    }
    const now = bySide['current']?.median;
    const before = bySide['baseline']?.median;
    return {
      key: figure.key,
      name: figure.name.replace('{common}', String(commonCalls ?? '–')),
      better: figure.better,
      current: bySide['current'],
      baseline: bySide['baseline'],
      /** (current − baseline) / baseline, in percent, of the medians. */
      deltaPercent: now === undefined || before === undefined || before === 0 ? undefined : round(((now - before) / before) * 100),
    };
  });
  return { current, baseline, commonCalls, figures, order: runs.map((run) => run.side), runs };
}

/** @param {number | undefined} value */
const num = (value) => (value === undefined ? '–' : String(round(value)));

/**
 * The comparison table: one row per figure, every round of each side, the medians, the difference.
 * @param {ReturnType<typeof summarize>} comparison @param {number} rounds
 */
export function printComparison(comparison, rounds) {
  const { current, baseline, figures } = comparison;
  const head = ['figure (better)', ...Array.from({ length: rounds }, (_, i) => `cur r${i + 1}`), 'cur median', ...Array.from({ length: rounds }, (_, i) => `base r${i + 1}`), 'base median', 'new vs base', 'spread cur/base'];
  const rows = figures.map((figure) => {
    /** @param {'current' | 'baseline'} side */
    const cells = (side) => {
      const data = figure[side];
      return [...(data?.rounds ?? []).map((value, i) => `${data?.lowerBound?.[i] ? '≥' : ''}${num(value)}`), num(data?.median)];
    };
    const delta = figure.deltaPercent === undefined ? '–' : `${figure.deltaPercent > 0 ? '+' : ''}${figure.deltaPercent.toFixed(1)} %`;
    const spread = `${num(figure.current?.spreadPercent)} / ${num(figure.baseline?.spreadPercent)} %`;
    return [`${figure.name} (${figure.better})`, ...cells('current'), ...cells('baseline'), delta, spread];
  });
  const widths = head.map((_, column) => Math.max(...[head, ...rows].map((row) => (row[column] ?? '').length)));
  const line = (/** @type {string[]} */ row) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0))).join('  ');
  console.log(`\n=== scenario (a): current (${current.tree}, HEAD ${current.commit.slice(0, 10)}${current.uncommittedFiles > 0 ? `, ${current.uncommittedFiles} files changed` : ''}) vs baseline ${baseline.ref} (${baseline.commit.slice(0, 10)}) ===`);
  console.log(`order: ${comparison.order.join(', ')}; new vs base = (current median − baseline median) / baseline median; spread = (max − min) / median of each side's rounds`);
  console.log(line(head));
  for (const row of rows) console.log(line(row));
}
