import { DunbotError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { Scheduler } from '../time/scheduler.js';
import { RulesUnderstander } from './rules-understander.js';
import type { Understander } from './understander.js';
import type { UnderstanderName } from './understander-names.js';
import { Understanding } from './understanding.js';

/** How each shipped understander is made, by its configured name. */
export const UNDERSTANDER_FACTORIES: Readonly<Record<UnderstanderName, () => Understander>> = {
  rules: () => new RulesUnderstander(),
};

/** The understanding settings of the server configuration. */
export interface UnderstandingConfig {
  /** Understander names, in the order they are asked. */
  readonly understanders: readonly string[];
  /** Time budget of one turn, in ms. */
  readonly understandingBudgetMs: number;
}

/**
 * Builds the call's understanding stage from configuration. `overrides` replace or add factories by
 * name (tests, embedders with their own understanders). Throws DUN_ERR_CONFIG_INVALID naming an
 * unknown understander and the known ones.
 *
 * @example
 * const understanding = createUnderstanding({ understanders: ['rules'], understandingBudgetMs: 1500 }, systemScheduler, logger);
 */
export function createUnderstanding(
  config: UnderstandingConfig,
  scheduler: Scheduler,
  logger: Logger,
  overrides: Partial<Record<string, () => Understander>> = {},
): Understanding {
  const factories: Partial<Record<string, () => Understander>> = { ...UNDERSTANDER_FACTORIES, ...overrides };
  const understanders = config.understanders.map((name) => {
    const factory = Object.hasOwn(factories, name) ? factories[name] : undefined;
    if (factory === undefined) {
      const known = Object.keys(factories).filter((key) => factories[key] !== undefined);
      throw new DunbotError('DUN_ERR_CONFIG_INVALID', `unknown understander "${name}" in understanders (DUNBOT_UNDERSTANDERS); known understanders: ${known.join(', ')}`, { details: { understander: name, known } });
    }
    return factory();
  });
  return new Understanding({ understanders, budgetMs: config.understandingBudgetMs, scheduler, logger });
}
