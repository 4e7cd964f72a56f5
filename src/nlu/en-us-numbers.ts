/** Cardinal number words below twenty. */
const UNITS: Readonly<Record<string, number>> = {
  zero: 0, oh: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
  ten: 10, eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16,
  seventeen: 17, eighteen: 18, nineteen: 19,
};

const TENS: Readonly<Record<string, number>> = {
  twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
};

const ORDINAL_UNITS: Readonly<Record<string, number>> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9,
  tenth: 10, eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15,
  sixteenth: 16, seventeenth: 17, eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30,
};

/** Regex source matching one English number word (cardinal). */
export const EN_NUMBER_WORD = `(?:${[...Object.keys(UNITS), ...Object.keys(TENS), 'hundred', 'thousand'].join('|')})`;

/** Regex source for a day ordinal: "15th", "fifteenth", "twenty first", "twenty-first". */
export const EN_ORDINAL = `(?:\\d{1,2}(?:st|nd|rd|th)|(?:twenty|thirty)[ -](?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|${Object.keys(ORDINAL_UNITS).join('|')})`;

/** Regex source for a small count used in spans: digits, "a", "an" or a number word. */
export const EN_COUNT = `(?:\\d{1,3}|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|twenty|thirty)`;

/** Value of a day ordinal such as "15th", "fifteenth" or "twenty first"; undefined if not one. */
export function parseEnglishOrdinal(text: string): number | undefined {
  const digits = /^(\d{1,2})(?:st|nd|rd|th)$/.exec(text);
  if (digits?.[1] !== undefined) return Number(digits[1]);
  const parts = text.split(/[ -]/);
  if (parts.length === 1) return ORDINAL_UNITS[text];
  const [tens, unit] = parts;
  if (tens === undefined || unit === undefined) return undefined;
  const tensValue = TENS[tens];
  const unitValue = ORDINAL_UNITS[unit];
  return tensValue !== undefined && unitValue !== undefined && unitValue < 10 ? tensValue + unitValue : undefined;
}

/** Value of a small count ("3", "a", "two"), as used in "in two weeks" or "3 days ago". */
export function parseEnglishCount(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if (text === 'a' || text === 'an') return 1;
  return UNITS[text] ?? TENS[text];
}

/** One run of number words and the tokens it spans, e.g. "two hundred and fifty" → 250 over 4 tokens. */
export interface NumberWordRun {
  readonly value: number;
  readonly tokenCount: number;
}

/**
 * Reads the longest well-formed run of number words starting at `tokens[start]`. "one two three"
 * is three runs, not six: a unit cannot follow a unit, which keeps counting and lists apart.
 */
export function readNumberWords(tokens: readonly string[], start: number): NumberWordRun | undefined {
  let total = 0;
  let group = 0;
  let last: 'none' | 'unit' | 'teen' | 'tens' | 'hundred' | 'thousand' = 'none';
  let used = 0;
  let consumed = 0;
  for (let i = start; i < tokens.length; i += 1) {
    const token = tokens[i] ?? '';
    const next = tokens[i + 1];
    if (token === 'a' && last === 'none' && (next === 'hundred' || next === 'thousand')) {
      group = 1;
      last = 'unit';
      used += 1;
      continue;
    }
    if (token === 'and' && (last === 'hundred' || last === 'thousand') && next !== undefined && (UNITS[next] !== undefined || TENS[next] !== undefined)) {
      used += 1;
      continue;
    }
    const unit = UNITS[token];
    const tens = TENS[token];
    if (unit !== undefined && unit > 0) {
      if (last === 'unit' || last === 'teen') break;
      if (last === 'tens' && unit >= 10) break;
      group += unit;
      last = unit >= 10 ? 'teen' : 'unit';
    } else if (tens !== undefined) {
      if (last === 'unit' || last === 'teen' || last === 'tens') break;
      group += tens;
      last = 'tens';
    } else if (token === 'hundred') {
      if (last === 'hundred') break;
      group = (group === 0 ? 1 : group) * 100;
      last = 'hundred';
    } else if (token === 'thousand') {
      if (last === 'thousand') break;
      total += (group === 0 ? 1 : group) * 1000;
      group = 0;
      last = 'thousand';
    } else {
      break;
    }
    used += 1;
    consumed = used;
  }
  if (consumed === 0) return undefined;
  return { value: total + group, tokenCount: consumed };
}
