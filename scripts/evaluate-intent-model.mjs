// Intent accuracy on the held-out sets (test/nlu/holdout/<locale>.jsonl) of: the rules alone, the
// learned model alone, and the two chained as `Understanding` chains them (rules first, the
// learned model asked when the rules are below DEFAULT_ACCEPT_CONFIDENCE). Run: npm run
// eval:intents (builds dist first; everything here runs the built code).

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RulesNlu } from '../dist/src/nlu/index.js';
import { ManualScheduler } from '../dist/src/time/scheduler.js';
import { DEFAULT_ACCEPT_CONFIDENCE, LearnedUnderstander, RulesUnderstander, Understanding } from '../dist/src/understanding/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const NOW = '2026-03-11T15:00:00Z';
const TIME_ZONE = { 'en-US': 'America/New_York', 'zh-CN': 'Asia/Shanghai' };
const set = process.argv[2] ?? 'holdout';

function loadSet(locale) {
  return readFileSync(join(root, 'test', 'nlu', set, `${locale}.jsonl`), 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line));
}

function contextFor(locale, line) {
  const now = line.now ?? NOW;
  return {
    locale,
    nowMs: Date.parse(now),
    timeZone: line.tz ?? TIME_ZONE[locale],
    expected: { intents: [], slots: [] },
    debtorNames: [],
  };
}

const pct = (correct, total) => `${((100 * correct) / total).toFixed(1)}%`;

for (const locale of ['en-US', 'zh-CN']) {
  const lines = loadSet(locale);
  const rules = new RulesNlu();
  const learned = new LearnedUnderstander();
  const understanding = new Understanding({
    understanders: [new RulesUnderstander(), learned],
    budgetMs: 60_000,
    scheduler: new ManualScheduler(Date.parse(NOW)),
    acceptConfidence: DEFAULT_ACCEPT_CONFIDENCE,
  });
  const score = { rules: 0, learned: 0, chain: 0, unsure: 0, fromLearned: 0, fixed: 0, broken: 0 };
  const changes = [];
  for (const line of lines) {
    const context = contextFor(locale, line);
    const byRules = rules.classify(line.text, locale, { now: new Date(context.nowMs), timeZone: context.timeZone });
    const byLearned = learned.classify(line.text, locale);
    const chained = await understanding.understand(line.text, context);
    if (byRules.intent === line.intent) score.rules += 1;
    if (byLearned.intent === line.intent) score.learned += 1;
    if (chained.intent === line.intent) score.chain += 1;
    if (byRules.intent === 'unknown' || byRules.confidence < DEFAULT_ACCEPT_CONFIDENCE) score.unsure += 1;
    if (chained.source === 'learned') score.fromLearned += 1;
    if (chained.intent !== byRules.intent) {
      if (chained.intent === line.intent) score.fixed += 1;
      if (byRules.intent === line.intent) score.broken += 1;
      changes.push(
        `    ${JSON.stringify(line.text)}: rules ${byRules.intent} ${byRules.confidence.toFixed(2)} → chain ${chained.intent} ${chained.confidence.toFixed(2)} (want ${line.intent})`,
      );
    }
  }
  const n = lines.length;
  console.log(
    [
      `${locale} ${set} (${n} lines, accept confidence ${DEFAULT_ACCEPT_CONFIDENCE})`,
      `  rules alone        ${pct(score.rules, n)}  (${score.rules}/${n})`,
      `  learned alone      ${pct(score.learned, n)}  (${score.learned}/${n})`,
      `  rules → learned    ${pct(score.chain, n)}  (${score.chain}/${n})`,
      `  rules unsure on ${score.unsure}; answer taken from learned on ${score.fromLearned}; chain fixed ${score.fixed}, broke ${score.broken}`,
      ...(changes.length > 0 ? ['  changed answers:', ...changes] : []),
    ].join('\n'),
  );
}
