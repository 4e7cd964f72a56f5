import { overlapsAny, type AmountMention, type TextRange } from './amount-mention.js';
import { readNumberWords } from './en-us-numbers.js';

const CURRENCY_AFTER = new Set(['dollars', 'dollar', 'bucks', 'buck', 'usd']);
const THOUSAND_AFTER = new Set(['grand', 'k', 'thousand']);
const HUNDRED_AFTER = new Set(['hundred']);

// Words right after a number that make it a count, a time or a measure, not money.
const NOT_MONEY_AFTER = new Set([
  'day', 'days', 'week', 'weeks', 'month', 'months', 'year', 'years', 'yrs', 'hour', 'hours', 'hrs',
  'minute', 'minutes', 'mins', 'second', 'seconds', 'kid', 'kids', 'child', 'children', 'people',
  'persons', 'person', 'times', 'time', 'pm', 'am', 'oclock', 'percent', '%', 'payments', 'payment',
  'installments', 'installment', 'miles', 'feet', 'pounds', 'lbs', 'street', 'st',
  'avenue', 'ave', 'road', 'floor', 'calls', 'texts', 'letters', 'cars', 'jobs', 'sons', 'daughters',
  'boys', 'girls', 'dogs', 'cats', 'nights', 'bedroom', 'bedrooms', 'of', 'paychecks', 'checks', 'numbers',
  'digits',
]);

// Words right before a number that make it a clock time, an address, an ID or a chapter.
const NOT_MONEY_BEFORE = new Set([
  'at', 'after', 'before', 'by', 'chapter', 'room', 'number', 'no', 'apt', 'apartment', 'suite', 'unit',
  'route', 'highway', 'floor', 'page', 'ext', 'extension', 'zip', 'code', 'id', 'case', 'account',
  'reference', 'ref', 'policy', 'version', 'level', 'grade', 'age', 'aged', 'until', 'till', 'in', 'since',
  'ages', 'is', 'are', 'was', 'were', 'and',
]);
/**
 * "my 45", "his 38", "a 38": a bare number owned or counted as one thing is a gun, a jersey, a car,
 * unless it is handed over ("put my 200 toward it", "send my 300"); "my $45" is money.
 */
const POSSESSIVES = new Set(['my', 'his', 'her', 'their', 'a']);
const HANDED_OVER = new Set(['pay', 'send', 'put', 'use', 'give', 'mail', 'wire', 'deposit', 'apply', 'drop', 'transfer', 'spend', 'take']);
const ID_WORDS = new Set(['number', 'account', 'case', 'reference', 'policy', 'claim', 'ticket']);

// Words shortly before a number that make it money in a debt-collection call.
const MONEY_CUES = new Set([
  'pay', 'paying', 'paid', 'payment', 'send', 'sending', 'sent', 'give', 'gave', 'giving', 'do', 'doing',
  'manage', 'afford', 'transfer', 'transferred', 'wire', 'wired', 'put', 'owe', 'owed', 'owing', 'borrowed',
  'borrow', 'only', 'make', 'made', 'settle', 'settled', 'accept', 'take', 'charged', 'charge', 'charging',
  'cover', 'get', 'got', 'about', 'approximately', 'roughly', 'like', 'maybe', 'say', 'still', 'full',
  'the', 'to', 'for', 'least', 'extra', 'another', 'just', 'earn', 'bring', 'down', 'up', 'of', 'than',
  'around', 'over', 'under', 'mail', 'deposit', 'have', 'spare', 'expect', 'actually', 'instead', 'rather', 'between', 'but',
  // Spoken ways of handing money over: "knock out twelve hundred", "shell out 300", "scrape
  // together 200", "swing 150", "come up with 400", "front you 100", "cough up fifty".
  'knock', 'out', 'swing', 'handle', 'scrape', 'together', 'spend', 'front', 'raise', 'cough', 'fork', 'shell', 'toss',
  'throw', 'drop', 'find',
  // Apps and channels used as verbs: "i zelled three hundred fifty", "venmo you 80".
  'zelle', 'zelled', 'venmo', 'venmoed', 'mailed', 'deposited', 'cashapp', 'cashapped',
]);

/** Before a year ("from like 2012", "since 2019", "back in about 2015"): when something began, not money. */
const YEAR_LEAD = new Set(['from', 'since', 'in', 'back', 'year']);
/** Hedges between a year and what leads it: "from like 2012", "back to about 2009". */
const YEAR_HEDGES = new Set(['like', 'about', 'around', 'roughly', 'to', 'maybe', 'probably']);

/** True when, past any hedge, the word before a year-like number says when something began. */
function isYearLed(words: readonly string[], i: number): boolean {
  for (let k = i - 1; k >= Math.max(0, i - 4); k -= 1) {
    const word = words[k] ?? '';
    if (YEAR_LEAD.has(word)) return true;
    if (!YEAR_HEDGES.has(word)) return false;
  }
  return false;
}

/** A rate of pay, not an amount: "12 bucks an hour", "15 dollars per hour". */
const WAGE_AFTER = /^(?:an|a|per|each|every) (?:hour|hr)\b|^(?:hourly|an hr)\b/;
/** What joins the two ends of a range: "200 to 300", "two or three hundred". */
const RANGE_JOIN = /^ (?:and|or|to|through) $/;
/** Between an amount and the day it is paid: "300 friday", "eight hundred on march 20th", "fifty bucks by the 1st". */
const TO_DATE_GAP = /^ (?:(?:on|by|before|this|next|come|till|until|for) )?$/;

/**
 * Words that take back what was just said and state it again ("400 actually no 450", "300 i meant
 * 3000", "500 no wait make that 350", "200 sorry 250"). A number right after them, once an amount
 * was said, is the corrected amount: money even after a "no" that elsewhere opens a number ("no 5").
 */
const CORRECTION_BEFORE = /(?:^| )(?:no|nope|wait|sorry|oops|mean|meant|rather|correction|actually|scratch that|my bad|make (?:that|it)|call it|let us say|change (?:that|it) to|i said)$/;

// A year-like number (2000, 1999) is money right after a payment verb: "i can pay 2000 on friday".
const YEAR_MONEY_CUES = new Set([
  'pay', 'paying', 'paid', 'send', 'sending', 'sent', 'owe', 'owed', 'borrowed', 'give', 'gave', 'giving', 'transfer',
  'transferred', 'wire', 'wired', 'of', 'about', 'around', 'like', 'only', 'just', 'deposit', 'deposited', 'mail',
  'mailed', 'cover', 'settle', 'accept', 'afford', 'owing',
]);
// What after a number marks it as money: "is it 1200 that i owe", "1200 still owed".
const MONEY_CUE_AFTER = /^(?:(?:that|what) )?(?:i|we) (?:still |really )?(?:owe|owed)\b|^(?:still )?(?:owed|owing|due|outstanding)\b/;

interface Token {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  for (const m of text.matchAll(/\S+/g)) {
    const start = m.index ?? 0;
    tokens.push({ text: m[0], start, end: start + m[0].length });
  }
  return tokens;
}

interface NumberAt {
  readonly value: number;
  readonly tokenCount: number;
  readonly strong: boolean;
  readonly isYearLike: boolean;
}

/** A run of number words with no scale word in it ("two", "twelve", "twenty five"), as said before a "fifty". */
function plainRun(words: readonly string[], i: number): { readonly value: number; readonly tokenCount: number } | undefined {
  const run = readNumberWords(words, i);
  if (run === undefined) return undefined;
  const said = words.slice(i, i + run.tokenCount);
  if (said.some((word) => word === 'hundred' || word === 'thousand' || word === 'a' || word === 'and')) return undefined;
  return run;
}

/**
 * Hundreds said the way people say prices, without the word "hundred": "two fifty" (250), "one
 * twenty five" (125), "twelve fifty" (1250), "twenty five fifty" (2550). The first part is 1–99
 * but not a round ten ("thirty forty bucks" is a range, not 3040); the second is 10–99.
 */
function readSpokenHundreds(words: readonly string[], i: number): { readonly value: number; readonly tokenCount: number } | undefined {
  const high = plainRun(words, i);
  if (high === undefined || high.value < 1 || high.value > 99 || (high.value >= 20 && high.value % 10 === 0)) return undefined;
  const low = plainRun(words, i + high.tokenCount);
  if (low === undefined || low.value < 10 || low.value > 99) return undefined;
  return { value: high.value * 100 + low.value, tokenCount: high.tokenCount + low.tokenCount };
}

/** "two and a half grand", "one and a half thousand": a whole number and a half, then a scale word. */
function readAndAHalf(words: readonly string[], i: number): { readonly value: number; readonly tokenCount: number } | undefined {
  const whole = plainRun(words, i);
  if (whole === undefined) return undefined;
  const at = i + whole.tokenCount;
  if (words[at] !== 'and' || words[at + 1] !== 'a' || words[at + 2] !== 'half') return undefined;
  const scale = words[at + 3] ?? '';
  if (!THOUSAND_AFTER.has(scale) && !HUNDRED_AFTER.has(scale)) return undefined;
  return { value: whole.value + 0.5, tokenCount: whole.tokenCount + 3 };
}

function readNumberAt(tokens: readonly Token[], words: readonly string[], i: number): NumberAt | undefined {
  const token = tokens[i]?.text ?? '';
  const digits = /^(\$)?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(k)?$/.exec(token);
  if (digits?.[2] !== undefined) {
    const value = Number(digits[2].replace(/,/g, '') + (digits[3] ?? '')) * (digits[4] === 'k' ? 1000 : 1);
    const strong = digits[1] === '$' || digits[4] === 'k' || digits[2].includes(',') || /^\.\d\d$/.test(digits[3] ?? '');
    const isYearLike = digits[1] === undefined && digits[3] === undefined && digits[4] === undefined && /^(19|20)\d\d$/.test(digits[2]);
    return { value, tokenCount: 1, strong, isYearLike };
  }
  if (token === 'a' && tokens[i + 1]?.text === 'grand') return { value: 1, tokenCount: 1, strong: true, isYearLike: false };
  const spoken = readAndAHalf(words, i) ?? readSpokenHundreds(words, i);
  if (spoken !== undefined) return { ...spoken, strong: false, isYearLike: false };
  const run = readNumberWords(words, i);
  if (run === undefined) return undefined;
  return { value: run.value, tokenCount: run.tokenCount, strong: false, isYearLike: false };
}

function hasCueBefore(tokens: readonly Token[], i: number): boolean {
  for (let k = i - 1; k >= Math.max(0, i - 3); k -= 1) {
    const word = tokens[k]?.text ?? '';
    if (MONEY_CUES.has(word)) return true;
    if (/^\d/.test(word)) return false;
  }
  return false;
}

/**
 * The scale a spoken range shares: "two or three hundred" is 200 to 300, "between three and four
 * hundred" 300 to 400, "one to two grand" 1000 to 2000. Undefined when no range follows at `at`.
 */
function sharedRangeScale(words: readonly string[], at: number): number | undefined {
  if (!['and', 'or', 'to'].includes(words[at] ?? '')) return undefined;
  const run = readNumberWords(words, at + 1);
  if (run === undefined) return undefined;
  const said = words.slice(at + 1, at + 1 + run.tokenCount);
  const after = words[at + 1 + run.tokenCount] ?? '';
  if (said.at(-1) === 'hundred' && !said.includes('thousand')) return 100;
  if (THOUSAND_AFTER.has(after) || said.at(-1) === 'thousand') return 1000;
  return HUNDRED_AFTER.has(after) ? 100 : undefined;
}

/** True when a day follows the number ("300 friday", "eight hundred on march 20th"): what is paid and when. */
function beforeADate(text: string, end: number, dates: readonly TextRange[]): boolean {
  return dates.some((date) => date.start >= end && TO_DATE_GAP.test(text.slice(end, date.start)));
}

/**
 * Finds money amounts in normalized English ("$1,200", "1.5k", "two hundred and fifty dollars",
 * "fifty bucks", "a grand"), skipping `blocked` ranges (dates) and numbers that are counts,
 * clock times, years, chapters or IDs.
 */
export function findEnglishAmounts(text: string, blocked: readonly TextRange[]): AmountMention[] {
  const tokens = tokenize(text);
  const words = tokens.map((t) => t.text);
  const found: AmountMention[] = [];
  let i = 0;
  while (i < tokens.length) {
    const first = tokens[i];
    const number = first === undefined || overlapsAny(first.start, first.end, blocked) ? undefined : readNumberAt(tokens, words, i);
    if (first === undefined || number === undefined) {
      i += 1;
      continue;
    }
    const lastIndex = i + number.tokenCount - 1;
    let value = number.value;
    let strong = number.strong;
    let endIndex = lastIndex;
    const after = tokens[lastIndex + 1]?.text;
    const halfAndScale = words[lastIndex] === 'half';
    // "2 thousand", "5 hundred": digits read with a spoken scale word after them.
    if (after !== undefined && HUNDRED_AFTER.has(after) && (halfAndScale || (number.tokenCount === 1 && /^\d/.test(first.text)))) {
      value *= 100;
      endIndex += 1;
    } else if (after !== undefined && THOUSAND_AFTER.has(after) && (after !== 'thousand' || halfAndScale || /^\d/.test(first.text))) {
      value *= 1000;
      strong = strong || after !== 'thousand';
      endIndex += 1;
    }
    // "two or three hundred": the first end of a spoken range takes the scale of the second.
    const rangeScale = endIndex === lastIndex && value < 10 && number.tokenCount === 1 ? sharedRangeScale(words, endIndex + 1) : undefined;
    if (rangeScale !== undefined) value *= rangeScale;
    // "a grand and a half", "two thousand and a half": half the scale said after it.
    const scale = value / number.value;
    if (endIndex > lastIndex && words[endIndex + 1] === 'and' && words[endIndex + 2] === 'a' && words[endIndex + 3] === 'half' && (scale === 1000 || scale === 100)) {
      value += scale / 2;
      endIndex += 3;
    }
    const afterSuffix = tokens[endIndex + 1]?.text;
    if (afterSuffix !== undefined && CURRENCY_AFTER.has(afterSuffix)) {
      strong = true;
      endIndex += 1;
    }
    const before = tokens[i - 1]?.text ?? '';
    const twoBefore = tokens[i - 2]?.text ?? '';
    const nextWord = tokens[endIndex + 1]?.text ?? '';
    const last = tokens[endIndex];
    // "between 200 and 300": the upper end of a range is money like the lower one.
    const rangeEnd = before === 'and' && found.at(-1)?.end === tokens[i - 2]?.end && [tokens[i - 3]?.text, tokens[i - 4]?.text].includes('between');
    const corrected = found.length > 0 && CORRECTION_BEFORE.test(words.slice(Math.max(0, i - 3), i).join(' '));
    const owned = POSSESSIVES.has(before) && !HANDED_OVER.has(twoBefore);
    const countOrId = NOT_MONEY_AFTER.has(nextWord) || owned || (NOT_MONEY_BEFORE.has(before) && !rangeEnd && !corrected) || ID_WORDS.has(twoBefore);
    // A year-like number said alone ("2000", "2000 dollars") answers "how much"; a year comes with more words.
    const alone = i === 0 && endIndex === tokens.length - 1;
    const yearLed = number.isYearLike && isYearLed(words, i);
    const yearAsMoney = number.isYearLike && !yearLed && (alone || YEAR_MONEY_CUES.has(before) || (before === 'you' && YEAR_MONEY_CUES.has(twoBefore)));
    const wage = WAGE_AFTER.test(words.slice(endIndex + 1, endIndex + 3).join(' '));
    // Without a currency mark, years, single digits, counts, times and IDs are not money.
    const plausible = !wage && (strong || (!countOrId && (!number.isYearLike || yearAsMoney) && value >= 10));
    if (last !== undefined && value > 0 && plausible) {
      const cuedAfter = MONEY_CUE_AFTER.test(words.slice(endIndex + 1, endIndex + 5).join(' '));
      const cued = strong || cuedAfter || rangeEnd || corrected || hasCueBefore(tokens, i) || beforeADate(text, last.end, blocked);
      found.push({ start: first.start, end: last.end, value: Math.round(value * 100) / 100, cued });
    }
    i = endIndex + 1;
  }
  return cueRangeEnds(text, found);
}

/** Both ends of a range are money when one is: "two or three hundred by friday". */
function cueRangeEnds(text: string, found: readonly AmountMention[]): AmountMention[] {
  return found.map((mention, k) => {
    if (mention.cued) return mention;
    const before = found[k - 1];
    const after = found[k + 1];
    const joined = (a: AmountMention | undefined, b: AmountMention | undefined): boolean =>
      a !== undefined && b !== undefined && RANGE_JOIN.test(text.slice(a.end, b.start));
    const cued = (joined(before, mention) && before?.cued === true) || (joined(mention, after) && after?.cued === true);
    return cued ? { ...mention, cued } : mention;
  });
}
