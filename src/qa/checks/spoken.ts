import type { Locale } from '../../domain/locale.js';
import { findFigures } from '../../nlu/figures-in-text.js';
import { formatDateForSpeech, formatMoneyForSpeech } from '../../scripts/speech-format.js';

/**
 * An amount as the scripts library speaks it, or undefined when it cannot be spoken (a currency
 * that is no ISO code, a negative amount): the lines of a call were rendered by these functions,
 * so a figure said can be found in their words exactly.
 */
export function spokenMoney(amount: number, currency: string, locale: Locale): string | undefined {
  try {
    return formatMoneyForSpeech(amount, currency, locale);
  } catch {
    return undefined;
  }
}

/** A date as the scripts library speaks it, or undefined when it is no calendar date. */
export function spokenDate(isoDate: string, locale: Locale): string | undefined {
  try {
    return formatDateForSpeech(isoDate, locale);
  } catch {
    return undefined;
  }
}

/**
 * True when `text` says `amount`. The figure finder reads cents spoken in words as the whole part
 * only ("… fifty dollars and fifty cents" is 1250 to it), and a plain search for the words would
 * find "two hundred dollars" inside "one thousand two hundred dollars": so a figure must equal the
 * amount, or the amount's exact words must be there and a figure equal its whole part.
 */
export function saysAmount(text: string, amount: number, currency: string, locale: Locale, today: string): boolean {
  const amounts = findFigures(text, locale, today).amounts;
  if (amounts.some((figure) => Math.abs(figure - amount) < 0.005)) return true;
  const words = spokenMoney(amount, currency, locale);
  return words !== undefined && text.includes(words) && amounts.some((figure) => figure === Math.trunc(amount));
}
