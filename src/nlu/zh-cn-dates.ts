import {
  addDays, addMonths, comingWeekend, dayInMonth, endOfMonth, monthDayInYear, nextDayOfMonth,
  nextWeekday, previousDayOfMonth, previousMonthDay, previousWeekday, weekdayInWeek,
  type IsoDate, type WeekdayIndex,
} from '../domain/calendar.js';
import { findDateMentions, nearestMonthDay, type DateMention, type DateRule, type DateScope } from './date-mention.js';
import { parseChineseNumber } from './zh-cn-numbers.js';

const ZH_WEEKDAYS: Readonly<Record<string, WeekdayIndex>> = {
  一: 0, 二: 1, 三: 2, 四: 3, 五: 4, 六: 5, 日: 6, 天: 6, '1': 0, '2': 1, '3': 2, '4': 3, '5': 4, '6': 5, '7': 6,
};

const DAY_NUM = '(\\d{1,2}|[一二三四五六七八九十]{1,3})';
const COUNT = '(\\d{1,3}|[一二两三四五六七八九十]{1,3}|半|几)';
const WEEK = '(?:周|星期|礼拜|週|个星期|个礼拜)';
// 三号楼, 5号线: a number with 号 that names a building or a line, not a day.
const NOT_A_DAY = '(?!楼|码|线|房|院|门|床|机|车|厅|馆|店|桌|位|球|口|窗|柜|台|选手|文件)';

function num(text: string | undefined): number {
  return parseChineseNumber(text ?? '') ?? Number.NaN;
}

/** 下下 → +2, 下 → +1, 上 → -1, 这/本/none → 0. */
function offsetOf(prefix: string | undefined): number {
  if (prefix === undefined) return 0;
  if (prefix.startsWith('下下')) return 2;
  if (prefix.startsWith('下')) return 1;
  if (prefix.startsWith('上')) return -1;
  return 0;
}

function byDayOfMonth(day: number, scope: DateScope): IsoDate | undefined {
  if (!(day >= 1 && day <= 31)) return undefined;
  return scope.past ? previousDayOfMonth(scope.today, day) : nextDayOfMonth(scope.today, day);
}

function bySpan(count: string | undefined, unit: string | undefined, sign: 1 | -1, scope: DateScope): IsoDate | undefined {
  // 几天后 / 半个月后 are vague (intents spec: vague spans carry no date).
  if (count === '几' || count === '半') return undefined;
  const n = num(count);
  if (!(n >= 1 && n <= 400)) return undefined;
  if (unit === '月' || unit === '个月') return addMonths(scope.today, sign * n);
  return addDays(scope.today, sign * n * (unit === '天' ? 1 : 7));
}

function rule(source: string, resolve: DateRule['resolve'], isToday = false): DateRule {
  return { pattern: new RegExp(source, 'g'), resolve, isToday };
}

const RELATIVE_DAYS: Readonly<Record<string, number>> = {
  大后天: 3, 后天: 2, 明天: 1, 明儿: 1, 明日: 1, 明早: 1, 明晚: 1, 今天: 0, 今儿: 0, 今日: 0, 昨天: -1, 昨儿: -1, 昨日: -1, 前天: -2, 大前天: -3,
};

// Most specific first: 下个月5号 before 5号, 大后天 before 后天.
const ZH_DATE_RULES: readonly DateRule[] = [
  rule(`(明年|今年|去年)?(\\d{1,2}|[一二三四五六七八九十]{1,3})月份?${DAY_NUM}(?:号|日)${NOT_A_DAY}`, (m, s) => {
    const month = num(m[2]);
    const day = num(m[3]);
    if (!(month >= 1 && month <= 12 && day >= 1 && day <= 31)) return undefined;
    if (m[1] !== undefined) return monthDayInYear(s.today, m[1] === '明年' ? 1 : m[1] === '去年' ? -1 : 0, month, day);
    return s.past ? previousMonthDay(s.today, month, day) : nearestMonthDay(s.today, month, day);
  }),
  rule(`(下下个?|下个?|上个?|这个?|本)月${DAY_NUM}(?:号|日)${NOT_A_DAY}`, (m, s) => {
    const day = num(m[2]);
    return day >= 1 && day <= 31 ? dayInMonth(s.today, offsetOf(m[1]), day) : undefined;
  }),
  rule('(下个?|上个?|这个?|本)?月(?:底|末)', (m, s) => endOfMonth(s.today, offsetOf(m[1]))),
  rule('(?:今|这)?年(?:底|末)', (_m, s) => monthDayInYear(s.today, 0, 12, 31)),
  rule('(下下个?|下个?|上个?|这个?|本)?(?:周|星期|礼拜|週)末', (m, s) => {
    const offset = offsetOf(m[1]);
    return offset === 0 ? comingWeekend(s.today) : weekdayInWeek(s.today, offset, 5);
  }),
  // 每周五: a recurrence, not a date.
  rule('每个?(?:周|星期|礼拜|週)[一二三四五六日天1-7]', () => undefined),
  rule('(下下个?|下个?|上个?|这个?|本)?(?:周|星期|礼拜|週)([一二三四五六日天1-7])(?!定)', (m, s) => {
    const weekday = ZH_WEEKDAYS[m[2] ?? ''] ?? 0;
    if (m[1] === undefined) return s.past ? previousWeekday(s.today, weekday) : nextWeekday(s.today, weekday);
    const offset = offsetOf(m[1]);
    if (offset !== 0) return weekdayInWeek(s.today, offset, weekday);
    // 这周一 in a sentence about the past is this week's Monday, already gone: 这周一已经还了八百.
    const inThisWeek = weekdayInWeek(s.today, 0, weekday);
    if (s.past) return inThisWeek <= s.today ? inThisWeek : previousWeekday(s.today, weekday);
    return nextWeekday(s.today, weekday);
  }),
  rule('大后天|大前天|后天|前天|明天|明儿|明日|明早|明晚|昨天|昨儿|昨日', (m, s) => addDays(s.today, RELATIVE_DAYS[m[0]] ?? 0)),
  rule('今天|今儿|今日', (_m, s) => s.today, true),
  rule(`${COUNT}(天|${WEEK}|个月)(?:以后|之后|后)`, (m, s) => bySpan(m[1], m[2] === '天' ? '天' : m[2] === '个月' ? '月' : '周', 1, s)),
  rule(`${COUNT}(天|${WEEK}|个月)(?:以前|之前|前)`, (m, s) => bySpan(m[1], m[2] === '天' ? '天' : m[2] === '个月' ? '月' : '周', -1, s)),
  rule(`(?<!\\d)${DAY_NUM}(?:号|日)${NOT_A_DAY}`, (m, s) => byDayOfMonth(num(m[1]), s)),
];

// 了 marks the past except in 不了 (cannot), 了就/了再 (once … then), 了吧 (suggestion) and 错了 / 算了 (a
// figure taken back: 先还四千 错了 是四千二 周五).
const ZH_PAST = /已经|早就|早都|刚(?:刚|才)?(?:还(?![在是有要没不得])|转|打(?!算|电话|给我)|付|交|汇)|(?<![不没错算])了(?![就再吧])|还过|还的$|(?:走|去世|过世|死)的|去世|过世/;
// 还不了 / 还不起 / 没法还 speak of a payment still ahead that cannot be made: 周五还不了.
const ZH_FUTURE = /会|要|能|可以|将|准备|打算|等|就还(?![了过清完])|再还|明天|后天|下周|下个月|保证|一定|尽量|再|之前|以前|(?:还|付|交|转|给)不(?:了|起|上)|没法|没办法|来不及/;

/** True when a Mandarin utterance speaks of the past and not of the future. */
export function isChinesePast(text: string): boolean {
  return ZH_PAST.test(text) && !ZH_FUTURE.test(text);
}

// Verbs of paying: the clauses whose tense is the tense of the payment a date belongs to.
const ZH_PAYING = /还|付|交|转|打款|打钱|汇/;

function hasTenseCue(clause: string): boolean {
  return ZH_PAST.test(clause) || ZH_FUTURE.test(clause);
}

/**
 * Whether the date starting at `index` looks back. Normalized Mandarin keeps its clause breaks as
 * spaces, and a past marker in a clause about something else (刚才是我说话冲了，我周五还两千) says
 * nothing about the payment: the date's own clause decides when it has a tense cue; otherwise the
 * clauses about paying that have one (周五，我已经转过去了); otherwise a bare verb of paying in
 * the date's clause speaks of what is to come; failing all that, the whole utterance decides.
 */
function chinesePastAt(text: string, index: number): boolean {
  const clauses: { readonly text: string; readonly start: number }[] = [];
  let start = 0;
  for (const part of text.split(' ')) {
    clauses.push({ text: part, start });
    start += part.length + 1;
  }
  const own = clauses.findLast((clause) => clause.start <= index)?.text ?? text;
  if (hasTenseCue(own)) return isChinesePast(own);
  const aboutPaying = clauses.filter((clause) => ZH_PAYING.test(clause.text) && hasTenseCue(clause.text)).map((clause) => clause.text);
  if (aboutPaying.length > 0) return isChinesePast(aboutPaying.join(' '));
  if (ZH_PAYING.test(own)) return false;
  return isChinesePast(text);
}

/** Finds Mandarin date expressions in normalized text and resolves them against `today`. */
export function findChineseDates(text: string, today: IsoDate): DateMention[] {
  return findDateMentions(text, ZH_DATE_RULES, (start) => ({ today, past: chinesePastAt(text, start) }));
}
