import type { Logger } from '../log/logger.js';
import type { Scheduler } from '../time/scheduler.js';
import { Answering } from './answering.js';
import { LlmAnswerer } from './llm-answerer.js';
import type { LlmAnswersSetting } from './llm-answers-setting.js';

/** The answering settings of the server configuration. */
export interface AnsweringConfig {
  /** Time for one turn, in ms (DUNBOT_UNDERSTANDING_BUDGET_MS): an answer gets as long. */
  readonly understandingBudgetMs: number;
  /** OpenAI-compatible API (DUNBOT_LLM_BASE_URL), the same as the `llm` understander's. */
  readonly llmBaseUrl?: string | undefined;
  readonly llmApiKey?: string | undefined;
  readonly llmModel?: string | undefined;
  /** The model's own time per request, in ms (DUNBOT_LLM_BUDGET_MS). */
  readonly llmBudgetMs?: number | undefined;
  /** `off` keeps the model out of answering even when it is configured (DUNBOT_LLM_ANSWERS). */
  readonly llmAnswers?: LlmAnswersSetting | undefined;
}

/**
 * Builds the call's answering stage: grounded answers by the configured LLM, within the turn's
 * budget. Undefined — every off-script question then hears the scripted "a colleague will follow
 * up in writing" — when no LLM is configured or `llmAnswers` is `off`. Called once per runtime, so
 * the answerer's circuit breaker spans calls.
 *
 * @example
 * const answering = createAnswering({ understandingBudgetMs: 1500, llmBaseUrl: 'http://localhost:11434/v1', llmModel: 'qwen2.5:7b-instruct' }, systemScheduler, logger);
 */
export function createAnswering(config: AnsweringConfig, scheduler: Scheduler, logger: Logger): Answering | undefined {
  if (config.llmAnswers === 'off' || config.llmBaseUrl === undefined || config.llmModel === undefined || config.llmModel.trim() === '') return undefined;
  const answerer = new LlmAnswerer({
    baseUrl: config.llmBaseUrl,
    model: config.llmModel,
    scheduler,
    logger,
    ...(config.llmApiKey !== undefined ? { apiKey: config.llmApiKey } : {}),
    ...(config.llmBudgetMs !== undefined ? { budgetMs: config.llmBudgetMs } : {}),
  });
  return new Answering({ answerer, budgetMs: config.understandingBudgetMs, scheduler, logger });
}
