export { INTENTS, INTENT_PRECEDENCE, SIGNALS, isIntent } from './intents.js';
export type { Intent, NluEntities, NluResult, PartialDate, PartialIdentifier, Signal } from './intents.js';
export type { Nlu, NluContext } from './nlu.js';
export { RulesNlu, classifyUtterance, readUtterance, type UtteranceReading } from './rules-nlu.js';
export { normalizeUtterance, toHalfWidth } from './normalize.js';
export { parseChineseNumber } from './zh-cn-numbers.js';
export { findFigures, type Figures } from './figures-in-text.js';
