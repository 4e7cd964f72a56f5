// @ts-check
/**
 * Replay speed over the shipped fixtures (`npm run bench:replay`), on the built package:
 *
 * - `recorded`: recognition, synthesis, the language model and the hand-off as recorded (the
 *   default of `dunbot replay`, deterministic);
 * - `live`: the offline recognizer (soundswallower, en-US) and synthesizer (espeak-ng) run again
 *   on the audio; zh-CN calls have no offline recognizer and run on keys, as live.
 *
 * For each mode: every fixture replayed in turn in this one process (one core for the call
 * itself; `live` also uses the speech worker threads), its call time over the wall time it took.
 * `timesRealTime` is the total call time over the total wall time. Target for `recorded`: ≥ 200×.
 * Prints a table and saves bench/results/replay-latest.json.
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { loadFixture } = await import(join(root, 'dist/src/replay/fixture.js'));
const { replayCall } = await import(join(root, 'dist/src/replay/replay-call.js'));

const TARGET_RECORDED = 200;
const fixturesDir = join(root, 'fixtures', 'calls');
const files = readdirSync(fixturesDir).filter((name) => name.endsWith('.json')).sort();
if (files.length === 0) throw new Error(`no fixtures in ${fixturesDir}`);
const fixtures = files.map((name) => loadFixture(join(fixturesDir, name)));

/** @param {'recorded' | 'live'} providers */
async function measure(providers) {
  // One replay first, unmeasured: module loading and the speech workers' start are not replay speed.
  await replayCall(fixtures[0], { providers });
  const rows = [];
  for (const fixture of fixtures) {
    const result = await replayCall(fixture, { providers });
    rows.push({ name: fixture.name, callMs: result.callMs, wallMs: Math.round(result.wallMs * 10) / 10, timesRealTime: Math.round(result.callMs / result.wallMs), passed: result.passed });
  }
  const callMs = rows.reduce((sum, row) => sum + row.callMs, 0);
  const wallMs = rows.reduce((sum, row) => sum + row.wallMs, 0);
  return { providers, fixtures: rows.length, callMs, wallMs: Math.round(wallMs), timesRealTime: Math.round(callMs / wallMs), expectationsPassed: rows.filter((row) => row.passed).length, rows };
}

const startedAt = new Date().toISOString();
const recorded = await measure('recorded');
const live = await measure('live');
for (const mode of [recorded, live]) {
  console.log(`\n${mode.providers}: ${mode.fixtures} fixtures, ${(mode.callMs / 1000).toFixed(1)} s of calls in ${mode.wallMs} ms = ${mode.timesRealTime}× real time (${mode.expectationsPassed}/${mode.fixtures} fixtures' expectations held)`);
  for (const row of mode.rows) console.log(`  ${row.name.padEnd(48)} ${(row.callMs / 1000).toFixed(1).padStart(6)} s  ${String(row.wallMs).padStart(8)} ms  ${String(row.timesRealTime).padStart(5)}×${row.passed ? '' : '  (expectations not met)'}`);
}
const results = {
  startedAt,
  node: process.version,
  target: { recordedTimesRealTime: TARGET_RECORDED, met: recorded.timesRealTime >= TARGET_RECORDED },
  recorded,
  live,
};
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'replay-latest.json'), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nrecorded ${recorded.timesRealTime}× (target ≥ ${TARGET_RECORDED}×: ${results.target.met ? 'met' : 'NOT met'}), live ${live.timesRealTime}×; saved bench/results/replay-latest.json`);
