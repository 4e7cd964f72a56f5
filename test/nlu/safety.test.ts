import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/domain/locale.js';
import { classifyUtterance, type NluResult } from '../../src/nlu/index.js';

const CONTEXT: Readonly<Record<Locale, { now: Date; timeZone: string }>> = {
  'en-US': { now: new Date('2026-03-11T15:00:00Z'), timeZone: 'America/New_York' },
  'zh-CN': { now: new Date('2026-03-11T15:00:00Z'), timeZone: 'Asia/Shanghai' },
};

function classify(text: string, locale: Locale): NluResult {
  return classifyUtterance(text, locale, CONTEXT[locale]);
}

describe('self-harm, however indirectly worded, is distress with the self_harm signal', () => {
  it.each<[Locale, string]>([
    ['en-US', 'I have a whole bottle of pills and nothing to lose'],
    ['en-US', 'what is the point anymore'],
    ['en-US', "everyone would be better off without me"],
    ['en-US', "I'm going to end it all"],
    ['en-US', 'I keep thinking about jumping off the bridge'],
    ['en-US', "I won't be around much longer anyway"],
    ['en-US', 'I might as well die'],
    ['en-US', "I'll pay 100 friday, it doesn't matter, I won't be here much longer"],
    ['zh-CN', '活着没意思'],
    ['zh-CN', '大不了一了百了'],
    ['zh-CN', '我真不想活了'],
    ['zh-CN', '再逼我我就跳楼'],
    ['zh-CN', '我吃药算了'],
    ['zh-CN', '没有我他们会过得更好'],
    ['zh-CN', '周五还五百 反正我也活不下去了'],
  ])('%s %s', (locale, text) => {
    const result = classify(text, locale);
    expect(result.intent).toBe('distress');
    expect(result.signals).toContain('self_harm');
  });

  it('does not read a denial of suicide as self-harm', () => {
    expect(classify("i'm not suicidal i'm just broke", 'en-US').signals ?? []).not.toContain('self_harm');
  });
});

describe('threats of violence are abusive with the violence_threat signal, never a promise or a callback', () => {
  it.each<[Locale, string]>([
    ['en-US', 'I know where you work'],
    ['en-US', "you'll regret this"],
    ['en-US', "call me again and I'll shoot"],
    ['en-US', "I'll pay you on friday but I know where you live"],
    ['en-US', 'call me back tomorrow and I will kill you'],
    ['en-US', 'watch your back'],
    ['zh-CN', '你再打我就去找你算账'],
    ['zh-CN', '弄死你'],
    ['zh-CN', '明天还钱 但你再打来我就找到你们公司去砍人'],
    ['zh-CN', '晚点打 你给我等着'],
    ['zh-CN', '我知道你们公司在哪'],
  ])('%s %s', (locale, text) => {
    const result = classify(text, locale);
    expect(result.intent).toBe('abusive');
    expect(result.signals).toContain('violence_threat');
  });

  it('leaves self-harm first when both are said', () => {
    expect(classify("I'll kill myself and I know where you work", 'en-US').intent).toBe('distress');
  });

  it.each<[Locale, string]>([
    ['en-US', "I'll get you 200 next week"],
    ['en-US', 'shoot me an email with the details'],
    ['zh-CN', '我下周给你打两千'],
  ])('does not hear a threat in %s %s', (locale, text) => {
    expect(classify(text, locale).signals ?? []).not.toContain('violence_threat');
  });
});

describe('indirect self-harm is heard by class: despair, means, finality, farewells, death preferred', () => {
  it.each<[Locale, string]>([
    ['en-US', "i just want to go to sleep and not wake up"],
    ['en-US', "I've written letters to my kids"],
    ['en-US', 'my family would be better off with the insurance money'],
    ['en-US', "I'm standing on the ledge right now"],
    ['en-US', "uh i i don't wanna be here no more"],
    ['en-US', 'sue me all you want, I will be dead by then'],
    ['en-US', 'dying would be easier than this'],
    ['zh-CN', '我遗书都写好了'],
    ['zh-CN', '我要是没了 这钱你们找谁要'],
    ['zh-CN', '还不上就死了算了'],
    ['zh-CN', '我买了一瓶百草枯'],
    ['zh-CN', '活着就是受罪'],
    ['zh-CN', '我这条命给你们'],
  ])('%s %s', (locale, text) => {
    const result = classify(text, locale);
    expect(result.intent).toBe('distress');
    expect(result.signals).toContain('self_harm');
  });

  it.each<[Locale, string, string]>([
    ['en-US', "I'm drowning in bills", 'unknown'],
    ['en-US', 'my battery is going to die', 'unknown'],
    ['en-US', "I won't be here tomorrow, call me thursday", 'callback'],
    ['en-US', "I'm on the bridge, driving, call me later", 'callback'],
    ['en-US', "I can't go on paying this much", 'unknown'],
    ['zh-CN', '我妈去世了 办后事把积蓄都花完了', 'hardship'],
    ['zh-CN', '我生病了 每天吃药 没钱', 'hardship'],
    ['zh-CN', '我累得要死', 'unknown'],
  ])('leaves the idiom or the errand alone: %s %s', (locale, text, intent) => {
    const result = classify(text, locale);
    expect(result.signals ?? []).not.toContain('self_harm');
    expect(result.intent).not.toBe('distress');
    if (intent !== 'unknown') expect(result.intent).toBe(intent);
  });
});

describe('threats of violence are heard by verb and target, weapons, arson and stalking', () => {
  it.each<[Locale, string]>([
    ['en-US', "I'll torch your office"],
    ['en-US', 'i know where your kids go to school'],
    ['en-US', "I'm bringing my gun to your office tomorrow"],
    ['en-US', "i'll slit your throat"],
    ['en-US', "someone's gonna get hurt if you keep calling"],
    ['zh-CN', '我找人收拾你'],
    ['zh-CN', '我去你们公司放火'],
    ['zh-CN', '你老婆孩子出门小心点'],
    ['zh-CN', '我带把刀去你们公司'],
  ])('%s %s', (locale, text) => {
    const result = classify(text, locale);
    expect(result.intent).toBe('abusive');
    expect(result.signals).toContain('violence_threat');
  });

  it.each<[Locale, string]>([
    ['en-US', "I'm going to shoot you an email"],
    ['en-US', "I'll deal with you people later, I'm at work"],
    ['zh-CN', '你等着 我去拿卡'],
    ['zh-CN', '我明天打你电话'],
    ['zh-CN', '我拼了命挣钱也还不上'],
  ])('does not hear a threat in %s %s', (locale, text) => {
    expect(classify(text, locale).signals ?? []).not.toContain('violence_threat');
  });
});

describe('zh-CN self-harm is heard by class, each class with its own wording', () => {
  it.each<[string, string]>([
    ['means at hand', '我兜里揣着一瓶安眠药'],
    ['means taken', '我刚吃了一整瓶安眠药'],
    ['means taken', '我喝了半瓶敌敌畏'],
    ['means opened', '我把家里的煤气开着没关'],
    ['means sought', '我在找一根结实的绳子'],
    ['means used', '我刚才割了手腕 流了好多血'],
    ['a place to jump or drown', '我站在江边已经半个小时了'],
    ['a place to jump or drown', '我这就去河边，你们别找了'],
    ['a place to jump or drown', '我已经在天台上了，风很大'],
    ['a crash on purpose', '最近开车老是想撞上去'],
    ['self-injury', '我拿烟头烫自己的手'],
    ['self-injury', '我又把自己的手划破了'],
    ['finality', '这可能是我们最后一次通话了'],
    ['finality', '后事我都跟我弟说好了'],
    ['finality', '我连遗照都选好了'],
    ['farewell', '我给孩子留了一封信'],
    ['farewell', '我给家里每个人都打了电话道别'],
    ['dependants handed over', '孩子以后就拜托我姐了'],
    ['burden', '都是我连累了家里'],
    ['burden', '我不想再拖累我老婆孩子了'],
    ['disappearance', '以后你们找不到我这个人了'],
    ['disappearance', '以后你们打这个号码也没人接了'],
    ['disappearance', '我明天就不在这世上了'],
    ['passive wish', '要是能一觉不醒就好了'],
    ['passive wish', '出门被车撞了倒省事'],
    ['passive wish', '我就想睡一觉，永远别醒'],
    ['debt paid with a life', '大不了我一条命抵了'],
    ['debt paid with a life', '下辈子再还你们吧'],
    ['debt paid with a life', '这钱我拿命还'],
    ['a dead parent joined', '我想去找我死去的妈妈'],
    ['not worth living', '我这种人就不配活着'],
    ['rest for good', '活着真的好累，想彻底休息了'],
  ])('%s: %s', (_cls, text) => {
    const result = classify(text, 'zh-CN');
    expect(result.intent).toBe('distress');
    expect(result.signals).toContain('self_harm');
  });
});

describe('zh-CN distress without self-harm: an emergency happening now', () => {
  it.each<[string, string]>([
    ['no breath', '我喘不上气 手一直在抖'],
    ['chest pain', '我突然心口疼得厉害'],
    ['violence at home', '我老公刚才又动手打了我'],
    ['assaulted', '我被人打了，现在在派出所'],
    ['someone close in danger', '我孩子在医院急救室'],
    ['someone close in danger', '医生说我爸可能挺不过今晚了'],
    ['someone close in danger', '我女儿丢了，找了一晚上了'],
    ['a fire', '我家着火了'],
    ['shock', '我刚听到消息 现在人都懵了'],
  ])('%s: %s', (_cls, text) => {
    expect(classify(text, 'zh-CN').intent).toBe('distress');
  });
});

describe('zh-CN veiled threats are abusive with the violence_threat signal', () => {
  it.each<[string, string]>([
    ['knows where they are', '你们公司在几楼我都清楚'],
    ['asks after the family', '你女儿挺可爱的，在哪个幼儿园来着'],
    ['asks after the family', '你老婆孩子不想要了吧'],
    ['a weapon', '我弄把枪崩了你'],
    ['waiting outside', '我在你家门口蹲着呢'],
    ['property attacked', '再催我，我去你们公司泼油漆'],
    ['fire', '信不信我点把火把你们楼烧了'],
    ['sends people', '你信不信我找人弄你'],
    ['gangs', '我认识道上的朋友，你自己看着办'],
    ['a warning', '你下班路上最好小心点'],
    ['a warning', '你出门别让我看见'],
    ['a warning', '你再打来，我让你见不到明天的太阳'],
  ])('%s: %s', (_cls, text) => {
    const result = classify(text, 'zh-CN');
    expect(result.intent).toBe('abusive');
    expect(result.signals).toContain('violence_threat');
  });
});

describe('zh-CN words shared with self-harm and threats stay ordinary talk', () => {
  // The intent where it is clear; undefined where only "not a safety reading" is.
  it.each<[string, string, string | undefined]>([
    ['hyperbole', '我累死了，刚下班，明天再说', 'callback'],
    ['hyperbole', '穷得要死，真没钱', 'hardship'],
    ['hyperbole', '急死我了，我卡被冻结了还不了', 'hardship'],
    ['hyperbole', '打死我也不还', 'refuse'],
    ['hyperbole', '死活不还', 'refuse'],
    ['hyperbole', '这利息真要命', undefined],
    ['hyperbole', '我就算拼了命也要把这笔钱凑上', undefined],
    ['hyperbole', '要死要活也得先还一部分', 'request_plan'],
    ['hyperbole', '我都快急疯了 你们能不能宽限几天', 'request_plan'],
    ['a death told of someone else', '我哥上个月喝药走了 欠的钱我来还', 'deceased'],
    ['a death told of someone else', '我爸是跳楼自杀的 我从小就没爸', undefined],
    ['a relative near death', '我妈住院了 医生说要准备后事', 'hardship'],
    ['an errand', '我在天台收衣服 等会儿说', 'callback'],
    ['an errand', '我在河边钓鱼 晚点再打', 'callback'],
    ['an errand', '我在厨房切菜，手里拿着刀，等下说', 'callback'],
    ['an errand', '我马上就去找我妈借钱', undefined],
    ['medicine', '我爸在医院每天要吃药，开销很大', 'hardship'],
    ['medicine', '我喝了药 好多了 明天去还', 'promise_to_pay'],
    ['a debt settled', '我还清了就解脱了 下周五还完', undefined],
    ['a debt settled', '这笔账我想一次性了断', undefined],
    ['ideation denied', '放心 我不会做傻事的 就是没钱', undefined],
    ['ideation denied', '我会想办法的 不会消失', undefined],
    ['a life-long debt', '这钱我下辈子都还不完', undefined],
    ['money that cannot hold out', '老板跑路了 工资撑不住了', 'hardship'],
    ['a last call refused', '我最后一次接你们电话，以后别打了', 'cease_contact'],
    ['a child looked after', '我把孩子交给我妈了 我去外地打工挣钱还你们', 'promise_to_pay'],
    ['hold on', '你们等着吧 我发了工资就还', 'promise_to_pay'],
    ['an address for mail', '我有你们的地址 我寄材料过去', undefined],
  ])('%s: %s → %s', (_cls, text, intent) => {
    const result = classify(text, 'zh-CN');
    expect(result.signals ?? []).not.toContain('self_harm');
    expect(result.signals ?? []).not.toContain('violence_threat');
    expect(['distress', 'abusive']).not.toContain(result.intent);
    if (intent !== undefined) expect(result.intent).toBe(intent);
  });
});

describe('zh-CN self-harm in slang, dialect and recognizer spellings', () => {
  it.each<[string, string]>([
    ['slang: life logged off', '我这辈子就这样了 准备下线了 永远的那种'],
    ['slang: life logged off', '人生这局我不玩了 直接下线'],
    ['slang: born again', '我想早点重新投胎 这辈子太苦了'],
    ['slang: the other world', '真想去另一个世界 那边没有债'],
    ['slang: meeting one\'s maker', '我准备去见马克思了'],
    ['oneself switched off', '干脆把自己弄没了算了'],
    ['dialect: Sichuanese', '活起莫得意思 不如死了算了'],
    ['dialect: northern', '俺不想活了 真的'],
    ['dialect: Cantonese', '我真系唔想再活落去'],
    ['recognizer: 在 for 再', '我不想在活了'],
    ['plainly', '不活了 这日子没法过'],
    ['a letter written', '给我儿子的信我都写好了 放在抽屉里'],
    ['a note left', '我留了封信说对不起大家'],
    ['insurance waiting period', '我买了份意外险 等待期一过我就走'],
    ['a day decided', '我已经决定了 就今晚'],
    ['a jump nearly made', '差一点就跳下去了'],
    ['death weighed as nothing', '我死了谁也不会在乎'],
    ['death weighed as nothing', '这个家没我也照样过'],
    ['death weighed as nothing', '我没了也就少了个麻烦'],
    ['not coming back', '我今天出来就没打算再回家'],
    ['means in hand', '我手里握着一瓶安眠药'],
    ['a jump said plainly', '往河里一跳 什么都不用还了'],
    ['a jump said plainly', '从楼上跳下去算了'],
    ['hanging said plainly', '房梁上挂根绳就完事了'],
    ['starving', '饿死算了 反正也还不上'],
    ['help refused', '流了好多血 我不想去医院 就这样吧'],
    ['lingering at a place', '我这几天天天去天台上坐着'],
    ['quietly', '我就想找个地方悄悄地死掉'],
    ['asked of heaven', '老天爷让我早点走吧'],
    ['thinking of it', '最近老是想着去死'],
  ])('%s: %s', (_cls, text) => {
    const result = classify(text, 'zh-CN');
    expect(result.intent).toBe('distress');
    expect(result.signals).toContain('self_harm');
  });
});

describe('zh-CN emergencies and turmoil told in the words of the moment', () => {
  it.each<[string, string]>([
    ['just hit', '我刚刚被一辆货车撞了 腿在流血'],
    ['blood everywhere', '地上全是血 我妈摔倒了'],
    ['someone collapsed', '我爸突然倒地了 怎么叫都叫不醒'],
    ['earthquake', '我们这边地震了 房子在晃'],
    ['flood', '家里进水了 水都淹到腰了'],
    ['followed', '有人一直跟踪我 我好害怕'],
    ['an old parent lost', '我奶奶走丢了 找了一上午'],
    ['turmoil', '我心里好乱 不知道该怎么办'],
    ['everything lost', '我什么都没有了 老婆也走了'],
    ['cannot hold together', '真的绷不住了'],
    ['Cantonese', '唔知点算 我好乱'],
  ])('%s: %s', (_cls, text) => {
    expect(classify(text, 'zh-CN').intent).toBe('distress');
  });
});

describe('zh-CN threats by condition, dialect verb, weapon and errand', () => {
  it.each<[string, string]>([
    ['conditional', '谁敢动我家 我就砍谁'],
    ['conditional, armed', '你们敢来我家 我拿菜刀等着'],
    ['dialect verb', '我削死你'],
    ['dialect verb', '我找人锤你'],
    ['dialect verb', '我叫人斩死你'],
    ['a limb', '信不信我把你手打断'],
    ['a blow', '给你一巴掌你信不信'],
    ['a car', '我开车撞死你'],
    ['pain promised', '你就等着尝尝什么叫疼'],
    ['a vow', '我收拾不了你我就不姓张'],
    ['coming over', '你住哪 我现在过去找你'],
    ['people on the way', '我兄弟已经出发了 导航到你们公司楼下'],
    ['property', '小心你那辆白车 哪天玻璃碎了别怪我'],
    ['prison no deterrent', '我坐过牢 不怕再坐一次'],
    ['one by one', '把你们经理的名字告诉我 我一个一个收拾'],
  ])('%s: %s', (_cls, text) => {
    const result = classify(text, 'zh-CN');
    expect(result.intent).toBe('abusive');
    expect(result.signals).toContain('violence_threat');
  });
});

describe('zh-CN lawful stops in new wordings, and the same words that stop nothing', () => {
  it.each<[string, string]>([
    ['attorney', '我已经委托律所处理了'],
    ['attorney', '律师函是我让律师发的'],
    ['attorney', '我申请了法律援助 援助律师会处理'],
    ['bankruptcy', '我在申请个人债务集中清理'],
    ['bankruptcy', '破产管理人会联系你们的'],
    ['bankruptcy', '你们去找管理人申报债权'],
    ['cease_contact', '不准再给我打电话'],
    ['cease_contact', '甭打了 烦死了'],
    ['cease_contact', '莫再联系我了'],
    ['cease_contact', '把我的号码从你们名单里删掉'],
    ['cease_contact', '你们停止一切催收'],
    ['cease_contact', '我不同意你们再打给我了'],
    ['cease_contact', '别在打了'],
    ['deceased', '我老伴儿前年就不在了'],
    ['deceased', '他突然就走了 脑溢血'],
    ['deceased', '人没救过来 上周的事'],
    ['deceased', '已经下葬了 你们别打了'],
    ['deceased', '她走的时候才二十多岁'],
    ['request_plan', '我咨询过律师 说可以申请延期 能延期吗'],
    ['dispute', '律师说你们利息超过法定上限了'],
    ['callback', '我在当律师 现在忙 晚点打'],
    ['ask_caller_identity', '你是律师吗 你怎么知道我手机号'],
    ['hardship', '我快要破产了 真没钱'],
    ['hardship', '单位破产了 三个月没发工资'],
    ['promise_to_pay', '我之前破产过 这次不一样 周五还五百'],
    ['promise_to_pay', '别打给我爸了 我明天还'],
    ['hardship', '我妈去年没了 家里紧 真还不上'],
    ['request_plan', '我爷爷过世了 能不能宽限几天'],
    ['callback', '我在回老家奔丧 回来再说'],
  ])('%s: %s', (intent, text) => {
    expect(classify(text, 'zh-CN').intent).toBe(intent);
  });
});

describe('zh-CN slang, dialect and shared words that are no safety reading', () => {
  it.each<[string, string]>([
    ['offline for the night', '我今天先下线了 明天再聊 我周五还'],
    ['born lucky', '他真会投胎 生在有钱人家'],
    ['a supervisor', '我去见主管 问问能不能分期'],
    ['a price', '这价格还让不让人活了'],
    ['a startle', '吓我一跳 你们谁啊'],
    ['a job', '我不打算再回去上班了 在找新工作'],
    ['a walk', '我每天去江边散步'],
    ['leaving early', '老板让我早点走 今天不加班'],
    ['a day decided to pay', '我决定了 就今天还 下午转给你们'],
    ['laughing', '我笑得绷不住了 你们这话术'],
    ['a noisy line', '我这边好乱 听不清 晚点打'],
    ['a price cut', '能不能砍一半 剩下的我慢慢还'],
    ['a visit to pay', '你们公司在哪 我过去找你们当面还钱'],
    ['a past sentence', '我以前坐过牢 出来找不到工作 真没钱'],
    ['a doctor', '医生让他住院了 我没钱还'],
    ['a job change', '差一点就跳槽了 现在工资低'],
    ['work', '我先把自己的工作结束了再打给你'],
    ['effort', '我跟你拼了命地解释 你们就是不听'],
    ['a recovery', '上次住院差点没救过来 现在好了 钱下周还'],
    ['leaving the country', '我要润了 出国了 钱不还了'],
  ])('%s: %s', (_cls, text) => {
    const result = classify(text, 'zh-CN');
    expect(result.signals ?? []).not.toContain('self_harm');
    expect(result.signals ?? []).not.toContain('violence_threat');
    expect(['distress', 'abusive', 'attorney', 'bankruptcy', 'deceased', 'cease_contact']).not.toContain(result.intent);
  });
});

describe('the call-ending safety intents', () => {
  it.each<[Locale, string, string]>([
    ['en-US', 'I revoke my consent to be called', 'cease_contact'],
    ['en-US', "I'm withdrawing my permission for these calls", 'cease_contact'],
    ['en-US', 'stop calling me at work', 'cease_contact'],
    ['en-US', 'talk to my law firm', 'attorney'],
    ['en-US', 'we filed chapter 13 last month', 'bankruptcy'],
    ['en-US', 'my husband passed away in january', 'deceased'],
    ['zh-CN', '我撤回授权 不同意你们联系我', 'cease_contact'],
    ['zh-CN', '晚上别再打了', 'cease_contact'],
    ['zh-CN', '有事找我律师', 'attorney'],
    ['zh-CN', '我已经申请个人破产了', 'bankruptcy'],
    ['zh-CN', '他上个月去世了', 'deceased'],
  ])('%s %s → %s', (locale, text, intent) => {
    expect(classify(text, locale).intent).toBe(intent);
  });
});

describe('complaints and regulator threats carry the complaint signal; the intent follows precedence', () => {
  it.each<[Locale, string, string]>([
    ['en-US', "I'm reporting you to the CFPB", 'unknown'],
    ['en-US', "I'll complain to the attorney general", 'unknown'],
    ['en-US', 'I want a supervisor, I am filing a complaint', 'request_human'],
    ['en-US', 'stop calling or I will file a complaint with the FTC', 'cease_contact'],
    ['zh-CN', '我要打12378', 'unknown'],
    ['zh-CN', '我要去银保监会投诉你们', 'unknown'],
    ['zh-CN', '我要投诉 转人工', 'request_human'],
    ['zh-CN', '再打我就投诉你们', 'cease_contact'],
  ])('%s %s → %s', (locale, text, intent) => {
    const result = classify(text, locale);
    expect(result.signals).toContain('complaint');
    expect(result.intent).toBe(intent);
  });

  it('reads "attorney general" as a regulator, not as a lawyer', () => {
    expect(classify('I will report this to the attorney general', 'en-US').intent).not.toBe('attorney');
  });

  it('never takes a complaint hotline for an amount', () => {
    expect(classify('我要打12378', 'zh-CN').entities.amount).toBeUndefined();
  });
});

describe('en-US self-harm is heard by class, each class with its own wording', () => {
  it.each<[string, string]>([
    ['means at hand', "there's a loaded gun on my kitchen table right now"],
    ['means at hand', "I picked up a pistol at a gun show on Saturday, and it's not for burglars"],
    ['means at hand', "I'm holding a razor blade right now"],
    ['means at hand', "I'm in the bathtub with my razor"],
    ['means at hand', "I hid the shotgun shells from my wife so she wouldn't know"],
    ['means looked at', "I keep my husband's hunting rifle under the bed and lately I take it out every night"],
    ['means used', 'I emptied the whole medicine cabinet into my hand and swallowed it'],
    ['means used', 'I ran a hose from the tailpipe into the car'],
    ['means used', "I'm going to crash my car on purpose"],
    ['means readied', "I've been stockpiling my anxiety meds so I'll have enough"],
    ['means readied', 'I quit taking my insulin on purpose last week'],
    ['a place to die', 'I went out to the overpass last night and just stood there looking down over the edge'],
    ['a place to die', "I'm going to go jump in the river"],
    ['starving', 'I stopped eating on purpose, I just want to fade away'],
    ['affairs in order', "I've got my affairs in order now"],
    ['affairs in order', 'I updated my will this morning and wrote a letter to each of my kids'],
    ['affairs in order', 'I signed everything over to my sister this week'],
    ['affairs in order', 'I wrote out what to do with my ashes'],
    ['things given away', "I found a new home for my cat yesterday, she'll be better off"],
    ['things given away', "I gave all my tools to my nephew, I won't be needing them"],
    ['farewell', 'I deleted my facebook and said goodbye to everyone'],
    ['farewell', 'please tell my daughter I love her'],
    ['farewell', 'you might be the last voice I ever hear'],
    ['a time set', "I've picked the night, it's Saturday"],
    ['a time set', 'this Friday it ends, all of it'],
    ['a time set', "once the kids are at school tomorrow I'm going to go through with it"],
    ['a time set', 'I only have a few hours left anyway'],
    ['the debt paid by dying', "my life insurance pays out if I die, that's how you'll get your money"],
    ['the debt paid by dying', 'my wife can pay you off with the death benefit'],
    ['the debt paid by dying', "just take it out of my estate, it won't be long"],
    ['burden', "I'm thinking I should just take myself out of the equation"],
    ['burden', 'my kids would be better off with their dad than with a mess like me'],
    ['burden', "I'm sick of being everyone's burden"],
    ['burden', 'my family deserves better than me'],
    ['disappearance', "there won't be anyone here to pay it, trust me"],
    ['disappearance', "you'll be dialing a dead woman's number soon"],
    ['disappearance', "I won't be around for the next payment"],
    ['disappearance', "honestly I doubt I'll still be around by summer"],
    ['despair', "there's no way out for me anymore"],
    ['an end hoped for', 'I wish a truck would hit me on the way home'],
    ['an end hoped for', "honestly if my heart gave out tonight I'd be relieved"],
    ['an end hoped for', "I'm hoping I just die in my sleep"],
    ['an end hoped for', "I wouldn't bother moving out of the way if a bus came"],
    ['passive ideation', 'why even bother waking up anymore'],
    ['passive ideation', "I've run out of reasons to stay alive"],
    ['passive ideation', "I'm mad every morning that I woke up"],
    ['passive ideation', 'I just want to lie down and never get up again'],
    ['euphemism', "I'm planning on checking out soon"],
    ['euphemism', "my mom's gone and I'm ready to join her"],
    ['euphemism', "I'm ready to meet my maker"],
    ['euphemism', "I'll just take the coward's way out"],
    ['euphemism', "I'm calling it quits on life"],
    ['euphemism', "I've been researching painless ways to go"],
    ['self-injury', 'I bang my head on the wall until it bleeds'],
    ['self-injury', "I relapsed and I've been cutting"],
    ['self-injury', "I've been burning myself with cigarettes"],
    ['death before paying', "I'd sooner die than pay you a cent"],
  ])('%s: %s', (_cls, text) => {
    const result = classify(text, 'en-US');
    expect(result.intent).toBe('distress');
    expect(result.signals).toContain('self_harm');
  });
});

describe('en-US distress without self-harm: an emergency now, danger at home, terrible news, confusion', () => {
  it.each<[string, string]>([
    ['medical emergency', "I think I'm having a heart attack right now"],
    ['medical emergency', "my husband just passed out and he won't wake up"],
    ['medical emergency', "my baby isn't breathing"],
    ['medical emergency', "I slipped in the shower and I think I broke my hip, I can't get up"],
    ['medical emergency', "I'm going into labor"],
    ['medical emergency', "my blood sugar is dropping fast, I'm shaking"],
    ['medical emergency', "I'm having trouble breathing"],
    ['a fire', 'my house is on fire'],
    ['afraid of a partner', "my boyfriend said he'd hurt me if I talked to you"],
    ['afraid of a partner', "I'm hiding from my husband right now"],
    ['afraid of a partner', 'my ex threatened to kill me last night'],
    ['afraid of a partner', "he's outside screaming and I'm scared he'll break in"],
    ['afraid of a partner', 'my husband broke my phone last time, he checks my texts'],
    ['afraid of a partner', 'please, my kids are screaming, my husband is hitting me'],
    ['medical emergency', "I'm in the ER with my son, he got hit by a car"],
    ['terrible news just heard', 'the doctor just told me I have cancer'],
    ['terrible news just heard', 'I just found out my dad died'],
    ['terrible news just heard', 'they just called and said my daughter was in an accident'],
    ['someone missing', "my daughter's been missing since last night"],
    ['confusion', "I don't know where I am"],
    ['confusion', "I've been hearing voices"],
  ])('%s: %s', (_cls, text) => {
    const result = classify(text, 'en-US');
    expect(result.intent).toBe('distress');
    expect(result.signals ?? []).not.toContain('self_harm');
  });
});

describe('en-US veiled and direct threats are abusive with the violence_threat signal', () => {
  it.each<[string, string]>([
    ['knows where they are', 'I know what your daughter looks like'],
    ['knows where they are', 'I know where you park every morning'],
    ['knows where they are', 'I found your home address online, expect a visit'],
    ['lying in wait', "I'll be waiting outside your office tonight"],
    ['lying in wait', 'watch your back when you leave work'],
    ['lying in wait', 'you people better sleep with the lights on'],
    ['coming for them', "I'm coming down there with my boys"],
    ['coming for them', "I'm going to show up at your house"],
    ['coming for them', "I'm coming for you"],
    ['fire and bombs', 'your office is going up in flames'],
    ['fire and bombs', "I'll send you a package that goes boom"],
    ['a weapon', "I'm bringing a knife to your office"],
    ['a weapon', "there's going to be a massacre at your office"],
    ['veiled', 'it would be a real shame if something happened to your kids'],
    ['veiled', 'you better watch out, accidents happen'],
    ['veiled', 'your days are numbered'],
    ['veiled', 'I know some guys who can take care of you'],
    ['the family', "I'm going to make your kids orphans"],
    ['others taken along', "I'll take you all down with me"],
    ['others taken along', "you'll be next"],
    ['property', "I'll slash your tires and then your face"],
    ['a warning', "I'll get you for this"],
    ['a warning', "you'd better lock your doors tonight"],
  ])('%s: %s', (_cls, text) => {
    const result = classify(text, 'en-US');
    expect(result.intent).toBe('abusive');
    expect(result.signals).toContain('violence_threat');
  });
});

describe('en-US words shared with self-harm and threats stay ordinary talk', () => {
  // The intent where it is clear; undefined where only "not a safety reading" is.
  it.each<[string, string, string | undefined]>([
    ['hyperbole', 'this payment is killing me', 'hardship'],
    ['hyperbole', "I'm working myself to death to keep up with this", 'hardship'],
    ['hyperbole', "I'm dying to get this over with, I'll pay Friday", 'promise_to_pay'],
    ['hyperbole', 'you gave me a heart attack with that number', undefined],
    ['hyperbole', 'shoot me a text with the amount', undefined],
    ['hyperbole', 'can you cut me some slack on the late fee', undefined],
    ['an injury at work', "I hurt myself at work and I'm on workers comp", 'hardship'],
    ['an errand', "I'm picking up my prescription at CVS, call me later", 'callback'],
    ['an errand', "I'm at the gun range, call me back", 'callback'],
    ['an errand', "I'm checking out at the grocery store, call me in ten minutes", 'callback'],
    ['an errand', "I'm standing on the porch, I can barely hear you", undefined],
    ['medicine as prescribed', 'I took my pills this morning like the doctor said', undefined],
    ['medicine as prescribed', 'the dog ate my pills again, can you believe it', undefined],
    ['a death told of someone else', 'my brother overdosed two years ago, it was his account', 'deceased'],
    ['an illness in the past', 'I had a stroke in 2022 and can not work', 'hardship'],
    ['a payment planned', "you won't have to call me again, I'm paying the whole thing tomorrow", 'promise_to_pay'],
    ['a payment planned', "I've got it all planned out, 100 every two weeks", 'request_plan'],
    ['a payment brought in person', "I know where the office is, I'll drop the check off", undefined],
    ['a payment brought in person', "I'm coming to your office tomorrow to pay in person", undefined],
    ['paperwork', 'I have a gun permit, why does that matter', undefined],
    ['moving', "I'm selling my truck, I won't need it after I move", undefined],
    ['a question about money', 'where am I supposed to get that kind of money', undefined],
    ['good news', "I just passed my CDL test so I'll be working soon", undefined],
    ['a plan asked for', 'can somebody help me set up a plan', 'request_plan'],
    ['court', "I'll see you in court", undefined],
    ['ideation denied', "I'm not going to kill myself over a credit card, relax", undefined],
    ['an idiom of a long debt', "this debt will follow me to my grave, won't it", undefined],
    ['a kitchen knife', "I have a knife in my hand, I'm cooking, call me back", 'callback'],
  ])('%s: %s → %s', (_cls, text, intent) => {
    const result = classify(text, 'en-US');
    expect(result.signals ?? []).not.toContain('self_harm');
    expect(result.signals ?? []).not.toContain('violence_threat');
    expect(['distress', 'abusive']).not.toContain(result.intent);
    if (intent !== undefined) expect(result.intent).toBe(intent);
  });
});

describe('en-US self-harm in religious, fatalistic, conditional, veteran and street wording', () => {
  it.each<[string, string]>([
    ['religious', 'lord please just take me tonight, I am tired'],
    ['religious', "I've been praying for God to take me"],
    ['fatalistic', 'dead folks don\'t get collection calls at least'],
    ['fatalistic', 'six feet under is looking real nice right about now'],
    ['fatalistic', "you'll be chasing a dead man by next week"],
    ['fatalistic', "I'm the kind of tired sleep can't fix"],
    ['conditional', "if you repo my truck I swear I'll end it"],
    ['conditional', "if they take the house I'm taking every pill in the cabinet"],
    ['conditional', "ima eat my gun if y'all keep calling"],
    ['done living', "i'm done living honestly"],
    ['done living', "im done with this whole being alive thing"],
    ['pills and alcohol', 'took my klonopin with a bottle of wine just now'],
    ['veterans and firearms', 'I was army and some nights I sit with my sidearm in my lap'],
    ['veterans and firearms', "there's a loaded forty five under my pillow"],
    ['veterans and firearms', "got a pistol last week and it ain't for protection"],
    ['an attempt before', "last time i tried i woke up in the ER, next time i won't"],
    ['an attempt before', 'they had me in the psych ward for trying last spring'],
    ['an attempt before', 'my dad killed himself when i was twelve and i finally understand why he did it'],
    ['an attempt before', 'asking for a friend, what happens to the loan if the borrower commits suicide'],
    ['a plan made', 'i got the rope and a plan i just need the guts'],
    ['a plan made', "the letters are written and the dog is at my sister's, there's nothing left but to go through with it"],
    ['a plan made', "i'm gonna go through with it when my wife is at work"],
    ['a plan made', 'been googling how to do it painless'],
    ['being found', "i hope my brother isn't the one who finds me"],
    ['being found', 'i found a spot in the woods where nobody will find me for a long time'],
    ['a place at night', "gonna head up to the overpass tonight by myself"],
    ['a place at night', "there's a bridge by the interstate i been going to every night looking down"],
    ['a hopeless question', 'why even stick around honestly'],
    ['a hopeless question', "what's the point of paying when i won't be here by next month anyway"],
    ['a hopeless question', "i'm running out of reasons to keep fighting"],
    ['a hopeless question', 'the best solution for everyone is me not being around'],
    ['things not needed', "i'm canceling everything cause i won't need any of it"],
    ['things not needed', "who's gonna get my dogs when i'm gone"],
    ['what keeps them here', 'the only thing keeping me here is my daughter'],
    ['ASR spelling', 'ngl i keep thinking about unaliving'],
  ])('%s: %s', (_cls, text) => {
    const result = classify(text, 'en-US');
    expect(result.intent).toBe('distress');
    expect(result.signals).toContain('self_harm');
  });
});

describe('en-US emergencies told in the words of the moment', () => {
  it.each<[string, string]>([
    ['a wreck just now', 'i just totaled my car like five minutes ago, i got blood on my hands from the glass'],
    ['a flood', 'water is pouring in under the door and we are trying to get out'],
    ['a storm', "the storm sirens are going off and we're hiding in the basement"],
    ['danger at home', "he just broke the window and he's screaming, i'm hiding in the closet"],
    ['danger at home', "my ex took my son and he's high and won't bring him back"],
    ['feeling unreal', "it feels like i'm not real, like i'm watching myself from above"],
    ['a child missing', "my grandson's been missing since this morning"],
    ['a breakdown', "i'm going through a breakdown right now, i can't do numbers"],
  ])('%s: %s', (_cls, text) => {
    const result = classify(text, 'en-US');
    expect(result.intent).toBe('distress');
    expect(result.signals ?? []).not.toContain('self_harm');
  });
});

describe('en-US threats over property, dares, rides and veiled harm', () => {
  it.each<[string, string]>([
    ['property defended', 'whoever touches my truck is getting shot'],
    ['property defended', 'i got something special for the tow truck driver'],
    ['property defended', 'send your boy out here and see if he makes it home'],
    ['property defended', 'i keep a rifle by the door and a no trespassing sign out front'],
    ['property defended', "if that repo dude shows up i'm grabbing my shotgun"],
    ['coming for them', 'me and my cousins are pulling up to your office'],
    ['coming for them', "you think i won't come down there, try me"],
    ['coming for them', "i'm strapped and heading your way"],
    ['coming for them', "one more call and i'm coming to that call center and someone's getting hurt"],
    ['a dare', "let's see how tough you are face to face"],
    ['a dare', "i'll be standing at your front desk with a machete"],
    ['finding them', 'i could find your kids easy'],
    ['finding them', "i got the tow guy's plate and i'm gonna find him"],
    ['finding them', 'give me ten minutes alone with that collector'],
    ['finding them', 'hang up before i reach through this phone and choke you'],
    ['veiled', 'see what happens to your pretty little office'],
    ['veiled', 'accidents happen to collectors who push too hard'],
    ['veiled', "you'd be amazed what can happen to a building at night"],
    ['veiled', 'i got people who take care of problems like you'],
    ['veiled', 'i hope your office burns down with you in it'],
    ['veiled', "my brother done time and he don't mind going back for y'all"],
    ['veiled', 'your ceo better watch his back'],
  ])('%s: %s', (_cls, text) => {
    const result = classify(text, 'en-US');
    expect(result.intent).toBe('abusive');
    expect(result.signals).toContain('violence_threat');
  });
});

describe('en-US lawful stops in new wordings', () => {
  it.each<[string, string]>([
    ['attorney', 'legal aid is handling this for me now'],
    ['attorney', "my attorney's name is sarah cohen, call her"],
    ['bankruptcy', 'the trustee has all my accounts now'],
    ['bankruptcy', "i'm in a chapter thirteen plan, you can't call me"],
    ['bankruptcy', 'my debts were discharged last year'],
    ['bankruptcy', 'our petition was filed on monday'],
    ['bankruptcy', 'the meeting of creditors is next week'],
    ['bankruptcy', 'i just got my discharge order from the court'],
    ['cease_contact', 'i revoke consent to be called on this number'],
    ['cease_contact', 'take me off your list'],
    ['cease_contact', 'only contact me by mail from now on'],
    ['cease_contact', 'delete my number from your system'],
    ['cease_contact', 'quit blowing up my phone'],
    ['cease_contact', 'i would like you to not contact me again'],
    ['deceased', "she's no longer with us"],
    ['deceased', 'my husband was killed in a car accident last spring'],
    ['deceased', 'my son was killed in action in 2019'],
    ['deceased', 'mama went home to be with the lord in december'],
    ['deceased', 'the lord called him home last month'],
  ])('%s: %s', (intent, text) => {
    expect(classify(text, 'en-US').intent).toBe(intent);
  });
});

describe('en-US words shared with the lawful stops and the safety readings that stop nothing', () => {
  // The intent where it is clear; undefined where only "not a safety reading" is.
  it.each<[string, string, string | undefined]>([
    ['a discharge from service', "i was honorably discharged from the army and now i'm on a fixed income", 'hardship'],
    ['a discharge from hospital', 'i was discharged from the hospital on monday', 'hardship'],
    ['broke, not bankrupt', "i'm bankrupt this month lol", undefined],
    ["someone else's bankruptcy", 'my ex filed bankruptcy not me', undefined],
    ['an older bankruptcy', "i went bankrupt in 2012 but this is a new card, i'll pay it friday", 'promise_to_pay'],
    ['a lawyer in the family', 'my lawyer friend said i should ask for a payment plan', 'request_plan'],
    ['a lawyer at work', 'i work at a law office call me after five', 'callback'],
    ['a place and a time instead', 'stop calling me at work call my cell after five', 'callback'],
    ['autopay', "take me off autopay i'll pay it myself on the 20th", 'promise_to_pay'],
    ['dead to me', "he's dead to me", undefined],
    ['moved away', "she's not with us anymore she moved to ohio", 'third_party'],
    ["a relative's death and one's own money", 'my dad passed last year so money is tight right now', 'hardship'],
    ["a relative's death and one's own money", "my husband passed in march and it's just me now, can we do smaller payments", 'request_plan'],
    ['asleep', "he passed out on the couch after his double shift he ain't coming to the phone", 'third_party'],
    ['an idiom of paperwork', "bury me in paperwork why don't you, that's not even my account", 'dispute'],
    ['the calls, not life', 'this is harassment and i want it to stop no more calls', 'cease_contact'],
    ['a race to pay', "i'll beat you to it i'm paying online right now", 'promise_to_pay'],
    ['an address to mail to', "i can find your address on the letter, i'll mail the check", 'promise_to_pay'],
    ['an overdose told of someone else', 'jimmy died, it was an overdose back in april', 'deceased'],
    ['a payment tried', 'last time i tried the website it did not work so i will call in the payment', undefined],
    ['a payment tried', 'the last time i tried paying online it didn\'t take', undefined],
    ['a day for autopay', 'the day i picked for the autopay is the 15th', undefined],
    ['a fee in the way', 'the only thing stopping me is the late fee', undefined],
    ['insurance', "i'm done with this whole life insurance thing, cancel the policy", undefined],
    ['an outing', "i'm going to drive out to the lake tonight with my family for fishing", undefined],
    ['working from home', "i'm selling my car because i won't be needing it, i work from home now", undefined],
    ['a closed account', "if you don't stop calling i'll end it, the account i mean", 'cease_contact'],
    ['medicine as prescribed', 'i take every pill my doctor gives me and i still can\'t work', undefined],
    ['hunting', 'i keep my grandpa\'s old shotgun in the closet for hunting', undefined],
    ['money loaded on a card', 'the forty five dollars is loaded on my card', undefined],
    ['a ride to the bank', 'my boys and i are taking a ride to the bank to get your money', undefined],
    ['strapped for cash', "i'm strapped for cash right now", undefined],
    ['hurt by fees', "somebody's getting hurt by these fees, mostly me", undefined],
    ['a missed call', 'which one of you called me yesterday, i missed it', undefined],
    ['a system down', 'i hope your system goes down so you stop calling', 'cease_contact'],
    ['callback', 'try me again on the 15th', 'callback'],
    ['a third party', 'see if he makes it home by six and call back', undefined],
  ])('%s: %s → %s', (_cls, text, intent) => {
    const result = classify(text, 'en-US');
    expect(result.signals ?? []).not.toContain('self_harm');
    expect(result.signals ?? []).not.toContain('violence_threat');
    expect(['distress', 'abusive']).not.toContain(result.intent);
    if (intent !== undefined) expect(result.intent).toBe(intent);
    else expect(['attorney', 'bankruptcy', 'deceased', 'cease_contact']).not.toContain(result.intent);
  });
});
