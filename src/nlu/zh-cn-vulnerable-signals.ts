import { defineSignal as s, type SignalRule } from './signal-rule.js';

// The `vulnerable` signal for zh-CN, over normalized Mandarin (pauses as spaces, fillers dropped,
// amounts Ⓐ, dates Ⓓ, past days Ⓟ: 昨天, 上周四). Built by class: serious illness now, a recent
// bereavement, confusion, a minor on the line. Each reads the caller's own situation now; ordinary
// hardship (失业, 去年住过院, 前几年我爸走了, a relative one looks after) is not it — that is
// `hardship`, and the flows offer a plan for it.

/** People whose illness or death a caller speaks of. */
const KIN = '(?:爱人|老公|老婆|丈夫|妻子|老伴儿?|先生|太太|媳妇|妈妈|爸爸|父亲|母亲|儿子|女儿|孩子|宝宝|家里(?:的)?老人|哥哥|姐姐|弟弟|妹妹|爷爷|奶奶|外公|外婆|姥姥|姥爷|公公|婆婆|岳父|岳母|妈|爸|哥|姐|弟|妹|他|她)';
/** Not said of someone else in the same clause: 我妈在化疗 (a caregiver's hardship), 他得了肝癌. */
const NOT_OF_OTHER = `(?<!${KIN}[^ ]{0,8})`;
/** Not long ago: 去年化疗, 以前得过癌, 做过化疗. */
const NOT_PAST = '(?<!(?:去年|前年|以前|之前|当年|早年|年前|早就)[^ ]{0,8})(?<!过)';
/** Not over: 治好了, 康复了, 化疗过 (but 化疗过程中 is now). */
const NOT_CURED = '(?![^ ]{0,6}(?:治好|好了|康复|痊愈))(?!过(?!程))';

/** Treatments and states of a serious illness now. */
const TREATMENT = '(?:化疗|放疗|透析|住院抢救|在抢救|重症监护|icu|临终关怀|安宁疗护|病危|下了病危|姑息治疗|靶向治疗)';
/** Serious diagnoses (not 良性, benign). */
const DIAGNOSIS = '(?:癌症?晚期|晚期癌症?|(?<!良性)肿瘤|[肝肺胃肠乳腺胰食道鼻咽宫颈骨脑血]{1,2}癌|癌症|白血病|淋巴瘤|尿毒症|绝症|渐冻症)';
/** Sudden illness that puts a person in hospital: 脑梗, 中风, 心梗, 心脏病犯了. */
const ACUTE = '(?:脑梗|中风|脑出血|心梗|心肌梗死?|心脏病(?:发作|犯了))';
/** Where such an illness takes a person: 住院, 急诊, 抢救, ICU. */
const ADMITTED = '(?:住院|进(?:了)?医院|急诊|抢救|icu|重症)';

/** Days or weeks ago: a bereavement that is recent. 前几年 is not. */
const RECENTLY = '(?:Ⓟ|上周[一二三四五六日天]?|上个?(?:星期|礼拜)[一二三四五六日天]?|前几天|这几天|这两天|昨晚|今早|这周|这个月|上个月|前天|昨天|今天|刚刚?|才|半个月前|[一二两三四五六七八九十几\\d]+(?:天|个?星期|个?礼拜|周)前)';
/** Words that say outright that someone died (走了, 没了 and 不在了 also mean "left", "gone", "not in"). */
const DIED = '(?:去世|过世|病逝|离世|病故|逝世|走了|没了|不在了)';
/** What makes 走了 / 没了 / 不在了 a death: the funeral and its rites. */
const DEATH_RITES = '(?:后事|丧事|葬礼|火化|下葬|出殡|追悼|骨灰|遗体|头七)';
/** What makes 没了 / 走了 a death without the rites: the accident or illness that caused it (出车祸没了). */
const CAUSE_OF_DEATH = '(?:出(?:了)?车祸|车祸|出(?:了)?事|出(?:了)?意外|意外|病)';
/** Funerals one helps with for others (同事家在办丧事) are not one's own loss. */
const NOT_OTHERS_LOSS = '(?<!(?:同事|朋友|邻居|亲戚|别人|人家)[^ ]{0,6})';

/** A date asked and then misremembered, not a payment date recalled (今天几号 我记得还款日是15号). */
const NOT_A_PAYMENT_DATE = '(?![^ ]{0,10}(?:还款|还钱|到期|工资|账单|扣款|还上|截止|交|缴))';
/** Not following what is said, put down to age: 你说的我听不明白 我年纪大了. */
const LOST_THE_THREAD = '(?:糊涂|记不住|记不清|搞不清|听不明白|听不懂|弄不懂|搞不懂|弄不明白|搞不明白)';
const OLD_AGE = '(?:人老了|年纪大了|岁数大了|我老了|老了)';

/** Ages of a child old enough to answer the phone. */
const CHILD_AGE = '(?:[五六七八九]|十[一二三四五六七]?|1[0-7]|[5-9])';

/** Vulnerable callers: serious illness now, a recent bereavement, confusion, a minor answering. */
export const ZH_CN_VULNERABLE: readonly SignalRule[] = [
  // Serious illness now: 化疗, 透析, 住院抢救, 查出肝癌, 癌症晚期, 我现在在医院 / 住院.
  s('vulnerable', new RegExp(`${NOT_OF_OTHER}${NOT_PAST}${TREATMENT}${NOT_CURED}|${NOT_OF_OTHER}${NOT_PAST}${DIAGNOSIS}${NOT_CURED}|我(?:现在|正|还|刚|正在)?在医院(?:里|呢)?(?![^ ]{0,3}(?:上班|工作|陪|看|照顾|门口|附近|排队|拿药|体检))|我(?:现在|正|还|刚)?(?:在)?住(?:着)?院(?:了|呢|中)?(?!的时候|那会|那阵)|${NOT_OF_OTHER}${NOT_PAST}${ACUTE}.{0,12}${ADMITTED}|${NOT_OF_OTHER}(?:躺|还躺|在)(?:在)?病床上`)),
  // A recent bereavement: 我爱人上周四走了, 我老公前几天去世了, 我儿子上个月出车祸没了, 刚办完丧事 / 后事, 正在办丧事.
  s('vulnerable', new RegExp(`${KIN}${RECENTLY}(?:刚|才)?(?:去世|过世|病逝|离世|病故|逝世)|${KIN}${RECENTLY}(?:刚|才)?${DIED}(?=.*${DEATH_RITES})|${KIN}${RECENTLY}(?:刚|才)?${CAUSE_OF_DEATH}(?:就|人)?${DIED}|${NOT_OTHERS_LOSS}(?:在|正在|忙着)(?:办|料理|操办)(?:${DEATH_RITES})|(?:刚|才|Ⓟ)(?:刚)?(?:办完|办了|忙完|处理完)(?:了)?(?:${DEATH_RITES})|${DEATH_RITES}(?:刚|才|Ⓟ)(?:刚)?(?:办完|结束|办的)|刚(?:火化|下葬|出殡)`)),
  // Confusion: 什么是贷款, 老糊涂了, 记性不好, 听不懂你说啥, 今天几号啊 我怎么记得是礼拜天, 我这是在哪儿.
  s('vulnerable', new RegExp(String.raw`什么是贷款|贷款是(?:什么|啥)(?:东西|意思)?|啥是贷款|不知道(?:什么|啥)是贷款|老糊涂|${OLD_AGE}[^ ]{0,4}${LOST_THE_THREAD}|${LOST_THE_THREAD}.{0,10}${OLD_AGE}|我这是在哪|脑子(?:不好使|糊涂|不清楚|不行了)|(?<!(?:爱人|老公|老婆|老伴|妈|爸|母亲|父亲|奶奶|爷爷|外婆|外公|姥姥|姥爷|他|她)[^ ]{0,6})(?:记性(?:不好|太差|差)|(?:什么|啥)都记不住|老年痴呆|痴呆|阿尔茨海默)|听不懂你(?:们)?(?:说|讲)(?:的)?(?:啥|什么)|(?:Ⓟ|今天|今儿)(?:是)?(?:几号|星期几|礼拜几)(?:啊|呀|了|来着)* ?我(?:怎么)?(?:记得|以为)${NOT_A_PAYMENT_DATE}|现在是哪一?年`)),
  // A minor answering: 我十岁, 我才上四年级, 我还是个孩子, 我在家写作业.
  // Not told of the past (我上小学的时候, 我十岁那年) nor of one's child (我12岁的女儿).
  s('vulnerable', new RegExp(`我(?:今年|才|只有|刚)?${CHILD_AGE}(?:岁|周岁)(?!那|的|时)|我(?:今年)?(?:才|在|还在)?(?:上|读|念)(?:小学|初中|初[一二三]|[一二三四五六]年级)(?![^ ]{0,2}(?:的时候|那会|那年|时))|我(?:才|是|还是)?(?:小学|初中)生|我(?:是|还是)(?:个)?(?:小孩子?|孩子|未成年人?)(?![他她的们])|我还没成年|我未成年|我在家写作业`)),
];
