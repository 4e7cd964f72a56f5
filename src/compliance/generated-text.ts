import type { Locale } from '../domain/locale.js';
import { findFigures } from '../nlu/figures-in-text.js';

/**
 * Template variables whose values are generated during the call (an answer a model wrote), not
 * written in the scripts library: the library's checks never saw their words, so the guard reads
 * the words themselves.
 */
export const GENERATED_VARIABLES: ReadonlySet<string> = new Set(['answer']);

/** Words that say there is a debt at all. Broad on purpose: a line held back costs one safe sentence. */
const DEBT_WORDS: Readonly<Record<Locale, RegExp>> = {
  'en-US': /\b(?:debts?|owe[sd]?|owing|balances?|loans?|credit cards?|past[- ]due|overdue|late fees?|interest|collect(?:ion|ions|or|ors|ing)?|payments?|pay(?:ing)? off|instal?lments?|arrears|minimum due|due date|creditors?|lenders?|account number)\b/i,
  'zh-CN': /欠|债|贷|逾期|还款|还钱|余额|催收|利息|罚息|滞纳金|分期|信用卡|账单|到期|借款|待还|账款|最低还/,
};

/**
 * What in generated words would tell someone not verified about the debt: words of debt, the
 * creditor's name, or any figure (a sum, a number, a date) — a phone number aside, since the
 * callback number may be given to anyone. Undefined when there is nothing; the description names
 * no account data, so it may go to the log.
 */
export function debtDetailIn(text: string, locale: Locale, values: Readonly<Record<string, unknown>>, today: string): string | undefined {
  if (DEBT_WORDS[locale].test(text)) return 'generated text speaks of a debt';
  const creditor = values['creditor'];
  if (typeof creditor === 'string' && creditor.trim() !== '' && text.toLowerCase().includes(creditor.trim().toLowerCase())) return 'generated text names the creditor';
  const figures = findFigures(text, locale, today);
  if (figures.amounts.length > 0 || figures.numbers.length > 0 || figures.dates.length > 0) return 'generated text states a figure';
  return undefined;
}

/**
 * The first sum of money generated words name that is none of the call's own values (the balance,
 * the minimum due, the terms on offer…): a made-up sum is a term outside the policy.
 */
export function unknownAmountIn(text: string, locale: Locale, values: Readonly<Record<string, unknown>>, today: string): number | undefined {
  const known = Object.values(values).filter((value): value is number => typeof value === 'number');
  return findFigures(text, locale, today).amounts.find((amount) => !known.some((value) => Math.abs(value - amount) < 0.005));
}
