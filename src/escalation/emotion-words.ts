import type { Locale } from '../domain/locale.js';
import { normalizeUtterance } from '../nlu/normalize.js';

/**
 * How heated one utterance reads from its words alone, 0 (calm) – 1 (furious or desperate): anger
 * and despair by intensity, profanity, exasperation at being asked again, interjections,
 * intensifiers in front of an angry word, repetition and exclamation marks. Capital letters are not
 * read: a recognizer never writes them, so a typed call would otherwise score higher than the same
 * words spoken. Each cue class adds its weight (a second hit in the class half as much), and the
 * weights combine as independent pieces of evidence (1 − Π(1 − w)), so no single cue reaches 1.
 */
export function wordEmotion(text: string, locale: Locale): number {
  const normalized = normalizeUtterance(text, locale);
  if (normalized === '') return 0;
  const lexicon = locale === 'zh-CN' ? ZH_CN : EN_US;
  let calm = 1;
  const add = (weight: number): void => {
    calm *= 1 - weight;
  };
  for (const cue of lexicon.cues) {
    const hits = countMatches(cue.pattern, normalized);
    if (hits > 0) add(cue.weight);
    if (hits > 1) add(cue.weight / 2);
  }
  if (lexicon.repeats(normalized)) add(REPETITION_WEIGHT);
  const exclamations = (text.match(/[!！]/g) ?? []).length;
  if (exclamations > 0) add(EXCLAMATION_WEIGHT);
  if (exclamations > 1) add(EXCLAMATION_WEIGHT);
  return Math.round((1 - calm) * 1000) / 1000;
}

/** One class of cues and what a hit is worth. */
interface Cue {
  readonly pattern: RegExp;
  readonly weight: number;
}

interface Lexicon {
  readonly cues: readonly Cue[];
  /** True when the utterance says the same thing over, back to back ("no no no", "i know i know"). */
  readonly repeats: (normalized: string) => boolean;
}

/** Hits of `pattern` (global) in `text`, at most 3. */
function countMatches(pattern: RegExp, text: string): number {
  pattern.lastIndex = 0;
  let hits = 0;
  while (hits < 3 && pattern.exec(text) !== null) hits += 1;
  pattern.lastIndex = 0;
  return hits;
}

const REPETITION_WEIGHT = 0.15;
const EXCLAMATION_WEIGHT = 0.1;

// ---- en-US, over normalized English (lowercase, contractions expanded, no punctuation) ----

/** Anger at its height. */
const EN_FURY = String.raw`livid|furious|enraged|outraged|fuming|seething|irate|infuriat\w*|pissed(?: off)?|fed up|sick and tired|had it up to here|(?:have |has )?had (?:it|enough)(?! (?:for|to|of the|in|done))|lost my (?:temper|patience|cool)|losing my (?:temper|patience|cool)`;
/** Anger, annoyance, indignation. */
const EN_ANGER = String.raw`angry|(?:so|really|very|getting|am|i am|makes me) mad|frustrat\w*|annoy\w*|irritat\w*|aggravat\w*|upset|ridiculous|absurd|outrageous|unbelievable|unacceptable|disgust\w*|harass\w*|nonsense|a joke|sick of|tired of (?:this|you|these|the calls|being)|i hate (?:this|you|these|it|that|being)|this is (?:crazy|nuts|insane|stupid)|(?:driv|push)\w* me (?:up the wall|crazy|nuts|insane|mad|bananas|round the bend|over the edge)|getting on my (?:last )?nerves`;
/** Despair, overwhelm, tears. */
const EN_DESPAIR = String.raw`hopeless|desperate|helpless|devastated|miserable|falling apart|breaking down|wits end|drowning|in tears|crying|sobbing|overwhelmed|can not (?:take|handle|cope with|deal with) (?:this|it|any ?more)|i give up|end of my rope|losing my mind|going crazy|at a loss|do not know what (?:else )?to do any ?more`;
const EN_INTENSIFIER = String.raw`so|really|very|absolutely|totally|completely|extremely|incredibly|truly|super|seriously|beyond|utterly|fucking|freaking|damn|getting`;

const EN_US: Lexicon = {
  cues: [
    { pattern: new RegExp(`\\b(?:${EN_FURY})\\b`, 'g'), weight: 0.5 },
    { pattern: new RegExp(`\\b(?:${EN_ANGER})\\b`, 'g'), weight: 0.3 },
    { pattern: new RegExp(`\\b(?:${EN_DESPAIR})\\b`, 'g'), weight: 0.35 },
    // An intensifier in front of an angry or desperate word: "absolutely livid", "really frustrating".
    { pattern: new RegExp(`\\b(?:${EN_INTENSIFIER}) (?:\\w+ )?(?:${EN_FURY}|${EN_ANGER}|${EN_DESPAIR})\\b`, 'g'), weight: 0.15 },
    // Exasperation at being asked again: "how many times", "said it five times", "i already told you",
    // "i told the last caller", "keep asking", "stop asking me", "every single week".
    {
      pattern: /\bhow many (?:more )?times\b|\bi (?:have )?(?:already|just) (?:told|explained|answered|went over) (?:you|this|that|it|all (?:of )?this|your|the (?:last|other|previous))\b(?! (?:to|with) (?:my|his|her|our|their)\b)|\bi (?:have )?(?:already )?(?:told|explained (?:this|it|that) to) (?:the|your) (?:last|other|previous) (?:caller|guy|person|lady|woman|man|agent|rep|representative|collector|one)\b|\bstop (?:asking|calling|bugging|bothering|harassing|hounding|pestering) (?:me|us)\b|\b(?:told|said|explained|asked|answered)(?: \w+){0,4} (?:already|before|(?:\d+|two|three|four|five|six|seven|eight|nine|ten|a (?:hundred|thousand|million)|a dozen|so many|many) times)\b|\bkeep (?:on )?(?:asking|calling|telling|saying|repeating|explaining|bugging|bothering|harassing|pushing|hounding)\b|\b(?:every|each) single (?:day|week|time|month)\b|\bsame (?:question|questions|thing|answer|story|conversation)\b|\bover and over\b|\bagain and again\b|\bfor the (?:last|hundredth|millionth|fifth|tenth) time\b|\bare you (?:deaf|even listening|listening to me|stupid|kidding me)\b|\blisten to me\b|\bleave me alone\b|\bwhat part of\b/g,
      weight: 0.25,
    },
    // Profanity and curses, as a recognizer writes them.
    { pattern: /\b(?:damn\w*|goddamn\w*|god damn|dammit|the hell|hell no|go to hell|crap|crappy|shit\w*|bullshit|fuck\w*|freaking|piss\w*|bloody|screw (?:you|this|that|it|off)|ass|asshole\w*|bastard\w*|bitch\w*|jackass|wtf)\b/g, weight: 0.3 },
    // Interjections of exasperation.
    { pattern: /\b(?:oh my god|oh my gosh|omg|oh come on|come on now|come on man|for gods sake|for god sake|for crying out loud|give me a break|are you kidding|you have got to be kidding|jesus christ|what the)\b/g, weight: 0.15 },
  ],
  repeats: (normalized) => {
    const words = normalized.split(' ');
    // The same word three times running ("no no no"), or the same two or three words twice ("i know i know").
    for (let i = 0; i + 2 < words.length; i += 1) if (words[i] === words[i + 1] && words[i] === words[i + 2] && !/^\d/.test(words[i] ?? '')) return true;
    for (const size of [2, 3]) {
      for (let i = 0; i + 2 * size <= words.length; i += 1) {
        if (words.slice(i, i + size).join(' ') === words.slice(i + size, i + 2 * size).join(' ')) return true;
      }
    }
    return false;
  },
};

// ---- zh-CN, over normalized Mandarin (pauses as spaces, fillers dropped) ----

const ZH_FURY = '气死|气炸|非常生气|特别生气|火大|愤怒|受够了|忍无可忍|忍不了|忍不下去|烦死了|恼火|太过分了|欺人太甚|暴怒|我怒了';
/** 烦 but not 麻烦 (trouble, "would you please"), nor 烦请. */
const ZH_ANGER = '生气|(?<!麻)烦(?!请)|不耐烦|郁闷|无语|过分|离谱|搞什么|有完没完|没完没了|别烦我|闹心|讨厌|骚扰|莫名其妙|不可理喻|岂有此理|扯淡|失望';
const ZH_DESPAIR = '崩溃|绝望|走投无路|撑不住|受不了了|没办法了|哭了|在哭|想哭|心累|喘不过气|快疯了|要疯了';

const ZH_CN: Lexicon = {
  cues: [
    { pattern: new RegExp(ZH_FURY, 'g'), weight: 0.5 },
    { pattern: new RegExp(ZH_ANGER, 'g'), weight: 0.3 },
    { pattern: new RegExp(ZH_DESPAIR, 'g'), weight: 0.35 },
    // 非常生气, 真的很烦, 太离谱
    { pattern: new RegExp(`(?:非常|特别|真的|太|很|极其|超级|简直|实在)(?:是|很|太)?(?:${ZH_FURY}|${ZH_ANGER}|${ZH_DESPAIR})`, 'g'), weight: 0.15 },
    // Exasperation at being asked again: 说了多少遍, 一遍一遍, 老问, 每个礼拜都, 听没听懂.
    {
      pattern: /说了(?:多少|好几|几|[一二两三四五六七八九十\d]+)(?:遍|次)|说过多少(?:遍|次)|还要我说几遍|一遍(?:又|一)遍|一次又一次|每(?:天|个?礼拜|个?星期|周|个?月|次)都|又来了|又打(?:来|电话)|(?:老|总)(?:是)?(?:问(?!题)|打|催)|同一个问题|同样的问题|听(?:没|不)听(?:懂|得懂|明白)|听不懂人话|到底(?:想|要)?(?:怎么样|干什么|干嘛|有完没完)|(?:我)?不是(?:都)?说(?:了|过)(?:吗|了)?|跟你(?:们)?说(?:了|过)|别再问了|烦不烦/g,
      weight: 0.25,
    },
    // Profanity and insults thrown in anger.
    { pattern: /妈的|他妈|tmd|卧槽|我靠|尼玛|你妈|滚(?!动)|神经病|有病吧|脑子有病|傻逼|王八蛋|混蛋|狗东西/g, weight: 0.3 },
    // Interjections of exasperation.
    { pattern: /天哪|天啊|我的天|拜托|真是的|搞什么鬼|什么玩意/g, weight: 0.15 },
  ],
  repeats: (normalized) => {
    const text = normalized.replace(/ /g, '');
    // One character three times running (行行行) — not the agreeing 对对对 / 是是是 / 嗯嗯嗯 —
    // or two to four characters twice (我知道我知道, 知道了知道了), laughter (哈哈哈哈) aside.
    if (/([^对是嗯好哦啊呀喂哈呵嘿谢])\1\1/.test(text)) return true;
    return /((?![哈呵嘿对是嗯好谢])[^ ]{2,4})\1/.test(text);
  },
};
