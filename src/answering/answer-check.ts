import type { Locale } from '../domain/locale.js';
import { findFigures } from '../nlu/index.js';
import { factAmounts, factDates, factNumbers, factPhoneNumbers, type GroundingFacts } from './grounding-facts.js';
import type { AnswerReply } from './answer-reply.js';

/** Longer than this is no short answer on a phone call: two short sentences fit well within it. */
export const MAX_ANSWER_CHARS = 300;

/** Why an answer was not used. */
export type AnswerRejection = 'not_grounded' | 'empty' | 'too_long' | 'invented_figure';

export type AnswerVerdict =
  | { readonly ok: true; readonly text: string }
  | { readonly ok: false; readonly reason: AnswerRejection; readonly detail?: string };

/** Money compared to the cent, so 416.67 and 416.670 are the same sum. */
function sameSum(a: number, b: number): boolean {
  return Math.abs(a - b) < 0.005;
}

/** Two phone numbers are the same when one ends with the other (with or without the country code). */
function samePhone(a: string, b: string): boolean {
  return a.length >= 7 && b.length >= 7 && (a.endsWith(b) || b.endsWith(a));
}

/** A date is one of the facts' when its month and day are (the answer may read "March 1st" as next year's). */
function sameDay(a: string, b: string): boolean {
  return a.slice(5) === b.slice(5);
}

/** The first figure the answer states that the facts do not hold, described; undefined when there is none. */
function inventedFigure(text: string, facts: GroundingFacts, locale: Locale): string | undefined {
  const figures = findFigures(text, locale, facts.today);
  const amounts = factAmounts(facts);
  const numbers = factNumbers(facts);
  const amount = figures.amounts.find((value) => !amounts.some((fact) => sameSum(fact, value)));
  if (amount !== undefined) return `amount ${amount}`;
  const number = figures.numbers.find((value) => !numbers.some((fact) => sameSum(fact, value)));
  if (number !== undefined) return `number ${number}`;
  const date = figures.dates.find((value) => !factDates(facts).some((fact) => sameDay(fact, value)));
  if (date !== undefined) return `date ${date}`;
  const phone = figures.phoneNumbers.find((value) => !factPhoneNumbers(facts).some((fact) => samePhone(fact, value)));
  return phone !== undefined ? `phone number ${phone}` : undefined;
}

/**
 * Whether a model's answer may be said: the model vouches for it (`grounded`), it is short, and
 * every figure in it — sum, number, date, phone number — is one the facts hold. A made-up interest
 * rate, fee or date is a reason to say the scripted line instead, never something to repair.
 *
 * @example
 * checkAnswer({ answer: 'Your balance is $1,250.00.', grounded: true }, facts, 'en-US'); // → { ok: true, text: 'Your balance is $1,250.00.' }
 */
export function checkAnswer(reply: AnswerReply, facts: GroundingFacts, locale: Locale): AnswerVerdict {
  const text = reply.answer.replace(/\s+/g, ' ').trim();
  if (!reply.grounded) return { ok: false, reason: 'not_grounded' };
  if (text === '') return { ok: false, reason: 'empty' };
  if (text.length > MAX_ANSWER_CHARS) return { ok: false, reason: 'too_long', detail: `${text.length} characters` };
  const invented = inventedFigure(text, facts, locale);
  if (invented !== undefined) return { ok: false, reason: 'invented_figure', detail: invented };
  return { ok: true, text };
}
