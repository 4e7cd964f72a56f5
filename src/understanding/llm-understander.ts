import type OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { DunbotError, isDunbotError } from '../errors.js';
import { silentLogger, type Logger } from '../log/logger.js';
import { RulesNlu, type Nlu, type NluResult } from '../nlu/index.js';
import type { Scheduler, TimerHandle } from '../time/scheduler.js';
import { CircuitBreaker } from './circuit-breaker.js';
import { buildLlmMessages, type LlmMessage } from './llm-prompt.js';
import { LLM_CLASSIFICATION_NAME, LLM_CLASSIFICATION_SCHEMA, parseLlmReply } from './llm-reply.js';
import type { TurnContext } from './turn-context.js';
import { DEFAULT_LLM_BUDGET_MS } from './understander-names.js';
import type { Understander } from './understander.js';

export { DEFAULT_LLM_BUDGET_MS };

/** Requests per turn at most, the first included; each retry must also fit in the budget. */
export const DEFAULT_LLM_MAX_ATTEMPTS = 3;

/** Wait before the first retry when the server names none, in ms; doubled for each further retry. */
export const LLM_RETRY_BASE_DELAY_MS = 50;

/**
 * Below this confidence the model does not overrule the rules: when it names another intent than
 * the rules' reading (and the rules name one), the rules' reading is returned instead.
 */
export const LLM_OVERRULE_CONFIDENCE = 0.7;

/** How the classification is requested: structured output (`response_format`), or a forced tool call for servers without it. */
export type LlmStructuredOutput = 'json_schema' | 'tool';

/** How `LlmUnderstander` is built. */
export interface LlmUnderstanderOptions {
  /** Base URL of an OpenAI-compatible API, with its version path: `https://api.openai.com/v1`, `http://localhost:11434/v1`. */
  readonly baseUrl: string;
  /** The model as the server names it (`gpt-4o-mini`, `qwen2.5:7b-instruct`). */
  readonly model: string;
  /** Sent as a bearer token; absent, no Authorization header is sent (local servers). */
  readonly apiKey?: string;
  /** The model's time per turn, retries included, in ms of `scheduler` time. Default `DEFAULT_LLM_BUDGET_MS`. */
  readonly budgetMs?: number;
  /** Runs the budget, retry waits and the circuit's cool-down. */
  readonly scheduler: Scheduler;
  /** The reading that wins over an unsure model that disagrees (see `LLM_OVERRULE_CONFIDENCE`); `false` for the model alone. Default `RulesNlu`. */
  readonly rules?: Nlu | false;
  /** Default `'json_schema'`. */
  readonly structuredOutput?: LlmStructuredOutput;
  /** Sampling temperature; `null` leaves it to the server (models that accept only their default). Default 0. */
  readonly temperature?: number | null;
  /** Default `DEFAULT_LLM_MAX_ATTEMPTS`. */
  readonly maxAttempts?: number;
  /** The circuit breaker's settings; defaults: 3 consecutive failures open it for 30 s. */
  readonly breaker?: { readonly failuresToOpen?: number; readonly coolDownMs?: number };
  /** Where retries are logged (debug). Default: nowhere. */
  readonly logger?: Logger;
}

type OpenAiModule = typeof import('openai');

/** One failed request and whether another may be tried. */
interface RequestFailure {
  readonly error: DunbotError;
  readonly retryAfterMs?: number;
}

/** The wait a server asks for in `retry-after-ms` or `retry-after` (seconds or an HTTP date), in ms. */
function retryAfterMs(headers: Headers | undefined, nowMs: number): number | undefined {
  const millis = Number(headers?.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(millis) && millis >= 0) return millis;
  const value = headers?.get('retry-after');
  if (value === undefined || value === null) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const atMs = Date.parse(value);
  return Number.isNaN(atMs) ? undefined : Math.max(0, atMs - nowMs);
}

/**
 * An understander that asks a language model on any OpenAI-compatible server (OpenAI, vLLM,
 * Ollama, llama.cpp) to classify the utterance as structured output, given the intents, signals,
 * entity conventions and the turn's context (never account data). The reply is checked against
 * `NluResultSchema`. Requests are retried (429 after its retry-after, 5xx, connection errors) only
 * while the wait fits in the budget — its own `budgetMs` or the turn's signal, whichever ends first;
 * both abort the HTTP request. After 3 consecutive failures the circuit opens for 30 s and
 * `understand` throws DUN_ERR_LLM_UNAVAILABLE at once (see `isOpen`); then one trial request decides.
 * An answer below `LLM_OVERRULE_CONFIDENCE` that disagrees with the rules' reading gives way to it.
 *
 * @example
 * const llm = new LlmUnderstander({ baseUrl: 'http://localhost:11434/v1', model: 'qwen2.5:7b-instruct', scheduler: systemScheduler });
 * await llm.understand('i lost my job so i cannot pay', context, signal);
 * // → { intent: 'hardship', confidence: 0.92, entities: {} }
 */
export class LlmUnderstander implements Understander {
  readonly name = 'llm';
  private readonly model: string;
  private readonly budgetMs: number;
  private readonly scheduler: Scheduler;
  private readonly rules: Nlu | undefined;
  private readonly structuredOutput: LlmStructuredOutput;
  private readonly temperature: number | null;
  private readonly maxAttempts: number;
  private readonly breaker: CircuitBreaker;
  private readonly logger: Logger;
  // The SDK is loaded when an llm understander is made, so configurations without one never load it.
  private readonly client: Promise<{ readonly sdk: OpenAiModule; readonly openai: OpenAI }>;

  constructor(options: LlmUnderstanderOptions) {
    const budgetMs = options.budgetMs ?? DEFAULT_LLM_BUDGET_MS;
    if (!Number.isFinite(budgetMs) || budgetMs <= 0) throw new DunbotError('DUN_ERR_CONFIG_INVALID', `llm budget must be a positive number of ms, got ${budgetMs}`);
    if (options.model.trim() === '') throw new DunbotError('DUN_ERR_CONFIG_INVALID', 'llm model must not be empty');
    this.model = options.model;
    this.budgetMs = budgetMs;
    this.scheduler = options.scheduler;
    this.rules = options.rules === false ? undefined : (options.rules ?? new RulesNlu());
    this.structuredOutput = options.structuredOutput ?? 'json_schema';
    this.temperature = options.temperature === undefined ? 0 : options.temperature;
    this.maxAttempts = Math.max(1, options.maxAttempts ?? DEFAULT_LLM_MAX_ATTEMPTS);
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

  /** True while the circuit is open: the model is not asked and `understand` throws DUN_ERR_LLM_UNAVAILABLE. */
  get isOpen(): boolean {
    return this.breaker.isOpen;
  }

  async understand(utterance: string, context: TurnContext, signal: AbortSignal): Promise<NluResult> {
    signal.throwIfAborted();
    const messages = buildLlmMessages(utterance, context);
    if (!this.breaker.tryAcquire()) {
      throw new DunbotError('DUN_ERR_LLM_UNAVAILABLE', 'the llm understander is resting after consecutive failures', { retryable: true, details: { retryInMs: this.breaker.retryInMs } });
    }
    const budget = new AbortController();
    const onTurnAbort = (): void => budget.abort(signal.reason);
    signal.addEventListener('abort', onTurnAbort, { once: true });
    const timer = this.scheduler.setTimeout(() => budget.abort(new DOMException('llm budget ran out', 'TimeoutError')), this.budgetMs);
    const deadlineMs = this.scheduler.nowMs() + this.budgetMs;
    try {
      const answer = await this.askWithRetries(messages, budget.signal, deadlineMs);
      this.breaker.recordSuccess();
      return this.keepRulesWhenUnsure(answer, utterance, context);
    } catch (error) {
      this.breaker.recordFailure();
      throw error;
    } finally {
      this.scheduler.clearTimeout(timer);
      signal.removeEventListener('abort', onTurnAbort);
    }
  }

  private async askWithRetries(messages: readonly LlmMessage[], signal: AbortSignal, deadlineMs: number): Promise<NluResult> {
    const { sdk, openai } = await this.client;
    for (let attempt = 1; ; attempt += 1) {
      let completion: unknown;
      try {
        completion = await openai.chat.completions.create(this.requestBody(messages), { signal, maxRetries: 0 });
      } catch (error) {
        if (signal.aborted) throw this.timedOut(error);
        const failure = this.describeFailure(sdk, error);
        const waitMs = failure.retryAfterMs ?? LLM_RETRY_BASE_DELAY_MS * 2 ** (attempt - 1);
        // A retry is worth trying only if its wait leaves time for an answer.
        if (failure.error.details.reason === 'timeout' || !failure.error.retryable || attempt >= this.maxAttempts || this.scheduler.nowMs() + waitMs >= deadlineMs) throw failure.error;
        this.logger.debug('llm request failed: retrying', { attempt, waitMs, reason: failure.error.details.reason, status: failure.error.details.status });
        await this.wait(waitMs, signal).catch((abort: unknown) => {
          throw this.timedOut(abort);
        });
        continue;
      }
      return parseLlmReply(completion);
    }
  }

  private requestBody(messages: readonly LlmMessage[]): ChatCompletionCreateParamsNonStreaming {
    const common = { model: this.model, messages: [...messages], ...(this.temperature === null ? {} : { temperature: this.temperature }) };
    if (this.structuredOutput === 'tool') {
      return {
        ...common,
        tools: [{ type: 'function', function: { name: LLM_CLASSIFICATION_NAME, description: 'Records the classification of the utterance.', parameters: { ...LLM_CLASSIFICATION_SCHEMA }, strict: true } }],
        tool_choice: { type: 'function', function: { name: LLM_CLASSIFICATION_NAME } },
      };
    }
    return { ...common, response_format: { type: 'json_schema', json_schema: { name: LLM_CLASSIFICATION_NAME, schema: { ...LLM_CLASSIFICATION_SCHEMA }, strict: true } } };
  }

  private describeFailure(sdk: OpenAiModule, error: unknown): RequestFailure {
    if (isDunbotError(error)) return { error };
    // The client's own timeout is the budget in real time: it ran out although the scheduler's time did not.
    if (error instanceof sdk.APIConnectionTimeoutError) return { error: this.timedOut(error) };
    if (error instanceof sdk.APIConnectionError) {
      return { error: new DunbotError('DUN_ERR_LLM_FAILED', 'the llm server could not be reached', { retryable: true, details: { reason: 'connection' }, cause: error }) };
    }
    if (error instanceof sdk.APIError && typeof error.status === 'number') {
      const status = error.status;
      // As the OpenAI SDKs do: timeouts, conflicts, rate limits and server errors may pass; other client errors will not.
      const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
      const wait = retryAfterMs(error.headers, this.scheduler.nowMs());
      const failure = new DunbotError('DUN_ERR_LLM_FAILED', `the llm server answered HTTP ${status}`, { retryable, details: { reason: 'http_status', status }, cause: error });
      return wait === undefined ? { error: failure } : { error: failure, retryAfterMs: wait };
    }
    return { error: new DunbotError('DUN_ERR_LLM_FAILED', 'the llm request failed', { details: { reason: 'request' }, cause: error }) };
  }

  private timedOut(cause: unknown): DunbotError {
    // Retryable for the next turn; within this one the budget is spent.
    return new DunbotError('DUN_ERR_LLM_FAILED', 'the llm gave no answer within its budget', { retryable: true, details: { reason: 'timeout', budgetMs: this.budgetMs }, cause });
  }

  /** Waits `ms` of scheduler time; rejects when `signal` aborts first. */
  private wait(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let timer: TimerHandle | undefined;
      const onAbort = (): void => {
        if (timer !== undefined) this.scheduler.clearTimeout(timer);
        reject(signal.reason);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      timer = this.scheduler.setTimeout(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
    });
  }

  /** The rules' reading instead of the model's when the model is unsure and names another intent. */
  private keepRulesWhenUnsure(answer: NluResult, utterance: string, context: TurnContext): NluResult {
    if (this.rules === undefined || answer.confidence >= LLM_OVERRULE_CONFIDENCE) return answer;
    let reading: NluResult;
    try {
      reading = this.rules.classify(utterance, context.locale, { now: new Date(context.nowMs), timeZone: context.timeZone });
    } catch {
      return answer;
    }
    return reading.intent !== 'unknown' && reading.intent !== answer.intent ? reading : answer;
  }
}
