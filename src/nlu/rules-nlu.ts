import type { Locale } from '../domain/locale.js';
import { DunbotError } from '../errors.js';
import { todayInZone } from '../domain/calendar.js';
import { EN_US_GRAMMAR } from './en-us-grammar.js';
import { extractEntities } from './extract-entities.js';
import { scoreIntents } from './intent-rule.js';
import type { NluEntities, NluResult } from './intents.js';
import type { LocaleGrammar } from './locale-grammar.js';
import type { Nlu, NluContext } from './nlu.js';
import { normalizeUtterance } from './normalize.js';
import { resolveIntent } from './resolve-intent.js';
import { ZH_CN_GRAMMAR } from './zh-cn-grammar.js';

const GRAMMARS: ReadonlyMap<string, LocaleGrammar> = new Map<string, LocaleGrammar>([
  ['en-US', EN_US_GRAMMAR],
  ['zh-CN', ZH_CN_GRAMMAR],
]);

/** Confidence of a bare amount/date answer and of an utterance nothing matched. */
const BARE_ENTITY_CONFIDENCE = 0.6;
const UNKNOWN_CONFIDENCE = 0.2;

function grammarFor(locale: Locale): LocaleGrammar {
  const grammar = GRAMMARS.get(locale);
  if (grammar === undefined) {
    throw new DunbotError('DUN_ERR_NLU_LOCALE', 'The NLU has no rules for this locale.', { details: { locale } });
  }
  return grammar;
}

/**
 * Classifies one debtor utterance with the rule tables of its locale: intent by the spec's
 * precedence, plus the amount and date entities.
 *
 * @example
 * classifyUtterance('i can pay two hundred on friday', 'en-US', { now, timeZone: 'America/New_York' });
 * // → { intent: 'promise_to_pay', confidence: 0.9, entities: { amount: 200, date: '2026-03-13' } }
 */
export function classifyUtterance(text: string, locale: Locale, context: NluContext): NluResult {
  const grammar = grammarFor(locale);
  const today = todayInZone(context.now, context.timeZone);
  const normalized = normalizeUtterance(text, locale);
  if (normalized === '') return { intent: 'unknown', confidence: 0, entities: {} };
  const extraction = extractEntities(normalized, today, grammar);
  const entities: NluEntities = {
    ...(extraction.amount === undefined ? {} : { amount: extraction.amount }),
    ...(extraction.date === undefined ? {} : { date: extraction.date }),
  };
  const clauses = grammar.splitClauses(extraction.tagged, text);
  const resolved = resolveIntent(scoreIntents(grammar, clauses, extraction.tagged));
  if (resolved !== undefined) return { intent: resolved.intent, confidence: resolved.confidence, entities };
  // A bare amount or date answers "how much / when can you pay?", so it is a promise (see
  // AmountMention.cued): "two hundred", "next friday", "五百", "下周五".
  if (extraction.bare) return { intent: 'promise_to_pay', confidence: BARE_ENTITY_CONFIDENCE, entities };
  // Entities of an utterance we do not understand are not acted on, so none are returned.
  return { intent: 'unknown', confidence: UNKNOWN_CONFIDENCE, entities: {} };
}

/** The rule-based NLU for zh-CN and en-US: fast, deterministic, no model. */
export class RulesNlu implements Nlu {
  classify(text: string, locale: Locale, context: NluContext): NluResult {
    return classifyUtterance(text, locale, context);
  }
}
