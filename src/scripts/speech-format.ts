import { DunbotError } from '../errors.js';
import type { Locale } from '../domain/locale.js';
import { MAX_SPOKEN_INTEGER, spellInteger, spellSingleDigit, ZH_DIGIT_WORDS } from './number-words.js';

/** How one currency's units are said in one locale; `minor` is absent when the decimal is read out. */
interface CurrencyWords {
  readonly major: readonly [singular: string, plural: string];
  readonly minor?: readonly [singular: string, plural: string];
}

/** Currencies with spoken unit names; any other ISO code is said as its letters after the number. */
const CURRENCY_WORDS: Readonly<Record<Locale, Readonly<Record<string, CurrencyWords>>>> = {
  'en-US': {
    USD: { major: ['dollar', 'dollars'], minor: ['cent', 'cents'] },
    CNY: { major: ['yuan', 'yuan'], minor: ['fen', 'fen'] },
    EUR: { major: ['euro', 'euros'], minor: ['cent', 'cents'] },
    GBP: { major: ['pound', 'pounds'], minor: ['penny', 'pence'] },
  },
  // CNY is handled apart (元/角/分); others read their decimal with 点, as news readers do (十点五美元).
  'zh-CN': {
    USD: { major: ['美元', '美元'] },
    EUR: { major: ['欧元', '欧元'] },
    GBP: { major: ['英镑', '英镑'] },
  },
};

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CURRENCY_CODE = /^[A-Z]{3}$/;
const EN_MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

/** Throws the error every formatter raises for a value it cannot speak. */
function badValue(message: string, kind: string): never {
  // The value itself stays out of the error: amounts and phone numbers are callee data.
  throw new DunbotError('DUN_ERR_SCRIPT_BAD_VARIABLE', message, { details: { kind } });
}

/** Checks an amount and returns it as whole cents, rounded half away from zero. */
function toCents(amount: number): number {
  if (typeof amount !== 'number' || !Number.isFinite(amount)) badValue('an amount of money must be a finite number', 'money');
  if (amount < 0) badValue('an amount of money must not be negative', 'money');
  const cents = Math.round(amount * 100);
  if (cents / 100 > MAX_SPOKEN_INTEGER) badValue('an amount of money is too large to speak', 'money');
  return cents;
}

/** Says the two decimal digits of a non-decimal-unit currency: "point zero five" / "点零五". */
function spellDecimal(cents: number, locale: Locale): string {
  if (cents === 0) return '';
  const digits = String(cents).padStart(2, '0').replace(/0$/, '');
  if (locale === 'zh-CN') return '点' + [...digits].map((digit) => ZH_DIGIT_WORDS[Number(digit)] ?? '').join('');
  return ' point ' + [...digits].map((digit) => spellSingleDigit(Number(digit), 'en-US')).join(' ');
}

/** Says renminbi the way a Mandarin speaker reads a price: 一千二百五十元零五分. */
function spellRenminbi(cents: number): string {
  const yuan = Math.floor(cents / 100);
  const jiao = Math.floor(cents / 10) % 10;
  const fen = cents % 10;
  let text = yuan > 0 || cents === 0 ? spellInteger(yuan, 'zh-CN') + '元' : '';
  if (jiao > 0) text += spellSingleDigit(jiao, 'zh-CN') + '角';
  if (fen > 0) text += (yuan > 0 && jiao === 0 ? '零' : '') + spellSingleDigit(fen, 'zh-CN') + '分';
  return text;
}

/**
 * Says an amount of money for text-to-speech, rounded to cents; throws DUN_ERR_SCRIPT_BAD_VARIABLE
 * for NaN, infinite or negative amounts and for a currency that is not a three-letter code.
 * @example formatMoneyForSpeech(1250.5, 'USD', 'en-US') // "one thousand two hundred fifty dollars and fifty cents"
 * @example formatMoneyForSpeech(1250.5, 'CNY', 'zh-CN') // "一千二百五十元五角"
 */
export function formatMoneyForSpeech(amount: number, currency: string, locale: Locale): string {
  const cents = toCents(amount);
  const code = currency.trim().toUpperCase();
  if (!CURRENCY_CODE.test(code)) badValue('a currency must be a three-letter ISO 4217 code', 'currency');
  if (locale === 'zh-CN' && code === 'CNY') return spellRenminbi(cents);

  const major = Math.floor(cents / 100);
  const minor = cents % 100;
  const words = CURRENCY_WORDS[locale][code];
  if (words?.minor !== undefined) {
    const majorText = `${spellInteger(major, locale)} ${major === 1 ? words.major[0] : words.major[1]}`;
    const minorText = `${spellInteger(minor, locale)} ${minor === 1 ? words.minor[0] : words.minor[1]}`;
    if (minor === 0) return majorText;
    if (major === 0) return minorText;
    return `${majorText} and ${minorText}`;
  }
  const unit = words === undefined ? code : major === 1 && minor === 0 ? words.major[0] : words.major[1];
  // Mandarin joins a unit word to its number (三百美元) but sets an unknown code off by a space so TTS spells it.
  const separator = words !== undefined && locale === 'zh-CN' ? '' : ' ';
  return spellInteger(major, locale) + spellDecimal(minor, locale) + separator + unit;
}

/** The English ordinal suffix of a day of the month: 1st, 2nd, 3rd, 4th, 11th–13th, 21st. */
function ordinalSuffix(day: number): string {
  if (day % 100 >= 11 && day % 100 <= 13) return 'th';
  if (day % 10 === 1) return 'st';
  if (day % 10 === 2) return 'nd';
  if (day % 10 === 3) return 'rd';
  return 'th';
}

/** Parses a calendar date YYYY-MM-DD, rejecting impossible days such as 2026-02-30. */
function parseIsoDate(isoDate: string): { month: number; day: number } {
  const match = typeof isoDate === 'string' ? ISO_DATE.exec(isoDate) : null;
  if (match === null) badValue('a date must be an ISO date YYYY-MM-DD', 'date');
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    badValue('a date must be a real calendar day', 'date');
  }
  return { month, day };
}

/**
 * Says a calendar date without its year, as a collector would: "March 20th" / "3月20日".
 * Throws DUN_ERR_SCRIPT_BAD_VARIABLE unless the input is a real ISO date YYYY-MM-DD.
 * @example formatDateForSpeech('2026-03-20', 'en-US') // "March 20th"
 */
export function formatDateForSpeech(isoDate: string, locale: Locale): string {
  const { month, day } = parseIsoDate(isoDate);
  if (locale === 'zh-CN') return `${month}月${day}日`;
  return `${EN_MONTHS[month - 1] ?? ''} ${day}${ordinalSuffix(day)}`;
}

/**
 * Says a count (instalments, days) in words; throws DUN_ERR_SCRIPT_BAD_VARIABLE unless it is a
 * non-negative whole number.
 * @example formatCountForSpeech(2, 'zh-CN') // "两"
 */
export function formatCountForSpeech(count: number, locale: Locale): string {
  if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0 || count > MAX_SPOKEN_INTEGER) {
    badValue('a count must be a non-negative whole number', 'count');
  }
  return spellInteger(count, locale);
}

/** Sizes of the digit groups a phone number of `length` digits is read in. */
function phoneGroupSizes(length: number): number[] {
  if (length <= 5) return [length];
  const sizes: number[] = [];
  let rest = length;
  // Threes, ending in one or two fours: 10 → 3-3-4 (US, 400 numbers), 11 → 3-4-4 (CN mobile).
  const fours = length % 3 === 0 ? 0 : length % 3 === 1 ? 1 : 2;
  rest -= fours * 4;
  while (rest > 0) {
    sizes.push(3);
    rest -= 3;
  }
  for (let index = 0; index < fours; index += 1) sizes.push(4);
  return sizes;
}

/**
 * Says a phone number digit by digit in groups, so TTS never reads it as an amount: en-US
 * "5 5 5, 1 2 3, 0 0 0 1"; zh-CN "一三八，一二三四，五六七八"; a leading + is "plus" / "加".
 * Spaces, dashes, dots and brackets are ignored; anything else throws DUN_ERR_SCRIPT_BAD_VARIABLE.
 * @example formatPhoneForSpeech('+15551230001', 'en-US') // "plus 1, 5 5 5, 1 2 3, 0 0 0 1"
 */
export function formatPhoneForSpeech(phone: string, locale: Locale): string {
  const compact = typeof phone === 'string' ? phone.replace(/[\s\-.()]/g, '') : '';
  const match = /^(\+?)(\d{3,15})$/.exec(compact);
  if (match === null) badValue('a phone number must be 3 to 15 digits with an optional leading +', 'phone');
  const international = match[1] === '+';
  let digits = match[2] ?? '';
  const groups: string[] = [];
  // Only the two country codes our locales dial are split off; other + numbers are read in groups.
  const countryCode = !international ? undefined : digits.startsWith('1') ? '1' : digits.startsWith('86') ? '86' : undefined;
  if (countryCode !== undefined) {
    groups.push(countryCode);
    digits = digits.slice(countryCode.length);
  } else if (locale === 'en-US' && digits.length === 11 && digits.startsWith('1')) {
    groups.push('1');
    digits = digits.slice(1);
  }
  let offset = 0;
  for (const size of phoneGroupSizes(digits.length)) {
    groups.push(digits.slice(offset, offset + size));
    offset += size;
  }
  const spoken = groups.filter((group) => group !== '').map((group) =>
    locale === 'zh-CN' ? [...group].map((digit) => ZH_DIGIT_WORDS[Number(digit)] ?? '').join('') : [...group].join(' '),
  );
  const text = spoken.join(locale === 'zh-CN' ? '，' : ', ');
  if (!international) return text;
  return locale === 'zh-CN' ? `加${text}` : `plus ${text}`;
}
