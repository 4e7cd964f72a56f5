import {
  addDays, dayInMonth, endOfMonth, isoFromParts, weekdayInWeek, type IsoDate,
} from '../domain/calendar.js';
import type { DetailFinders, IdentifierMention } from './detail-mention.js';
import type { PartialDate } from './intents.js';
import type { ClockMention } from './zoned-time.js';
import { isEnglishPast } from './en-us-dates.js';

const SMALL: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
};
const DIGIT_WORDS: Readonly<Record<string, string>> = {
  zero: '0', oh: '0', o: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9',
};
const MONTHS: Readonly<Record<string, number>> = {
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10,
  november: 11, december: 12, jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
const ORDINALS: Readonly<Record<string, number>> = {
  first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10, eleventh: 11,
  twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16, seventeenth: 17, eighteenth: 18,
  nineteenth: 19, twentieth: 20, thirtieth: 30,
};

function span(from: IsoDate, to: IsoDate): PartialDate {
  return { from, to };
}

/** Monday (0) … Sunday (6) of the week `offset` weeks from today's. */
function weekDay(today: IsoDate, offset: number, weekday: 0 | 2 | 3 | 6): IsoDate {
  return weekdayInWeek(today, offset, weekday);
}

// Vague spans, most specific first. Each maps to the days it can mean (intents spec: no date).
const RANGES: ReadonlyArray<readonly [RegExp, (today: IsoDate) => PartialDate]> = [
  [/\b(?:early|beginning of|start of|first (?:week|part) of) next month\b/, (t) => span(dayInMonth(t, 1, 1), dayInMonth(t, 1, 10))],
  [/\b(?:mid|middle of) next month\b/, (t) => span(dayInMonth(t, 1, 11), dayInMonth(t, 1, 20))],
  [/\b(?:late|later) next month\b/, (t) => span(dayInMonth(t, 1, 21), endOfMonth(t, 1))],
  [/\bnext month\b/, (t) => span(dayInMonth(t, 1, 1), endOfMonth(t, 1))],
  [/\b(?:later|sometime|some time|some point) this month\b|\bbefore the (?:end of the )?month (?:is )?(?:over|out)\b|\bthis month\b/, (t) => span(t, endOfMonth(t, 0))],
  [/\b(?:early|beginning of|start of) next week\b/, (t) => span(weekDay(t, 1, 0), weekDay(t, 1, 2))],
  [/\b(?:late|later|end of) next week\b/, (t) => span(weekDay(t, 1, 3), weekDay(t, 1, 6))],
  [/\bnext week\b/, (t) => span(weekDay(t, 1, 0), weekDay(t, 1, 6))],
  [/\b(?:later|sometime|some time) this week\b|\b(?:by )?(?:the )?end of (?:the|this) week\b|\bthis week\b/, (t) => span(t, weekDay(t, 0, 6))],
  [/\b(?:in |within )?a week or two\b|\b(?:in |within )?one or two weeks\b/, (t) => span(addDays(t, 7), addDays(t, 14))],
  [/\b(?:in |within |after )?(?:a few|a couple(?: of)?|couple(?: of)?|few|some) (?:more )?weeks\b/, (t) => span(addDays(t, 14), addDays(t, 28))],
  [/\b(?:in |within |after )?(?:a few|a couple(?: of)?|couple(?: of)?|few) (?:more )?days\b/, (t) => span(addDays(t, 2), addDays(t, 5))],
  [/\bpay ?day\b|\bwhen (?:i|we) get paid\b|\b(?:my |the )?next (?:pay ?check|check|paycheque)\b|\bwhen (?:my|the) (?:check|paycheck) (?:comes|clears|hits)\b|\bafter (?:i|we) get paid\b/, (t) => span(addDays(t, 1), addDays(t, 14))],
];

function findEnglishDateRange(text: string, today: IsoDate): PartialDate | undefined {
  // Past spans ("a few weeks ago", "last month") name no day to act on.
  if (isEnglishPast(text) || /\b(?:ago|back)\b/.test(text)) return undefined;
  for (const [pattern, resolve] of RANGES) if (pattern.test(text)) return resolve(today);
  return undefined;
}

function hourOf(word: string): number | undefined {
  const digits = Number(word);
  return Number.isInteger(digits) && /^\d{1,2}$/.test(word) ? digits : SMALL[word];
}

function minuteOf(word: string | undefined): number {
  if (word === undefined) return 0;
  if (/^\d{2}$/.test(word)) return Number(word);
  return word === 'thirty' ? 30 : word === 'fifteen' ? 15 : word === 'forty five' ? 45 : word === 'half' ? 30 : 0;
}

/** A clock hour said without am/pm: what a caller arranging a call most likely means. */
function dayHour(hour: number, period: string | undefined): number {
  if (period === 'am' || period === 'morning') return hour === 12 ? 0 : hour;
  if (period !== undefined) return hour < 12 ? hour + 12 : hour;
  return hour >= 1 && hour <= 7 ? hour + 12 : hour;
}

const CLOCK = /\b(?:(at|after|around|by|before|from|about|say|until|till) )?(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)(?: (\d{2}|thirty|fifteen|forty five))? ?(am|pm|oclock)?(?: (?:in the )?(morning|afternoon|evening|tonight|at night))?\b(?! (?:days?|weeks?|months?|years?|dollars|bucks|hundred|thousand|of|kids|children|times|payments|percent|or|and|to))/g;
const PARTS_OF_DAY: ReadonlyArray<readonly [RegExp, number, number]> = [
  [/\b(?:noon|midday|lunchtime|lunch time)\b/, 12, 0],
  [/\bafter lunch\b/, 13, 0],
  [/\bafter (?:work|five)\b|\bend of (?:the )?(?:work ?day|day)\b/, 18, 0],
  [/\bafter dinner\b/, 19, 30],
  [/\btonight\b|\b(?:this|in the|tomorrow) evening\b|\bat night\b/, 19, 0],
  [/\b(?:this|in the|tomorrow) afternoon\b/, 14, 0],
  [/\b(?:this|in the|tomorrow) morning\b/, 9, 0],
];
const RELATIVE = /\b(?:in|within|after) (?:(an|a|one|two|three|\d{1,2}|half an|a couple(?: of)?|a few) (hours?|minutes?|mins?)|half an hour)\b/;

function findEnglishClockTime(text: string): ClockMention | undefined {
  const relative = RELATIVE.exec(text);
  if (relative !== null) {
    const start = relative.index;
    const end = start + relative[0].length;
    const count = relative[1];
    const unitMinutes = relative[2]?.startsWith('h') === true ? 60 : 1;
    const n = count === undefined || count === 'half an' ? 0.5 : count === 'an' || count === 'a' || count === 'one' ? 1 : count.startsWith('a couple') ? 2 : count === 'a few' ? 3 : hourOf(count) ?? 1;
    return { kind: 'relative', minutes: relative[2] === undefined ? 30 : Math.round(n * unitMinutes), start, end };
  }
  for (const match of text.matchAll(CLOCK)) {
    const lead = match[1];
    const period = match[4] === 'oclock' ? match[5] : match[4] ?? match[5];
    // A bare number is a time only with a lead word or a period: "after six", "3pm", "ten in the morning".
    if (lead === undefined && period === undefined && match[4] !== 'oclock') continue;
    const hour = hourOf(match[2] ?? '');
    if (hour === undefined || hour < 1 || hour > 12) continue;
    const start = match.index ?? 0;
    return { kind: 'clock', hour: dayHour(hour, period === 'tonight' || period === 'at night' ? 'evening' : period), minute: minuteOf(match[3]), start, end: start + match[0].length };
  }
  for (const [pattern, hour, minute] of PARTS_OF_DAY) {
    const match = pattern.exec(text);
    if (match !== null) return { kind: 'clock', hour, minute, start: match.index, end: match.index + match[0].length };
  }
  return undefined;
}

// Words that follow "this is" / "i am" and are no name: pronouns, answers, states, common complaints.
const NOT_NAMES = new Set(('he she him her me it that this not his their my your our the a an speaking here calling who what yes no right correct '
  + 'wrong fine ok okay sure ridiculous crazy insane harassment bullshit bs ridiculous unbelievable unacceptable absurd nonsense stupid annoying '
  + 'important urgent serious busy driving working sorry tired sick broke done going trying not just really so very about for from with '
  + 'mom dad wife husband son daughter brother sister friend boss mother father sir maam ma am the phone number line house home a joke '
  + 'true false great good bad weird funny scam illegal fraud over enough it nobody someone somebody everyone him all over late early '
  + 'being doing telling asking saying calling paying getting having making taking looking waiting trying').split(' '));

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

const NAME_PATTERNS: readonly RegExp[] = [
  /\bmy name is ([a-z]+(?: [a-z]+)?)\b/,
  /^(?:(?:hi|hello|hey|yes|yeah|yep|oh|well|um|sorry) )*(?:this is|it is|you are (?:speaking|talking) (?:to|with)|you have reached|you have got) ([a-z]+(?: [a-z]+)?)(?: (?:speaking|here|calling))?$/,
  /^(?:(?:hi|hello|hey|yes|yeah|yep) )*([a-z]+(?: [a-z]+)?) (?:here|speaking)$/,
  /^(?:(?:hi|hello|hey|yes|yeah|yep|no|sorry) )*(?:i am|im) ([a-z]+(?: [a-z]+)?)$/,
  /\b(?:call me|it is) ([a-z]+)$/,
];

function findEnglishName(text: string, raw: string): string | undefined {
  // When the speaker's text is cased, a name is capitalized; lowercased ASR text relies on the stop list.
  const cased = /[a-z]/.test(raw) && /[A-Z]/.test(raw.replace(/\bI\b/g, '').slice(1));
  for (const [index, pattern] of NAME_PATTERNS.entries()) {
    const words = pattern.exec(text)?.[1]?.split(' ');
    if (words === undefined) continue;
    const kept = words.filter((word, i) => !NOT_NAMES.has(word) && (i === 0 || !NOT_NAMES.has(words[0] ?? '')));
    if (kept.length !== words.length) continue;
    const rawWords = kept.map((word) => new RegExp(`\\b(${word})\\b`, 'i').exec(raw)?.[1] ?? word);
    if (cased && !rawWords.every((word) => /^[A-Z]/.test(word))) continue;
    // "i am X" and "it is X" are too often something else unless the text is cased.
    if ((index >= 3) && !cased) continue;
    return rawWords.map(capitalize).join(' ');
  }
  return undefined;
}

function digitsOfWords(words: string): string {
  return words.split(' ').map((word) => DIGIT_WORDS[word] ?? (/^\d+$/.test(word) ? word : '')).join('');
}

const DIGIT_RUN = '((?:\\d+|zero|oh|one|two|three|four|five|six|seven|eight|nine)(?: (?:\\d+|zero|oh|one|two|three|four|five|six|seven|eight|nine))*)';
const LAST_FOUR = new RegExp(`\\b(?:last (?:four|4)(?: digits)?|ending in|ends in|ends with)(?: (?:of|on) (?:my|the) (?:social|ssn|social security(?: number)?|card|account|id|license)(?: number)?)?(?: (?:are|is|would be))? ${DIGIT_RUN}`);
const POSTCODE = new RegExp(`\\b(?:zip|zip code|zipcode|postal code|postcode|post code)(?: (?:is|it is|would be))? (${'[a-z]{1,2}\\d[a-z\\d]? \\d[a-z]{2}'}|${DIGIT_RUN.slice(1, -1)})`);
const BIRTH = /\b(?:born(?: on)?|date of birth(?: is)?|dob(?: is)?|birthday(?: is)?|birth date(?: is)?)(?: the)? (.{3,40})$/;

function parseBirthDate(text: string): string | undefined {
  const month = '(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)';
  const day = '(\\d{1,2}|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)(?:st|nd|rd|th)?';
  const year = '(\\d{4})';
  const iso = (y: number, m: number | undefined, d: number | undefined): string | undefined => {
    if (m === undefined || d === undefined || !(m >= 1 && m <= 12 && d >= 1 && d <= 31 && y >= 1900 && y <= 2030)) return undefined;
    return isoFromParts(y, m, d);
  };
  const dayValue = (word: string | undefined): number | undefined => (word === undefined ? undefined : /^\d/.test(word) ? Number(word) : ORDINALS[word]);
  let m = new RegExp(`^${month} (?:the )?${day}(?: of)? ${year}`).exec(text);
  if (m !== null) return iso(Number(m[3]), MONTHS[m[1] ?? ''], dayValue(m[2]));
  m = new RegExp(`^(?:the )?${day} (?:of )?${month} ${year}`).exec(text);
  if (m !== null) return iso(Number(m[3]), MONTHS[m[2] ?? ''], dayValue(m[1]));
  m = /^(\d{1,2}) (\d{1,2}) (\d{4})/.exec(text);
  if (m !== null) return iso(Number(m[3]), Number(m[1]), Number(m[2]));
  m = /^(\d{4}) (\d{1,2}) (\d{1,2})/.exec(text);
  if (m !== null) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  return undefined;
}

function findEnglishIdentifier(text: string): IdentifierMention | undefined {
  const last4 = LAST_FOUR.exec(text);
  if (last4 !== null) {
    const value = digitsOfWords(last4[1] ?? '');
    if (value.length === 4) return { start: last4.index, end: last4.index + last4[0].length, identifier: { kind: 'id_last4', value } };
  }
  const postcode = POSTCODE.exec(text);
  if (postcode !== null) {
    const said = postcode[1] ?? '';
    const value = /[a-z]/.test(said) && !/^(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)\b/.test(said) ? said.toUpperCase() : digitsOfWords(said);
    if (value.length >= 5) return { start: postcode.index, end: postcode.index + postcode[0].length, identifier: { kind: 'postcode', value } };
  }
  const birth = BIRTH.exec(text);
  if (birth !== null) {
    const value = parseBirthDate(birth[1] ?? '');
    if (value !== undefined) return { start: birth.index, end: text.length, identifier: { kind: 'date_of_birth', value } };
  }
  return undefined;
}

/** en-US finders for vague dates, times of day, names and partial identifiers. */
export const EN_US_DETAILS: DetailFinders = {
  findDateRange: findEnglishDateRange,
  findClockTime: findEnglishClockTime,
  findName: findEnglishName,
  findIdentifier: findEnglishIdentifier,
  rangeJoin: /^ (?:and|to|through|-) $/,
  contrast: /\b(?:but|actually|instead|rather|no|not|make (?:it|that)|how about|what about|i mean|i meant|change)\b/,
};
