export type { Answerer } from './answerer.js';
export { Answering, type AnsweringOptions } from './answering.js';
export { createAnswering, type AnsweringConfig } from './create-answering.js';
export { LLM_ANSWERS_SETTINGS, type LlmAnswersSetting } from './llm-answers-setting.js';
export { LlmAnswerer, type LlmAnswererOptions } from './llm-answerer.js';
export { buildAnswerMessages, type AnswerMessage } from './answer-prompt.js';
export { readAnswerReply, ANSWER_OUTPUT_NAME, ANSWER_OUTPUT_SCHEMA, type AnswerReply } from './answer-reply.js';
export { checkAnswer, MAX_ANSWER_CHARS, type AnswerRejection, type AnswerVerdict } from './answer-check.js';
export {
  groundingFacts,
  factAmounts,
  factDates,
  factNumbers,
  factPhoneNumbers,
  type GroundingFacts,
  type CallerFacts,
  type AccountFacts,
  type PolicyTerms,
  type PlanTerms,
} from './grounding-facts.js';
