// @ts-check
/**
 * Writes a run of the media benchmark to bench/results: always `media-<timestamp>.json`, and
 * `latest.json` unless it was a smoke run. A run of every scenario replaces `latest.json`; a run of
 * only (d) replaces (d) in it and keeps the ramp's figures, which take six minutes to measure.
 * A comparison with a baseline (`--baseline`) writes `media-baseline-<timestamp>.json` and
 * `baseline-comparison.json` instead, and leaves `latest.json` alone.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Saves `results` into `dir` and returns the paths written, relative to the repository.
 * @param {string} dir
 * @param {any} results
 * @param {{ quick: boolean, complete: boolean, comparison?: boolean }} run
 */
export function saveResults(dir, results, run) {
  mkdirSync(dir, { recursive: true });
  const stamp = String(results.startedAt).replace(/[:.]/g, '-');
  const saved = [];
  if (run.comparison === true) {
    writeAtomically(join(dir, `media-baseline-${stamp}.json`), results);
    saved.push(`bench/results/media-baseline-${stamp}.json`);
    if (run.quick) return saved;
    writeAtomically(join(dir, 'baseline-comparison.json'), results);
    saved.push('bench/results/baseline-comparison.json');
    return saved;
  }
  writeAtomically(join(dir, `media-${stamp}.json`), results);
  saved.push(`bench/results/media-${stamp}.json`);
  // A smoke run is no measurement: it never replaces latest.json.
  if (run.quick) return saved;
  const latestPath = join(dir, 'latest.json');
  if (run.complete) {
    writeAtomically(latestPath, results);
    saved.push('bench/results/latest.json');
  } else if (results.scenarios.d !== undefined) {
    const latest = existsSync(latestPath) ? JSON.parse(readFileSync(latestPath, 'utf8')) : { benchmark: 'media', summary: {}, scenarios: {} };
    latest.scenarios = { ...latest.scenarios, d: results.scenarios.d };
    latest.summary = { ...latest.summary, distinctDebtors: results.summary.distinctDebtors };
    writeAtomically(latestPath, latest);
    saved.push('bench/results/latest.json (scenario d only)');
  }
  return saved;
}

/**
 * Written beside and renamed, so a reader never sees half a file (*.tmp is gitignored).
 * @param {string} path @param {unknown} value
 */
function writeAtomically(path, value) {
  writeFileSync(`${path}.tmp`, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}
