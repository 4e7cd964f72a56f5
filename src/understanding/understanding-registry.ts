import { DunbotError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { Scheduler } from '../time/scheduler.js';
import { LearnedUnderstander } from './learned-understander.js';
import { LlmUnderstander } from './llm-understander.js';
import { RulesUnderstander } from './rules-understander.js';
import type { Understander } from './understander.js';
import type { UnderstanderName } from './understander-names.js';
import { Understanding } from './understanding.js';

/** The understanding settings of the server configuration. */
export interface UnderstandingConfig {
  /** Understander names, in the order they are asked. */
  readonly understanders: readonly string[];
  /** Time budget of one turn, in ms. */
  readonly understandingBudgetMs: number;
  /** OpenAI-compatible API of the `llm` understander (DUNBOT_LLM_BASE_URL). */
  readonly llmBaseUrl?: string | undefined;
  /** Its API key (DUNBOT_LLM_API_KEY); absent for servers without one. */
  readonly llmApiKey?: string | undefined;
  /** Its model (DUNBOT_LLM_MODEL). */
  readonly llmModel?: string | undefined;
  /** Its own time budget per turn, in ms (DUNBOT_LLM_BUDGET_MS). */
  readonly llmBudgetMs?: number | undefined;
}

/** What a factory may build its understander from: the configuration and the runtime's time and log. */
export interface UnderstanderFactoryContext {
  readonly config: UnderstandingConfig;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
}

/** Makes one understander; called once per runtime, so its state (a circuit breaker) spans calls. */
export type UnderstanderFactory = (context: UnderstanderFactoryContext) => Understander;

function missingSetting(setting: string, variable: string): DunbotError {
  return new DunbotError('DUN_ERR_CONFIG_INVALID', `understander "llm" needs ${setting} (${variable})`, { details: { understander: 'llm', setting, variable } });
}

/** How each shipped understander is made, by its configured name. */
export const UNDERSTANDER_FACTORIES: Readonly<Record<UnderstanderName, UnderstanderFactory>> = {
  rules: () => new RulesUnderstander(),
  learned: () => new LearnedUnderstander(),
  llm: ({ config, scheduler, logger }) => {
    if (config.llmBaseUrl === undefined) throw missingSetting('llmBaseUrl', 'DUNBOT_LLM_BASE_URL');
    if (config.llmModel === undefined || config.llmModel.trim() === '') throw missingSetting('llmModel', 'DUNBOT_LLM_MODEL');
    return new LlmUnderstander({
      baseUrl: config.llmBaseUrl,
      model: config.llmModel,
      scheduler,
      logger,
      ...(config.llmApiKey !== undefined ? { apiKey: config.llmApiKey } : {}),
      ...(config.llmBudgetMs !== undefined ? { budgetMs: config.llmBudgetMs } : {}),
    });
  },
};

/**
 * Builds the call's understanding stage from configuration. `overrides` replace or add factories by
 * name (tests, embedders with their own understanders). Throws DUN_ERR_CONFIG_INVALID naming an
 * unknown understander and the known ones, or a setting a named understander needs (`llm`
 * without DUNBOT_LLM_BASE_URL or DUNBOT_LLM_MODEL).
 *
 * @example
 * const understanding = createUnderstanding({ understanders: ['rules'], understandingBudgetMs: 1500 }, systemScheduler, logger);
 */
export function createUnderstanding(
  config: UnderstandingConfig,
  scheduler: Scheduler,
  logger: Logger,
  overrides: Partial<Record<string, UnderstanderFactory>> = {},
): Understanding {
  const factories: Partial<Record<string, UnderstanderFactory>> = { ...UNDERSTANDER_FACTORIES, ...overrides };
  const understanders = config.understanders.map((name) => {
    const factory = Object.hasOwn(factories, name) ? factories[name] : undefined;
    if (factory === undefined) {
      const known = Object.keys(factories).filter((key) => factories[key] !== undefined);
      throw new DunbotError('DUN_ERR_CONFIG_INVALID', `unknown understander "${name}" in understanders (DUNBOT_UNDERSTANDERS); known understanders: ${known.join(', ')}`, { details: { understander: name, known } });
    }
    return factory({ config, scheduler, logger });
  });
  return new Understanding({ understanders, budgetMs: config.understandingBudgetMs, scheduler, logger });
}
