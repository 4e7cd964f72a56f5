import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from '../../src/log/logger.js';
import type { Nlu, NluResult } from '../../src/nlu/index.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import { ManualScheduler, systemScheduler, type Scheduler } from '../../src/time/scheduler.js';
import {
  LLM_CLASSIFICATION_NAME,
  LlmUnderstander,
  Understanding,
  createUnderstanding,
  type LlmUnderstanderOptions,
  type TurnContext,
} from '../../src/understanding/index.js';
import { NOW_MS, answering, turnContextFor } from './fake-understander.js';
import { OpenAiCompatibleServer, closedPortBaseUrl } from './openai-compatible-server.js';

/** Small, so the tests that wait for the budget in real time stay short. */
const BUDGET_MS = 300;
/** How late a settled promise may be after its budget (event loop, socket teardown). */
const SLACK_MS = 100;
const CONTEXT = turnContextFor('en-US');

let server: OpenAiCompatibleServer;

beforeEach(async () => {
  server = await OpenAiCompatibleServer.start();
});

afterEach(async () => {
  await server.close();
});

function classification(intent: string, confidence: number, entities: Record<string, unknown> = {}, signals: string[] = []): string {
  const nulls = { amount: null, date: null, dateRange: null, callbackAt: null, name: null, identifier: null };
  return JSON.stringify({ intent, confidence, entities: { ...nulls, ...entities }, signals });
}

function llm(options: Partial<LlmUnderstanderOptions> = {}, scheduler: Scheduler = systemScheduler): LlmUnderstander {
  return new LlmUnderstander({ baseUrl: server.baseUrl, model: 'test-model', budgetMs: BUDGET_MS, scheduler, rules: false, ...options });
}

function ask(understander: LlmUnderstander, utterance = 'i can pay two hundred on friday', context: TurnContext = CONTEXT, signal = new AbortController().signal): Promise<NluResult> {
  return understander.understand(utterance, context, signal);
}

/** The promise's rejection and how long it took to settle, in real ms. */
async function timedRejection(promise: Promise<unknown>): Promise<{ error: unknown; elapsedMs: number }> {
  const startedMs = performance.now();
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  return { error, elapsedMs: performance.now() - startedMs };
}

function userMessage(index = 0): string {
  const messages = server.requests[index]?.body.messages;
  const user = Array.isArray(messages) ? (messages as { role: string; content: string }[]).find((message) => message.role === 'user') : undefined;
  return user?.content ?? '';
}

describe('LlmUnderstander: reading the reply', () => {
  it('asks for strict json_schema output and reads the classification, dropping null entities', async () => {
    server.reply({ content: classification('promise_to_pay', 0.93, { amount: 200, date: '2026-03-13' }) });

    expect(await ask(llm())).toEqual({ intent: 'promise_to_pay', confidence: 0.93, entities: { amount: 200, date: '2026-03-13' } });
    const body = server.requests[0]?.body;
    expect(body).toMatchObject({ model: 'test-model', temperature: 0, response_format: { type: 'json_schema', json_schema: { name: LLM_CLASSIFICATION_NAME, strict: true } } });
    expect(body?.stream).not.toBe(true);
  });

  it('reads signals', async () => {
    server.reply({ content: classification('ask_caller_identity', 0.9, {}, ['ask_robot']) });

    expect(await ask(llm(), 'are you a robot')).toEqual({ intent: 'ask_caller_identity', confidence: 0.9, entities: {}, signals: ['ask_robot'] });
  });

  it('reads a tool-call reply, and in tool mode forces the classification function', async () => {
    server.reply({ toolCall: { name: LLM_CLASSIFICATION_NAME, arguments: classification('hardship', 0.88) } });

    expect(await ask(llm({ structuredOutput: 'tool' }), 'i lost my job')).toEqual({ intent: 'hardship', confidence: 0.88, entities: {} });
    expect(server.requests[0]?.body).toMatchObject({ tool_choice: { type: 'function', function: { name: LLM_CLASSIFICATION_NAME } } });
    expect(server.requests[0]?.body.response_format).toBeUndefined();
  });

  it('reads a tool-call reply even when it asked for json_schema', async () => {
    server.reply({ toolCall: { name: LLM_CLASSIFICATION_NAME, arguments: classification('deny', 0.8) } });

    expect(await ask(llm(), 'no')).toMatchObject({ intent: 'deny', confidence: 0.8 });
  });

  it('reads a JSON object inside plain content from a server that ignores response_format', async () => {
    server.reply({ content: `Here is the classification:\n\`\`\`json\n${JSON.stringify({ intent: 'callback', confidence: 0.75, entities: {} })}\n\`\`\`` });

    expect(await ask(llm(), 'call me later')).toEqual({ intent: 'callback', confidence: 0.75, entities: {} });
  });

  it.each([
    ['content with no JSON', 'The debtor wants to pay.'],
    ['an intent that does not exist', classification('pay_later', 0.9)],
    ['a confidence outside 0..1', classification('affirm', 1.5)],
    ['a date that is not ISO', classification('promise_to_pay', 0.9, { date: 'Friday' })],
    ['an empty reply', ''],
  ])('fails with DUN_ERR_LLM_FAILED on %s, without retrying', async (_what, content) => {
    server.reply({ content });

    await expect(ask(llm())).rejects.toMatchObject({ code: 'DUN_ERR_LLM_FAILED', retryable: false });
    expect(server.requests).toHaveLength(1);
  });
});

describe('LlmUnderstander: the request', () => {
  it('carries the turn context (question, last prompt, names, today in the debtor zone) and no account data', async () => {
    server.reply({ content: classification('promise_to_pay', 0.9) });
    // A context with account data on it, as a careless caller might pass: none of it may leave.
    const withAccount = { ...CONTEXT, balance: 1250.5, minimumDue: 300, account: { creditor: 'Acme Auto Finance', phone: '+15551230001' } };

    await ask(llm(), 'two hundred', withAccount);

    const user = userMessage();
    expect(user).toContain('"two hundred"');
    expect(user).toContain('How much can you pay?');
    expect(user).toContain('John Smith');
    expect(user).toContain('"promise_to_pay"');
    expect(user).toContain('"amount"');
    // 15:00 UTC on Wednesday 2026-03-11 is 11:00 that day in New York.
    expect(user).toContain('2026-03-11 (Wednesday)');
    expect(user).toContain('America/New_York');
    const sent = server.requests[0]?.text ?? '';
    for (const secret of ['1250.5', '"balance"', 'minimumDue', 'Acme', '+15551230001']) expect(sent).not.toContain(secret);
  });

  it('describes every intent, the precedence and the signals in the instructions', async () => {
    server.reply({ content: classification('affirm', 0.9) });

    await ask(llm(), 'yes');

    const messages = server.requests[0]?.body.messages;
    const system = Array.isArray(messages) ? String((messages[0] as { content: unknown }).content) : '';
    for (const name of ['affirm', 'deceased', 'ask_caller_identity', 'unknown', 'repeat_request', 'correction']) expect(system).toContain(`- ${name}:`);
    expect(system).toContain('distress > attorney > bankruptcy');
  });

  it('leaves the temperature to the server when told to (models that accept only their default)', async () => {
    server.reply({ content: classification('affirm', 0.9) });

    await ask(llm({ temperature: null }), 'yes');

    expect(server.requests[0]?.body).not.toHaveProperty('temperature');
  });

  it('sends the API key as a bearer token, and no Authorization header without one', async () => {
    server.reply({ content: classification('affirm', 0.9) }, { content: classification('affirm', 0.9) });

    await ask(llm({ apiKey: 'sk-test' }), 'yes');
    await ask(llm(), 'yes');

    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-test');
    expect(server.requests[1]?.headers.authorization).toBeUndefined();
  });

  it('never asks to stream, so a server that only answers JSON is enough', async () => {
    const jsonOnly = await OpenAiCompatibleServer.start({ jsonOnly: true });
    try {
      jsonOnly.reply({ content: classification('refuse', 0.85) });

      expect(await ask(llm({ baseUrl: jsonOnly.baseUrl }), "i'm not paying")).toMatchObject({ intent: 'refuse' });
      expect(jsonOnly.requests[0]?.body.stream).toBeUndefined();
    } finally {
      await jsonOnly.close();
    }
  });

  it('(the test server) streams SSE chunks ending in [DONE] when a client asks for a stream', async () => {
    const content = classification('affirm', 0.9);
    server.reply({ content });
    const client = new OpenAI({ baseURL: server.baseUrl, apiKey: 'sk-test', maxRetries: 0 });

    const stream = await client.chat.completions.create({ model: 'test-model', messages: [{ role: 'user', content: 'yes' }], stream: true });
    let streamed = '';
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';

    expect(streamed).toBe(content);
  });
});

describe('LlmUnderstander: budget and retries', () => {
  it('settles within its budget when the server is slower, aborting the HTTP request', async () => {
    server.reply({ content: classification('affirm', 0.9), delayMs: 5000 });

    const { error, elapsedMs } = await timedRejection(ask(llm()));

    expect(error).toMatchObject({ code: 'DUN_ERR_LLM_FAILED', details: { reason: 'timeout' } });
    expect(elapsedMs).toBeLessThan(BUDGET_MS + SLACK_MS);
    await expect.poll(() => server.requests[0]?.abortedByClient).toBe(true);
  });

  it("stops at the turn's signal when it ends before the llm budget", async () => {
    server.reply({ content: classification('affirm', 0.9), delayMs: 5000 });
    const turn = new AbortController();
    systemScheduler.setTimeout(() => turn.abort(new DOMException('understanding budget ran out', 'TimeoutError')), 100);

    const { error, elapsedMs } = await timedRejection(ask(llm({ budgetMs: 2000 }), 'yes', CONTEXT, turn.signal));

    expect(error).toMatchObject({ code: 'DUN_ERR_LLM_FAILED', details: { reason: 'timeout' } });
    expect(elapsedMs).toBeLessThan(100 + SLACK_MS);
  });

  it('retries a 429 after its retry-after when that fits in the budget', async () => {
    server.reply({ status: 429, headers: { 'retry-after': '0' } }, { content: classification('affirm', 0.9) });

    expect(await ask(llm(), 'yes')).toMatchObject({ intent: 'affirm' });
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a 429 whose retry-after ends past the budget', async () => {
    server.reply({ status: 429, headers: { 'retry-after': '1' } }, { content: classification('affirm', 0.9) });

    const { error, elapsedMs } = await timedRejection(ask(llm(), 'yes'));

    expect(error).toMatchObject({ code: 'DUN_ERR_LLM_FAILED', retryable: true, details: { reason: 'http_status', status: 429 } });
    expect(server.requests).toHaveLength(1);
    expect(elapsedMs).toBeLessThan(BUDGET_MS);
  });

  it('retries a 500 with backoff, at most 3 requests', async () => {
    server.reply({ status: 500 }, { status: 500 }, { status: 500 }, { content: classification('affirm', 0.9) });

    await expect(ask(llm(), 'yes')).rejects.toMatchObject({ code: 'DUN_ERR_LLM_FAILED', details: { status: 500 } });
    expect(server.requests).toHaveLength(3);
  });

  it('recovers when a retry of a 500 succeeds', async () => {
    server.reply({ status: 500 }, { content: classification('deny', 0.8) });

    expect(await ask(llm(), 'no')).toMatchObject({ intent: 'deny' });
    expect(server.requests).toHaveLength(2);
  });

  it('retries only while the wait leaves time in the budget', async () => {
    // 180 ms fits in the 300 ms budget once; a second 180 ms wait would end past it.
    server.reply({ status: 503, headers: { 'retry-after-ms': '180' } }, { status: 503, headers: { 'retry-after-ms': '180' } }, { content: classification('affirm', 0.9) });

    const { error, elapsedMs } = await timedRejection(ask(llm(), 'yes'));

    expect(error).toMatchObject({ code: 'DUN_ERR_LLM_FAILED', details: { status: 503 } });
    expect(server.requests).toHaveLength(2);
    expect(elapsedMs).toBeLessThan(BUDGET_MS + SLACK_MS);
  });

  it('does not retry a client error such as 400', async () => {
    server.reply({ status: 400 }, { content: classification('affirm', 0.9) });

    await expect(ask(llm(), 'yes')).rejects.toMatchObject({ code: 'DUN_ERR_LLM_FAILED', retryable: false, details: { status: 400 } });
    expect(server.requests).toHaveLength(1);
  });

  it('fails with DUN_ERR_LLM_FAILED when the server refuses connections', async () => {
    const { error, elapsedMs } = await timedRejection(ask(llm({ baseUrl: await closedPortBaseUrl() }), 'yes'));

    expect(error).toMatchObject({ code: 'DUN_ERR_LLM_FAILED', retryable: true, details: { reason: 'connection' } });
    expect(elapsedMs).toBeLessThan(BUDGET_MS + SLACK_MS);
  });
});

describe('LlmUnderstander: circuit breaker', () => {
  // Time of the breaker moves only on increment; the HTTP requests themselves are real.
  async function failThreeTimes(understander: LlmUnderstander): Promise<void> {
    server.reply({ content: 'not json' }, { content: 'not json' }, { content: 'not json' });
    for (let failure = 0; failure < 3; failure += 1) await expect(ask(understander, 'yes')).rejects.toMatchObject({ code: 'DUN_ERR_LLM_FAILED' });
  }

  it('opens after 3 consecutive failures: the model is not asked and DUN_ERR_LLM_UNAVAILABLE is thrown', async () => {
    const scheduler = new ManualScheduler(NOW_MS);
    const understander = llm({}, scheduler);

    await failThreeTimes(understander);

    expect(understander.isOpen).toBe(true);
    await expect(ask(understander, 'yes')).rejects.toMatchObject({ code: 'DUN_ERR_LLM_UNAVAILABLE', retryable: true, details: { retryInMs: 30_000 } });
    expect(server.requests).toHaveLength(3);
  });

  it('counts only consecutive failures', async () => {
    const understander = llm({}, new ManualScheduler(NOW_MS));
    server.reply({ content: 'x' }, { content: 'x' }, { content: classification('affirm', 0.9) }, { content: 'x' }, { content: 'x' });

    for (const outcome of ['fail', 'fail', 'ok', 'fail', 'fail']) {
      const answer = ask(understander, 'yes');
      if (outcome === 'ok') await expect(answer).resolves.toMatchObject({ intent: 'affirm' });
      else await expect(answer).rejects.toMatchObject({ code: 'DUN_ERR_LLM_FAILED' });
    }

    expect(understander.isOpen).toBe(false);
  });

  it('lets one trial request through after 30 s, and closes when it succeeds', async () => {
    const scheduler = new ManualScheduler(NOW_MS);
    const understander = llm({}, scheduler);
    await failThreeTimes(understander);

    scheduler.increment(29_999);
    await expect(ask(understander, 'yes')).rejects.toMatchObject({ code: 'DUN_ERR_LLM_UNAVAILABLE' });
    scheduler.increment(1);
    expect(understander.isOpen).toBe(false);
    server.reply({ content: classification('affirm', 0.9) });

    expect(await ask(understander, 'yes')).toMatchObject({ intent: 'affirm' });
    expect(understander.isOpen).toBe(false);
    expect(server.requests).toHaveLength(4);
  });

  it('opens again for 30 s when the trial request fails, and refuses others while the trial is under way', async () => {
    const scheduler = new ManualScheduler(NOW_MS);
    const understander = llm({}, scheduler);
    await failThreeTimes(understander);
    scheduler.increment(30_000);
    server.reply({ status: 400, delayMs: 50 });

    const trial = ask(understander, 'yes');
    await expect.poll(() => server.requests.length).toBe(4);
    expect(understander.isOpen).toBe(true);
    await expect(ask(understander, 'yes')).rejects.toMatchObject({ code: 'DUN_ERR_LLM_UNAVAILABLE' });
    await expect(trial).rejects.toMatchObject({ code: 'DUN_ERR_LLM_FAILED' });

    expect(understander.isOpen).toBe(true);
    scheduler.increment(29_999);
    expect(understander.isOpen).toBe(true);
    scheduler.increment(1);
    expect(understander.isOpen).toBe(false);
  });

  it('counts a reply slower than the budget as a failure', async () => {
    const understander = llm({ budgetMs: 100 });
    server.reply(...Array.from({ length: 3 }, () => ({ content: classification('affirm', 0.9), delayMs: 2000 })));

    for (let failure = 0; failure < 3; failure += 1) await expect(ask(understander, 'yes')).rejects.toMatchObject({ details: { reason: 'timeout' } });

    expect(understander.isOpen).toBe(true);
  });

  it('lets understanding go on without the model while open, logging the code', async () => {
    const scheduler = new ManualScheduler(NOW_MS);
    const understander = llm({}, scheduler);
    await failThreeTimes(understander);
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({ level: 'debug', write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    const understanding = new Understanding({ understanders: [answering('rules', 'refuse', 0.3), understander], budgetMs: 1500, scheduler, logger });

    expect(await understanding.understand('meh', CONTEXT)).toMatchObject({ intent: 'refuse', source: 'rules' });
    expect(lines).toContainEqual(expect.objectContaining({ code: 'DUN_ERR_UNDERSTANDER_FAILED', understander: 'llm', cause: 'DUN_ERR_LLM_UNAVAILABLE' }));
  });
});

describe('LlmUnderstander: the rules win over an unsure model', () => {
  const rulesSay = (intent: NluResult['intent'], confidence: number): Nlu => ({ classify: () => ({ intent, confidence, entities: {} }) });

  it.each([
    ['disagrees below 0.7', 'refuse', 0.69, { intent: 'hardship', confidence: 0.4 }],
    ['disagrees at 0.7', 'refuse', 0.7, { intent: 'refuse', confidence: 0.7 }],
    ['agrees below 0.7', 'hardship', 0.6, { intent: 'hardship', confidence: 0.6 }],
  ] as const)('when the model %s, the answer is %o', async (_what, intent, confidence, expected) => {
    server.reply({ content: classification(intent, confidence) });

    expect(await ask(llm({ rules: rulesSay('hardship', 0.4) }), 'i just cannot')).toMatchObject(expected);
  });

  it('takes the unsure model when the rules name no intent', async () => {
    server.reply({ content: classification('callback', 0.55) });

    expect(await ask(llm({ rules: rulesSay('unknown', 0) }), 'hmm later maybe')).toMatchObject({ intent: 'callback', confidence: 0.55 });
  });

  it('uses the rules NLU by default', async () => {
    server.reply({ content: classification('refuse', 0.6) });

    expect(await ask(new LlmUnderstander({ baseUrl: server.baseUrl, model: 'test-model', budgetMs: BUDGET_MS, scheduler: systemScheduler }))).toMatchObject({ intent: 'promise_to_pay', entities: { amount: 200 } });
  });

  it('with rules,llm: the llm is asked only when the rules are unsure, and an unsure disagreement keeps the rules answer', async () => {
    const scheduler = new ManualScheduler(NOW_MS);
    const understanding = (rules: ReturnType<typeof answering>) =>
      new Understanding({ understanders: [rules, llm({ rules: rulesSay(rules.name === 'rules' ? 'hardship' : 'unknown', 0.4) }, scheduler)], budgetMs: 1500, scheduler });
    server.reply({ content: classification('refuse', 0.6) }, { content: classification('refuse', 0.8) });

    expect(await understanding(answering('rules', 'affirm', 0.9)).understand('yes', CONTEXT)).toMatchObject({ intent: 'affirm', source: 'rules' });
    expect(server.requests).toHaveLength(0);
    expect(await understanding(answering('rules', 'hardship', 0.4)).understand('x', CONTEXT)).toMatchObject({ intent: 'hardship', source: 'rules' });
    expect(await understanding(answering('rules', 'hardship', 0.4)).understand('x', CONTEXT)).toMatchObject({ intent: 'refuse', confidence: 0.8, source: 'llm' });
  });
});

describe('the llm understander in configuration', () => {
  const scheduler = new ManualScheduler(NOW_MS);

  it('is built from DUNBOT_LLM_* settings and named in DUNBOT_UNDERSTANDERS', async () => {
    const config = loadServerConfig({ DUNBOT_UNDERSTANDERS: 'rules,llm', DUNBOT_LLM_BASE_URL: server.baseUrl, DUNBOT_LLM_MODEL: 'qwen2.5:7b', DUNBOT_LLM_API_KEY: 'sk-local', DUNBOT_LLM_BUDGET_MS: '400' });
    expect(config).toMatchObject({ understanders: ['rules', 'llm'], llmModel: 'qwen2.5:7b', llmBudgetMs: 400 });
    server.reply({ content: classification('ask_balance', 0.9) });

    const understood = await createUnderstanding({ ...config, understanders: ['llm'] }, scheduler, silentLogger).understand('what do i owe', CONTEXT);

    expect(understood).toMatchObject({ intent: 'ask_balance', source: 'llm' });
    expect(server.requests[0]?.body.model).toBe('qwen2.5:7b');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-local');
  });

  it('defaults the llm budget to 1200 ms and leaves the llm out unless named', () => {
    expect(loadServerConfig({})).toMatchObject({ understanders: ['rules', 'learned'], llmBudgetMs: 1200 });
  });

  it.each([
    ['no base URL', { llmModel: 'm' }, 'DUNBOT_LLM_BASE_URL'],
    ['no model', { llmBaseUrl: 'http://127.0.0.1:11434/v1' }, 'DUNBOT_LLM_MODEL'],
  ])('refuses to compose llm with %s, naming the setting', (_what, settings, variable) => {
    expect.assertions(2);
    try {
      createUnderstanding({ understandingBudgetMs: 1500, understanders: ['rules', 'llm'], ...settings }, scheduler, silentLogger);
    } catch (error) {
      expect(error).toMatchObject({ code: 'DUN_ERR_CONFIG_INVALID' });
      expect(String(error)).toContain(variable);
    }
  });

  it.each([
    [{ DUNBOT_LLM_BASE_URL: 'not a url', DUNBOT_LLM_MODEL: 'm' }, 'DUNBOT_LLM_BASE_URL'],
    [{ DUNBOT_LLM_BASE_URL: 'ftp://host/v1', DUNBOT_LLM_MODEL: 'm' }, 'DUNBOT_LLM_BASE_URL'],
    [{ DUNBOT_LLM_BASE_URL: 'http://127.0.0.1:11434/v1' }, 'DUNBOT_LLM_MODEL'],
    [{ DUNBOT_LLM_BASE_URL: 'http://127.0.0.1:11434/v1', DUNBOT_LLM_MODEL: '  ' }, 'DUNBOT_LLM_MODEL'],
    [{ DUNBOT_LLM_BUDGET_MS: '10' }, 'DUNBOT_LLM_BUDGET_MS'],
  ])('refuses %o at load, naming %s', (env, variable) => {
    expect(() => loadServerConfig(env)).toThrow(expect.objectContaining({ code: 'DUN_ERR_CONFIG_INVALID', message: expect.stringContaining(variable) }));
  });
});
