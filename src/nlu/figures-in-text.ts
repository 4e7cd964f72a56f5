import type { Locale } from '../domain/locale.js';
import type { IsoDate } from '../domain/calendar.js';
import { EN_US_GRAMMAR } from './en-us-grammar.js';
import type { LocaleGrammar } from './locale-grammar.js';
import { normalizeUtterance } from './normalize.js';
import { ZH_CN_GRAMMAR } from './zh-cn-grammar.js';

/** The figures a text states: what a line said to a debtor must not get wrong or make up. */
export interface Figures {
  /** Sums of money, in digits or words, where the text marks them as money ("$1,250", "three hundred dollars", 五百元). */
  readonly amounts: readonly number[];
  /** Every number written in digits outside a phone number ("3 instalments", "5%", "2026"). */
  readonly numbers: readonly number[];
  /** Dates, resolved against `today` (ISO). */
  readonly dates: readonly IsoDate[];
  /** Phone numbers (seven digits or more, or three groups or more), as their digits. */
  readonly phoneNumbers: readonly string[];
}

const GRAMMARS: Readonly<Record<Locale, LocaleGrammar>> = { 'en-US': EN_US_GRAMMAR, 'zh-CN': ZH_CN_GRAMMAR };

/** Digits joined by phone-number punctuation: "(800) 555-0100", "+86 138 1234 5678", "4008005000". */
const DIGIT_GROUPS = /\+?\(?\d(?:[\d().-]|\s(?=\(?\d))*\d\)?/g;
const ISO_DATE = /^\d{4}-\d{1,2}-\d{1,2}$/;
const DIGIT_NUMBER = /\d+(?:,\d{3})*(?:\.\d+)?/g;

/** True when a run of digit groups reads as a phone number rather than an amount, a date or a list of numbers. */
function isPhoneNumber(run: string): boolean {
  if (ISO_DATE.test(run)) return false;
  const groups = run.split(/[^\d]+/).filter((group) => group !== '');
  const digits = groups.join('');
  // "1250 300" is two numbers and "1,250.00" an amount; a phone number is long, or in three groups or more.
  return digits.length >= 7 && (groups.length === 1 || groups.length >= 3) && !/[,]/.test(run) && !/\d\.\d{1,2}$/.test(run);
}

/**
 * The figures `text` states, read with the NLU's own amount and date finders (so a figure in words
 * counts as one in digits) plus every number in digits. Phone numbers are kept apart, so a
 * callback number is not taken for an amount.
 *
 * @example
 * findFigures('Your balance is $1,250.00; call (800) 555-0100.', 'en-US', '2026-03-11');
 * // → { amounts: [1250], numbers: [1250], dates: [], phoneNumbers: ['8005550100'] }
 */
export function findFigures(text: string, locale: Locale, today: IsoDate): Figures {
  const phoneNumbers: string[] = [];
  const rest = text.replace(DIGIT_GROUPS, (run) => {
    if (!isPhoneNumber(run)) return run;
    phoneNumbers.push(run.replace(/\D/g, ''));
    return ' ';
  });
  const numbers = [...rest.matchAll(DIGIT_NUMBER)].map((match) => Number(match[0].replace(/,/g, ''))).filter(Number.isFinite);
  const grammar = GRAMMARS[locale];
  const normalized = normalizeUtterance(rest, locale);
  const found = grammar.findDates(normalized, today);
  const amounts = grammar.findAmounts(normalized, found).filter((mention) => mention.cued).map((mention) => mention.value);
  const dates = found.flatMap((mention) => (mention.date === undefined ? [] : [mention.date]));
  return { amounts, numbers, dates, phoneNumbers };
}
