import type { DateMention } from './date-mention.js';
import type { Clause } from './intent-rule.js';
import type { LocaleGrammar } from './locale-grammar.js';
import { ZH_CN_DETAILS } from './zh-cn-details.js';
import { ZH_CN_SIGNALS } from './zh-cn-signals.js';
import { findChineseAmounts } from './zh-cn-amounts.js';
import { findChineseDates } from './zh-cn-dates.js';
import { ZH_CN_RULES, ZH_CN_VETOES } from './zh-cn-intents.js';

// A negator right before the match, or one character before it: 不还 / 不是不还 / 不会还.
const NEGATED_END = /(?:不|没|别|甭|未|非)[^ ]?$/;

const QUESTION = /吗|么$|呢$|能不能|可不可以|行不行|好不好|可以不|能否|可否|是不是|有没有|哪|什么|多少|谁|怎么|咋办/;
// A leading 能不能 / 可不可以 asks about everything that follows it, across pauses.
const LEADING_QUESTION = /^(?:我)?(?:能不能|可不可以|能否|可否|是否可以)/;

function splitChineseClauses(tagged: string, raw: string): Clause[] {
  const parts = tagged.split(' ').filter((p) => p.length > 0);
  const endsWithQuestionMark = /[?？]\s*$/.test(raw);
  let inherited = false;
  return parts.map((text, index) => {
    const question = inherited || QUESTION.test(text) || (endsWithQuestionMark && index === parts.length - 1);
    if (LEADING_QUESTION.test(text)) inherited = true;
    return { text, question };
  });
}

// 不行, 没空, 忙, 有事, 出差, 加班: the day is ruled out.
const TODAY_CONTRAST = /不|没|忙|有事|出差|加班/;
/** A clause that opens with the refusal of the date just said: 今天 不行, 周五 没空. */
const TODAY_CONTRAST_NEXT = /^ (?:不|没|忙|有事|出差|加班)/;

/**
 * True when the words around a date rule it out (今天不行, 周五没空, 这周五不行). Only the date's own clause counts, and a
 * short clause right after it that starts with the refusal (今天 不行): in 这周五不行 下周五我还 the 不行 is about 这周五,
 * not 下周五.
 */
function isChineseTodayContrasted(text: string, mention: DateMention): boolean {
  const before = text.slice(Math.max(0, mention.start - 3), mention.start);
  const after = text.slice(mention.end, mention.end + 5);
  const ownBefore = before.slice(before.lastIndexOf(' ') + 1);
  const pause = after.indexOf(' ');
  const ownAfter = pause < 0 || TODAY_CONTRAST_NEXT.test(after.slice(pause)) ? after : after.slice(0, pause);
  return TODAY_CONTRAST.test(ownBefore + text.slice(mention.start, mention.end) + ownAfter);
}

/** The zh-CN grammar: date and amount finders, intent rules and negation scope. */
export const ZH_CN_GRAMMAR: LocaleGrammar = {
  rules: ZH_CN_RULES,
  vetoes: ZH_CN_VETOES,
  isNegated: (prefix) => NEGATED_END.test(prefix),
  findDates: findChineseDates,
  findAmounts: findChineseAmounts,
  dateTag: 'Ⓓ',
  pastDateTag: 'Ⓟ',
  amountTag: 'Ⓐ',
  isTodayContrasted: isChineseTodayContrasted,
  // Words around a bare amount or day that add no intent, acceptance among them (就这么着吧 下下周五 一千五).
  bareGlue: /就这么着|就这么办|就这样|这么着|可以|没问题|吧|啊|呢|呀|嘛|那就|那|就|先|的|我|了|大概|差不多|左右|之前|以前|前|最多|至少|行|好|是|或者|要不|给你们|给你|到/g,
  splitClauses: splitChineseClauses,
  signals: ZH_CN_SIGNALS,
  details: ZH_CN_DETAILS,
};
