import { overlapsAny, type AmountMention, type TextRange } from './amount-mention.js';
import { parseChineseNumber } from './zh-cn-numbers.js';

// Decimal Chinese numeral (一点五万), digits with an optional scale (1.5万, 3千, 2w), or a plain
// Chinese numeral (两千五), each with an optional currency word.
const ZH_AMOUNT = /([零〇一二两三四五六七八九十]+点[零〇一二三四五六七八九]+[万千]|[零〇一二两三四五六七八九十百千万]+点[零〇一二三四五六七八九]+|\d+(?:\.\d+)?(?:万|千|百|w|k)?|[零〇一二两三四五六七八九十百千万]+)(块钱|块|元钱|元|圆|人民币|rmb|钱)?/g;

// Tenths and hundredths said after 块 / 元: 块五, 块五毛, 元五角, 块五毛五 (1325块5毛 is 1325.5). Not a day or a count
// after the amount (一千块五号还 is a thousand on the 5th).
const CENTS_AFTER = /^([一二两三四五六七八九\d])(?:毛|角)?(?:([一二三四五六七八九\d])分?)?(?:钱)?(?![号日月点天期个周岁次年楼层百千万十\d])/;
const CENT_DIGITS: Readonly<Record<string, number>> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

function centDigit(ch: string | undefined): number {
  if (ch === undefined) return 0;
  return CENT_DIGITS[ch] ?? Number(ch);
}

// An amount refused (还不了一千, 一千拿不出来) gives way to one offered after it: 周五还不了一千 下周一先还五百 is 500.
const REFUSED_BEFORE = /(?:还|给|付|交|转|拿|凑)不(?:了|起|出|够|齐|上)$|拿不出(?:来)?$/;
const REFUSED_AFTER = /^(?:我)?(?:实在|真的|真|是|也|都)?(?:还|给|付|交|转|拿|凑)不(?:了|起|出|够|齐|上)|^(?:我)?(?:实在|真的|真|是|也|都)?拿不出/;

// What follows a number when it counts days, people, instalments or floors rather than money.
const NOT_MONEY_AFTER = /^(?:个|天|年|号|日|月|周|星期|礼拜|期|次|岁|点|楼|层|分|秒|小时|钟|遍|倍|成|折|多|来|几|人|位|家|口|套|件|张|本|条|斤|公里|米|克|%|趟|辆|台|部|半|些|下|起|会|样|直|定|般|边|旦|切|路|毛|角|辈|生|门|声|步|眼|句|份|批|回|场|顿|把|手|号楼|胎|级|届|班|组|栋|室|间|片|度)/;
const MONEY_CUE_BEFORE = /(?:还|给|转|账|打|付|交|欠|借|拿到|挣|收|扣|赚|只有|存|凑|先|准备|差|只能|能|就|剩|是|要|了|才|多|共|总共|一共|罚|花)$/;

// Two neighbouring digits before a scale are a rough figure (两三千, 五六百块, 一两万): its lower end, which an exact
// figure said with it replaces.
const ROUGH_AMOUNT = /([一两二三四五六七八九])([两二三四五六七八九])(十|百|千|万)(块钱|块|元钱|元|钱)?/g;
const ROUGH_DIGITS: Readonly<Record<string, number>> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const ROUGH_SCALES: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

// Money the debtor has on them (兜里就剩二十块, 卡里只有三十块钱, 身上就五十) tells how little there is; it is no sum
// offered.
const HELD_BEFORE = /(?:兜里|口袋里?|卡里|身上|手里|手上|账户里|银行卡里|微信里|支付宝里|钱包里?)(?:就|只|才|仅|总共|一共|也就|还|有|剩|剩下|个)+$/;
// The sum owed or borrowed (欠你们一万, 借了五千, 本金才三千): what the debt is, which a sum offered with it replaces.
const OWED_BEFORE = /(?:欠|借|借了|欠了|欠你们|欠你|借你们|借你们的|本金|总共欠|一共欠|到手)(?:的)?(?:是|才|只有|就|有)?$/;

// 二百五 said of someone (你个二百五, 像个二百五) is an insult, not money.
const INSULT_BEFORE = /(?:你|个|像|这|纯|些|帮|群)$/;

function roughAmounts(text: string, blocked: readonly TextRange[]): AmountMention[] {
  const found: AmountMention[] = [];
  for (const match of text.matchAll(ROUGH_AMOUNT)) {
    const low = ROUGH_DIGITS[match[1] ?? ''] ?? 0;
    const high = ROUGH_DIGITS[match[2] ?? ''] ?? 0;
    const scale = ROUGH_SCALES[match[3] ?? ''] ?? 0;
    const start = match.index;
    const end = start + match[0].length;
    // 一二三 counted out, or 三二千: not a rough figure.
    if (high <= low || overlapsAny(start, end, blocked)) continue;
    if (match[4] === undefined && NOT_MONEY_AFTER.test(text.slice(end, end + 3))) continue;
    found.push({ start, end, value: low * scale, cued: true, yields: true });
  }
  return found;
}

function hasMagnitude(numeral: string): boolean {
  return /[百千万wk]/.test(numeral);
}

/**
 * Finds money amounts in normalized Mandarin (五千, 五千块, 1.5万, 三千五, 两千五百元, 八百块钱,
 * 一万二, 500块), skipping `blocked` ranges (dates) and numbers that count days, people, instalments,
 * floors or years.
 */
export function findChineseAmounts(text: string, blocked: readonly TextRange[]): AmountMention[] {
  const found: AmountMention[] = [];
  for (const match of text.matchAll(ZH_AMOUNT)) {
    const numeral = match[1] ?? '';
    const currency = match[2];
    const start = match.index ?? 0;
    let end = start + match[0].length;
    if (overlapsAny(start, end, blocked)) continue;
    // 万一, 千万, 百分之: a scale character must follow a digit to be a quantity.
    if (!/^[\d零〇一二两三四五六七八九十]/.test(numeral)) continue;
    const before = text.slice(Math.max(0, start - 2), start);
    // 第三, 周三, 星期三, 礼拜三 count or name days; 每期四千 is money.
    if (before.endsWith('第') || /(?:周|星期|拜)$/.test(before)) continue;
    // 几十块, 几百: a vague count of money, no figure.
    if (before.endsWith('几')) continue;
    if (HELD_BEFORE.test(text.slice(Math.max(0, start - 10), start))) continue;
    if (currency === undefined && numeral === '二百五' && INSULT_BEFORE.test(before)) continue;
    // 打12378: a hotline dialled, not money.
    if (currency === undefined && /^(?:12378|12315|12363|12345|110|120|119)$/.test(numeral)) continue;
    // 十二点五十 is a time of day: a decimal without a scale is money only with a currency word or hundreds in it.
    if (numeral.includes('点') && currency === undefined && !/[百千万]/.test(numeral)) continue;
    const whole = parseChineseNumber(numeral);
    if (whole === undefined || whole <= 0) continue;
    const cents = currency === '块' || currency === '元' ? CENTS_AFTER.exec(text.slice(end)) : null;
    const centsEnd = end + (cents?.[0].length ?? 0);
    const centsUsable = cents !== null && !overlapsAny(end, centsEnd, blocked);
    const value = centsUsable ? Math.round((whole + centDigit(cents[1]) / 10 + centDigit(cents[2]) / 100) * 100) / 100 : whole;
    end = centsUsable ? centsEnd : end;
    const after = text.slice(end, end + 3);
    // A date right after the number (三千五周五前) is not a unit of the number.
    const dateFollows = overlapsAny(end, end + 1, blocked);
    if (currency === undefined && !dateFollows && NOT_MONEY_AFTER.test(after)) continue;
    // 三十出头 is an age; 五千出头, with a scale, stays money.
    if (currency === undefined && !hasMagnitude(numeral) && after.startsWith('出头')) continue;
    // A lone 一/二/三 without a currency word is a count (一下, 三个), never an amount.
    if (currency === undefined && !hasMagnitude(numeral) && value < 10) continue;
    // 2000 / 两千 alone is an amount; a year is said with 年 (NOT_MONEY_AFTER).
    const cued = currency !== undefined || hasMagnitude(numeral) || MONEY_CUE_BEFORE.test(text.slice(Math.max(0, start - 2), start));
    const owed = OWED_BEFORE.test(text.slice(Math.max(0, start - 6), start));
    found.push({ start, end, value, cued, ...(owed ? { yields: true } : {}) });
  }
  return withoutRefused([...found, ...roughAmounts(text, blocked)].sort((a, b) => a.start - b.start), text);
}

/** Drops an amount said as refused when another amount follows it: the one offered is the one meant. */
function withoutRefused(found: readonly AmountMention[], text: string): AmountMention[] {
  const lastStart = Math.max(...found.map((mention) => mention.start));
  return found.filter((mention) => mention.start === lastStart
    || !(REFUSED_BEFORE.test(text.slice(Math.max(0, mention.start - 4), mention.start)) || REFUSED_AFTER.test(text.slice(mention.end, mention.end + 5))));
}
