import { todayInZone, weekdayOf } from '../domain/calendar.js';
import { INTENT_PRECEDENCE, type Intent, type Signal } from '../nlu/index.js';
import type { TurnContext } from './turn-context.js';

/** What each intent means, as docs/intents.md defines them; the model reads these. */
const INTENT_MEANINGS: Readonly<Record<Intent, string>> = {
  affirm: 'yes / correct / "that\'s me", "speaking" (对, 是我, 好的)',
  deny: 'a plain negative answer, not a refusal to pay ("no, that\'s not right", 不是, 不对)',
  promise_to_pay: 'commits to pay, optionally with a date and/or amount ("I\'ll pay 200 on Friday", 周五还五百)',
  already_paid: 'says the payment was already made ("I already paid last week", 我已经还了)',
  dispute: 'denies owing, says the amount is wrong, never received it, or fraud ("that\'s not my loan", 金额不对)',
  hardship: 'cannot pay now: job loss, illness, business failure, no income, emergency ("I lost my job", 住院了, 真没钱)',
  request_plan: 'asks for installments, an extension, a reduction, a settlement or a payment plan ("can I pay in installments", 能不能宽限几天)',
  refuse: 'will not pay, with no hardship reason ("I\'m not paying", 就不还)',
  callback: 'busy now: call later or at a given time ("call me back tonight", 在开会, 晚点打)',
  wrong_number: 'not the debtor\'s number, does not know the debtor ("wrong number", 没这个人)',
  third_party: 'someone else answers; the debtor is unavailable ("he\'s not home, I\'m his brother", 我是他老婆)',
  request_human: 'wants a real person, an agent or a supervisor ("let me talk to a person", 转人工)',
  attorney: 'is represented by a lawyer ("talk to my attorney", 找我律师谈)',
  bankruptcy: 'has filed for bankruptcy ("I filed chapter 7", 我破产了)',
  cease_contact: 'stop calling / do not contact ("stop calling me", 别再打了)',
  ask_balance: 'asks how much, what amount or what due date ("how much do I owe", 我欠多少)',
  ask_caller_identity: 'asks who is calling, which company, whether it is a scam or a robot ("who is this", 你是机器人吗)',
  abusive: 'insults, swearing, threats toward the caller',
  distress: 'crying, despair, self-harm or suicidal statements, panic ("I can\'t go on", 不想活了)',
  deceased: 'the debtor has died ("he passed away", 他去世了)',
  unknown: 'off-topic, unintelligible or genuinely ambiguous',
};

/** What each signal marks; a signal leaves the intent as it is. */
const SIGNAL_MEANINGS: Readonly<Record<Signal, string>> = {
  repeat_request: 'asks to hear the last prompt again ("say that again", "what?", 你再说一遍)',
  ask_robot: 'asks whether the caller is a robot ("are you a robot?", 你是机器人吗)',
  ask_purpose: 'asks which company this is or why it calls',
  ask_payment_method: 'asks how or where to pay',
  request_written_notice: 'asks for it in writing, a validation notice',
  complaint: 'will complain or report the caller ("reporting you to the CFPB", 打12378)',
  violence_threat: 'threatens violence toward anyone',
  self_harm: 'self-harm or suicide, however worded (the intent is then distress)',
  vulnerable: 'the speaker needs a person, not a collection call: serious illness now (chemotherapy, dialysis, terminal, hospice, 化疗, 住院抢救), a recent bereavement (a spouse or parent died days or weeks ago, 刚办完丧事), confusion (does not know what a loan is or what day it is, dementia, 老糊涂了), or a child answering (I\'m 12, 我上四年级). Not ordinary hardship: a lost job, a hospital stay last year, a death years ago',
  retraction: 'withdraws an identity confirmed before ("actually I\'m not him", "he\'s my son")',
  recording_objection: 'objects to being recorded ("don\'t record this", 不要录音)',
  place_restriction: 'restricts where to be called ("don\'t call me at work", 别打到单位)',
  time_restriction: 'restricts when to be called ("only after six", "not before noon")',
  correction: 'replaces an amount or date said before ("no, make that 350", 不对，改成一千八)',
  reduction_request: 'asks to pay less than the balance and have the rest forgiven or the account closed ("forgive the rest", "settle for 1500", 剩下的一笔勾销, 本金减一半), or holds to such a figure as final ("that\'s my final offer", 这是我的底线). Not instalments of the whole balance, not a partial payment',
  questioning: 'a "yes?" asked, not said: not a confirmation',
  filler_only: 'nothing but hesitation sounds ("hmm", "uh", 呃): no answer yet',
  other_question: 'any other question ("what\'s the interest rate?", "why did my balance go up?", 你们公司在哪里？), only when the intent is unknown, no amount or date is said and no other signal applies',
};

const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** One chat message as the model reads it. */
export interface LlmMessage {
  readonly role: 'system' | 'user';
  readonly content: string;
}

function bulletList(meanings: Readonly<Record<string, string>>): string {
  return Object.entries(meanings).map(([name, meaning]) => `- ${name}: ${meaning}`).join('\n');
}

/** The instructions, the same for every turn of every call, so servers can cache them. */
const INSTRUCTIONS = `You classify one utterance of a debtor on a debt-collection phone call (Mandarin Chinese or US English, transcribed by speech recognition, so expect recognition errors and missing punctuation).

Intents (choose exactly one):
${bulletList(INTENT_MEANINGS)}

Precedence: when the utterance carries several intents, answer the one that comes first in this order: ${INTENT_PRECEDENCE.join(' > ')} > any other intent.
Negation matters: "I can't pay on Friday" is not promise_to_pay; "我不是不想还，是真没钱" is hardship; "I'm not refusing, I just need more time" is request_plan.
Use the question the bot asked: a bare "yes", a bare amount or a bare date answers it.

Signals (zero or more, besides the intent):
${bulletList(SIGNAL_MEANINGS)}

Entities (null when not said):
- amount: a number in the currency's main unit (500, 1500.5), from digits, "$1,200", "1.5k", "two hundred and fifty dollars", 五千块, 1.5万, 三千五. Numbers that are not money (chapter 7, a year, three kids) are no amount.
- date: an ISO date YYYY-MM-DD resolved against today in the debtor's time zone (given below). Weeks run Monday to Sunday. "next Friday" / 下周五 is the Friday of the following week; a bare weekday or "this Friday" / 这周五 is the next one coming (today excluded); "the 5th" / 5号 is the next date on or after today with that day number; "this weekend" / 周末 is the coming Saturday; "end of the month" / 月底 is the month's last day; past references ("paid last Friday", 上周五还了) resolve backwards. When an amount or date is corrected, the last one stated wins.
- dateRange: { from, to } ISO dates for a vague date ("next month", "payday", 下个月); vague spans like "next week" or 过几天 carry no date.
- callbackAt: an ISO date-time with the debtor's UTC offset when a callback time is named ("call me at 3 tomorrow").
- name: a person's name as said.
- identifier: { kind: date_of_birth | postcode | id_last4, value } when the debtor gives one for verification.

confidence: your probability, from 0 to 1, that the intent is right. Use below 0.5 when unsure.
Answer only with the JSON object of the requested schema.`;

/** The turn as the model reads it: the question asked and what is known of the call, never account data. */
function describeTurn(utterance: string, context: TurnContext): string {
  const today = todayInZone(new Date(context.nowMs), context.timeZone);
  const weekday = WEEKDAY_NAMES[weekdayOf(today)] ?? '';
  // Only the fields below go to the model, named one by one: the context may carry more than it needs.
  const turn = {
    locale: context.locale,
    today: `${today} (${weekday})`,
    timeZone: context.timeZone,
    lastPrompt: context.lastPrompt?.text ?? null,
    expectedIntents: context.expected.intents,
    expectedSlots: context.expected.slots,
    debtorNames: context.debtorNames,
  };
  return `Call context:\n${JSON.stringify(turn, null, 1)}\n\nUtterance:\n${JSON.stringify(utterance)}`;
}

/**
 * The chat messages that ask a model to classify one utterance: the intents, signals and entity
 * conventions, then today's date and weekday in the debtor's zone, the question the bot asked
 * (its text, expected intents and slots) and the debtor's names. Throws DUN_ERR_NLU_TIMEZONE on
 * an unknown zone.
 *
 * @example
 * const messages = buildLlmMessages('i can pay two hundred on friday', context);
 * // → [{ role: 'system', content: 'You classify one utterance…' }, { role: 'user', content: 'Call context: …' }]
 */
export function buildLlmMessages(utterance: string, context: TurnContext): readonly LlmMessage[] {
  return [
    { role: 'system', content: INSTRUCTIONS },
    { role: 'user', content: describeTurn(utterance, context) },
  ];
}
