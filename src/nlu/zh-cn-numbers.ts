const ZH_DIGITS: Readonly<Record<string, number>> = {
  零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9,
};

const ZH_SMALL_UNITS: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000 };

/** Regex source for a Chinese numeral run (digits and 十百千万). */
export const ZH_NUMERAL = '[零〇一二两三四五六七八九十百千万]+';

/**
 * Parses a whole Chinese integer numeral: 五千 → 5000, 一千零五十 → 1050. Spoken ellipsis is
 * honoured: a trailing digit after a unit counts one unit lower (三千五 → 3500, 一万二 → 12000,
 * 两百五 → 250). Returns undefined for strings that are not well-formed numerals.
 */
export function parseChineseInteger(text: string): number | undefined {
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  let lastUnit = 1;
  let afterZero = false;
  let sawAny = false;
  for (const ch of text) {
    const d = ZH_DIGITS[ch];
    if (d !== undefined) {
      // Two digits in a row ("二零二六", "三五") is a digit string or a range, not a quantity.
      if (digit !== undefined) return undefined;
      if (d === 0) {
        afterZero = true;
        continue;
      }
      digit = d;
      sawAny = true;
      continue;
    }
    const unit = ZH_SMALL_UNITS[ch];
    if (unit !== undefined) {
      // 十五 is fine without a leading digit; 百 or 千 without one (千万, 百分之) is not a quantity.
      if (digit === undefined && unit !== 10) return undefined;
      section += (digit ?? 1) * unit;
      digit = undefined;
      lastUnit = unit;
      afterZero = false;
      sawAny = true;
      continue;
    }
    if (ch === '万') {
      if (!sawAny) return undefined;
      total += (section + (digit ?? 0)) * 10000;
      section = 0;
      digit = undefined;
      lastUnit = 10000;
      afterZero = false;
      continue;
    }
    return undefined;
  }
  if (!sawAny) return undefined;
  if (digit !== undefined) {
    section += afterZero || lastUnit <= 10 ? digit : digit * (lastUnit / 10);
  }
  return total + section;
}

/**
 * Parses any numeral a Mandarin speaker says or an ASR writes for a quantity: "1.5万", "3千",
 * "500", "一点五万", "两千五". Returns undefined when the text is not a numeral.
 */
export function parseChineseNumber(text: string): number | undefined {
  const mixed = /^(\d+(?:\.\d+)?)(万|千|百|w|k)?$/.exec(text);
  if (mixed?.[1] !== undefined) {
    const base = Number(mixed[1]);
    const scale = mixed[2] === '万' || mixed[2] === 'w' ? 10000 : mixed[2] === '千' || mixed[2] === 'k' ? 1000 : mixed[2] === '百' ? 100 : 1;
    return Math.round(base * scale * 100) / 100;
  }
  const decimal = /^([零〇一二两三四五六七八九十]+)点([零〇一二三四五六七八九]+)(万|千)$/.exec(text);
  if (decimal?.[1] !== undefined && decimal[2] !== undefined) {
    const whole = parseChineseInteger(decimal[1]);
    if (whole === undefined) return undefined;
    return Math.round((whole + decimalFraction(decimal[2])) * (decimal[3] === '万' ? 10000 : 1000) * 100) / 100;
  }
  // 一千三百二十五点五: a Chinese numeral with a decimal part and no scale after it.
  const plainDecimal = /^([零〇一二两三四五六七八九十百千万]+)点([零〇一二三四五六七八九]+)$/.exec(text);
  if (plainDecimal?.[1] !== undefined && plainDecimal[2] !== undefined) {
    const whole = parseChineseInteger(plainDecimal[1]);
    if (whole === undefined) return undefined;
    return Math.round((whole + decimalFraction(plainDecimal[2])) * 100) / 100;
  }
  return parseChineseInteger(text);
}

/** The value of the digits after 点: 五 → 0.5, 二五 → 0.25. */
function decimalFraction(digits: string): number {
  let fraction = 0;
  let scale = 0.1;
  for (const ch of digits) {
    fraction += (ZH_DIGITS[ch] ?? 0) * scale;
    scale /= 10;
  }
  return fraction;
}
