import type { IsoDate } from '../domain/calendar.js';
import type { AmountMention } from './amount-mention.js';
import { pickDate, type DateMention } from './date-mention.js';
import type { IdentifierMention } from './detail-mention.js';
import type { LocaleGrammar } from './locale-grammar.js';

/** The entities of one utterance and the text the intent rules see. */
export interface Extraction {
  readonly amount?: number;
  readonly date?: IsoDate;
  /** An amount said with no money cue in a longer utterance ("15" in "the 15 i guess"), for context to weigh. */
  readonly uncuedAmount?: number;
  /** Normalized text with each date and money amount replaced by the locale's tag. */
  readonly tagged: string;
  /** True when the utterance is nothing but an amount and/or a date ("two hundred", "下周五"). */
  readonly bare: boolean;
  /** A date of birth, postcode or last four digits (kept out of amounts and dates). */
  readonly identifier?: IdentifierMention;
}

interface Replacement {
  readonly start: number;
  readonly end: number;
  readonly tag: string;
}

function replaceSpans(text: string, spans: readonly Replacement[]): string {
  let out = '';
  let cursor = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    out += text.slice(cursor, span.start) + span.tag;
    cursor = span.end;
  }
  return (out + text.slice(cursor)).replace(/\s+/g, ' ').trim();
}

/**
 * The amount an utterance settles on. In a correction or a counter-offer the last one stated wins
 * ("I can't do 500, but 250" → 250); otherwise the first. A range ("between 200 and 300",
 * 两百到三百) counts as its lower end, the part the debtor surely commits to; a rough figure or the
 * sum owed gives way to another amount.
 */
export function settleAmount(amounts: readonly AmountMention[], text: string, finders: { readonly rangeJoin: RegExp; readonly contrast: RegExp }, correcting = false): number | undefined {
  // A rough figure or the sum owed, said with another amount (两三千吧 就两千五, 欠你们一万 先还三千), only leads to it.
  const meant = amounts.filter((a) => a.yields !== true);
  const sorted = [...(meant.length > 0 ? meant : amounts)].sort((a, b) => a.start - b.start);
  const { rangeJoin, contrast } = finders;
  let settled: number | undefined;
  for (let i = 0; i < sorted.length; i += 1) {
    const current = sorted[i];
    if (current === undefined) continue;
    const next = sorted[i + 1];
    if (next !== undefined && rangeJoin.test(text.slice(current.end, next.start))) {
      settled = Math.min(current.value, next.value);
      i += 1;
      continue;
    }
    // Without a correction or a contrast between them, the first amount is the one meant
    // ("30,000 in two goes, 10,000 this week" speaks of the 30,000).
    if (settled !== undefined && !correcting && !contrast.test(text.slice(sorted[0]?.end ?? 0, current.start))) continue;
    settled = current.value;
  }
  return settled;
}

/**
 * The date an utterance settles on: the first one, except that a date said in contrast ("not
 * Friday", "today's no good") loses to another, and in a correction the last one stated wins.
 */
function settleDate(dates: readonly DateMention[], text: string, grammar: LocaleGrammar, correcting: boolean): IsoDate | undefined {
  const concrete = dates.filter((d) => d.date !== undefined);
  if (correcting && concrete.length > 1) return concrete.at(-1)?.date;
  if (concrete.length > 1) {
    const uncontrasted = concrete.filter((m) => !grammar.isTodayContrasted(text, m));
    if (uncontrasted.length > 0 && uncontrasted.length < concrete.length) return uncontrasted[0]?.date;
  }
  return pickDate(dates, (mention) => grammar.isTodayContrasted(text, mention));
}

/** Blanks a span, keeping the offsets of everything else. */
function blank(text: string, mention: IdentifierMention | undefined): string {
  if (mention === undefined) return text;
  return text.slice(0, mention.start) + ' '.repeat(mention.end - mention.start) + text.slice(mention.end);
}

/** Finds the amount and date of normalized text and tags them for the intent rules; `correcting` lets the last date win. */
export function extractEntities(text: string, today: IsoDate, grammar: LocaleGrammar, correcting = (_tagged: string) => false): Extraction {
  const identifier = grammar.details.findIdentifier(text);
  const scanned = blank(text, identifier);
  const dates = grammar.findDates(scanned, today);
  const amounts = grammar.findAmounts(scanned, dates);
  const cued = amounts.filter((a) => a.cued);
  const tagged = replaceSpans(scanned, [
    ...dates.flatMap((d) =>
      d.date === undefined ? [] : [{ start: d.start, end: d.end, tag: d.date > today ? grammar.dateTag : grammar.pastDateTag }]),
    ...cued.map((a) => ({ start: a.start, end: a.end, tag: grammar.amountTag })),
  ]);
  const isCorrection = correcting(tagged);
  const date = settleDate(dates, scanned, grammar, isCorrection);
  const residual = replaceSpans(scanned, [...dates, ...amounts].map((m) => ({ start: m.start, end: m.end, tag: ' ' })))
    .replace(grammar.bareGlue, ' ')
    .trim();
  const bare = identifier === undefined && residual === '' && (date !== undefined || amounts.length > 0);
  // An uncued number is money only when it is the whole answer (see AmountMention.cued).
  const amount = settleAmount(bare ? amounts : cued, scanned, grammar.details, isCorrection);
  const uncued = bare ? undefined : settleAmount(amounts.filter((a) => !a.cued), scanned, grammar.details, isCorrection);
  return {
    tagged,
    bare,
    ...(amount === undefined ? {} : { amount }),
    ...(date === undefined ? {} : { date }),
    ...(uncued === undefined ? {} : { uncuedAmount: uncued }),
    ...(identifier === undefined ? {} : { identifier }),
  };
}
