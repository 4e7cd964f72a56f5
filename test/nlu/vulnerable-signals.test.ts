import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/domain/locale.js';
import { RulesNlu } from '../../src/nlu/index.js';

const CONTEXT: Readonly<Record<Locale, { now: Date; timeZone: string }>> = {
  'en-US': { now: new Date('2026-03-11T15:00:00Z'), timeZone: 'America/New_York' },
  'zh-CN': { now: new Date('2026-03-11T02:00:00Z'), timeZone: 'Asia/Shanghai' },
};
const nlu = new RulesNlu();

function isVulnerable(text: string, locale: Locale): boolean {
  return (nlu.classify(text, locale, CONTEXT[locale]).signals ?? []).includes('vulnerable');
}

describe('the vulnerable signal (en-US)', () => {
  it.each([
    // serious illness now
    'I got admitted to the hospital on Sunday and they are keeping me here.',
    "I'm still in the hospital, they won't let me go home yet",
    "My oncologist says I start chemotherapy next week",
    "I'm on dialysis three days a week now",
    "I've got stage four cancer, I'm in hospice care.",
    'The doctors diagnosed me with leukemia in January.',
    "I'm terminally ill, honestly.",
    // a diagnosis told as the doctors gave it, a cancer back, a stroke or heart attack days ago
    "I just got out of surgery and they're saying it's cancer, I can't deal with this right now.",
    "I've been recently diagnosed with breast cancer.",
    'They told me last week my cancer is back.',
    "I'm getting radiation every day this month.",
    'I had a stroke last week and I am still in rehab.',
    "I'm calling from the hospital, I had a heart attack on Saturday.",
    // a recent bereavement
    'My wife passed away three days ago.',
    'My son was killed in a crash last weekend',
    'We buried my dad last week, I can barely think.',
    'Sorry, my mother died on Monday.',
    'Her funeral is tomorrow.',
    'Our baby died last week.',
    "I'm planning my husband's funeral right now.",
    "We're arranging my father's funeral this week.",
    // confusion
    'What day is this? I thought it was still the weekend.',
    "Honey, what's a loan?",
    "I have Alzheimer's, my son does the money.",
    "My memory isn't what it was, I forget things.",
    'I get confused, my daughter usually handles the phone.',
    'I get easily confused these days, my son helps me.',
    // a minor answering
    "I'm eleven, my mom is at the store.",
    "i'm just a kid, nobody else is home",
    "I'm in third grade.",
    "I am only 8 years old.",
  ])('reads %j as vulnerable', (text) => {
    expect(isVulnerable(text, 'en-US')).toBe(true);
  });

  it.each([
    // ordinary hardship
    'I got laid off in February and money is tight.',
    'I was in the hospital last year and the bills piled up.',
    "I had surgery in 2023, I'm still paying off the medical bills.",
    'I had cancer a long time ago, I am fine now.',
    "I had a heart attack two years ago, I'm fine now.",
    'I had a stroke in 2019 and had to stop working.',
    'I was diagnosed with diabetes a few years ago.',
    // someone else's illness (a caregiver's hardship)
    'My husband is on dialysis so I only work part time.',
    'My daughter is in the hospital right now, can you call back?',
    "My mom's cancer came back, so I've been helping her.",
    "My dad had a stroke last week, I've been at the hospital with him.",
    'The doctors said my husband has cancer, I am taking care of him.',
    "They said it's not cancer, thank god.",
    // a death long ago
    'My father passed away years ago, it has been hard since.',
    'Since my mom died I have been behind on everything.',
    "I'm still paying for my mother's funeral from years ago.",
    "I'm going to my uncle's funeral on Saturday, call me next week.",
    'Our dog died last week.',
    // numbers that are no age, dates that are no confusion
    "I'm eleven hundred short this month.",
    "I'm ten days late, I know.",
    "I'm five minutes from home, call me then.",
    'What day is it due again?',
    'I get mixed up with all these account numbers.',
    'I get confused by all the fees on the statement.',
    "I'm confused about the late fees on my statement.",
  ])('does not read %j as vulnerable', (text) => {
    expect(isVulnerable(text, 'en-US')).toBe(false);
  });
});

describe('the vulnerable signal (zh-CN)', () => {
  it.each([
    // serious illness now
    '我现在在住院，这个月一直在透析。',
    '医生说是肺癌晚期，我没精力管这些。',
    '我这两天在做放疗，人很虚。',
    '我现在在医院里，刚从抢救室出来。',
    '我上周脑梗住院了，现在还在医院。',
    '我心脏病犯了，刚从急诊出来。',
    '我刚做完手术，还躺在病床上。',
    // a recent bereavement
    '我妈前几天去世了，家里乱成一团。',
    '我老公上个礼拜走了，后事还没办完。',
    '前天刚办完丧事，你们过段时间再打吧。',
    '我儿子上个月出车祸没了。',
    '家里老人这两天刚过世，在办丧事。',
    '我们家正在办后事，现在顾不上。',
    // confusion
    '我老了，脑子不好使了，你说的我都记不住。',
    '啥是贷款？我不懂这些。',
    '我是不是又糊涂了，老糊涂了。',
    '你说的什么我听不明白，我年纪大了。',
    '你是谁啊？我儿子呢？我这是在哪儿？',
    '今天星期几来着？我怎么记得是过年。',
    '今天是几号了，我以为是上个月呢。',
    // a minor answering
    '我今年九岁，我爸妈都出去了。',
    '我在上三年级，家里没大人。',
    '我还是个孩子，你找我妈吧。',
    '我是他女儿，我今年上二年级。',
  ])('reads %j as vulnerable', (text) => {
    expect(isVulnerable(text, 'zh-CN')).toBe(true);
  });

  it.each([
    // ordinary hardship
    '厂子倒闭了，我现在没工作，真拿不出钱。',
    '去年住过一次院，花了好多钱，现在还欠着。',
    '前年做过手术，现在已经康复了。',
    '我去年中风住过院，现在好多了。',
    // someone else's illness
    '我爸在做透析，钱都花在医药费上了。',
    '我在医院上班，现在不方便接电话。',
    '我爸上周脑梗住院了，我得照顾他。',
    '我在医院陪我妈，她躺在病床上。',
    // a death long ago, and 走了 that is only leaving
    '我爸走了好多年了，家里一直不宽裕。',
    '我老公昨天走了，出差去了，下周才回来。',
    '我儿子上个月出车祸了，还好人没事。',
    '同事家在办丧事，我去帮忙了，晚点打给我。',
    // a date asked, a past told, one's child
    '今天几号？我15号发工资。',
    // a payment date recalled, not the day misremembered
    '今天几号？我记得还款日是15号。',
    '今天星期几？我以为周五才发工资。',
    '今天几号啊，我记得是20号到期吧？',
    '我这个人年纪大了，但脑子清楚得很。',
    '我在哪儿还款啊？',
    '我上初中的时候就办过卡。',
    '我10岁的儿子在上学。',
    '我是孩子他妈，有事跟我说。',
  ])('does not read %j as vulnerable', (text) => {
    expect(isVulnerable(text, 'zh-CN')).toBe(false);
  });
});

describe('the reduction_request signal', () => {
  it.each([
    ['en-US', 'Can you forgive the rest if I pay half?'],
    ['en-US', "I'll give you 800 and we call it even."],
    ['en-US', 'Would you settle for 1500?'],
    ['en-US', "That's my final offer, take it or leave it."],
    ['zh-CN', '剩下的能免了吗'],
    ['zh-CN', '本金能不能减一半'],
    ['zh-CN', '这是我的底线了'],
    ['zh-CN', '最多就这么多了，多了没有'],
  ] as const)('%s: %j asks to pay less than the balance, as a plan request', (locale, text) => {
    const result = nlu.classify(text, locale, CONTEXT[locale]);
    expect(result.signals ?? []).toContain('reduction_request');
    expect(result.intent).toBe('request_plan');
  });

  it.each([
    ['en-US', "I can do 300 on Friday, that's the best I can do."],
    ['en-US', 'Can I pay it in installments?'],
    ['en-US', 'I want to clear the balance this month.'],
    ['zh-CN', '我先还一部分吧，剩下的下个月还。'],
    ['zh-CN', '我一次性结清吧。'],
  ] as const)('%s: %j does not', (locale, text) => {
    expect(nlu.classify(text, locale, CONTEXT[locale]).signals ?? []).not.toContain('reduction_request');
  });
});
