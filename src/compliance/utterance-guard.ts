import type { Locale } from '../domain/locale.js';
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
 */
export function checkUtterance(text: string, context: UtteranceContext): GuardVerdict {
  const [finding] = findProhibitedPhrases(text, context.locale);
  if (finding !== undefined) return { ok: false, rule: 'prohibited_phrase', detail: finding.ruleId };
  if (!context.verified) {
    const debtVariable = context.variables.find((name) => DEBT_VARIABLES.has(name));
    if (debtVariable !== undefined) return { ok: false, rule: 'debt_detail_unverified', detail: debtVariable };
  }
  const { values, limits } = context;
  const amount = values['amount'];
  if (context.variables.includes('amount') && typeof amount === 'number' && amount > limits.balance) return { ok: false, rule: 'terms_outside_policy', detail: `amount ${amount} above the balance` };
  const date = values['date'];
  if (context.variables.includes('date') && typeof date === 'string' && (date > limits.latestDate || date < limits.today)) return { ok: false, rule: 'terms_outside_policy', detail: `date ${date} outside ${limits.today}..${limits.latestDate}` };
  return { ok: true };
}

/** What is said instead of a withheld line: nothing of the debt, nothing untrue. */
export const WITHHELD_LINE_PROMPT: Readonly<Record<GuardRule, string>> = {
  prohibited_phrase: 'common.cannot_offer',
  debt_detail_unverified: 'verify.need_right_party',
  terms_outside_policy: 'common.cannot_offer',
};
