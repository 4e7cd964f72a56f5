import type { IsoDate } from '../domain/calendar.js';
import { pickDate } from './date-mention.js';
import type { LocaleGrammar } from './locale-grammar.js';

/** The entities of one utterance and the text the intent rules see. */
export interface Extraction {
  readonly amount?: number;
  readonly date?: IsoDate;
  /** Normalized text with each date and money amount replaced by the locale's tag. */
  readonly tagged: string;
  /** True when the utterance is nothing but an amount and/or a date ("two hundred", "下周五"). */
  readonly bare: boolean;
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

/** Finds the amount and date of normalized text and tags them for the intent rules. */
export function extractEntities(text: string, today: IsoDate, grammar: LocaleGrammar): Extraction {
  const dates = grammar.findDates(text, today);
  const amounts = grammar.findAmounts(text, dates);
  const cued = amounts.filter((a) => a.cued);
  const tagged = replaceSpans(text, [
    ...dates.flatMap((d) =>
      d.date === undefined ? [] : [{ start: d.start, end: d.end, tag: d.date > today ? grammar.dateTag : grammar.pastDateTag }]),
    ...cued.map((a) => ({ start: a.start, end: a.end, tag: grammar.amountTag })),
  ]);
  const date = pickDate(dates, (mention) => grammar.isTodayContrasted(text, mention));
  const residual = replaceSpans(text, [...dates, ...amounts].map((m) => ({ start: m.start, end: m.end, tag: ' ' })))
    .replace(grammar.bareGlue, ' ')
    .trim();
  const bare = residual === '' && (date !== undefined || amounts.length > 0);
  // An uncued number is money only when it is the whole answer (see AmountMention.cued).
  const amount = (bare ? amounts : cued)[0]?.value;
  return {
    tagged,
    bare,
    ...(amount === undefined ? {} : { amount }),
    ...(date === undefined ? {} : { date }),
  };
}
