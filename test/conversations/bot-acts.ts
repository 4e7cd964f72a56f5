import type { Debtor } from '../../src/domain/debtor.js';
import type { Locale } from '../../src/domain/locale.js';
import { formatMoneyForSpeech } from '../../src/scripts/speech-format.js';

/** The bot acts of test/conversations/README.md, in its order. */
export const BOT_ACTS = [
  'ai_disclosure',
  'recording_notice',
  'identity_question',
  'identity_check',
  'mini_miranda',
  'debt_details',
  'payment_request',
  'readback',
  'promise_confirmation',
  'plan_offer',
  'consequences',
  'apology',
  'condolence',
  'crisis_line',
  'handoff',
  'payment_channels',
  'caller_identity',
  'written_notice_ack',
  'callback_ack',
  'deescalation',
  'keypad_instructions',
  'repeat',
  'goodbye',
] as const;

export type BotAct = (typeof BOT_ACTS)[number];

export function isBotAct(value: string): value is BotAct {
  return (BOT_ACTS as readonly string[]).includes(value);
}

/**
 * One bot line as the judge sees it. `previousBlock` is what the bot said in its previous turn
 * (the lines between the two debtor turns before this line), and `firstOfBlock` is true for the
 * first line the bot says after a debtor turn: together they tell a repetition.
 */
export interface BotLine {
  readonly promptId: string;
  readonly text: string;
  readonly firstOfBlock?: boolean;
  readonly previousBlock?: readonly string[];
}

/** What a line is judged against: whose debt it is, and in which language it is said. */
export interface ActContext {
  readonly debtor: Debtor;
  readonly locale: Locale;
}

/**
 * Prompt ids of the scripts library by the act each performs. A prompt may perform several acts
 * (the greeting discloses the AI and the recording and asks for the debtor). Ids not listed here
 * and not in NEUTRAL_PROMPTS must be classified (see bot-acts.test.ts).
 */
export const ACT_PROMPTS: Readonly<Record<BotAct, readonly string[]>> = {
  ai_disclosure: ['opening.greeting', 'answer.robot', 'info.identity', 'verify.identity_unverified'],
  recording_notice: ['opening.greeting'],
  identity_question: ['opening.greeting', 'verify.ask_identity', 'verify.identity_unverified', 'verify.need_right_party'],
  identity_check: ['verify.ask_id_last4', 'verify.ask_date_of_birth', 'verify.ask_postcode'],
  mini_miranda: ['disclosure.collector_notice'],
  debt_details: [
    'disclosure.collector_notice',
    'disclosure.debt',
    'info.balance',
    'info.identity',
    'early.ask_payment',
    'mid.ask_payment',
    'late.ask_payment',
    'late.settlement_offer',
    'plan.offer',
    'plan.confirmed',
    'promise.ask_amount',
    'promise.amount_too_high',
    'consequences.fees',
    'consequences.credit',
    'consequences.generic',
    'consequences.ask_again',
    'answer.written_notice',
  ],
  payment_request: [
    'early.ask_payment',
    'mid.ask_payment',
    'late.ask_payment',
    'late.settlement_offer',
    'consequences.ask_again',
    'plan.ask_first_payment',
    'promise.ask_amount',
    'promise.ask_date',
    'promise.amount_too_low',
    'promise.amount_too_high',
    'promise.date_too_late',
    'promise.date_in_past',
  ],
  readback: ['promise.readback', 'plan.readback'],
  promise_confirmation: ['promise.confirmed', 'plan.confirmed'],
  plan_offer: ['plan.offer'],
  consequences: ['consequences.fees', 'consequences.credit', 'consequences.generic'],
  apology: ['wrong_number.apology', 'retraction.apology'],
  condolence: ['deceased.condolence'],
  crisis_line: ['escalation.distress', 'escalation.distress_follow_up', 'escalation.handoff_failed_distress', 'escalation.handoff_failed_distress_end'],
  // A person takes the call: put through now, or calling back when nobody can be put through on this call.
  handoff: ['escalation.handoff', 'escalation.follow_up', 'escalation.distress', 'escalation.distress_follow_up', 'answer.complaint', 'answer.complaint_follow_up', 'hardship.route'],
  payment_channels: ['answer.payment_channels', 'closing.payment_channel'],
  caller_identity: ['info.identity', 'answer.purpose_unverified', 'verify.identity_unverified'],
  written_notice_ack: ['answer.written_notice', 'dispute.ack'],
  callback_ack: ['callback.ack', 'escalation.callback_goodbye'],
  deescalation: ['escalation.deescalate'],
  keypad_instructions: [
    'system.keypad_only',
    'keypad.keys_yes_no_person',
    'keypad.keys_yes_no',
    'keypad.keys_yes_person',
    'keypad.keys_no_person',
    'keypad.keys_yes',
    'keypad.keys_no',
    'keypad.keys_person',
    'keypad.amount',
    'keypad.date',
    'keypad.id_last4',
    'keypad.date_of_birth',
    'keypad.postcode',
  ],
  repeat: ['answer.repeat_limit'],
  goodbye: ['common.turn_limit_goodbye', 
    'escalation.follow_up',
    'answer.complaint_follow_up',
    'escalation.handoff_failed_end',
    'escalation.handoff_failed_distress_end',
    'escalation.callback_goodbye',
    'escalation.no_callback_goodbye',
    'closing.goodbye',
    'closing.payment_channel',
    'common.no_response_goodbye',
    'common.not_understood_goodbye',
    'retraction.apology',
    'wrong_number.apology',
    'system.technical_problem',
    'verify.unverified_goodbye',
  ],
};

/**
 * Prompts that perform none of the acts: acknowledgements, re-prompts, questions for details.
 * Every prompt of the scripts library is in ACT_PROMPTS or here.
 */
export const NEUTRAL_PROMPTS: readonly string[] = [
  'answer.place_restriction',
  'answer.unknown_question',
  // A generated answer performs acts by its words alone (a debt detail, say), never by its id.
  'answer.generated',
  'common.cannot_offer',
  'promise.below_minimum_due',
  'answer.time_restriction',
  'answer.recording_objection',
  'attorney.ask_details',
  'attorney.ack',
  'bankruptcy.ask_case',
  'bankruptcy.ack',
  'cease.ack',
  'common.no_input',
  'common.no_match',
  'hardship.empathy',
  'paid.ask_details',
  'paid.thanks',
  'promise.change',
  'refuse.ack',
  'third_party.message',
  'voicemail.message',
  'verify.identifier_mismatch',
  'verify.identifier_first',
  // A hand-off that reached nobody: the apology, and when to call back.
  'escalation.handoff_failed',
  'escalation.ask_callback_time',
  // The agent's summary of a hand-off: read to the person taking the call, never said to the debtor.
  'handoff.summary_who',
  'handoff.summary_reason_request_human',
  'handoff.summary_reason_distress',
  'handoff.summary_reason_abusive',
  'handoff.summary_reason_not_understood',
  'handoff.summary_reason_beyond_authority',
  'handoff.summary_reason_violence_threat',
  'handoff.summary_reason_vulnerable',
  'handoff.summary_reason_complaint',
  'handoff.summary_reason_emotion',
  'handoff.summary_reason_dispute',
  'handoff.summary_reason_other',
  'handoff.summary_evidence',
  'handoff.summary_verified',
  'handoff.summary_not_verified',
  'handoff.summary_promise',
  'handoff.summary_plan',
  'handoff.summary_settlement',
  'handoff.summary_no_promise',
  'handoff.summary_flags',
  'handoff.summary_flag_attorney',
  'handoff.summary_flag_bankruptcy',
  'handoff.summary_flag_cease_contact',
  'handoff.summary_flag_dispute',
  'handoff.summary_flag_validation_requested',
  'handoff.summary_flag_deceased',
  'handoff.summary_flag_place_restriction',
  'handoff.summary_flag_time_restriction',
  'handoff.summary_flag_recording_objection',
  'handoff.summary_flag_callback',
  'handoff.summary_flag_disclosure_incident',
  'handoff.summary_flag_identity_not_verified',
];

const PROMPT_ACTS: ReadonlyMap<string, readonly BotAct[]> = (() => {
  const map = new Map<string, BotAct[]>();
  for (const act of BOT_ACTS) {
    for (const id of ACT_PROMPTS[act]) map.set(id, [...(map.get(id) ?? []), act]);
  }
  return map;
})();

/** Words that say there is a debt at all: whatever the prompt, such a line is a debt detail. */
const DEBT_WORDS: Readonly<Record<Locale, RegExp>> = {
  'en-US': /\b(debt|past[- ]due|overdue|balance)\b/i,
  'zh-CN': /欠款|逾期|借款|债|待还|账款/,
};

/** The amounts of the debtor's account as they would be spoken, and as digits. */
function spokenAmounts(context: ActContext): string[] {
  const { debtor, locale } = context;
  const out: string[] = [];
  for (const amount of [debtor.balance, debtor.minimumDue]) {
    out.push(formatMoneyForSpeech(amount, debtor.currency, locale));
    out.push(String(amount));
    out.push(amount.toLocaleString('en-US'));
  }
  return out.filter((value) => value.length >= 3);
}

function mentionsDebt(line: BotLine, context: ActContext): boolean {
  if (DEBT_WORDS[context.locale].test(line.text)) return true;
  if (context.debtor.creditor !== '' && line.text.includes(context.debtor.creditor)) return true;
  return spokenAmounts(context).some((amount) => line.text.includes(amount));
}

/**
 * True when `line` performs `act`. Prompt ids decide, except that any line stating the debt (its
 * amounts as spoken, the creditor, or words saying there is a debt) is a debt detail, and a line
 * the bot says first after a debtor turn that is the line it ended its previous turn with is a
 * repetition. Prompt ids the library does not know (the runtime's own) perform no act by id.
 */
export function lineIs(act: BotAct, line: BotLine, context: ActContext): boolean {
  if ((PROMPT_ACTS.get(line.promptId) ?? []).includes(act)) return true;
  switch (act) {
    case 'debt_details':
      return mentionsDebt(line, context);
    case 'repeat': {
      if (line.firstOfBlock !== true || line.previousBlock === undefined) return false;
      const last = line.previousBlock[line.previousBlock.length - 1];
      return last !== undefined && last === line.promptId && !NOT_REPEATS.has(line.promptId);
    }
    default:
      return false;
  }
}

/** Prompts that are said again for their own reasons, never as a repetition on request. */
const NOT_REPEATS: ReadonlySet<string> = new Set(['common.no_input', 'common.no_match']);

/** Every act `line` performs. */
export function actsOf(line: BotLine, context: ActContext): BotAct[] {
  return BOT_ACTS.filter((act) => lineIs(act, line, context));
}

/** The prompt ids the acts table and the neutral list classify. */
export function classifiedPromptIds(): Set<string> {
  return new Set([...PROMPT_ACTS.keys(), ...NEUTRAL_PROMPTS]);
}
