import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ANSWER_OUTPUT_NAME, LlmAnswerer, type LlmAnswererOptions } from '../../src/answering/index.js';
import type { Locale } from '../../src/domain/locale.js';
import { ManualScheduler, systemScheduler, type Scheduler } from '../../src/time/scheduler.js';
import { OpenAiCompatibleServer, closedPortBaseUrl } from '../understanding/openai-compatible-server.js';
import { answerJson, factsFor } from './facts.js';

/** Small, so the tests that wait for the budget in real time stay short. */
const BUDGET_MS = 300;
/** How late a settled promise may be after its budget (event loop, socket teardown). */
const SLACK_MS = 100;
const VERIFIED = factsFor(true);
const UNVERIFIED = factsFor(false);

let server: OpenAiCompatibleServer;

beforeEach(async () => {
  server = await OpenAiCompatibleServer.start();
});

afterEach(async () => {
  await server.close();
});

function answerer(options: Partial<LlmAnswererOptions> = {}, scheduler: Scheduler = systemScheduler): LlmAnswerer {
  return new LlmAnswerer({ baseUrl: server.baseUrl, model: 'test-model', budgetMs: BUDGET_MS, scheduler, ...options });
}

function ask(subject: LlmAnswerer, question = 'is this the loan from my dealership?', facts = VERIFIED, locale: Locale = 'en-US', signal = new AbortController().signal): Promise<string | undefined> {
  return subject.answer(question, facts, locale, signal);
}

function userMessage(index = 0): string {
  const messages = server.requests[index]?.body.messages;
  const user = Array.isArray(messages) ? (messages as { role: string; content: string }[]).find((message) => message.role === 'user') : undefined;
  return user?.content ?? '';
}

describe('LlmAnswerer: what it asks', () => {
  it('asks for strict json_schema output with the question, the language and the verified facts', async () => {
    server.reply({ content: answerJson('No, this is about your car loan with Acme Auto Finance.') });

    expect(await ask(answerer())).toBe('No, this is about your car loan with Acme Auto Finance.');
    const body = server.requests[0]?.body;
    expect(body).toMatchObject({ model: 'test-model', temperature: 0, response_format: { type: 'json_schema', json_schema: { name: ANSWER_OUTPUT_NAME, strict: true } } });
    expect(body?.stream).not.toBe(true);
    const user = userMessage();
    expect(user).toContain('is this the loan from my dealership?');
    expect(user).toContain('US English');
    expect(user).toContain('"balance":1250.5');
    expect(user).toContain('Acme Auto Finance');
    expect(user).toContain('"up_to_instalments":3');
    expect(user).toContain('"late_fees_apply":true');
    expect(server.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('sends nothing of the debt while the debtor is not verified: no balance, creditor, product or terms', async () => {
    server.reply({ content: answerJson('I can only discuss this with John Smith.') });

    expect(await ask(answerer(), 'what is this about?', UNVERIFIED)).toBe('I can only discuss this with John Smith.');
    const sent = server.requests[0]?.text ?? '';
    for (const detail of ['1250', 'Acme Auto Finance', 'car loan', '"account"', 'minimum', '416.8', '2026-02-20', 'late_fees', 'our website or mobile app']) expect(sent).not.toContain(detail);
    expect(sent).toContain('Account Services');
    expect(sent).toContain('+18005550100');
    expect(sent).toContain('\\"identity_confirmed\\":false');
  });

  it('asks in the call language', async () => {
    server.reply({ content: answerJson('这笔是您在安信消费金融的个人借款。') });

    expect(await ask(answerer(), '这是什么贷款？', factsFor(true, 'zh-CN-early'), 'zh-CN')).toBe('这笔是您在安信消费金融的个人借款。');
    expect(userMessage()).toContain('Mandarin Chinese');
  });

  it('sends the API key as a bearer token when there is one', async () => {
    server.reply({ content: answerJson('Yes.') });

    await ask(answerer({ apiKey: 'sk-test' }));
    expect(server.requests[0]?.headers.authorization).toBe('Bearer sk-test');
  });
});

describe('LlmAnswerer: which answers it keeps', () => {
  it('keeps a grounded answer whose figures are the facts’ own', async () => {
    server.reply({ content: answerJson('You can split the $1,250.50 into up to 3 instalments of $416.83, the last $416.84.') });

    expect(await ask(answerer(), 'can I split it?')).toBe('You can split the $1,250.50 into up to 3 instalments of $416.83, the last $416.84.');
  });

  it('keeps "I cannot answer that, a colleague will follow up" when the facts hold no answer', async () => {
    server.reply({ content: answerJson("I'm not able to answer that on this call, but a colleague can follow up with you in writing.") });

    expect(await ask(answerer(), "what's the interest rate on this?")).toBe("I'm not able to answer that on this call, but a colleague can follow up with you in writing.");
  });

  it('reads the JSON inside a code fence from a server that ignores response_format', async () => {
    server.reply({ content: `\`\`\`json\n${answerJson('Yes, late fees apply to this account.')}\n\`\`\`` });

    expect(await ask(answerer(), 'are there late fees?')).toBe('Yes, late fees apply to this account.');
  });

  it.each([
    ['an answer the model does not vouch for', answerJson('Probably around 19.9% a year.', false)],
    ['an invented sum', answerJson('Your interest this month was $37.20.')],
    ['an invented rate', answerJson('The interest rate is 5%.')],
    ['an invented date', answerJson('The late fee is waived if you pay by April 30th.')],
    ['an invented phone number', answerJson('Call our billing team at (212) 555-0199.')],
    ['an empty answer', answerJson('   ')],
    ['an answer too long for a phone call', answerJson(`Your balance is $1,250.50. ${'It is due. '.repeat(30)}`)],
  ])('discards %s', async (_what, content) => {
    server.reply({ content });

    expect(await ask(answerer())).toBeUndefined();
    expect(server.requests).toHaveLength(1);
  });

  it('discards the balance said to someone not verified: the facts it was given hold no sum at all', async () => {
    server.reply({ content: answerJson('You owe $1,250.50 on this account.') });

    expect(await ask(answerer(), 'how much is it?', UNVERIFIED)).toBeUndefined();
  });
});

describe('LlmAnswerer: failures', () => {
  it('gives no answer after its budget when the server is slower, and aborts the request', async () => {
    server.reply({ content: answerJson('Yes.'), delayMs: 2000 });

    const startedMs = performance.now();
    expect(await ask(answerer())).toBeUndefined();
    const elapsedMs = performance.now() - startedMs;
    expect(elapsedMs).toBeGreaterThanOrEqual(BUDGET_MS - 20);
    expect(elapsedMs).toBeLessThan(BUDGET_MS + SLACK_MS);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(server.requests[0]?.abortedByClient).toBe(true);
  });

  it('gives no answer on a 500, without retrying', async () => {
    server.reply({ status: 500 });

    expect(await ask(answerer())).toBeUndefined();
    expect(server.requests).toHaveLength(1);
  });

  it('gives no answer when the server cannot be reached, or replies with no JSON', async () => {
    const unreachable = new LlmAnswerer({ baseUrl: await closedPortBaseUrl(), model: 'test-model', budgetMs: BUDGET_MS, scheduler: systemScheduler });
    expect(await ask(unreachable)).toBeUndefined();
    server.reply({ content: 'Sure, the answer is yes.' });
    expect(await ask(answerer())).toBeUndefined();
  });

  it('stops when the caller aborts (the turn budget), at once', async () => {
    server.reply({ content: answerJson('Yes.'), delayMs: 2000 });
    const turn = new AbortController();
    setTimeout(() => turn.abort(), 50);

    const startedMs = performance.now();
    expect(await ask(answerer({ budgetMs: 5000 }), undefined, VERIFIED, 'en-US', turn.signal)).toBeUndefined();
    expect(performance.now() - startedMs).toBeLessThan(50 + SLACK_MS);
  });

  it('rests after three failures in a row: no request until the cool-down has passed, then one trial', async () => {
    const scheduler = new ManualScheduler(Date.parse('2026-03-11T15:00:00Z'));
    const subject = answerer({ breaker: { failuresToOpen: 3, coolDownMs: 30_000 } }, scheduler);
    server.reply({ status: 500 }, { status: 500 }, { status: 500 });
    for (let i = 0; i < 3; i += 1) expect(await ask(subject)).toBeUndefined();
    expect(subject.isOpen).toBe(true);

    expect(await ask(subject)).toBeUndefined();
    expect(server.requests).toHaveLength(3);

    scheduler.increment(30_000);
    server.reply({ content: answerJson('Yes, late fees apply to this account.') });
    expect(await ask(subject)).toBe('Yes, late fees apply to this account.');
    expect(subject.isOpen).toBe(false);
  });

  it('counts a discarded answer as the server working: it does not open the circuit', async () => {
    const subject = answerer({ breaker: { failuresToOpen: 1 } });
    server.reply({ content: answerJson('The rate is 5%.') }, { content: answerJson('Yes, late fees apply to this account.') });

    expect(await ask(subject)).toBeUndefined();
    expect(subject.isOpen).toBe(false);
    expect(await ask(subject)).toBe('Yes, late fees apply to this account.');
  });
});
