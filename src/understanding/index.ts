export type { TurnContext } from './turn-context.js';
export type { Understander, Understood } from './understander.js';
export { RulesUnderstander } from './rules-understander.js';
export { LearnedUnderstander, MIN_KNOWN_WORD_SHARE, type IntentModelLoader } from './learned-understander.js';
export { IntentModel, loadIntentModel, shippedIntentModelPath, INTENT_MODEL_VERSION, type IntentScores } from './intent-model.js';
export {
  Understanding,
  DEFAULT_ACCEPT_CONFIDENCE,
  BUDGET_SOURCE,
  NO_ANSWER_SOURCE,
  type UnderstandingOptions,
} from './understanding.js';
export { UNDERSTANDER_NAMES, isUnderstanderName, type UnderstanderName } from './understander-names.js';
export {
  UNDERSTANDER_FACTORIES,
  createUnderstanding,
  type UnderstanderFactory,
  type UnderstanderFactoryContext,
  type UnderstandingConfig,
} from './understanding-registry.js';
export {
  LlmUnderstander,
  DEFAULT_LLM_BUDGET_MS,
  DEFAULT_LLM_MAX_ATTEMPTS,
  LLM_OVERRULE_CONFIDENCE,
  LLM_RETRY_BASE_DELAY_MS,
  type LlmStructuredOutput,
  type LlmUnderstanderOptions,
} from './llm-understander.js';
export { buildLlmMessages, type LlmMessage } from './llm-prompt.js';
export { parseLlmReply, LLM_CLASSIFICATION_NAME, LLM_CLASSIFICATION_SCHEMA } from './llm-reply.js';
export { CircuitBreaker, DEFAULT_COOL_DOWN_MS, DEFAULT_FAILURES_TO_OPEN, type CircuitBreakerOptions } from './circuit-breaker.js';
