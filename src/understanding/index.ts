export type { TurnContext } from './turn-context.js';
export type { Understander, Understood } from './understander.js';
export { RulesUnderstander } from './rules-understander.js';
export {
  Understanding,
  DEFAULT_ACCEPT_CONFIDENCE,
  BUDGET_SOURCE,
  NO_ANSWER_SOURCE,
  type UnderstandingOptions,
} from './understanding.js';
export { UNDERSTANDER_NAMES, isUnderstanderName, type UnderstanderName } from './understander-names.js';
export { UNDERSTANDER_FACTORIES, createUnderstanding, type UnderstandingConfig } from './understanding-registry.js';
