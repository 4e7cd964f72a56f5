import { findEnglishAmounts } from './en-us-amounts.js';
import { findEnglishDates } from './en-us-dates.js';
import { EN_US_RULES, EN_US_VETOES } from './en-us-intents.js';
import type { DateMention } from './date-mention.js';
import type { Clause } from './intent-rule.js';
import type { LocaleGrammar } from './locale-grammar.js';
import { EN_US_DETAILS } from './en-us-details.js';
import { EN_US_SIGNALS } from './en-us-signals.js';

const NEGATORS = new Set(['not', 'never', 'no', 'nothing', 'neither', 'nor', 'without', 'hardly', 'unable', 'nobody']);
// A negation does not reach across these: "I'm not refusing, I just need more time".
// A new subject, or a word that closes a negated "not here / not home" clause, ends the scope too:
// "he is not here he passed away".
const CLAUSE_BREAKS = new Set([
  'but', 'and', 'so', 'just', 'please', 'now', 'because', 'though', 'although', 'i', 'we', 'then', 'if', 'when', 'or',
  'he', 'she', 'they', 'here', 'home', 'around', 'available', 'yet', 'anymore',
]);

// "no problem, i'm sending it": a "no" that agrees negates nothing.
const AGREEING_AFTER_NO = new Set(['problem', 'problems', 'worries', 'worry', 'doubt', 'question']);

function isEnglishNegated(prefix: string): boolean {
  const words = prefix.trim().split(' ');
  for (let k = words.length - 1; k >= Math.max(0, words.length - 3); k -= 1) {
    const word = words[k] ?? '';
    if (word === 'no' && AGREEING_AFTER_NO.has(words[k + 1] ?? '')) return false;
    if (NEGATORS.has(word)) return true;
    if (CLAUSE_BREAKS.has(word)) return false;
  }
  return false;
}

const QUESTION_START = /^(?:(?:so|and|but|ok|okay|well|hey|also|then|oh|please|sorry) )*(?:(?:can|could|will|would|may|might|shall|should|do|does|did|is|are|am|was|were|have|has) (?:i|we|you|he|she|it|they|this|that|there|my|your|the)\b|what\b(?! about)|how\b(?! about)|when\b|where\b|who\b|why\b|which\b|any chance\b|is there\b)/;

// A tag after a statement ("I'll pay 250, okay?", "friday, is that ok?") seeks agreement; it does
// not turn the statement into a question.
const TAG_QUESTION_END = /(?:^| )(?:ok|okay|alright|all right|right|fine|good|deal|cool|yeah|yes|sure|(?:is|does|would|will) (?:that|it|this) (?:be )?(?:ok|okay|alright|all right|good|fine|work|works|cool)|(?:that|it) (?:ok|okay|good|fine|work|works)|sound good|sounds good|you know|happy now|satisfied|good enough|fair enough)$/;

function splitEnglishClauses(tagged: string, raw: string): Clause[] {
  const askedByMark = /\?\s*$/.test(raw) && !TAG_QUESTION_END.test(tagged);
  return [{ text: tagged, question: QUESTION_START.test(tagged) || askedByMark }];
}

// "no problem, i'll pay today" agrees; it contrasts nothing.
const TODAY_CONTRAST = /\b(?:not|never|busy|unable|nothing)\b|\bno\b(?! (?:problems?|worry|worries|doubt|question|matter))/;

function isEnglishTodayContrasted(text: string, mention: DateMention): boolean {
  return TODAY_CONTRAST.test(text.slice(Math.max(0, mention.start - 20), mention.end + 12));
}

/**
 * Paying, in any tense and not denied: "i can pay 50 on friday", "so i will send 300", "i zelled it
 * monday". "I can not pay the 400" and "the payment is due the 15th" pay nothing.
 */
const SPEAKS_OF_PAYING = /(?<!\b(?:not|never|no|unable to)(?: \w+)? )\b(?:pay|pays|paying|paid|send|sending|sent|mail|mailed|wire|wired|transfer|transferred|zelle|zelled|venmo|venmoed|deposit|deposited|cover|settle)\b/;

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
  bareGlue: /\b(?:on|by|the|and|or|maybe|how|about|like|around|i|guess|then|ok|okay|so|well|yeah|yes|sure|say|let|us|lets|is|that|fine|works|for|me|at|of|a|until|till|before|probably|just|please|right|now|latest|dollars|bucks|it|umm|what|between|actually)\b/g,
  splitClauses: splitEnglishClauses,
  signals: EN_US_SIGNALS,
  details: EN_US_DETAILS,
  speaksOfPaying: (normalized) => SPEAKS_OF_PAYING.test(normalized),
};
