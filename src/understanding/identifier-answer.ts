import { isCalendarDate } from '../domain/debtor.js';
import type { Locale } from '../domain/locale.js';
import { isIdentifierSlot, type IdentifierSlot } from '../flow/slots.js';
import type { Intent, NluResult, PartialIdentifier } from '../nlu/intents.js';
import { parseChineseNumber } from '../nlu/zh-cn-numbers.js';
import type { TurnContext } from './turn-context.js';

/** What the reading needs of the utterance: as said, and normalized by the NLU where it can. */
export interface IdentifierUtterance {
  readonly utterance: string;
  readonly normalized?: string;
  readonly heard?: { readonly identifier?: PartialIdentifier };
}

// ---- en-US ----

const EN_DIGITS: Readonly<Record<string, string>> = {
  zero: '0', oh: '0', o: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9',
};
const EN_TEENS: Readonly<Record<string, number>> = {
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const EN_TENS: Readonly<Record<string, number>> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const EN_MONTHS: Readonly<Record<string, number>> = {
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
const EN_ORDINALS: Readonly<Record<string, number>> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11, twelfth: 12,
  thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17, eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30,
};

// Words around a bare answer that add nothing to it: "sure, it is 4 4 1 9", "my birthday is …".
const EN_LEAD = /^(?:(?:yes|yeah|yep|sure|ok|okay|um|uh|er|well|so|alright|right|and|its|it is|it s|that is|thats|they are|it should be|should be|i think|i think it is|mine is|my (?:id|id number|birthday|birthdays|date of birth|dob|birth date|zip|zip code|zipcode|postcode|post code|postal code)(?: is)?|the (?:last (?:four|4)(?: digits)?|zip(?: code)?|postcode|postal code)(?: are| is)?) )+/;
const EN_TAIL = / (?:i think|thanks|thank you|please)$/;

/**
 * Digits read out as words or figures, one by one or in pairs: "4 4 1 9", "four four one nine",
 * "double four nineteen", "forty four nineteen", "oh four one x" (an ID may end in X). Undefined
 * when any word is not part of a number.
 */
function enDigitString(text: string): string | undefined {
  const words = text.split(' ').filter((word) => word !== '');
  let out = '';
  for (let i = 0; i < words.length; i += 1) {
    const word = words[i] ?? '';
    const next = words[i + 1] ?? '';
    if (/^\d+$/.test(word)) out += word;
    else if (word === 'x' || word === 'ex') out += 'X';
    else if ((word === 'double' || word === 'triple') && EN_DIGITS[next] !== undefined) {
      out += (EN_DIGITS[next] ?? '').repeat(word === 'double' ? 2 : 3);
      i += 1;
    } else if (EN_DIGITS[word] !== undefined) out += EN_DIGITS[word];
    else if (EN_TEENS[word] !== undefined) out += String(EN_TEENS[word]);
    else if (EN_TENS[word] !== undefined) {
      const unit = EN_DIGITS[next];
      // "forty four" is 44, "forty" alone 40; "oh" and "zero" never follow a tens word as its unit.
      if (unit !== undefined && unit !== '0') {
        out += String((EN_TENS[word] ?? 0) + Number(unit));
        i += 1;
      } else out += String(EN_TENS[word]);
    } else return undefined;
  }
  return out === '' ? undefined : out;
}

/** A year said as a figure or in words: "1985", "nineteen eighty five", "nineteen oh five", "two thousand three", "twenty twelve". */
function enYear(text: string): number | undefined {
  if (/^\d{4}$/.test(text)) return Number(text);
  const thousand = /^two thousand(?: and)?(?: (.+))?$/.exec(text);
  if (thousand !== null) {
    const rest = thousand[1] === undefined ? '0' : enDigitString(thousand[1]);
    return rest !== undefined && /^\d{1,2}$/.test(rest) ? 2000 + Number(rest) : undefined;
  }
  const century = /^(nineteen|twenty) (.+)$/.exec(text);
  if (century === null) return undefined;
  const rest = enDigitString(century[2] ?? '');
  if (rest === undefined || !/^\d{2}$/.test(rest)) return undefined;
  return (century[1] === 'nineteen' ? 1900 : 2000) + Number(rest);
}

/** A day of the month: "2", "2nd", "second", "twenty second", "thirty first". */
function enDay(text: string): number | undefined {
  const figure = /^(\d{1,2})(?:st|nd|rd|th)?$/.exec(text);
  if (figure !== null) return Number(figure[1]);
  const compound = /^(twenty|thirty) (\w+)$/.exec(text);
  if (compound !== null) {
    const unit = EN_ORDINALS[compound[2] ?? ''];
    return unit !== undefined && unit < 10 ? (EN_TENS[compound[1] ?? ''] ?? 0) + unit : undefined;
  }
  return EN_ORDINALS[text];
}

const EN_MONTH = `(${Object.keys(EN_MONTHS).join('|')})`;
const EN_DAY = '(\\d{1,2}(?:st|nd|rd|th)?|(?:twenty |thirty )?[a-z]+)';

function enDateOfBirth(text: string): string | undefined {
  let match = new RegExp(`^${EN_MONTH} (?:the )?${EN_DAY}(?: of)? (.+)$`).exec(text);
  if (match !== null) return isoDate(enYear(match[3] ?? ''), EN_MONTHS[match[1] ?? ''], enDay(match[2] ?? ''));
  match = new RegExp(`^(?:the )?${EN_DAY} (?:of )?${EN_MONTH} (.+)$`).exec(text);
  if (match !== null) return isoDate(enYear(match[3] ?? ''), EN_MONTHS[match[2] ?? ''], enDay(match[1] ?? ''));
  // Figures: month day year as an American says them ("3 2 1985", "03/02/1985"), or year month day ("1985-03-02", 19850302).
  match = /^(\d{1,2}) (\d{1,2}) (\d{4})$/.exec(text);
  if (match !== null) return isoDate(Number(match[3]), Number(match[1]), Number(match[2]));
  return numericDate(text);
}

function enPostcode(text: string): string | undefined {
  const digits = enDigitString(text);
  if (digits !== undefined) return /^\d{3,10}$/.test(digits) ? digits : undefined;
  // A code of letters and figures, as most countries write theirs: "sw1a 1aa", "k1a 0b1".
  const code = /^([a-z0-9]{2,5})(?: ([a-z0-9]{2,4}))?$/.exec(text);
  if (code === null || !/\d/.test(text) || !/[a-z]/.test(text)) return undefined;
  return [code[1], code[2]].filter((part) => part !== undefined).join(' ').toUpperCase();
}

// Asking why, or saying no to giving it: at this question, a refusal to be checked.
const EN_REFUSAL = /\bwhy (?:do|would|should|does|did) (?:you|i|anyone)\b.*\b(?:need|want|have|ask|know|give|tell|say)\b|\bwhy (?:that|is that|my)\b|^why$|\bwhat (?:do you need|do you want) (?:it|that|this|to know)(?: for)?\b|\bwhat is (?:it|that|this) for\b|^what for$|\bnone of your business\b|\bi am not (?:going to )?(?:give|giving|tell|telling|share|sharing|say|saying)\b|\bi (?:do not|will not|would not|can not) (?:give|tell|share|say)\b|\bi would rather not\b|\bnot (?:giving|telling|sharing) (?:you|that|it|this)\b/;

// ---- zh-CN ----

const ZH_DIGIT: Readonly<Record<string, string>> = { 零: '0', 〇: '0', 洞: '0', 一: '1', 幺: '1', 二: '2', 两: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9', 叉: 'X', x: 'X' };
const ZH_LEAD = /^(?:嗯|哦|噢|呃|好的|好|行|对|是的|是|就是|我的|我|身份证号码|身份证号|身份证|号码|的|后四位|最后四位|末四位|尾号|出生日期|出生年月日|出生年月|生日|邮政编码|邮编|为)+/;
const ZH_TAIL = /(?:吧|啊|呀|呢|哈|出生的|出生|生的)+$/;

/** Figures or Chinese digits one by one: 四四一九, 4419, 幺九八五; an ID's X as x or 叉. */
function zhDigitString(text: string): string | undefined {
  let out = '';
  for (const ch of text) {
    const digit = /\d/.test(ch) ? ch : ZH_DIGIT[ch];
    if (digit === undefined) return undefined;
    out += digit;
  }
  return out === '' ? undefined : out;
}

function zhDateOfBirth(text: string): string | undefined {
  const match = /^([\d零〇洞一幺二两三四五六七八九]{4})年([\d一二两三四五六七八九十]{1,3})月([\d一二两三四五六七八九十]{1,3})(?:号|日)?$/.exec(text);
  if (match !== null) {
    const year = zhDigitString(match[1] ?? '');
    return isoDate(year === undefined ? undefined : Number(year), parseChineseNumber(match[2] ?? ''), parseChineseNumber(match[3] ?? ''));
  }
  return numericDate(text.replace(/[.．]/g, ' ').trim());
}

const ZH_REFUSAL = /为什么|为啥|干嘛|干什么用|凭什么|不告诉|不想(?:说|告诉)|不能(?:说|告诉)|不方便(?:说|透露|告诉)|不给你|不提供|隐私|问这个干/;

// ---- both ----

function isoDate(year: number | undefined, month: number | undefined, day: number | undefined): string | undefined {
  if (year === undefined || month === undefined || day === undefined || year < 1900 || year > 2099) return undefined;
  const iso = `${String(year)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return isCalendarDate(iso) ? iso : undefined;
}

/** Year month day in figures: "1985 03 02", "1985 3 2", "19850302" (as keyed). */
function numericDate(text: string): string | undefined {
  const spaced = /^(\d{4}) (\d{1,2}) (\d{1,2})$/.exec(text);
  if (spaced !== null) return isoDate(Number(spaced[1]), Number(spaced[2]), Number(spaced[3]));
  const packed = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  return packed === null ? undefined : isoDate(Number(packed[1]), Number(packed[2]), Number(packed[3]));
}

/** Lower case, with the marks that separate figures ("4-4-1-9", "03/02/1985", "4,4,1,9") as spaces. */
function clean(text: string): string {
  return text.toLowerCase().replace(/[,，、/\\\-–—:;!?！？。'"]/g, ' ').replace(/\.(?=\s|$)/g, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * The partial identifier of `kind` that `text` is, said bare as an answer to the question that
 * asks for it: the last four of an ID ("4 4 1 9", 四四一九, "041X"), a date of birth ("march 2nd
 * 1985", "1985-03-02", 幺九八五年三月二号), a postcode ("SW1A 1AA", "10001", 一零零零八零). Only
 * where that kind is asked: elsewhere "4419" is an amount. Undefined when the text is more than that.
 *
 * @example
 * readBareIdentifier('four four one nine', 'id_last4', 'en-US'); // → { kind: 'id_last4', value: '4419' }
 */
export function readBareIdentifier(text: string, kind: IdentifierSlot, locale: Locale): PartialIdentifier | undefined {
  const value = locale === 'zh-CN' ? readZh(text, kind) : readEn(text, kind);
  return value === undefined ? undefined : { kind, value };
}

function readEn(text: string, kind: IdentifierSlot): string | undefined {
  const core = clean(text).replace(EN_LEAD, '').replace(EN_TAIL, '').trim();
  if (core === '') return undefined;
  if (kind === 'date_of_birth') return enDateOfBirth(core);
  if (kind === 'postcode') return enPostcode(core);
  const digits = enDigitString(core);
  return digits !== undefined && /^\d{3}[\dX]$/.test(digits) ? digits : undefined;
}

function readZh(text: string, kind: IdentifierSlot): string | undefined {
  // Chinese needs no spaces between digits; the date's own marks (年月日, dots) are kept for it.
  const spaced = clean(text);
  const core = (kind === 'date_of_birth' ? spaced : spaced.replace(/[\s.．]/g, '')).replace(ZH_LEAD, '').replace(ZH_TAIL, '').trim();
  if (core === '') return undefined;
  if (kind === 'date_of_birth') return zhDateOfBirth(core);
  const digits = zhDigitString(core.replace(/\s/g, ''));
  if (kind === 'postcode') return digits !== undefined && /^\d{6}$/.test(digits) ? digits : undefined;
  return digits !== undefined && /^\d{3}[\dX]$/.test(digits) ? digits : undefined;
}

/** True when the debtor asks why, or declines, at the question for an identifier ("why do you need that", 凭什么告诉你). */
export function refusesIdentifier(text: string, locale: Locale): boolean {
  return (locale === 'zh-CN' ? ZH_REFUSAL : EN_REFUSAL).test(clean(text));
}

/** Readings of the utterance that a bare identifier overrides: it was taken for nothing, a yes, or a bare amount. */
const OVERRIDDEN: ReadonlySet<Intent> = new Set<Intent>(['unknown', 'affirm', 'promise_to_pay']);

/**
 * At a question that asks for a partial identifier (its slots name the kind, see `IDENTIFIER_SLOTS`),
 * the answer that gives one of that kind — bare or with its words ("the last four are …") — is
 * `affirm` carrying it, which the question checks against the record; asking why or declining is
 * `refuse`. Undefined elsewhere, and for any other answer, which is read as usual.
 */
export function readIdentifierAnswer(result: NluResult, heard: IdentifierUtterance, context: TurnContext): NluResult | undefined {
  const kind = context.expected.slots.find(isIdentifierSlot);
  if (kind === undefined || !OVERRIDDEN.has(result.intent)) return undefined;
  const named = result.entities.identifier ?? heard.heard?.identifier;
  const text = heard.normalized ?? heard.utterance;
  const identifier = named?.kind === kind ? named : readBareIdentifier(text, kind, context.locale) ?? readBareIdentifier(heard.utterance, kind, context.locale);
  if (identifier !== undefined) return { ...result, intent: 'affirm', confidence: Math.max(result.confidence, 0.85), entities: { identifier } };
  if (result.intent !== 'promise_to_pay' && (refusesIdentifier(text, context.locale) || refusesIdentifier(heard.utterance, context.locale))) {
    return { ...result, intent: 'refuse', confidence: Math.max(result.confidence, 0.7), entities: {} };
  }
  return undefined;
}
