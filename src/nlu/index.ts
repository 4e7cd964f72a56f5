export { INTENTS, INTENT_PRECEDENCE, isIntent } from './intents.js';
export type { Intent, NluEntities, NluResult } from './intents.js';
export type { Nlu, NluContext } from './nlu.js';
export { RulesNlu, classifyUtterance } from './rules-nlu.js';
export { normalizeUtterance, toHalfWidth } from './normalize.js';
export { parseChineseNumber } from './zh-cn-numbers.js';
