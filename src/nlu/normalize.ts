import type { Locale } from '../domain/locale.js';
import { mayMatchPattern } from './literal-prefilter.js';

/** Converts full-width ASCII (Ａ１，！) and the ideographic space to their half-width forms. */
export function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E\u3000]/g, (ch) => {
    const code = ch.charCodeAt(0);
    return code === 0x3000 ? ' ' : String.fromCharCode(code - 0xfee0);
  });
}

/** What follows an apostrophe-less "ill" that makes it "i will": a verb, or an adverb before one. */
const ASR_WILL_NEXT = '(?:pay|send|do|be|have|call|get|make|try|see|give|take|put|talk|tell|let|knock|kill|come|go|bring|mail|wire|transfer|drop|handle|settle|cover|need|check|look|find|figure|work|ask|wait|deal|sue|report|file|keep|stop|hang|hit|beat|break|burn|shoot|show|meet|pick|sort|start|set|leave|sign|text|email|write|think|know|zelle|venmo|split|catch|scrape|sell|ring|hunt|just|probably|prolly|definitely|def|never|not|always|also|still|even|totally|really|gladly|happily|gonna|straighten|clear|swing|run|hurt|end|owe|cut|smack|slap|punch|stab|head|pull|walk|drive|stay|live|die|jump|bet|admit|say|explain|read|listen|answer|remember|pass|forward|hand|deposit|cash|borrow|apply|dispute|fight|contest|reach)';

// Contractions are expanded so that patterns see one spelling ("can not", "i am", "will not"),
// whether the ASR wrote "can't", "can’t" or "cant".
const EN_WORD_REPLACEMENTS: ReadonlyArray<readonly [RegExp, string]> = [
  // Backchannels: "uh-huh", "mm-hm", "mhm", "mmhmm", "uh huh".
  [/\b(?:uh[ -]?huh|mm*[ -]?hm+|u+m[ -]?hm+)\b/g, 'yes'],
  [/\bcan'?t\b/g, 'can not'],
  [/\bcannot\b/g, 'can not'],
  [/\bwon'?t\b/g, 'will not'],
  // "he ain't coming", "they ain't home": the subject decides the verb; "i ain't got it" stays "am not".
  [/\b(he|she|it|that|this|there) ain'?t\b/g, '$1 is not'],
  [/\b(you|we|they) ain'?t\b/g, '$1 are not'],
  [/\bain'?t\b/g, 'am not'],
  [/\b(do|does|did|is|are|was|were|have|has|had|could|would|should|must|need)n'?t\b/g, '$1 not'],
  [/\bi'?m\b/g, 'i am'],
  [/\b(i|you|we|they|he|she|it|that|there|this|what|who|everything|nobody|somebody|someone|everyone)'ll\b/g, '$1 will'],
  [/\b(you|we|they|who|what)'re\b/g, '$1 are'],
  [/\b(you|they)re\b/g, '$1 are'],
  [/\b(i|you|we|they|would|could|should)'ve\b/g, '$1 have'],
  [/\bive\b/g, 'i have'],
  [/\b(would|could|should|must|might)ve\b/g, '$1 have'],
  // A recognizer drops the apostrophe: "ill pay friday", "ok so ill do 100" are "i will", but "i am
  // ill", "i am so ill", "mentally ill", "ill this week" stay ill. Only before a verb or an adverb
  // that leads one, and after no word that makes it the adjective.
  [new RegExp(String.raw`(?<!\b(?:am|is|are|was|were|be|been|being|feel|feeling|felt|got|get|getting|fell|falls|become|became|looks?|seems?)(?: (?:so|very|really|too|quite|pretty|seriously|terribly|kind of))?\s)(?<!\b(?:mentally|terminally|chronically|critically)\s)\bill (?=${ASR_WILL_NEXT}\b)`, 'g'), 'i will '],
  [/\b(you|they|it|that|there)ll\b/g, '$1 will'],
  [/\b(you|they)d(?= (?:like|love|rather|be|have|think|need|want|better|never|not|just|pay|know)\b)/g, '$1 would'],
  // "id like to pay", "id rather": "i would"; "my id", "photo id" stay an ID.
  [/(?<!\b(?:my|your|his|her|their|photo|state|an|the|a|student|valid|caller|user|account|employee)\s)\bid (?=(?:like|love|rather|prefer|be|have|pay|need|say|do|never|not|just|really|probably|better|want|hate|gladly|give|take|send|appreciate|think|know|call)\b)/g, 'i would '],
  [/\b(i|you|we|they|he|she|it|that|there|how|who)'d\b/g, '$1 would'],
  // "where'd you get my number", "what'd you say": a question word's 'd is "did".
  [/\b(where|what|why|when)'d\b/g, '$1 did'],
  [/\b(it|that|he|she|what|there|who|where|when|why|here|how|this|now|money|everything|nobody|today|debt|work|business|dad|mom|mum|husband|wife|son|daughter|brother|sister|father|mother|boyfriend|girlfriend|roommate|grandma|grandpa)'s\b/g, '$1 is'],
  [/\b(that|what|there|he|she|here)s\b/g, '$1 is'],
  // "its not mine", "its been years": "it is"; "its engine", "its own" stay the possessive.
  [/\bits (?=(?:not|a|an|the|my|your|been|going|gonna|gotta|too|so|very|really|just|fine|ok|okay|over|all|like|only|already|still|done|true|wrong|right|due|past|late|paid|that|this|because|mine|yours|nothing|never|always|about)\b)/g, 'it is '],
  // "lets" of a third person ("he lets me") is the verb; elsewhere it is "let us".
  [/(?<!\b(?:he|she|it|who|that|which|this|nobody|everyone|bank|boss|mom|dad|wife|husband|landlord)\s)\blet'?s\b/g, 'let us'],
  [/\bgonna\b/g, 'going to'],
  [/\bgimme\b/g, 'give me'],
  [/\blemme\b/g, 'let me'],
  [/\bprolly\b|\bprobly\b/g, 'probably'],
  [/\bkinda\b/g, 'kind of'],
  [/\bsorta\b/g, 'sort of'],
  [/\boutta\b/g, 'out of'],
  [/\bdunno\b/g, 'do not know'],
  [/\byall\b/g, 'you all'],
  [/\bw\/o\b/g, 'without'],
  [/\bw\/(?=\s|[a-z])/g, 'with '],
  [/\bw (?=(?:her|him|them|me|my|you|your|his|that|this|the|it)\b)/g, 'with '],
  [/\btil\b/g, 'till'],
  [/\bwanna\b/g, 'want to'],
  [/\bgotta\b/g, 'got to'],
  [/\btryna\b/g, 'trying to'],
  [/\bimma\b|\bima\b/g, 'i am going to'],
  [/\b(cuz|cause|'cause)\b/g, 'because'],
  [/\b(tmrw|tmr|tomorow|tommorow|2morrow)\b/g, 'tomorrow'],
  [/\bya\b/g, 'you'],
  // "the ER" is the emergency room, not the filler "er".
  [/\bthe er\b/g, 'the emergency room'],
  [/\by'all\b/g, 'you all'],
  [/\bo'?clock\b/g, 'oclock'],
];

/**
 * Fillers carry no meaning; "like" and "well" only count when used as fillers (see normalizeEnglish).
 * "i mean" before an amount or a day takes back what was just said ("400 i mean 450", "friday i mean
 * saturday"): there it is a correction, kept.
 */
const EN_FILLERS = /\b(?:um+|uh+|uhm+|erm*|ehm+|hmm+|hm+|ah+|you know|i mean(?! (?:\$|\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|a hundred|a grand|monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|today|next|the \d)))\b/g;
const EN_LIKE_FILLER = /(^|\b(?:um|uh|well|so|and|or|just|pay|do|send|about|around|maybe|give)\s)like\s(?=\$|\d|a |one|two|three|four|five|six|seven|eight|nine|ten|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred)/g;
const EN_LEADING_FILLERS = /^(?:(?:well|so|oh|okay so|ok so|look|listen|like)\s)+/;

/**
 * Long legal and safety keywords a recognizer misspells ("lawyr", "attorny", "bankrupcy", "sucidal"):
 * a word one edit (or one swap of neighbours) away is read as the keyword. Only long words, and not
 * the real words that sit one edit away ("layer", "sawyer").
 */
const FUZZY_KEYWORDS: readonly string[] = ['lawyer', 'lawyers', 'attorney', 'attorneys', 'bankruptcy', 'bankrupt', 'suicide', 'suicidal'];
const REAL_NEIGHBOURS: ReadonlySet<string> = new Set(['layer', 'layers', 'sawyer', 'lawyered', 'bankrupts']);
/** Spellings of "bankruptcy" by ear, more than one edit away: "bankrupsy", "bankruptsy", "bankrupcey". */
const BANKRUPTCY_BY_EAR = /\bbank?rupt?(?:c|s|ts|tc|tsc)(?:y|ey|ie|i)\b/g;

/** True when `a` and `b` are at most one insertion, deletion, substitution or swap of neighbours apart. */
function oneEditApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  if (a.length === b.length) {
    const swapped = a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
    return swapped || a.slice(i + 1) === b.slice(i + 1);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

function correctKeywordSpellings(text: string): string {
  return text.replace(BANKRUPTCY_BY_EAR, 'bankruptcy').replace(/\b[a-z]{5,}\b/g, (word) => {
    if (REAL_NEIGHBOURS.has(word) || FUZZY_KEYWORDS.includes(word)) return word;
    return FUZZY_KEYWORDS.find((keyword) => oneEditApart(word, keyword)) ?? word;
  });
}

function expandEnglish(text: string): string {
  let out = text;
  for (const [pattern, replacement] of EN_WORD_REPLACEMENTS) {
    // Most contractions are absent from most utterances: skip (and never compile) those patterns.
    if (mayMatchPattern(out, pattern)) out = out.replace(pattern, replacement);
  }
  return out;
}

function normalizeEnglish(text: string): string {
  let out = toHalfWidth(text).toLowerCase().replace(/[\u2018\u2019\u02bc`´]/g, "'");
  out = expandEnglish(out);
  // Keep the marks that belong to numbers: "$1,200.50", "50%"; drop every other punctuation mark.
  out = out
    .replace(/(\d),(?=\d{3}\b)/g, '$1\u0002')
    .replace(/(\d)\.(?=\d)/g, '$1\u0000')
    .replace(/\$(?=\s?\d)/g, '\u0001')
    .replace(/'/g, '')
    .replace(/[^a-z0-9\u0000\u0001\u0002%\s]/g, ' ')
    .replace(/\u0000/g, '.')
    .replace(/\u0002/g, ',')
    .replace(/\u0001\s?/g, '$');
  out = correctKeywordSpellings(out);
  out = out.replace(EN_FILLERS, ' ').replace(/\s+/g, ' ').trim();
  out = out.replace(EN_LIKE_FILLER, '$1').replace(EN_LEADING_FILLERS, '');
  return out.replace(/\s+/g, ' ').trim();
}

// Mandarin fillers. 那个/这个/就是说 are fillers only at a clause edge; elsewhere they are words
// (这个月, 那个人), so they are removed only when a clause boundary or another filler follows.
const ZH_PUNCTUATION = /[，。！？、；：,.!?;:"“”‘’'()（）《》〈〉【】\[\]…—~～·\-_/\\|]+/g;
const ZH_FILLER_CHARS = /[嗯呃哦噢唔诶欸哎]+/g;
const ZH_EDGE_FILLERS = /(^| )(?:那个|这个|就是说|然后|那啥|这个嘛|那个啥)+(?= |$|我|你|他|就|呃)/g;
const ZH_FILLER_WORDS = /(?:^| )(?:那个|这个|然后|那啥|那什么|那个啥)(?= |$)/;
// A word that trails off into an ellipsis is hesitation, not an answer: 那个…嗯…就是… is neither 嗯 ("yes") nor
// 就是 ("exactly").
const ZH_TRAILING_OFF = /(?:嗯+|那个|这个|就是|然后|那啥|那什么|怎么说呢|我想想|让我想想)(?=\s*(?:…|⋯|\.{2,}|。{2,}))/g;

// Homophones a recognizer confuses and dialect words, written as the Mandarin the rules read: 在 for
// 再 after a negator (别在打了, 不想在活了, 你在打过来), 以经; the northern 俺; Cantonese 冇 佢 嚟 咗 搵 而家
// 点算 and 唔 before a verb (唔好再打, 唔想, 唔知; not the filler 唔, nor 唔好意思); Sichuanese 啥子 and 活起
// (活着, not 活起来). A recognizer also hears 活 as 或, 火, 获 or 伙 (不想或了, 活不下去 as 火不下去, 活着 as 或者 before
// 没意思), 意思 as 意四 and 死 as 四 (想四了算了); Cantonese 边个 乜嘢 咩 哋 系 收皮, the northern 嘎哈 and the web's 木有 are written as Mandarin too.
const ZH_SPELLINGS: ReadonlyArray<readonly [RegExp, string]> = [
  [/(别|不要|不想|不会|不能|不许|不准|莫|甭|不用|不愿意?|不打算|再也别|再也不)在(?=打|活|联系|催|骚扰|烦|来|给|往|找)/g, '$1再'],
  [/(你|你们)在(?=打(?:过来|来|一个|一次|一遍|试试))/g, '$1再'],
  [/以经/g, '已经'],
  [/俺/g, '我'],
  [/冇/g, '没'],
  [/佢/g, '他'],
  [/嚟/g, '来'],
  [/咗/g, '了'],
  [/搵/g, '找'],
  [/而家/g, '现在'],
  [/点算/g, '怎么办'],
  [/唔好(?=再|打|联系|烦|催)/g, '不要'],
  [/唔(?=想|要|知|使|该|会|肯|准)/g, '不'],
  [/啥子/g, '啥'],
  [/活起(?!来)/g, '活着'],
  [/(不想|不要|不愿意?|不打算|不配|没法|不能)(再|继续)?[或火获伙](?=了|啦|咯|下去|着|$| )/g, '$1$2活'],
  [/[或火获伙](?=不下去|不了了|够了|腻了)/g, '活'],
  [/或者(?=[^ ]{0,2}(?:没意思|没意[四丝斯撕]|没劲|没盼头|好累|太累|真累|(?:还)?有(?:什么|啥)意思))/g, '活着'],
  [/(没|没有|什么|啥)意[四丝斯撕]/g, '$1意思'],
  [/(想|去|要|不如|还不如|真想|好想|只想)四(?=了|算了|吧|啊|$| )/g, '$1死'],
  [/跳搂/g, '跳楼'],
  [/割碗/g, '割腕'],
  [/安眠要/g, '安眠药'],
  [/自刹/g, '自杀'],
  [/边个/g, '谁'],
  [/乜嘢|咩/g, '什么'],
  [/(你|我|佢|他)哋/g, '$1们'],
  [/系咪/g, '是不是'],
  [/唔系/g, '不是'],
  [/(^| |你|我|他|佢)系(?=啊|呀|嘅|咯|喇|我|谁|$| )/g, '$1是'],
  [/收皮/g, '闭嘴'],
  [/嘎哈|干哈|嘎啥/g, '干啥'],
  [/木有/g, '没有'],
];

function normalizeChinese(text: string): string {
  let out = toHalfWidth(text)
    .toLowerCase()
    .replace(ZH_TRAILING_OFF, '')
    .replace(/(\d),(?=\d{3}(?!\d))/g, '$1')
    .replace(/(\d)\.(?=\d)/g, '$1\u0000')
    .replace(ZH_PUNCTUATION, ' ')
    .replace(/\u0000/g, '.');
  for (const [pattern, replacement] of ZH_SPELLINGS) out = out.replace(pattern, replacement);
  // A bare 嗯 / 嗯嗯 is the commonest Mandarin "yes" on the phone, not a filler.
  if (/^\s*(?:嗯+|嗯哼|en+)\s*$/.test(out)) return '是';
  out = out.replace(ZH_FILLER_CHARS, '');
  // 额 is how a recognizer often writes 呃; inside words it is 额度 or 金额, so only alone.
  out = out.replace(/(^| )额+(?= |$)/g, '$1');
  // 啊 is a filler at a clause start and a sentence particle at its end; both carry no intent.
  out = out.replace(/(^| )啊+/g, '$1').replace(/啊+(?= |$)/g, '');
  const hadFillerWords = ZH_FILLER_WORDS.test(out);
  for (let i = 0; i < 3; i += 1) out = out.replace(ZH_EDGE_FILLERS, '$1').replace(/\s+/g, ' ').trim();
  // 就是 left alone among filler words (那个 嗯 就是 那个) was one of them, not "exactly".
  if (hadFillerWords && /^(?:就是 ?)+$/.test(out)) return '';
  return out.replace(/\s+/g, ' ').trim();
}

/** Lowercases, unifies width, expands English contractions, and strips punctuation and fillers. */
export function normalizeUtterance(text: string, locale: Locale): string {
  return locale === 'zh-CN' ? normalizeChinese(text) : normalizeEnglish(text);
}
