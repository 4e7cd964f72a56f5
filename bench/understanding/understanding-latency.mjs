// @ts-check
/**
 * Understanding latency per debtor turn, measured on the built package (`npm run bench:understanding`):
 *
 * - (u1) the default chain (rules, then the learned model when they are unsure, with the turn context a call gives it) over every line of the
 *   labelled sets: p50 / p99 / max per turn, per locale;
 * - (u2) `rules,llm` against a local OpenAI-compatible server that answers slower than the LLM's
 *   budget (every turn the rules are unsure of goes to the model): how long each turn takes from
 *   the question to the answer, which must stay within the budget plus 100 ms.
 *
 * Prints the figures and saves them to bench/results/understanding-latency.json.
 */
import { createServer } from 'node:http';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { Understanding, RulesUnderstander, LearnedUnderstander, LlmUnderstander } = await import(join(root, 'dist/src/understanding/index.js'));
const { systemScheduler } = await import(join(root, 'dist/src/time/scheduler.js'));
const NOW_MS = Date.parse('2026-03-11T15:00:00Z');
const LLM_BUDGET_MS = Number(process.env['BENCH_LLM_BUDGET_MS'] ?? 1200);
const SLOW_REPLY_MS = LLM_BUDGET_MS + 1500;

/** @param {'en-US' | 'zh-CN'} locale */
function contextFor(locale) {
  return {
    locale,
    nowMs: NOW_MS,
    timeZone: locale === 'en-US' ? 'America/New_York' : 'Asia/Shanghai',
    expected: { intents: ['affirm', 'deny', 'promise_to_pay', 'request_plan', 'hardship', 'refuse'], slots: ['amount', 'date'] },
    debtorNames: locale === 'en-US' ? ['John Smith', 'John', 'Smith'] : ['张伟'],
    lastPrompt: { id: 'early.ask_payment', text: 'Would you be able to pay at least three hundred dollars?' },
  };
}

/** @param {'en-US' | 'zh-CN'} locale */
function lines(locale) {
  return readFileSync(join(root, 'test/nlu/labeled', `${locale}.jsonl`), 'utf8').split('\n').filter((line) => line.trim() !== '').map((line) => /** @type {{text: string}} */ (JSON.parse(line)).text);
}

/** @param {number[]} values @param {number} q */
function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}
const round = (/** @type {number} */ value) => Math.round(value * 1000) / 1000;

const results = /** @type {Record<string, unknown>} */ ({ date: new Date().toISOString() });

// (u1) the default chain
for (const locale of /** @type {const} */ (['en-US', 'zh-CN'])) {
  const understanding = new Understanding({ understanders: [new RulesUnderstander(), new LearnedUnderstander()], budgetMs: 1500, scheduler: systemScheduler });
  const context = contextFor(locale);
  const texts = lines(locale);
  for (const text of texts.slice(0, 50)) await understanding.understand(text, context); // warm-up
  /** @type {number[]} */
  const times = [];
  for (const text of texts) {
    const started = performance.now();
    await understanding.understand(text, context);
    times.push(performance.now() - started);
  }
  const figures = { turns: times.length, p50Ms: round(quantile(times, 0.5)), p99Ms: round(quantile(times, 0.99)), maxMs: round(Math.max(...times)) };
  results[`u1 rules,learned ${locale}`] = figures;
  console.log(`(u1) rules,learned, ${locale}: ${figures.turns} turns  p50 ${figures.p50Ms} ms  p99 ${figures.p99Ms} ms  max ${figures.maxMs} ms`);
}

// (u2) rules,llm with a model slower than its budget
const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    setTimeout(() => {
      if (response.destroyed) return;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: 'x', object: 'chat.completion', created: 0, model: 'slow', choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: '{"intent":"unknown","confidence":0.1,"entities":{}}' } }] }));
    }, SLOW_REPLY_MS);
  });
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
const address = server.address();
const port = typeof address === 'object' && address !== null ? address.port : 0;
const llm = new LlmUnderstander({ baseUrl: `http://127.0.0.1:${port}/v1`, model: 'slow', budgetMs: LLM_BUDGET_MS, scheduler: systemScheduler, breaker: { failuresToOpen: 1_000_000 } });
const chain = new Understanding({ understanders: [new RulesUnderstander(), llm], budgetMs: LLM_BUDGET_MS + 300, scheduler: systemScheduler });
// Utterances the rules cannot settle, so every turn waits for the model.
const unsure = ['hmm well you know how it is', 'the thing is my cousin handles that stuff', 'what about the other one from before', '那个 就是 你懂的', '上次那个事情后来怎么说的', 'i mean i guess whatever works'];
/** @type {number[]} */
const turnTimes = [];
for (let i = 0; i < 12; i += 1) {
  const text = unsure[i % unsure.length] ?? '';
  const locale = /[\u4e00-\u9fff]/.test(text) ? 'zh-CN' : 'en-US';
  const started = performance.now();
  await chain.understand(text, contextFor(locale));
  turnTimes.push(performance.now() - started);
}
server.closeAllConnections();
server.close();
const within = turnTimes.every((ms) => ms <= LLM_BUDGET_MS + 100);
const slow = { llmBudgetMs: LLM_BUDGET_MS, modelReplyMs: SLOW_REPLY_MS, turns: turnTimes.length, maxMs: round(Math.max(...turnTimes)), p50Ms: round(quantile(turnTimes, 0.5)), allWithinBudgetPlus100: within };
results['u2 rules,llm slower than budget'] = slow;
console.log(`(u2) rules,llm with a model replying after ${SLOW_REPLY_MS} ms, budget ${LLM_BUDGET_MS} ms: ${slow.turns} turns  p50 ${slow.p50Ms} ms  max ${slow.maxMs} ms  every turn within budget + 100 ms: ${within}`);
const out = join(root, 'bench', 'results');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'understanding-latency.json'), JSON.stringify(results, null, 2) + '\n');
console.log('saved bench/results/understanding-latency.json');
if (!within) process.exitCode = 1;
