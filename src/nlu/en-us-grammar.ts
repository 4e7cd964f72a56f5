import { findEnglishAmounts } from './en-us-amounts.js';
import { findEnglishDates } from './en-us-dates.js';
import { EN_US_RULES, EN_US_VETOES } from './en-us-intents.js';
import type { DateMention } from './date-mention.js';
import type { Clause } from './intent-rule.js';
import type { LocaleGrammar } from './locale-grammar.js';

const NEGATORS = new Set(['not', 'never', 'no', 'nothing', 'neither', 'nor', 'without', 'hardly', 'unable', 'nobody']);
// A negation does not reach across these: "I'm not refusing, I just need more time".
const CLAUSE_BREAKS = new Set(['but', 'and', 'so', 'just', 'please', 'now', 'because', 'though', 'although', 'i', 'we', 'then', 'if', 'when', 'or']);

function isEnglishNegated(prefix: string): boolean {
  const words = prefix.trim().split(' ');
  for (let k = words.length - 1; k >= Math.max(0, words.length - 3); k -= 1) {
    const word = words[k] ?? '';
    if (NEGATORS.has(word)) return true;
    if (CLAUSE_BREAKS.has(word)) return false;
  }
  return false;
}

const QUESTION_START = /^(?:(?:so|and|but|ok|okay|well|hey|also|then|oh|please|sorry) )*(?:(?:can|could|will|would|may|might|shall|should|do|does|did|is|are|am|was|were|have|has) (?:i|we|you|he|she|it|they|this|that|there|my|your|the)\b|what\b(?! about)|how\b(?! about)|when\b|where\b|who\b|why\b|which\b|any chance\b|is there\b)/;

function splitEnglishClauses(tagged: string, raw: string): Clause[] {
  return [{ text: tagged, question: QUESTION_START.test(tagged) || /\?\s*$/.test(raw) }];
}

const TODAY_CONTRAST = /\b(?:not|no|never|busy|unable|nothing)\b/;

function isEnglishTodayContrasted(text: string, mention: DateMention): boolean {
  return TODAY_CONTRAST.test(text.slice(Math.max(0, mention.start - 20), mention.end + 12));
}

/** The en-US grammar: date and amount finders, intent rules and negation scope. */
export const EN_US_GRAMMAR: LocaleGrammar = {
  rules: EN_US_RULES,
  vetoes: EN_US_VETOES,
  isNegated: isEnglishNegated,
  findDates: findEnglishDates,
  findAmounts: findEnglishAmounts,
  dateTag: 'xdate',
  pastDateTag: 'xdate',
  amountTag: 'xamt',
  isTodayContrasted: isEnglishTodayContrasted,
  bareGlue: /\b(?:on|by|the|and|or|maybe|how|about|like|around|i|guess|then|ok|okay|so|well|yeah|yes|sure|say|let|us|lets|is|that|fine|works|for|me|at|of|a|until|till|before|probably|just|please|right|now|latest|dollars|bucks|it|umm|what)\b/g,
  splitClauses: splitEnglishClauses,
};
