import type { AccountFlag } from '../domain/account-flags.js';
import type { Disposition } from '../domain/dispositions.js';
import type { Locale } from '../domain/locale.js';
import type { EscalationEvidence, EscalationReason, PromiseKind, PromptVariables } from '../flow/events.js';
import type { NluResult } from '../nlu/intents.js';
import type { HandoffOutcomeState, HandoffState } from '../escalation/handoff.js';

/** How a debtor turn arrived. */
export type DebtorInput = 'text' | 'speech' | 'dtmf' | 'silence';

/**
 * The stages of a turn, in the order a turn meets them: endpointing (the caller's last speech frame
 * to the end-of-utterance decision), recognition (to the final transcript), understanding (to the
 * NLU result), flow (to the first line of the answer said), synthesis (to that line's audio ready),
 * first frame (to its first frame leaving for the caller). See docs/record-format.md, Turn timing.
 */
export const TURN_STAGES = ['endpointing', 'recognition', 'understanding', 'flow', 'synthesis', 'firstFrame'] as const;
export type TurnStage = (typeof TURN_STAGES)[number];

/** How long each stage of one turn took, in whole ms; a stage the turn did not go through is 0. They add up to the turn's `totalMs`. */
export type TurnStageTimes = { readonly [S in TurnStage as `${S}Ms`]: number };

/** One stage over the turns of a call that went through it: how many, the median (nearest rank) and the largest, in ms. */
export interface StageStats {
  readonly turns: number;
  readonly p50Ms: number;
  readonly maxMs: number;
}

/**
 * Who talked how long over a voice call's record (from `call.started` to `call.ended`), in ms: the
 * caller as the VAD heard them, the bot as its audio played, both at once, neither. `shares` are of
 * `durationMs` and exclusive (the caller alone, the bot alone, both, neither), each rounded down,
 * so they add up to at most 1.
 */
export interface CallTalk {
  readonly durationMs: number;
  readonly callerMs: number;
  readonly botMs: number;
  readonly overlapMs: number;
  readonly silenceMs: number;
  readonly shares: { readonly callerOnly: number; readonly botOnly: number; readonly overlap: number; readonly silence: number };
}

/** A call's summary of itself, recorded once as it ends (`call.metrics`). */
export interface CallMetrics {
  /** Turns whose answer was timed (`turn.timing` entries). */
  readonly turns: number;
  /** Each stage over the turns that went through it; a stage no turn went through is absent. */
  readonly stages: { readonly [S in TurnStage]?: StageStats };
  /** The whole turn, last input to first frame out, over every timed turn; absent when none was. */
  readonly total?: StageStats;
  /** Barge-ins: the caller cutting the bot short (`bot.interrupted`), and the bot beginning a line over the caller. */
  readonly interruptions: { readonly byCaller: number; readonly byBot: number };
  /** Voice calls only. */
  readonly talk?: CallTalk;
  /** Silence turns: the no-input timeout ran out. */
  readonly noInput: number;
  /** Answers the question could not use (the flow kit's count of answers not understood). */
  readonly notUnderstood: number;
}

/**
 * One entry of a call's append-only record. Every entry carries `atMs`, milliseconds since the
 * Unix epoch from the call's Clock. Entries are written as they happen, so a call cut off midway
 * keeps everything up to its last entry.
 */
export type CallRecordEvent =
  /** The call began; a voice call names its telephony provider and the provider's own ids for it (see {@link CallStart}). */
  | {
      readonly type: 'call.started';
      readonly atMs: number;
      readonly flow: string;
      readonly locale: Locale;
      readonly debtorId: string;
      readonly state: string;
      readonly provider?: string;
      readonly providerCallId?: string;
      readonly providerStreamId?: string;
    }
  /** `generated`: the words were generated (an answer grounded in the account), not written in the scripts library. */
  | { readonly type: 'bot.said'; readonly atMs: number; readonly state: string; readonly prompt: string; readonly text: string; readonly vars?: PromptVariables; readonly generated?: true }
  /** `emotion`: how heated the turn was, 0–1, when the runtime scored it (words, and the voice on a voice call). */
  | { readonly type: 'debtor.turn'; readonly atMs: number; readonly state: string; readonly input: DebtorInput; readonly text: string; readonly nlu?: NluResult; readonly digit?: string; readonly emotion?: number }
  | { readonly type: 'state.changed'; readonly atMs: number; readonly from: string; readonly to: string; readonly cause: string }
  | { readonly type: 'promise.captured'; readonly atMs: number; readonly amount: number; readonly date: string; readonly kind: PromiseKind; readonly installments?: number }
  /** `evidence`: the rule that fired and the turn that set it off, as heard and understood (see EscalationEvidence). */
  | { readonly type: 'escalation.requested'; readonly atMs: number; readonly reason: EscalationReason; readonly state: string; readonly evidence?: EscalationEvidence }
  /**
   * One state of a live hand-off (src/escalation/handoff.ts) as it happened: `requested` (with the
   * adapter, the target and `sinceTriggerMs`: from the end of the debtor's turn that set it off to
   * the adapter being called), what the adapter reported on the way (`detail`), then exactly one
   * outcome, with why it did not bridge (`reason`) or who it bridged to (`target`).
   */
  | {
      readonly type: 'handoff.state';
      readonly atMs: number;
      readonly handoffId: string;
      readonly state: HandoffState;
      readonly adapter?: string;
      readonly target?: string;
      readonly reason?: string;
      readonly detail?: string;
      readonly sinceTriggerMs?: number;
    }
  /** The caller began to hear the hold line (its first audio frame left), `sinceTriggerMs` after the end of the turn that set the hand-off off. Voice calls only. */
  | { readonly type: 'handoff.hold'; readonly atMs: number; readonly handoffId: string; readonly prompt: string; readonly sinceTriggerMs: number }
  | { readonly type: 'event.rejected'; readonly atMs: number; readonly code: string; readonly message: string }
  /** A barge-in cut the prompt; the caller heard `heardMs` of its `durationMs`. */
  | { readonly type: 'bot.interrupted'; readonly atMs: number; readonly state: string; readonly prompt: string; readonly heardMs: number; readonly durationMs: number }
  /** Something about how the call ran that a reviewer must see (e.g. no speech recognition for the locale). */
  | { readonly type: 'call.note'; readonly atMs: number; readonly code: string; readonly message: string }
  /**
   * The answer to debtor turn number `turn` (its `debtor.turn` entry, counted from 1) reached the
   * caller: `atMs` is when its first line's first frame left (text calls: when it was said), and
   * `stages` how long each stage took, adding up to `totalMs`, from the caller's last input.
   */
  | {
      readonly type: 'turn.timing';
      readonly atMs: number;
      readonly turn: number;
      readonly state: string;
      readonly input: DebtorInput;
      readonly prompt: string;
      readonly stages: TurnStageTimes;
      readonly totalMs: number;
    }
  /** The call's summary of itself (see CallMetrics): recorded once, right before `call.ended`, when anything was measured. */
  | ({ readonly type: 'call.metrics'; readonly atMs: number } & CallMetrics)
  | { readonly type: 'call.ended'; readonly atMs: number; readonly disposition: Disposition; readonly state: string };

/** The kind of a record entry. */
export type CallRecordEventType = CallRecordEvent['type'];

/** What is known about a call when it starts. */
export interface CallStart {
  readonly callId: string;
  readonly debtorId: string;
  readonly flow: string;
  readonly locale: Locale;
  readonly channel: 'text' | 'voice';
  readonly startedAtMs: number;
  /** The telephony provider that carried the call (`twilio`, `telnyx`, `plivo`, `vonage`, `jambonz`); absent for text calls. */
  readonly provider?: string;
  /** The provider's own id of the call (Twilio CallSid, Telnyx call_control_id, Plivo callId, jambonz callSid); absent when the provider sends none (Vonage). */
  readonly providerCallId?: string;
  /** The id of the call's media stream (Twilio StreamSid, Telnyx stream_id, Plivo streamId); Vonage and jambonz send none, so dunbot names their streams itself. */
  readonly providerStreamId?: string;
}

/** The outcome of a finished call. */
export interface CallOutcome {
  readonly disposition: Disposition;
  readonly endedAtMs: number;
  readonly promise?: { readonly amount: number; readonly date: string; readonly kind: PromiseKind; readonly installments?: number };
  /** Why the call went to a person and, when a live hand-off was tried, how it ended (`handoff`). */
  readonly escalation?: { readonly reason: EscalationReason; readonly handoff?: { readonly state: HandoffOutcomeState; readonly reason?: string } };
  /** Account flags the call raised, for later calls to obey (attorney, cease, callback, restrictions…). */
  readonly flags?: readonly AccountFlag[];
}

/** One call in a listing. */
export interface CallSummary extends CallStart {
  readonly endedAtMs?: number;
  readonly disposition?: Disposition;
  readonly eventCount: number;
}

/** A call's whole record: summary, outcome and every entry in order. */
export interface CallRecord extends CallSummary {
  readonly outcome?: CallOutcome;
  readonly events: readonly CallRecordEvent[];
}
