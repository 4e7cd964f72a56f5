import { nextDayOfMonth, todayInZone } from '../domain/calendar.js';
import type { Intent, NluEntities, NluResult, PartialDate } from '../nlu/index.js';
import { readIdentifierAnswer } from './identifier-answer.js';
import type { TurnContext } from './turn-context.js';

/** What the NLU heard beyond its result, when it can say (the rules NLU can; other NLUs need not). */
export interface HeardUtterance {
  /** The utterance as said. */
  readonly utterance: string;
  /** The utterance normalized by the NLU (lowercased, punctuation gone); the raw text lowercased otherwise. */
  readonly normalized?: string;
  /** Entities heard even where the intent is unknown. */
  readonly heard?: NluEntities;
  /** True when the utterance is nothing but an amount and/or a date. */
  readonly bare?: boolean;
}

/** Intents and signals the context never overrides: what they call for does not depend on the question. */
const FIXED_INTENTS: ReadonlySet<Intent> = new Set<Intent>(['distress', 'attorney', 'bankruptcy', 'deceased', 'cease_contact', 'abusive', 'request_human', 'wrong_number', 'dispute']);

const EN_ACKS = /^(?:ok|okay|sure|alright|all right|fine|got it|i see|right|ok ok|okay okay|sure sure|sure thing|very well|cool)$/;
const ZH_ACKS = /^(?:好|好的|好吧|好啊|行|行吧|行啊|可以|成|ok|okay|知道了|明白|明白了|晓得了)$/;

// Words that may surround the debtor's name when they say it is them: "yes this is John", 我就是张伟.
const EN_SELF_WORDS = /\b(?:yes|yeah|yep|yup|hi|hello|hey|oh|sure|right|correct|um|uh|well|this|is|it|i|am|that|me|speaking|here|you|have|got|the|one|mr|mrs|ms|miss|mister|and|only|himself|herself|myself|talking|to|with|are)\b/g;
const ZH_SELF_WORDS = /是|我|就|对|嗯|本人|没错|的|呀|啊|呢|在|您好|你好|喂|请讲|请说|你说|姓|这里|这边|正是|吧/g;

const ZH_COMPOUND_SURNAME = /^(?:欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|令狐|司徒)/;
const ZH_TITLES = ['先生', '女士', '小姐', '总', '老师', '经理', '哥', '姐', '师傅'];

/** Every way the debtor may be named: the given forms, their words, and for a Chinese name its family-name forms. */
function nameForms(context: TurnContext): string[] {
  const forms = new Set<string>();
  for (const raw of context.debtorNames) {
    const name = raw.trim().toLowerCase();
    if (name === '') continue;
    forms.add(name);
    if (/^[\u4e00-\u9fa5]+$/.test(name)) {
      const title = ZH_TITLES.find((t) => name.endsWith(t) && name.length > t.length);
      const surname = title !== undefined ? name.slice(0, -title.length) : (ZH_COMPOUND_SURNAME.exec(name)?.[0] ?? name.slice(0, 1));
      const given = title === undefined ? name.slice(surname.length) : '';
      for (const t of ZH_TITLES) forms.add(surname + t);
      forms.add(`老${surname}`);
      forms.add(`小${surname}`);
      forms.add(surname);
      if (given.length >= 2) forms.add(given);
    } else {
      for (const word of name.split(/\s+/)) if (word.length >= 2) forms.add(word);
    }
  }
  // Longest first, so 张先生 is taken before 张.
  return [...forms].sort((a, b) => b.length - a.length);
}

/** True when the utterance is the debtor naming themself: their name and only words of self-identification. */
function namesDebtor(text: string, context: TurnContext, forms: readonly string[]): boolean {
  if (forms.length === 0) return false;
  const zh = context.locale === 'zh-CN';
  let rest = text;
  let found = false;
  for (const form of forms) {
    const pattern = zh ? new RegExp(escape(form), 'g') : new RegExp(`\\b${escape(form)}\\b`, 'g');
    if (pattern.test(rest)) {
      found = true;
      rest = rest.replace(pattern, ' ');
    }
  }
  if (!found) return false;
  const leftover = zh ? rest.replace(ZH_SELF_WORDS, '').replace(/\s+/g, '') : rest.replace(EN_SELF_WORDS, ' ').replace(/\s+/g, ' ').trim();
  return leftover === '';
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * True at a question that checks who is speaking: it branches on a yes and on someone else
 * answering, or the bot just asked for the debtor by name ("Am I speaking with John Smith?").
 */
export function isVerificationTurn(context: TurnContext): boolean {
  const intents = context.expected.intents;
  // A question that takes a yes and a "not me" but asks for no amount or date is asking who is speaking.
  if (intents.includes('affirm') && (intents.includes('third_party') || intents.includes('wrong_number')) && context.expected.slots.length === 0) return true;
  const prompt = context.lastPrompt?.text.toLowerCase();
  if (prompt === undefined || !/[?？]\s*$|吗\s*$|是吧\s*$|对吧\s*$/.test(prompt)) return false;
  return context.debtorNames.some((name) => name.trim() !== '' && prompt.includes(name.trim().toLowerCase()));
}

function asksYesNo(context: TurnContext): boolean {
  return context.expected.intents.includes('affirm') || context.expected.intents.includes('deny');
}

function reread(result: NluResult, intent: Intent, entities: NluEntities, confidence: number): NluResult {
  return { ...result, intent, confidence: Math.max(result.confidence, confidence), entities };
}

/**
 * Reads an NLU result as a listener who knows the question would. At a verification question the
 * debtor's own name in any wording ("John speaking", 张先生是我) confirms, and another name given as
 * one's own ("this is Mike") is someone else answering. Where an amount or a day is asked, a bare
 * amount is a promise of it and a bare day number or a vague span is the date; where a partial
 * identifier is asked, a bare one of its kind is the answer (see `readIdentifierAnswer`). "ok" / 好 agrees only
 * where a yes or no was asked, and a questioning "yes?" never does. Safety readings and the intents
 * that end or hand over the call are never changed. Returns `result` itself when nothing changes.
 *
 * @example
 * readInContext({ intent: 'unknown', confidence: 0.2, entities: { name: 'John' } }, { utterance: 'John here' }, verifyContext);
 * // → { intent: 'affirm', confidence: 0.85, entities: { name: 'John' } }
 */
export function readInContext(result: NluResult, heard: HeardUtterance, context: TurnContext): NluResult {
  const signals = result.signals ?? [];
  if (signals.includes('self_harm') || signals.includes('violence_threat') || FIXED_INTENTS.has(result.intent)) return result;
  const text = (heard.normalized ?? heard.utterance).trim().toLowerCase();
  if (signals.includes('questioning') && result.intent === 'affirm') return { ...result, intent: 'unknown', confidence: 0.5 };
  // Where a partial identifier is asked, "4 4 1 9" or "march 2nd 1985" is that identifier, not an amount or a day.
  const identifierAnswer = readIdentifierAnswer(result, heard, context);
  if (identifierAnswer !== undefined) return identifierAnswer;
  if (isVerificationTurn(context) && !signals.includes('retraction')) {
    const forms = nameForms(context);
    const said = result.entities.name?.toLowerCase();
    const ownName = namesDebtor(text, context, forms) || (said !== undefined && forms.includes(said)) || claimsOwnName(text, context);
    if (ownName && (result.intent === 'affirm' || result.intent === 'unknown' || result.intent === 'ask_caller_identity')) {
      return reread(result, 'affirm', result.entities, 0.85);
    }
    if (!ownName && said !== undefined && (result.intent === 'unknown' || result.intent === 'affirm')) {
      return reread(result, 'third_party', result.entities, 0.75);
    }
  }
  // "ok" acknowledges; it answers a yes/no question, but it does not say who is speaking.
  const acks = context.locale === 'zh-CN' ? ZH_ACKS : EN_ACKS;
  if (result.intent === 'affirm' && acks.test(text) && (!asksYesNo(context) || isVerificationTurn(context))) {
    return { ...result, intent: 'unknown', confidence: 0.3, entities: {} };
  }
  // …and where a yes or no was asked (not who is speaking), "行" / "alright" is the yes.
  if (result.intent === 'unknown' && acks.test(text) && asksYesNo(context) && !isVerificationTurn(context)) {
    return reread(result, 'affirm', {}, 0.6);
  }
  return readSlots(result, heard, context);
}

const NEGATION = /\b(?:not|no|isn't|ain't)\b|不是|没有这个人/;

/**
 * The debtor's name with a marker of self-identification next to it, whatever else is said around
 * it (a question back, a filler): "ok whatever, yeah this is john", "this is John Smith, what's it
 * about?", 王强是我，有啥事. A relation's name ("John's wife", 张伟的老婆) or a negation anywhere
 * withdraws it.
 */
function claimsOwnName(text: string, context: TurnContext): boolean {
  if (NEGATION.test(text)) return false;
  const names = [...new Set(context.debtorNames.map((name) => name.toLowerCase()).filter((name) => [...name].length >= 2))];
  return names.some((name) => {
    const at = escape(name);
    if (context.locale === 'zh-CN') return new RegExp(`(?:我是|我就是)${at}(?!的)|${at}(?:是我|就是我|本人)|是我[，,、\\s]*${at}(?!的)`).test(text);
    return new RegExp(`\\b(?:this is|it's|it is|i am|i'm)\\s+${at}\\b(?!'s)|\\b${at}\\s+(?:here|speaking)\\b`).test(text);
  });
}

/** An amount the NLU heard without a money word ("300 on tuesday"), where it reports one. */
function uncuedAmountOf(heard: HeardUtterance): number | undefined {
  const value: unknown = (heard.heard as { readonly uncuedAmount?: unknown } | undefined)?.uncuedAmount;
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

const QUESTION = /\?|？|吗|么|能不能|可不可以|\b(?:or|did|does|is it|can|could|what|how|why)\b/;

/** A few words that answer rather than ask: "alright, 650 on the 20th", not "is it still 1250 or did it go up". */
function shortAnswer(heard: HeardUtterance, context: TurnContext): boolean {
  const said = heard.utterance.toLowerCase();
  if (QUESTION.test(said)) return false;
  return context.locale === 'zh-CN' ? [...said.replace(/\s/g, '')].length <= 12 : said.split(/\s+/).filter((word) => word !== '').length <= 8;
}

/** A bare amount, day or span where the question asks for one. */
function readSlots(result: NluResult, heard: HeardUtterance, context: TurnContext): NluResult {
  const slots = context.expected.slots;
  const wantsAmount = slots.includes('amount');
  const wantsDate = slots.includes('date');
  const entities = heard.heard ?? result.entities;
  if (heard.bare === true && result.intent === 'promise_to_pay') {
    // "15" where only a day is asked is the 15th, not $15.
    const amount = entities.amount;
    if (wantsDate && !wantsAmount && entities.date === undefined && amount !== undefined && Number.isInteger(amount) && amount >= 1 && amount <= 31) {
      const today = todayInZone(new Date(context.nowMs), context.timeZone);
      return reread(result, 'promise_to_pay', { date: nextDayOfMonth(today, amount) }, 0.7);
    }
    // A bare number where nothing of the kind was asked ("1980" at a verification question) promises nothing.
    const asked = wantsAmount || wantsDate || context.expected.intents.includes('promise_to_pay');
    if (!asked && context.expected.intents.length > 0) return { ...result, intent: 'unknown', confidence: 0.3, entities: {} };
    return result;
  }
  // "ugh, okay. 300 on tuesday" where the question asks how much or when: the amount (said with or
  // without "dollars") and the day are the answer. A day alone is not ("the weather is nice today").
  // A number without "dollars" is taken for money only beside a day ("300 on tuesday"), not alone ("the bus comes at 4 15").
  const amount = entities.amount ?? (entities.date !== undefined ? uncuedAmountOf(heard) : undefined);
  if (result.intent === 'unknown' && (wantsAmount || wantsDate) && amount !== undefined && shortAnswer(heard, context) && !(result.signals ?? []).some((signal) => signal !== 'correction')) {
    return reread(result, 'promise_to_pay', { amount, ...(entities.date !== undefined ? { date: entities.date } : {}) }, 0.65);
  }
  if (result.intent === 'unknown' && wantsDate) {
    const range: PartialDate | undefined = entities.dateRange;
    // Short enough to be an answer rather than a story that happens to name a month.
    const short = context.locale === 'zh-CN' ? [...(heard.normalized ?? heard.utterance).replace(/\s/g, '')].length <= 18 : (heard.normalized ?? heard.utterance).split(/\s+/).length <= 8;
    if (range !== undefined && short && (result.signals ?? []).length === 0) return reread(result, 'promise_to_pay', { dateRange: range }, 0.6);
  }
  return result;
}
