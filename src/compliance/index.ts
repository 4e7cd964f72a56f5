export { findProhibitedPhrases, type ProhibitedPhraseFinding } from './prohibited-phrases.js';
export {
  PROHIBITED_CATEGORIES,
  PROHIBITED_PHRASE_RULES,
  type ProhibitedCategory,
  type ProhibitedPhraseRule,
} from './prohibited-phrase-rules.js';
export { checkUtterance, carriesGeneratedText, WITHHELD_LINE_PROMPT, type GuardRule, type GuardVerdict, type UtteranceContext } from './utterance-guard.js';
export { GENERATED_VARIABLES, debtDetailIn, unknownAmountIn } from './generated-text.js';
