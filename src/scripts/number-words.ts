import type { Locale } from '../domain/locale.js';

const EN_ONES = [
  'zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine',
  'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen',
] as const;
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'] as const;
const EN_SCALES = ['', 'thousand', 'million', 'billion', 'trillion'] as const;

const ZH_DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;
/** Units inside one four-digit group, indexed by position from the right. */
const ZH_POSITIONS = ['', '十', '百', '千'] as const;
/** Units of each four-digit group (myriads), indexed from the right. */
const ZH_GROUPS = ['', '万', '亿', '万亿'] as const;

/** The largest whole number the spellers accept; both scales run out just above it. */
export const MAX_SPOKEN_INTEGER = 9_999_999_999_999;

/** Spells a whole number from 0 to 999 in American English, without "and" ("two hundred fifty"). */
function spellEnglishBelowThousand(n: number): string {
  const words: string[] = [];
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds > 0) words.push(`${EN_ONES[hundreds] ?? ''} hundred`);
  if (rest >= 20) {
    const ones = rest % 10;
    words.push(ones === 0 ? EN_TENS[Math.floor(rest / 10)] ?? '' : `${EN_TENS[Math.floor(rest / 10)] ?? ''}-${EN_ONES[ones] ?? ''}`);
  } else if (rest > 0 || hundreds === 0) {
    words.push(EN_ONES[rest] ?? '');
  }
  return words.join(' ');
}

/**
 * Spells a non-negative whole number in American English ("one thousand two hundred fifty").
 * @example spellEnglishInteger(1250) // "one thousand two hundred fifty"
 */
export function spellEnglishInteger(n: number): string {
  if (n === 0) return 'zero';
  const words: string[] = [];
  let rest = n;
  for (let scale = 0; rest > 0; scale += 1) {
    const group = rest % 1000;
    if (group > 0) words.unshift(EN_SCALES[scale] ? `${spellEnglishBelowThousand(group)} ${EN_SCALES[scale]}` : spellEnglishBelowThousand(group));
    rest = Math.floor(rest / 1000);
  }
  return words.join(' ');
}

/**
 * The spoken digit at a position. A 2 that leads the whole number is 两 before 百, 千, 万, 亿 or
 * alone (两千, 两万, 两元, 两期), as people say amounts; every other 2 is 二 (二十, 一千二百).
 */
function zhDigit(digit: number, position: number, leadsNumber: boolean): string {
  if (digit === 2 && leadsNumber && position !== 1) return '两';
  return ZH_DIGITS[digit] ?? '';
}

/** Spells one four-digit group; `leadsNumber` is true for the highest group of the number. */
function spellChineseGroup(group: number, leadsNumber: boolean): string {
  let text = '';
  let pendingZero = false;
  let started = false;
  for (let position = 3; position >= 0; position -= 1) {
    const digit = Math.floor(group / 10 ** position) % 10;
    if (digit === 0) {
      // Zeros inside a group collapse to one 零 before the next non-zero digit (一千零五).
      if (started) pendingZero = true;
      continue;
    }
    if (pendingZero) text += '零';
    pendingZero = false;
    const isFirst = leadsNumber && !started;
    // 10–19 at the head of a number are said 十, 十五, 十万, never 一十.
    const spokenDigit = isFirst && position === 1 && digit === 1 ? '' : zhDigit(digit, position, isFirst);
    text += spokenDigit + ZH_POSITIONS[position];
    started = true;
  }
  return text;
}

/**
 * Spells a non-negative whole number in Mandarin with 万/亿 grouping and the usual 零 rules.
 * @example spellChineseInteger(10500) // "一万零五百"
 */
export function spellChineseInteger(n: number): string {
  if (n === 0) return '零';
  const groups: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 10000)) groups.push(rest % 10000);
  let text = '';
  let skippedGroup = false;
  for (let index = groups.length - 1; index >= 0; index -= 1) {
    const group = groups[index] ?? 0;
    if (group === 0) {
      if (text !== '') skippedGroup = true;
      continue;
    }
    // A lower group that does not fill its thousands place, or follows an empty group, takes 零.
    if (text !== '' && (group < 1000 || skippedGroup)) text += '零';
    text += spellChineseGroup(group, text === '') + ZH_GROUPS[index];
    skippedGroup = false;
  }
  return text;
}

/** Spells a single digit 0–9 on its own: 两 for 2 in Mandarin (两角, 两分), the word in English. */
export function spellSingleDigit(digit: number, locale: Locale): string {
  return locale === 'zh-CN' ? zhDigit(digit, 0, true) : (EN_ONES[digit] ?? '');
}

/** Spells a non-negative whole number in the locale's words. */
export function spellInteger(n: number, locale: Locale): string {
  return locale === 'zh-CN' ? spellChineseInteger(n) : spellEnglishInteger(n);
}

/** The plain digit words 零一二…九 used to read out digit strings in Mandarin. */
export const ZH_DIGIT_WORDS: readonly string[] = ZH_DIGITS;
