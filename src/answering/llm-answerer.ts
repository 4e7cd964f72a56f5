import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import type { Locale } from '../domain/locale.js';
import { DunbotError, isDunbotError } from '../errors.js';
import { silentLogger, type Logger } from '../log/logger.js';
import type { Scheduler } from '../time/scheduler.js';
import { CircuitBreaker } from '../understanding/circuit-breaker.js';
import { DEFAULT_LLM_BUDGET_MS } from '../understanding/understander-names.js';
import { checkAnswer } from './answer-check.js';
import { buildAnswerMessages, type AnswerMessage } from './answer-prompt.js';
import { ANSWER_OUTPUT_NAME, ANSWER_OUTPUT_SCHEMA, readAnswerReply } from './answer-reply.js';
import type { Answerer } from './answerer.js';
import type { GroundingFacts } from './grounding-facts.js';

/** How `LlmAnswerer` is built. */
export interface LlmAnswererOptions {
  /** Base URL of an OpenAI-compatible API, with its version path: `https://api.openai.com/v1`, `http://localhost:11434/v1`. */
  readonly baseUrl: string;
  /** The model as the server names it. */
  readonly model: string;
  /** Sent as a bearer token; absent, no Authorization header is sent (local servers). */
  readonly apiKey?: string;
  /** The model's time per answer, in ms of `scheduler` time (and, as a backstop, of real time). Default `DEFAULT_LLM_BUDGET_MS`. */
  readonly budgetMs?: number;
  /** Runs the budget and the circuit's cool-down. */
  readonly scheduler: Scheduler;
  /** Sampling temperature; `null` leaves it to the server. Default 0: the same facts, the same answer. */
  readonly temperature?: number | null;
  /** The circuit breaker's settings; defaults: 3 consecutive failures open it for 30 s. */
  readonly breaker?: { readonly failuresToOpen?: number; readonly coolDownMs?: number };
  /** Where unused answers and failures are logged. Default: nowhere. */
  readonly logger?: Logger;
}

type OpenAiModule = typeof import('openai');

/**
 * Answers an off-script question with a language model on any OpenAI-compatible server, grounded
 * only in the call's facts (see `buildAnswerMessages`), as structured output `{ answer, grounded }`.
 * An answer is used only when `checkAnswer` passes it: vouched for, short, and naming no figure the
 * facts do not hold. One request per question, never retried: a caller is waiting, and the scripted
 * "a colleague will follow up" is a good answer too. The request is bounded by `budgetMs` and by
 * the caller's signal, whichever ends first; failures open the same kind of circuit breaker as the
 * `llm` understander's (3 in a row rest it for 30 s), and while it is open no request is made.
 * Never rejects: every way of having no answer resolves `undefined`, logged with its reason.
 *
 * @example
 * const answerer = new LlmAnswerer({ baseUrl: 'http://localhost:11434/v1', model: 'qwen2.5:7b-instruct', scheduler: systemScheduler });
 * await answerer.answer("what's the interest rate?", facts, 'en-US', signal);
 * // → "I'm not able to answer that on this call, but a colleague can follow up in writing." (or undefined)
 */
export class LlmAnswerer implements Answerer {
  readonly name = 'llm';
  private readonly model: string;
  private readonly budgetMs: number;
  private readonly scheduler: Scheduler;
  private readonly temperature: number | null;
  private readonly breaker: CircuitBreaker;
  private readonly logger: Logger;
  // Loaded when an answerer is made, so configurations without one never load the SDK.
  private readonly client: Promise<{ readonly sdk: OpenAiModule; readonly openai: OpenAI }>;

  constructor(options: LlmAnswererOptions) {
    const budgetMs = options.budgetMs ?? DEFAULT_LLM_BUDGET_MS;
    if (!Number.isFinite(budgetMs) || budgetMs <= 0) throw new DunbotError('DUN_ERR_CONFIG_INVALID', `llm answer budget must be a positive number of ms, got ${budgetMs}`);
    if (options.model.trim() === '') throw new DunbotError('DUN_ERR_CONFIG_INVALID', 'llm model must not be empty');
    this.model = options.model;
    this.budgetMs = budgetMs;
    this.scheduler = options.scheduler;
    this.temperature = options.temperature === undefined ? 0 : options.temperature;
    this.breaker = new CircuitBreaker({ clock: options.scheduler, ...options.breaker });
    this.logger = options.logger ?? silentLogger;
    this.client = import('openai').then((sdk) => ({
      sdk,
      openai: new sdk.default({
        baseURL: options.baseUrl,
        // The SDK insists on a key; without one the Authorization header is dropped below.
        apiKey: options.apiKey ?? 'none',
        organization: null,
        project: null,
        defaultHeaders: options.apiKey === undefined ? { Authorization: null } : {},
        maxRetries: 0,
        // A backstop in real time for when the scheduler's time stands still (a replay, `chat --now`).
        timeout: budgetMs,
      }),
    }));
    // Settled when first used; this keeps a failed load from being reported before then.
    this.client.catch(() => undefined);
  }

  /** True while the circuit is open: no request is made and every answer is `undefined`. */
  get isOpen(): boolean {
    return this.breaker.isOpen;
  }

  async answer(question: string, facts: GroundingFacts, locale: Locale, signal: AbortSignal): Promise<string | undefined> {
    if (signal.aborted) return undefined;
    if (!this.breaker.tryAcquire()) {
      this.logger.info('no generated answer: the model is resting after consecutive failures', { code: 'DUN_ERR_LLM_UNAVAILABLE', retryInMs: this.breaker.retryInMs });
      return undefined;
    }
    const budget = new AbortController();
    const onCallerAbort = (): void => budget.abort(signal.reason);
    signal.addEventListener('abort', onCallerAbort, { once: true });
    const timer = this.scheduler.setTimeout(() => budget.abort(new DOMException('llm answer budget ran out', 'TimeoutError')), this.budgetMs);
    try {
      const reply = readAnswerReply(await this.request(buildAnswerMessages(question, facts, locale), budget.signal));
      // The server answered: whether the answer is usable says nothing about the server's health.
      this.breaker.recordSuccess();
      const verdict = checkAnswer(reply, facts, locale);
      if (verdict.ok) return verdict.text;
      this.logger.info('generated answer not used', { reason: verdict.reason, ...(verdict.detail !== undefined ? { detail: verdict.detail } : {}), pii: { answer: reply.answer } });
      return undefined;
    } catch (error) {
      this.breaker.recordFailure();
      const failure = await this.describeFailure(error, budget.signal.aborted);
      this.logger.warn('no generated answer: the llm request failed', { code: failure.code, reason: failure.details.reason, ...(failure.details.status !== undefined ? { status: failure.details.status } : {}) });
      return undefined;
    } finally {
      this.scheduler.clearTimeout(timer);
      signal.removeEventListener('abort', onCallerAbort);
    }
  }

  private async request(messages: readonly AnswerMessage[], signal: AbortSignal): Promise<unknown> {
    const { openai } = await this.client;
    const body: ChatCompletionCreateParamsNonStreaming = {
      model: this.model,
      messages: [...messages],
      ...(this.temperature === null ? {} : { temperature: this.temperature }),
      response_format: { type: 'json_schema', json_schema: { name: ANSWER_OUTPUT_NAME, schema: { ...ANSWER_OUTPUT_SCHEMA }, strict: true } },
    };
    return openai.chat.completions.create(body, { signal, maxRetries: 0 });
  }

  /** The failure as the understander's errors name it, for the log. */
  private async describeFailure(error: unknown, timedOut: boolean): Promise<DunbotError> {
    if (isDunbotError(error)) return error;
    const sdk = await this.client.then((client) => client.sdk, () => undefined);
    if (timedOut || (sdk !== undefined && error instanceof sdk.APIConnectionTimeoutError)) {
      return new DunbotError('DUN_ERR_LLM_FAILED', 'the llm gave no answer within its budget', { details: { reason: 'timeout', budgetMs: this.budgetMs }, cause: error });
    }
    if (sdk !== undefined && error instanceof sdk.APIConnectionError) return new DunbotError('DUN_ERR_LLM_FAILED', 'the llm server could not be reached', { details: { reason: 'connection' }, cause: error });
    if (sdk !== undefined && error instanceof sdk.APIError && typeof error.status === 'number') {
      return new DunbotError('DUN_ERR_LLM_FAILED', `the llm server answered HTTP ${error.status}`, { details: { reason: 'http_status', status: error.status }, cause: error });
    }
    return new DunbotError('DUN_ERR_LLM_FAILED', 'the llm request failed', { details: { reason: 'request' }, cause: error });
  }
}
