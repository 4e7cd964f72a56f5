import { addDays, dayInMonth, endOfMonth, isoFromParts, partsOfIso, weekdayInWeek, type IsoDate } from '../domain/calendar.js';
import type { DetailFinders, IdentifierMention } from './detail-mention.js';
import type { PartialDate } from './intents.js';
import { parseChineseNumber } from './zh-cn-numbers.js';
import type { ClockMention } from './zoned-time.js';
import { isChinesePast } from './zh-cn-dates.js';

/** The commonest family names, single and double, to tell 我是张伟 (a name) from 我是说 (not one). */
export const ZH_FAMILY_NAMES = '(?:欧阳|司马|上官|诸葛|东方|皇甫|尉迟|公孙|慕容|令狐|司徒|[王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝])';

function span(from: IsoDate, to: IsoDate): PartialDate {
  return { from, to };
}

function startOfPart(today: IsoDate, first: number, last: number): PartialDate {
  // 月初 / 月中 said after that part of this month has passed means next month's.
  const { day } = partsOfIso(today);
  if (day <= last) return span(day >= first ? today : dayInMonth(today, 0, first), dayInMonth(today, 0, last));
  return span(dayInMonth(today, 1, first), dayInMonth(today, 1, last));
}

const WEEK = '(?:周|星期|礼拜)';
// Vague spans, most specific first. Each maps to the days it can mean (intents spec: no date).
const RANGES: ReadonlyArray<readonly [RegExp, (today: IsoDate) => PartialDate]> = [
  [/下个?月初|下个?月(?:的)?(?:头几天|前几天|上旬)/, (t) => span(dayInMonth(t, 1, 1), dayInMonth(t, 1, 10))],
  [/下个?月中(?:旬)?/, (t) => span(dayInMonth(t, 1, 11), dayInMonth(t, 1, 20))],
  [/下个?月(?!底|末|初|中|[\d一二三四五六七八九十]+(?:号|日))/, (t) => span(dayInMonth(t, 1, 1), endOfMonth(t, 1))],
  [/(?<![下上])月初/, (t) => startOfPart(t, 1, 10)],
  [/(?<![下上])月中(?:旬)?/, (t) => startOfPart(t, 11, 20)],
  [/(?:这个?|本)月(?!底|末|初|中|[\d一二三四五六七八九十]+(?:号|日))/, (t) => span(t, endOfMonth(t, 0))],
  [new RegExp(`下个?${WEEK}(?![一二三四五六日天1-7末])`), (t) => span(weekdayInWeek(t, 1, 0), weekdayInWeek(t, 1, 6))],
  [new RegExp(`(?:这个?|本)${WEEK}(?![一二三四五六日天1-7末])`), (t) => span(t, weekdayInWeek(t, 0, 6))],
  [/过(?:一)?两天|一两天/, (t) => span(addDays(t, 1), addDays(t, 3))],
  [/过几天|这几天|过些天|过些日子|几天(?:以|之)?后|过段时间|过一段时间/, (t) => span(addDays(t, 2), addDays(t, 7))],
  [new RegExp(`半个月(?:以|之)?后|过半个月`), (t) => span(addDays(t, 14), addDays(t, 16))],
  [new RegExp(`过几(?:周|个${WEEK})|几(?:周|个${WEEK})(?:以|之)?后|过(?:两|几)个${WEEK}`), (t) => span(addDays(t, 14), addDays(t, 28))],
  [/发(?:了)?工资|工资(?:一)?(?:发|到账|下来)|发薪|开工资|领工资/, (t) => span(addDays(t, 1), addDays(t, 14))],
];

function findChineseDateRange(text: string, today: IsoDate): PartialDate | undefined {
  if (isChinesePast(text)) return undefined;
  for (const [pattern, resolve] of RANGES) if (pattern.test(text)) return resolve(today);
  return undefined;
}

const NUM = '(\\d{1,2}|[一二两三四五六七八九十]{1,3})';
// 慢一点, 早点: a number right after 慢, 早 or 晚 is no hour, unless that word is a part of the day (今晚八点).
const CLOCK = new RegExp(`(?:(早上|早晨|上午|中午|下午|傍晚|晚上|今晚|明晚|明早|夜里)|(?<![慢快大小少多好早晚点差一有]))${NUM}点(?:钟)?(半|一刻|${NUM}分?)?(?:以后|之后|以前|之前|左右|前后)?`);
const RELATIVE = new RegExp(`(半|${NUM}|一)个?(小时|钟头|分钟)(?:以|之)?后|半小时(?:以|之)?后`);
const PARTS: ReadonlyArray<readonly [RegExp, number, number]> = [
  [/中午/, 12, 0],
  [/下班(?:以|之)?后|下了班/, 18, 0],
  [/今晚|明晚|晚上|傍晚/, 19, 0],
  [/下午/, 14, 0],
  [/早上|上午|早晨|明早/, 9, 0],
];

function zhHour(hour: number, period: string | undefined): number {
  if (period === undefined) return hour >= 1 && hour <= 7 ? hour + 12 : hour;
  if (['下午', '傍晚', '晚上', '今晚', '明晚', '夜里'].includes(period)) return hour < 12 ? hour + 12 : hour;
  if (period === '中午') return hour <= 2 ? hour + 12 : hour;
  return hour;
}

function findChineseClockTime(text: string): ClockMention | undefined {
  const relative = RELATIVE.exec(text);
  if (relative !== null) {
    const count = relative[1] === undefined || relative[1] === '半' ? 0.5 : parseChineseNumber(relative[1]) ?? 1;
    const minutes = relative[3] === '分钟' ? count : count * 60;
    return { kind: 'relative', minutes: relative[0].startsWith('半小时') ? 30 : Math.round(minutes), start: relative.index, end: relative.index + relative[0].length };
  }
  const clock = CLOCK.exec(text);
  const hour = clock === null ? undefined : parseChineseNumber(clock[2] ?? '');
  // 慢一点, 多一点: 一点 is "a little" unless a part of the day or a clock word goes with it.
  const vague = clock !== null && clock[2] === '一' && clock[1] === undefined && !/钟|半|分|以后|之后|以前|之前|左右/.test(clock[0]);
  if (clock !== null && !vague && hour !== undefined && hour >= 0 && hour <= 24) {
    const extra = clock[3];
    const minute = extra === '半' ? 30 : extra === '一刻' ? 15 : extra === undefined ? 0 : parseChineseNumber(clock[4] ?? '') ?? 0;
    return { kind: 'clock', hour: zhHour(hour, clock[1]), minute: minute < 60 ? minute : 0, start: clock.index, end: clock.index + clock[0].length };
  }
  for (const [pattern, h, m] of PARTS) {
    const match = pattern.exec(text);
    if (match !== null) return { kind: 'clock', hour: h, minute: m, start: match.index, end: match.index + match[0].length };
  }
  return undefined;
}

const NAME = new RegExp(`(?:我是|我叫|我就是|这里是|这边是|本人是|我姓)((?:老|小)?${ZH_FAMILY_NAMES}(?:[\\u4e00-\\u9fa5]{1,2}?)?)(?=$| |啊|呀|呢|吧|先生|女士|小姐)|^((?:老|小)?${ZH_FAMILY_NAMES}[\\u4e00-\\u9fa5]{0,2}?)(?:就是我|是我)$`);
// 我是张伟的老婆 speaks for someone else; 我是说, 我是不是 are no names.
const NOT_NAME_AFTER = /^(?:的|说|不|在|想|要|会|真|这|那|被|从|因|跟|和)/;

function findChineseName(text: string): string | undefined {
  const match = NAME.exec(text);
  if (match === null) return undefined;
  const name = match[1] ?? match[2] ?? '';
  const rest = text.slice(match.index + match[0].length);
  if (name === '' || NOT_NAME_AFTER.test(rest) || /[的了吗呢吧啊]$/.test(name)) return undefined;
  return name;
}

const ZH_DIGITS: Readonly<Record<string, string>> = { 零: '0', 〇: '0', 洞: '0', 一: '1', 幺: '1', 二: '2', 两: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };
const DIGITS = '([\\d零〇洞一幺二两三四五六七八九]+)';

function digitsOf(text: string): string {
  return [...text].map((ch) => (/\d/.test(ch) ? ch : ZH_DIGITS[ch] ?? '')).join('');
}

const LAST_FOUR = new RegExp(`(?:身份证|证件|卡|银行卡|手机|手机号)?(?:号码?|号)?(?:的)?(?:后|末|最后|尾号)(?:四|4)位(?:数字|号码)?(?:是)?${DIGITS}|尾号(?:是)?${DIGITS}`);
const POSTCODE = new RegExp(`邮(?:政)?编(?:码)?(?:是)?${DIGITS}`);
const BIRTH = new RegExp(`${DIGITS}年${NUM}月${NUM}(?:号|日)?(?:出生|生的|生日)|(?:出生日期|生日|出生年月日?)(?:是)?${DIGITS}年${NUM}月${NUM}(?:号|日)?`);

function findChineseIdentifier(text: string): IdentifierMention | undefined {
  const last4 = LAST_FOUR.exec(text);
  const last4Value = digitsOf(last4?.[1] ?? last4?.[2] ?? '');
  if (last4 !== null && last4Value.length === 4) return { start: last4.index, end: last4.index + last4[0].length, identifier: { kind: 'id_last4', value: last4Value } };
  const postcode = POSTCODE.exec(text);
  const code = digitsOf(postcode?.[1] ?? '');
  if (postcode !== null && code.length === 6) return { start: postcode.index, end: postcode.index + postcode[0].length, identifier: { kind: 'postcode', value: code } };
  const birth = BIRTH.exec(text);
  if (birth !== null) {
    const year = Number(digitsOf(birth[1] ?? birth[4] ?? ''));
    const month = parseChineseNumber(birth[2] ?? birth[5] ?? '') ?? 0;
    const day = parseChineseNumber(birth[3] ?? birth[6] ?? '') ?? 0;
    if (year >= 1900 && year <= 2030 && month >= 1 && month <= 12 && day >= 1 && day <= 31) {
      return { start: birth.index, end: birth.index + birth[0].length, identifier: { kind: 'date_of_birth', value: isoFromParts(year, month, day) } };
    }
  }
  return undefined;
}

/** zh-CN finders for vague dates, times of day, names and partial identifiers. */
export const ZH_CN_DETAILS: DetailFinders = {
  findDateRange: findChineseDateRange,
  findClockTime: findChineseClockTime,
  findName: (text) => findChineseName(text),
  findIdentifier: findChineseIdentifier,
  rangeJoin: /^(?:到|至|-|~)$/,
  contrast: /不对|但是|不过|可是|改|其实|要不|还是|算了|不行|不能|没有|只能|我是说|应该是/,
};
