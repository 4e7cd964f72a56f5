// @ts-check
/**
 * Scores the rules understanding of a built tree on a labelled set: intent and entity accuracy,
 * recall of the safety intents and of distress, and recall of each signal the set labels.
 * `node scripts/score-nlu-set.mjs <set.jsonl> <locale> [tree]` — `tree` is a checkout whose
 * `dist/` is built (default: this one), so a set can be scored on an older build too.
 * With `SCORE_CHAIN=rules,learned` the set is read by that understanding chain instead (no
 * question context), as a call on those understanders reads it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const [setPath, locale, tree = join(dirname(fileURLToPath(import.meta.url)), '..')] = process.argv.slice(2);
if (setPath === undefined || (locale !== 'en-US' && locale !== 'zh-CN')) throw new Error('usage: score-nlu-set.mjs <set.jsonl> <en-US|zh-CN> [tree]');
const { RulesNlu } = await import(resolve(tree, 'dist/src/nlu/index.js'));
const SAFETY = new Set(['distress', 'abusive', 'attorney', 'bankruptcy', 'deceased', 'cease_contact']);
const timeZone = locale === 'en-US' ? 'America/New_York' : 'Asia/Shanghai';
const chain = process.env['SCORE_CHAIN'];
const nlu = chain === undefined ? new RulesNlu() : await chainNlu(chain.split(','));

/** The configured understanding chain, read synchronously enough for scoring: one utterance at a time. */
async function chainNlu(/** @type {string[]} */ names) {
  const { createUnderstanding } = await import(resolve(tree, 'dist/src/understanding/index.js'));
  const { ManualScheduler } = await import(resolve(tree, 'dist/src/time/scheduler.js'));
  const { silentLogger } = await import(resolve(tree, 'dist/src/log/logger.js'));
  const understanding = createUnderstanding({ understanders: names, understandingBudgetMs: 60_000 }, new ManualScheduler(0), silentLogger);
  return {
    /** @param {string} text @param {string} loc @param {{ now: Date, timeZone: string }} context */
    classify: async (text, loc, context) =>
      understanding.understand(text, { locale: loc, nowMs: context.now.getTime(), timeZone: context.timeZone, expected: { intents: [], slots: [] }, debtorNames: [] }),
  };
}
const lines = readFileSync(setPath, 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line));
let intentOk = 0;
let entityLines = 0;
let entityOk = 0;
const recall = { safety: [0, 0], distress: [0, 0] };
/** @type {Map<string, [number, number]>} */
const signals = new Map();
const misses = [];
for (const line of lines) {
  const result = await nlu.classify(line.text, locale, { now: new Date(line.now ?? '2026-03-11T15:00:00Z'), timeZone: line.tz ?? timeZone });
  const ok = result.intent === line.intent;
  if (ok) intentOk += 1;
  if (SAFETY.has(line.intent)) {
    recall.safety[1] += 1;
    if (ok) recall.safety[0] += 1;
  }
  if (line.intent === 'distress') {
    recall.distress[1] += 1;
    if (ok) recall.distress[0] += 1;
  }
  const hasEntity = line.amount !== undefined || line.date !== undefined || result.entities.amount !== undefined || result.entities.date !== undefined;
  const entitiesOk = result.entities.amount === line.amount && result.entities.date === line.date;
  if (hasEntity) {
    entityLines += 1;
    if (entitiesOk) entityOk += 1;
  }
  for (const signal of line.signals ?? []) {
    const counts = signals.get(signal) ?? [0, 0];
    counts[1] += 1;
    if ((result.signals ?? []).includes(signal)) counts[0] += 1;
    signals.set(signal, counts);
  }
  if (!ok || (hasEntity && !entitiesOk)) misses.push(`  ${JSON.stringify(line.text)} → ${result.intent} ${JSON.stringify(result.entities)} (want ${line.intent} ${JSON.stringify({ amount: line.amount, date: line.date })})`);
}
const pct = (/** @type {number} */ a, /** @type {number} */ b) => (b === 0 ? 'n/a' : `${((100 * a) / b).toFixed(1)} %`);
console.log(`${locale} ${setPath} (${lines.length} lines, tree ${tree})`);
console.log(`  intent accuracy   ${pct(intentOk, lines.length)} (${intentOk}/${lines.length})`);
console.log(`  entity accuracy   ${pct(entityOk, entityLines)} (${entityOk}/${entityLines})`);
console.log(`  safety recall     ${pct(recall.safety[0], recall.safety[1])} (${recall.safety[0]}/${recall.safety[1]})`);
console.log(`  distress recall   ${pct(recall.distress[0], recall.distress[1])} (${recall.distress[0]}/${recall.distress[1]})`);
console.log(`  signals           ${[...signals].map(([name, [hit, total]]) => `${name} ${hit}/${total}`).join(', ')}`);
if (process.env['SCORE_MISSES'] === '1') console.log(misses.join('\n'));
