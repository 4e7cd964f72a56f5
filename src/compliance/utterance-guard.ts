import type { Locale } from '../domain/locale.js';
import { debtDetailIn, GENERATED_VARIABLES, unknownAmountIn } from './generated-text.js';
import { findProhibitedPhrases } from './prohibited-phrases.js';

/** Why a line was withheld. */
export type GuardRule = 'prohibited_phrase' | 'debt_detail_unverified' | 'terms_outside_policy';

/** What the guard knows of the call when a line is about to be said. */
export interface UtteranceContext {
  readonly locale: Locale;
  /** The debtor has confirmed who they are (and has not withdrawn it). */
  readonly verified: boolean;
  /** The variables the line's template uses. */
  readonly variables: readonly string[];
  /** The values the line was rendered with. */
  readonly values: Readonly<Record<string, unknown>>;
  /** What the policy allows a promise to be. */
  readonly limits: { readonly balance: number; readonly latestDate: string; readonly today: string };
}

export type GuardVerdict = { readonly ok: true } | { readonly ok: false; readonly rule: GuardRule; readonly detail: string };

/** Template variables that say something about the debt: none of them before the debtor is verified. */
const DEBT_VARIABLES: ReadonlySet<string> = new Set([
  'balance', 'minimumDue', 'minFirstPayment', 'amount', 'installmentAmount', 'settlementAmount', 'installments',
  'creditor', 'dueDate', 'daysPastDue', 'latestDate', 'firstDate', 'date',
]);

/**
 * The last check on every line before it is spoken, scripted or generated: no prohibited phrase
 * (threats, false legal claims, insults…), no debt detail to anyone who has not confirmed being
 * the debtor (or has withdrawn it), no promise terms outside the policy. The scripts library is
 * checked when it loads; this catches what only the call knows — who is listening, and the values.
 * Generated words (an answer) are read themselves, since no template vouches for them: before
 * verification any word of debt, the creditor or a figure withholds them, after it a sum that is
 * none of the account's.
 */
export function checkUtterance(text: string, context: UtteranceContext): GuardVerdict {
  const [finding] = findProhibitedPhrases(text, context.locale);
  if (finding !== undefined) return { ok: false, rule: 'prohibited_phrase', detail: finding.ruleId };
  if (!context.verified) {
    const debtVariable = context.variables.find((name) => DEBT_VARIABLES.has(name));
    if (debtVariable !== undefined) return { ok: false, rule: 'debt_detail_unverified', detail: debtVariable };
  }
  const { values, limits } = context;
  const generated = generatedWords(context);
  if (generated !== '') {
    const detail = context.verified ? undefined : debtDetailIn(generated, context.locale, values, limits.today);
    if (detail !== undefined) return { ok: false, rule: 'debt_detail_unverified', detail };
    const unknown = context.verified ? unknownAmountIn(generated, context.locale, values, limits.today) : undefined;
    if (unknown !== undefined) return { ok: false, rule: 'terms_outside_policy', detail: 'generated text names a sum that is none of the account\'s' };
  }
  const amount = values['amount'];
  if (context.variables.includes('amount') && typeof amount === 'number' && amount > limits.balance) return { ok: false, rule: 'terms_outside_policy', detail: `amount ${amount} above the balance` };
  const date = values['date'];
  if (context.variables.includes('date') && typeof date === 'string' && (date > limits.latestDate || date < limits.today)) return { ok: false, rule: 'terms_outside_policy', detail: `date ${date} outside ${limits.today}..${limits.latestDate}` };
  return { ok: true };
}

/** The words of the line's generated values (see GENERATED_VARIABLES), '' when it has none. */
function generatedWords(context: UtteranceContext): string {
  return context.variables
    .filter((name) => GENERATED_VARIABLES.has(name))
    .map((name) => context.values[name])
    .filter((value): value is string => typeof value === 'string')
    .join(' ')
    .trim();
}

/** True when a line made from `variables` carries generated words (an answer), not only the library's. */
export function carriesGeneratedText(variables: readonly string[]): boolean {
  return variables.some((name) => GENERATED_VARIABLES.has(name));
}

/** What is said instead of a withheld line: nothing of the debt, nothing untrue. */
export const WITHHELD_LINE_PROMPT: Readonly<Record<GuardRule, string>> = {
  prohibited_phrase: 'common.cannot_offer',
  debt_detail_unverified: 'verify.need_right_party',
  terms_outside_policy: 'common.cannot_offer',
};
