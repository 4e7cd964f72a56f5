import type { Locale } from '../domain/locale.js';

/** What kind of unlawful or abusive speech a rule catches (compliance spec US-P1, CN-P1, CN-D1, §6). */
export const PROHIBITED_CATEGORIES = [
  'arrest_threat',
  'impersonation',
  'insult',
  'third_party_threat',
  'false_legal_claim',
  'violence',
  'new_loan',
] as const;

/** One category of prohibited speech. */
export type ProhibitedCategory = (typeof PROHIBITED_CATEGORIES)[number];

/** One rule: a pattern matched against normalised text (see findProhibitedPhrases). */
export interface ProhibitedPhraseRule {
  /** Stable id, `<language>.<name>`, quoted in errors and QA reports. */
  readonly id: string;
  readonly category: ProhibitedCategory;
  /** The rulebook entries it enforces. */
  readonly spec: string;
  /** Matched against lower-case text; English with single spaces, Chinese with no spaces at all. */
  readonly pattern: RegExp;
}

/*
 * English rules. Patterns are phrases, not lone words, wherever a word has a lawful use: "attorney"
 * (we ask for the attorney's details), "court" (we ask where a bankruptcy was filed), "credit
 * bureaus", "late fees" and "debt collector" all appear in lawful scripts. Words that have no lawful
 * use on a collection call (arrest, jail, garnish, seize, police) are caught alone; "sue" only as
 * a verb ("will sue", "sue you", "sued"), since Sue is also a name.
 * Any mention of calling the employer or family is caught, denials included ("we will not call
 * your employer"): the scripts never need to say it, and a regex cannot tell a promise from a threat.
 */
const EN_RULES: readonly ProhibitedPhraseRule[] = [
  {
    id: 'en.arrest',
    category: 'arrest_threat',
    spec: 'US-P1',
    pattern: /\b(?:arrest(?:ed|ing)?|jail(?:ed)?|prison|imprison\w*|locked up|lock you up|detain(?:ed)?|detention|handcuff\w*|behind bars|warrant)\b/,
  },
  {
    id: 'en.police',
    category: 'impersonation',
    spec: 'US-P1',
    pattern: /\b(?:police|sheriff(?:'s)?|fbi|federal agents?|law enforcement|prosecutors?|district attorney)\b/,
  },
  {
    id: 'en.claim_court',
    category: 'impersonation',
    spec: 'US-P1',
    pattern: /\b(?:this is|we are|we're|i am|i'm|calling from|calling on behalf of|on behalf of) (?:the |a )?(?:\w+ )?(?:court|judge)\b/,
  },
  {
    id: 'en.claim_attorney',
    category: 'impersonation',
    spec: 'US-P1',
    pattern: /\b(?:(?:this is|we are|we're|i am|i'm|calling from) (?:an |a |the |your )?(?:attorneys?|lawyers?|law firm|law office|legal counsel)\b|law offices? of\b|our (?:attorneys|lawyers|law firm|legal team)\b)/,
  },
  {
    id: 'en.claim_government',
    category: 'impersonation',
    spec: 'US-P1',
    pattern: /\b(?:(?:government|federal|state) agency|(?:this is|we are|we're|i am|i'm|calling from|calling on behalf of) (?:the |a )?(?:irs|government|treasury|department of \w+))\b/,
  },
  {
    id: 'en.insult',
    category: 'insult',
    spec: 'US-P1',
    pattern: /\b(?:idiots?|idiotic|stupid|losers?|dead ?beats?|dead-beats?|scum(?:bags?)?|morons?|dumb|worthless|pathetic|low-?life|liars?|freeloaders?|shut up|jerk|piece of (?:shit|garbage|trash))\b/,
  },
  {
    id: 'en.profanity',
    category: 'insult',
    spec: 'US-P1',
    pattern: /(?:\bf[u*][c*]?[k*]\w*|\bfck\w*|\bmotherf\w*|\b(?:shit\w*|bullshit|bitch\w*|asshole\w*|ass|bastards?|damn\w*|goddamn\w*|crap|piss\w*|cunt\w*|wtf|stfu)\b)/,
  },
  {
    id: 'en.contact_third_parties',
    category: 'third_party_threat',
    spec: 'US-R1, US-P1',
    pattern: /\b(?:(?:call|contact|tell|notify|inform|reach out to|let|visit|text|email|message|speak to|talk to|go to) (?:your|his|her) (?:employer|boss|manager|supervisor|hr|workplace|job|office|family|wife|husband|spouse|partner|parents?|mother|father|mom|dad|kids|children|relatives|friends?|neighbou?rs?|co-?workers?|colleagues?|contacts?|references?)|(?:everyone|everybody) (?:you know|in your contacts)|your contact list|post (?:it|this|your \w+) (?:online|on social media|publicly))\b/,
  },
  {
    id: 'en.criminal',
    category: 'false_legal_claim',
    spec: 'US-P1',
    pattern: /\b(?:criminal(?:ly)?|(?:press|pressing|file|filing) charges|you(?:'ve| have)? committed|commit(?:ted|ting)? (?:a )?(?:fraud|crime|theft)|(?:you are|you're) (?:a )?(?:criminal|fraud|thief|crook|scammer)|(?:fraud|theft) charges?|this is (?:a )?(?:crime|theft))\b/,
  },
  {
    id: 'en.lawsuit',
    category: 'false_legal_claim',
    spec: 'US-P1, US-P2',
    pattern: /\b(?:(?:will|'ll|going to|gonna|can|could|may|might|to) sue|sue you|sued|suing|lawsuits?|legal action|legal proceedings|(?:take|taking|bring|drag) you to court|court (?:order|summons|date|case)|summons|subpoena\w*|judge?ment against you)\b/,
  },
  {
    id: 'en.asset_seizure',
    category: 'false_legal_claim',
    spec: 'US-P1',
    pattern: /\b(?:garnish\w*|seiz(?:e|ed|es|ing|ure)|take (?:away )?your (?:house|home|car|property|paycheck|wages|salary|kids|children)|repossess\w*|freeze your (?:bank )?accounts?|levy|liens?|foreclos\w*)\b/,
  },
  {
    id: 'en.violence',
    category: 'violence',
    spec: 'US-P1',
    pattern: /\b(?:(?:hurt|kill|beat|shoot|stab|harm) you|beat you up|break your (?:legs?|arms?|neck|knees?|face|bones)|watch your back|we know where you live|you(?:'ll| will) regret|(?:come|show up|be) (?:to|at) your (?:house|home|door)|something bad (?:will|could|might) happen)\b/,
  },
  {
    id: 'en.new_loan',
    category: 'new_loan',
    spec: 'US-P1',
    pattern: /\b(?:payday loans?|cash advance|(?:take out|get|apply for|open) (?:a |an |another )?(?:new )?(?:payday |personal |online |title )?(?:loan|credit card)|borrow(?:ing)? (?:some |the )?(?:money|cash|it|from))\b/,
  },
];

/*
 * Chinese rules. Text is matched with all spaces removed, so 坐 牢 is caught like 坐牢. Authority
 * words (法院, 律师) are caught only in claims (我们是法院) or threats (移交公安), since 法院 and
 * 律师 appear in lawful questions (您是在哪家法院申请的, 您律师的电话). As in English, any mention of
 * telling the employer or family is caught, denials included (我们不会通知您的单位).
 */
const ZH_RULES: readonly ProhibitedPhraseRule[] = [
  {
    id: 'zh.arrest',
    category: 'arrest_threat',
    spec: 'CN-P1',
    pattern: /抓你|抓人|抓起来|坐牢|拘留|判刑|(?:进|蹲|关进)监狱|逮捕|刑拘|关起来|吃牢饭/,
  },
  {
    id: 'zh.claim_authority',
    category: 'impersonation',
    spec: 'CN-D1',
    pattern: /(?:我们|我|这里|这边|本人)就?(?:是|来自)[^，。？！,.?!；;]{0,4}?(?:人民)?(?:法院|公安|检察院|派出所|警察|警方|公检法|政府|律师|律所|律师事务所)/,
  },
  {
    id: 'zh.invoke_authority',
    category: 'impersonation',
    spec: 'CN-D1, CN-P1',
    pattern: /报警|(?:移交|交给|转交|上报)给?(?:公安|警方|司法机关|法院|检察院)|(?:公安|警察|警方|法院|检察院)(?:会|将|要|马上|已经)(?:上门|来|找|抓|介入|立案|处理)/,
  },
  {
    id: 'zh.insult',
    category: 'insult',
    spec: 'CN-P1',
    pattern: /老赖|废物|不要脸|骗子|王八|去死|混蛋|人渣|畜生|狗东西|傻[逼屄瓜叉b]|他妈的|你妈的|滚蛋|贱人|蠢货|死皮赖脸/,
  },
  {
    id: 'zh.contact_third_parties',
    category: 'third_party_threat',
    spec: 'CN-O1, CN-P1',
    pattern: /通讯录|(?:通知|告诉|联系|打电话给|打给|找|告知|曝光给)(?:你|您|他|她)?的?(?:工作)?(?:单位|公司|领导|老板|上司|家人|家里人|家属|亲戚|亲友|朋友|同事|邻居|父母|爸妈|老婆|老公|配偶|子女|孩子|紧急联系人|联系人)|曝光|张贴|上门/,
  },
  {
    id: 'zh.criminal',
    category: 'false_legal_claim',
    spec: 'CN-P1',
    pattern: /(?:你|您)(?:这|这是|这就是|这属于|属于|这样是|这样属于|已经|是在)?(?:涉嫌|构成)?(?:诈骗|骗贷|欺诈|犯罪|违法犯罪)|涉嫌(?:诈骗|犯罪|欺诈)|诈骗罪|恶意透支|刑事|犯罪记录/,
  },
  {
    id: 'zh.lawsuit',
    category: 'false_legal_claim',
    spec: 'CN-P1',
    pattern: /起诉|诉讼|告你|律师函|传票|立案|法律手段|法律措施|法律程序|司法程序/,
  },
  {
    id: 'zh.asset_seizure',
    category: 'false_legal_claim',
    spec: 'CN-P1',
    pattern: /强制执行|冻结(?:你|您)?的?(?:银行卡|账户|资产|财产|工资|微信|支付宝)|查封|扣押|拍卖(?:你|您)?的?(?:房|车|财产)|收走(?:你|您)?的?(?:房子|车)|没收|扣(?:你|您)?的?工资/,
  },
  {
    id: 'zh.violence',
    category: 'violence',
    spec: 'CN-P1',
    pattern: /打死|弄死|砍死|砍你|杀了你|杀你|揍你|打断你的?腿|让你好看|走着瞧|你等着|你小心点|不得好死|后果自负|出门小心|弄残/,
  },
  {
    id: 'zh.new_loan',
    category: 'new_loan',
    spec: 'CN-P1',
    pattern: /网贷|借[点些]?钱[来去]?还|(?:找|向|跟)(?:人|朋友|亲戚|家人|家里人|别人|亲友|同事)借|套现|以贷养贷|高利贷|(?:用|刷|拿)(?:信用卡|花呗|借呗|白条)[来去]?还|再(?:贷|借)一笔/,
  },
];

/** The rule table of each locale. */
export const PROHIBITED_PHRASE_RULES: Readonly<Record<Locale, readonly ProhibitedPhraseRule[]>> = {
  'en-US': EN_RULES,
  'zh-CN': ZH_RULES,
};
