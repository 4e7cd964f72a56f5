import type { Locale } from '../domain/locale.js';
import { DunbotError } from '../errors.js';
import { todayInZone } from '../domain/calendar.js';
import { applySignals } from './apply-signals.js';
import { EN_US_GRAMMAR } from './en-us-grammar.js';
import { extractEntities } from './extract-entities.js';
import { scoreIntents } from './intent-rule.js';
import type { Intent, NluEntities, NluResult, Signal } from './intents.js';
import type { LocaleGrammar } from './locale-grammar.js';
import type { Nlu, NluContext } from './nlu.js';
import { normalizeUtterance } from './normalize.js';
import { resolveIntent } from './resolve-intent.js';
import { detectSignals } from './signal-rule.js';
import { ZH_CN_GRAMMAR } from './zh-cn-grammar.js';
import { resolveCallbackAt, type ClockMention } from './zoned-time.js';

const GRAMMARS: ReadonlyMap<string, LocaleGrammar> = new Map<string, LocaleGrammar>([
  ['en-US', EN_US_GRAMMAR],
  ['zh-CN', ZH_CN_GRAMMAR],
]);

/**
 * Intents whose amount and date are those of what is told, not of a payment: "i hope i do not wake
 * up tomorrow", "i bought a rope today", "see you monday" said as a threat. They keep
 * them when the utterance also speaks of paying ("i can pay 50 on friday, not that it matters").
 */
const EVENT_INTENTS: ReadonlySet<Intent> = new Set<Intent>(['distress', 'abusive']);

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
 * Everything heard in an utterance, whether or not the NLU could name its intent: what a listener
 * who knows the question asked can still use ("15" where a day is asked, "next month" where a date is).
 */
export interface UtteranceReading {
  readonly result: NluResult;
  /** Entities heard, kept even when the intent is unknown; `uncuedAmount` is a number with no money cue. */
  readonly heard: NluEntities & { readonly uncuedAmount?: number };
  /** True when the utterance is nothing but an amount and/or a date. */
  readonly bare: boolean;
  /** The normalized text. */
  readonly normalized: string;
}

/** True when the utterance is a time of day and perhaps a day, nothing else: "tomorrow at 3pm", 明天下午三点. */
function isTimeAlone(normalized: string, clock: ClockMention, today: string, grammar: LocaleGrammar): boolean {
  const rest = `${normalized.slice(0, clock.start)} ${normalized.slice(clock.end)}`;
  let residual = rest;
  for (const mention of grammar.findDates(rest, today).reverse()) residual = residual.slice(0, mention.start) + ' ' + residual.slice(mention.end);
  return residual.replace(grammar.bareGlue, ' ').replace(/\b(?:after|around|any ?time|call|me|back|then|maybe|o ?clock)\b|以后|之后|左右|再打|打过来|吧|再说|打给我/g, ' ').trim() === '';
}

/** The entities that are present, without keys for the absent ones. */
function presentEntities(entities: { readonly [K in keyof Required<NluEntities>]: Required<NluEntities>[K] | undefined }): NluEntities {
  return {
    ...(entities.amount === undefined ? {} : { amount: entities.amount }),
    ...(entities.date === undefined ? {} : { date: entities.date }),
    ...(entities.dateRange === undefined ? {} : { dateRange: entities.dateRange }),
    ...(entities.callbackAt === undefined ? {} : { callbackAt: entities.callbackAt }),
    ...(entities.name === undefined ? {} : { name: entities.name }),
    ...(entities.identifier === undefined ? {} : { identifier: entities.identifier }),
  };
}

/**
 * Reads one debtor utterance with the rule tables of its locale: intent by the spec's precedence
 * after the safety signals, the signals, and every entity heard.
 */
export function readUtterance(text: string, locale: Locale, context: NluContext): UtteranceReading {
  const grammar = grammarFor(locale);
  const today = todayInZone(context.now, context.timeZone);
  const normalized = normalizeUtterance(text, locale);
  // Words that normalize to nothing were only hesitation ("hmm", "uh", 呃): no answer yet.
  if (normalized === '') return { result: { intent: 'unknown', confidence: 0, entities: {}, ...(text.trim() === '' ? {} : { signals: ['filler_only'] }) }, heard: {}, bare: false, normalized };
  const correcting = (tagged: string): boolean => detectSignals(grammar.signals, tagged, text).includes('correction');
  const extraction = extractEntities(normalized, today, grammar, correcting);
  const signals: Signal[] = detectSignals(grammar.signals, extraction.tagged, text);
  const clauses = grammar.splitClauses(extraction.tagged, text);
  const resolved = resolveIntent(scoreIntents(grammar, clauses, extraction.tagged));
  const clock = grammar.details.findClockTime(normalized);
  const dateRange = extraction.date === undefined ? grammar.details.findDateRange(normalized, today) : undefined;
  const name = grammar.details.findName(normalized, text);
  const hasEntity = extraction.amount !== undefined || extraction.date !== undefined;
  let intent: Intent | undefined = resolved?.intent;
  let confidence = resolved?.confidence ?? 0;
  // A bare amount or date answers "how much / when can you pay?", so it is a promise (see
  // AmountMention.cued): "two hundred", "next friday", "五百", "下周五".
  if (intent === undefined && extraction.bare) {
    intent = 'promise_to_pay';
    confidence = BARE_ENTITY_CONFIDENCE;
  }
  const heardAnswer = dateRange !== undefined || extraction.uncuedAmount !== undefined || name !== undefined || extraction.identifier !== undefined;
  const reading = applySignals(intent, signals, hasEntity, clock !== undefined && isTimeAlone(normalized, clock, today, grammar), heardAnswer);
  if (reading.intent !== intent) confidence = Math.max(confidence, reading.confidence ?? 0);
  intent = reading.intent;
  const callback = intent === 'callback' && clock !== undefined
    ? resolveCallbackAt(clock, extraction.date, today, context.now.getTime(), context.timeZone)
    : undefined;
  const eventOnly = intent !== undefined && EVENT_INTENTS.has(intent) && grammar.speaksOfPaying?.(normalized) === false;
  const entities = presentEntities({
    amount: eventOnly ? undefined : extraction.amount,
    date: eventOnly ? undefined : extraction.date,
    dateRange,
    callbackAt: callback?.dateTime,
    name,
    identifier: extraction.identifier?.identifier,
  });
  const heard = extraction.uncuedAmount === undefined ? entities : { ...entities, uncuedAmount: extraction.uncuedAmount };
  const signalField = signals.length > 0 ? { signals } : {};
  if (intent === undefined || intent === 'unknown') {
    // Entities of an utterance we do not understand are not acted on, except the ones a question
    // for them can use whatever the intent: a name, an identifier.
    const kept = presentEntities({ amount: undefined, date: undefined, dateRange: undefined, callbackAt: undefined, name: entities.name, identifier: entities.identifier });
    return { result: { intent: 'unknown', confidence: intent === 'unknown' ? confidence : UNKNOWN_CONFIDENCE, entities: kept, ...signalField }, heard, bare: extraction.bare, normalized };
  }
  return { result: { intent, confidence, entities, ...signalField }, heard, bare: extraction.bare, normalized };
}

/**
 * Classifies one debtor utterance with the rule tables of its locale: intent by the spec's
 * precedence, signals, and entities.
 *
 * @example
 * classifyUtterance('i can pay two hundred on friday', 'en-US', { now, timeZone: 'America/New_York' });
 * // → { intent: 'promise_to_pay', confidence: 0.9, entities: { amount: 200, date: '2026-03-13' } }
 */
export function classifyUtterance(text: string, locale: Locale, context: NluContext): NluResult {
  return readUtterance(text, locale, context).result;
}

/** The rule-based NLU for zh-CN and en-US: fast, deterministic, no model. */
export class RulesNlu implements Nlu {
  classify(text: string, locale: Locale, context: NluContext): NluResult {
    return classifyUtterance(text, locale, context);
  }

  /** Like `classify`, plus everything heard for a reader that knows the question (see `UtteranceReading`). */
  read(text: string, locale: Locale, context: NluContext): UtteranceReading {
    return readUtterance(text, locale, context);
  }
}

/** Utterances that between them run nearly every rule of their locale: names, amounts and dates, refusals, questions. */
const WARM_UP_UTTERANCES: Readonly<Record<Locale, readonly string[]>> = {
  'en-US': ['yes this is john speaking', 'i can pay two hundred dollars next friday', "no i won't pay, who is this and why are you calling?"],
  'zh-CN': ['是我本人', '我下周五还两千块', '我不还，你们是谁，为什么打给我？'],
};

/**
 * Runs the rules once over a few utterances per locale. V8 compiles a regular expression the first
 * time it runs, and the rules have hundreds: unwarmed, the first debtor turn of a process takes
 * over a second of compiling while every other call on the process waits. A server calls this
 * before it takes calls.
 */
export function warmUpRulesNlu(): void {
  const nlu = new RulesNlu();
  const context = { now: new Date(Date.UTC(2026, 0, 5, 15)), timeZone: 'UTC' };
  for (const [locale, utterances] of Object.entries(WARM_UP_UTTERANCES) as [Locale, readonly string[]][]) {
    for (const utterance of utterances) nlu.read(utterance, locale, context);
  }
}
