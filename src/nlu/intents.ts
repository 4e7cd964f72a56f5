/**
 * Debtor intents, exactly as named in docs/intents.md. They are the
 * contract between the NLU, the flows, the replay fixtures and `dunbot nlu`.
 */
export const INTENTS = [
  'affirm',
  'deny',
  'promise_to_pay',
  'already_paid',
  'dispute',
  'hardship',
  'request_plan',
  'refuse',
  'callback',
  'wrong_number',
  'third_party',
  'request_human',
  'attorney',
  'bankruptcy',
  'cease_contact',
  'ask_balance',
  'ask_caller_identity',
  'abusive',
  'distress',
  'deceased',
  'unknown',
] as const;

/** One debtor intent. */
export type Intent = (typeof INTENTS)[number];

/**
 * When an utterance carries several intents, the earliest in this list decides the bot's next
 * action (intents spec, "Precedence"). Intents not listed rank after all of these.
 */
export const INTENT_PRECEDENCE: readonly Intent[] = [
  'distress',
  'attorney',
  'bankruptcy',
  'deceased',
  'cease_contact',
  'request_human',
  'dispute',
  'wrong_number',
  'third_party',
  'already_paid',
  'promise_to_pay',
  'request_plan',
  'hardship',
  'refuse',
  'callback',
];

/**
 * Finer readings of an utterance that leave its intent (the spec's contract) as it is but that the
 * dialogue acts on: a request to repeat, an off-script question, a threat or a complaint to route,
 * a restriction to keep, a correction of what was said before.
 */
export const SIGNALS = [
  /** "say that again", "what?", 你再说一遍: repeat the last prompt. */
  'repeat_request',
  /** "are you a robot?", 你是机器人吗 */
  'ask_robot',
  /** "which company is this?", "why are you calling?" */
  'ask_purpose',
  /** "how can I pay?", "where do I send the money?" */
  'ask_payment_method',
  /** "send me that in writing", a validation notice */
  'request_written_notice',
  /** "I'm going to complain", "reporting you to the CFPB", 打12378 */
  'complaint',
  /** threats of violence toward anyone: always a person's matter at once */
  'violence_threat',
  /** self-harm or suicide, however worded: always read as distress */
  'self_harm',
  /**
   * a caller who needs a person, not a collection call: serious illness now (chemo, dialysis,
   * hospice, 化疗), a recent bereavement (my husband died last week, 刚办完丧事), confusion (does not
   * know what a loan is or what day it is, 老糊涂了), a minor answering (I'm 12, 我上四年级). Not
   * ordinary hardship: a lost job, a hospital stay last year, a death years ago
   */
  'vulnerable',
  /** "actually I'm not him", "he's my son": the identity confirmed before is withdrawn */
  'retraction',
  /** "don't record this", 不要录音 */
  'recording_objection',
  /** "don't call me at work", 别打到单位 */
  'place_restriction',
  /** "only after six", "not before noon" */
  'time_restriction',
  /** "no, make that 350", 不对，改成一千八: the amount or date replaces the one said before */
  'correction',
  /**
   * asks to pay less than the balance and have the rest forgiven or the account closed ("forgive the
   * rest", "settle for 1500", 剩下的一笔勾销, 本金减一半), or holds to such a figure as final ("that's
   * my final offer", 这是我的底线); not a plan of the whole balance, nor a partial payment
   */
  'reduction_request',
  /** a "yes?" asked, not said: not a confirmation */
  'questioning',
  /** nothing but hesitation sounds ("hmm", "uh", 呃): no answer yet, treated as silence */
  'filler_only',
  /**
   * any other question ("what's the interest rate?", 你们公司在哪里？): set only when nothing else
   * was read — no intent, no amount or date, no other signal — so a question that is a promise, a
   * plan request or one with a scripted answer stays that
   */
  'other_question',
] as const;

/** One finer reading of an utterance. */
export type Signal = (typeof SIGNALS)[number];

/** A date known only in part ("next month", "payday", 下个月): the flow narrows it to a day. */
export interface PartialDate {
  /** The earliest day it can mean (ISO). */
  readonly from: string;
  /** The latest day it can mean (ISO). */
  readonly to: string;
}

/** A partial identifier the debtor gave for verification. */
export interface PartialIdentifier {
  readonly kind: 'date_of_birth' | 'postcode' | 'id_last4';
  readonly value: string;
}

/**
 * Entities the NLU extracts: `amount` in the currency's main unit, `date` as ISO YYYY-MM-DD (the
 * last one stated wins in a correction or counter-offer), `dateRange` for a vague date, `callbackAt`
 * as an ISO date-time with offset, `name` as said, `identifier` for verification.
 */
export interface NluEntities {
  readonly amount?: number;
  readonly date?: string;
  readonly dateRange?: PartialDate;
  readonly callbackAt?: string;
  readonly name?: string;
  readonly identifier?: PartialIdentifier;
}

/** What the NLU makes of one utterance. `confidence` is in [0, 1]. */
export interface NluResult {
  readonly intent: Intent;
  readonly confidence: number;
  readonly entities: NluEntities;
  /** Finer readings (see SIGNALS); absent when there are none. */
  readonly signals?: readonly Signal[];
}

/** True when `value` names an intent. */
export function isIntent(value: string): value is Intent {
  return (INTENTS as readonly string[]).includes(value);
}
