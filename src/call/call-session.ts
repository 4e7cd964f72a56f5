import { randomUUID } from 'node:crypto';
import { createActor, type Actor } from 'xstate';
import type { Debtor } from '../domain/debtor.js';
import type { Locale } from '../domain/locale.js';
import { DunbotError } from '../errors.js';
import { isLiveHandoff } from '../escalation/handoff-adapters.js';
import { buildHandoffPacket } from '../escalation/handoff-packet.js';
import { runHandoff, type HandoffRun, type HandoffStep } from '../escalation/handoff-runner.js';
import type { HandoffEvidence, HandoffOutcomeState, HandoffState, HandoffTurn } from '../escalation/handoff.js';
import type { Scheduler, TimerHandle } from '../time/scheduler.js';
import { debtorNameForms } from '../domain/debtor.js';
import { isFlowEffect, type EscalationReason, type FlowEffect, type TurnEvent } from '../flow/events.js';
import type { FlowContext, FlowInput, FlowOutput } from '../flow/flow-context.js';
import type { Disposition } from '../domain/dispositions.js';
import type { FlowMachine } from '../flow/flow-machine.js';
import { expectationsAt, type QuestionExpectations } from '../flow/question-expectations.js';
import { keypadQuestionAt, readKeyedEntry, type KeypadQuestion } from '../flow/keypad-question.js';
import { todayInZone } from '../domain/calendar.js';
import { silentLogger, type Logger } from '../log/logger.js';
import type { NluResult } from '../nlu/intents.js';
import type { PromptVariables, RenderedPrompt, ScriptsLibrary } from '../scripts/scripts-library.js';
import type { GuardRule } from '../compliance/utterance-guard.js';
import { guardedLine } from './guarded-line.js';
import type { CallRecordEvent } from '../store/call-record.js';
import type { CallStore } from '../store/call-store.js';
import type { Clock } from '../time/clock.js';
import type { TurnContext } from '../understanding/turn-context.js';
import { CallRecorder } from './call-recorder.js';
import { AnswerTimer, type TimedTurn, type TurnTimingEntry } from './answer-timer.js';
import { CallMeasures } from './call-measures.js';
import type { TalkMeasure } from './talk-timeline.js';
import type { InputInstants } from './turn-timing.js';
import { telephonyFields, type CallEffects, type CallHandoff, type TelephonyIds, type TurnAnswering, type TurnUnderstanding } from './session-ports.js';
import { groundingFacts } from '../answering/grounding-facts.js';
import { DTMF_DIGIT, MAX_KEYED_DIGITS, type DebtorTurn } from './debtor-turn.js';
import type { TranscriptEntry } from './transcript.js';
import { CallerEmotion } from '../escalation/emotion.js';

/** Everything a call needs; every part is passed in so any of them can be replaced. */
export interface CallSessionOptions {
  readonly flowName: string;
  readonly machine: FlowMachine;
  readonly input: FlowInput;
  readonly understanding: TurnUnderstanding;
  /** Answers to open questions; without it, they hear the scripted line. */
  readonly answering?: TurnAnswering;
  readonly scripts: ScriptsLibrary;
  readonly store: CallStore;
  readonly clock: Clock;
  readonly effects: CallEffects;
  readonly channel?: 'text' | 'voice';
  readonly telephony?: TelephonyIds;
  readonly callId?: string;
  readonly logger?: Logger;
  /** Called when a record write fails (it is logged and counted; the call goes on). */
  readonly onWriteError?: () => void;
  /** Called when the compliance guard withholds a line, with the rule it broke. */
  readonly onLineWithheld?: (rule: GuardRule) => void;
  /**
   * How a caller is put through to a person. With an adapter other than `none` an escalation is a
   * live hand-off: the flow waits on hold (its input says so) until the adapter's outcome. Without
   * one, or with `none`, the request is recorded and the flow ends the call ESCALATED.
   */
  readonly handoff?: CallHandoff;
  /** The call's timers (a live hand-off's ring timeout, the wait for the last answer's first frame); required with a live hand-off. */
  readonly scheduler?: Scheduler;
  /** Who talked when, as the voice path measured it (voice calls): the talk time of the call's summary. */
  readonly talk?: TalkMeasure;
  /** Called with each turn's timing as it is recorded (the server's turn-latency histogram). */
  readonly onTurnTimed?: (timing: TurnTimingEntry) => void;
}

/**
 * How long the call's record waits, once the flow has ended the call, for the first frame of the
 * answer that ended it (its synthesis, and any audio queued before it): that answer's timing is
 * part of the record, which closes with `call.ended`. A voice that takes longer costs that turn's
 * timing, never the end of the call.
 */
export const LAST_ANSWER_WAIT_MS = 5000;

/** A call's hand-off as `dunbot chat --json` reports it: its latest state (the outcome, once it has one) and every state so far. */
export interface HandoffReport {
  readonly state: HandoffState;
  readonly reason?: string;
  readonly target?: string;
  readonly history: readonly HandoffStep[];
}

/** A hand-off this call has begun. */
interface ActiveHandoff {
  readonly id: string;
  readonly run: HandoffRun;
  /** Call-clock time the debtor's turn that set it off was taken. */
  readonly triggerAtMs: number;
  /** The prompts said with the escalation: the caller's first audio of them is the hold line's. */
  readonly holdLine: readonly string[];
  readonly history: HandoffStep[];
  holdHeard: boolean;
  /** A person took the call: the provider carries it on, dunbot only closes the record. */
  bridged: boolean;
  /** Where the caller's leg is, as far as the media stream tells (see CallerLeg). */
  readonly leg: CallerLeg;
  /** Settles once the outcome has been taken into the flow (or the call ended first). */
  done: Promise<void>;
}

/**
 * The caller's leg during a hand-off: `moving` once the adapter asks the provider to move it off
 * the media stream (Handoff.movingCaller), `streamGone` once the stream has ended after that — the
 * caller is with the provider now, and only the hand-off's outcome says how the call ends.
 */
interface CallerLeg {
  moving: boolean;
  streamGone: boolean;
}

type FlowActor = Actor<FlowMachine>;

/**
 * The runtime of one call, whatever carries it: each debtor turn is understood (asynchronously,
 * within its budget), fed to the flow actor, the effects the flow emits are carried out by the
 * handlers given, and every step is appended to the call's record as it happens. Time comes only
 * from the call's Clock.
 */
export class CallSession {
  readonly callId: string;
  private readonly options: CallSessionOptions;
  private readonly actor: FlowActor;
  private readonly logger: Logger;
  private readonly recorder: CallRecorder;
  private readonly pending: FlowEffect[] = [];
  private readonly transcriptEntries: TranscriptEntry[] = [];
  private lastPrompt: { readonly id: string; readonly text: string } | undefined;
  private notedResting = false;
  private currentState = '';
  private finished = false;
  /** The flow asked for the call to be ended with the provider. */
  private hungUp = false;
  /** The outcome when the runtime, not the flow, ended the call. */
  private runtimeOutcome: FlowOutput | undefined;
  /** Scores each spoken turn's emotion (words, and the voice on a voice call) for the flow's escalation policy. */
  private readonly emotion: CallerEmotion;
  /** A person can be reached during this call (an adapter other than `none`). */
  private readonly liveHandoff: boolean;
  /** Every debtor turn with words, with its reading, for the hand-off packet. */
  private readonly debtorTurns: HandoffTurn[] = [];
  /** The emotion score of every debtor turn that has one, for the hand-off packet. */
  private readonly emotionScores: { readonly atMs: number; readonly score: number }[] = [];
  /** The debtor's latest turn: what set off an escalation, when one follows it. */
  private lastTurn: HandoffEvidence | undefined;
  /** The state the step being taken began in, and the prompts it has said so far. */
  private stepFrom = '';
  private stepPrompts: string[] = [];
  /** An escalation the flow asked for in this step: put through once the step is done, if the flow waits for it. */
  private requested: { readonly reason: EscalationReason; readonly atMs: number; readonly holdLine: readonly string[] } | undefined;
  private handoff: ActiveHandoff | undefined;
  /** Steps are taken one at a time: a turn, or the hand-off's outcome, never both at once. */
  private steps: Promise<void> = Promise.resolve();
  /** What the call measured of itself, for the summary it records as it ends. */
  private readonly measures = new CallMeasures();
  /** When the record was opened: the call's talk time is counted from here. */
  private startedAtMs = 0;
  /** `debtor.turn` entries recorded so far, and the latest: the turn an answer is timed for. */
  private turnsRecorded = 0;
  private lastRecordedTurn: TimedTurn | undefined;
  /** The answer of the turn being taken, while the step that says it runs. */
  private armedAnswer: AnswerTimer | undefined;
  /** Answers said whose first frame has not left yet. */
  private readonly unheardAnswers = new Set<AnswerTimer>();
  /** `call.ended` is in the record: nothing may follow it. */
  private closed = false;

  private constructor(options: CallSessionOptions) {
    this.options = options;
    this.callId = options.callId ?? randomUUID();
    this.logger = (options.logger ?? silentLogger).child({ callId: this.callId, flow: options.flowName });
    this.recorder = new CallRecorder(this.callId, options.store, this.logger, options.onWriteError);
    this.emotion = new CallerEmotion(options.input.locale);
    this.liveHandoff = options.handoff !== undefined && isLiveHandoff(options.handoff.adapter);
    if (this.liveHandoff && options.scheduler === undefined) throw new DunbotError('DUN_ERR_CONFIG_INVALID', 'a call with a live hand-off needs a scheduler for its ring timeout');
    // The flow learns from its input whether an escalation waits on hold: the runtime decides, not the caller of this.
    this.actor = createActor(options.machine, { input: { ...options.input, handoff: this.liveHandoff } });
    this.actor.on('*', (emitted) => {
      if (isFlowEffect(emitted)) this.pending.push(emitted);
    });
  }

  /** Opens the record and starts the flow; the bot's opening prompts are said before this resolves. */
  static async start(options: CallSessionOptions): Promise<CallSession> {
    const session = new CallSession(options);
    await session.begin();
    return session;
  }

  /** The locale the call is held in. */
  get locale(): Locale {
    return this.options.input.locale;
  }

  private get debtor(): Debtor {
    return this.options.input.debtor;
  }

  /** The flow state the call is in. */
  get state(): string {
    return this.currentState;
  }

  /** True once the call has reached a disposition. */
  get ended(): boolean {
    return this.finished;
  }

  /** The outcome, once the call has ended. */
  get outcome(): FlowOutput | undefined {
    if (!this.finished) return undefined;
    return this.runtimeOutcome ?? this.actor.getSnapshot().output;
  }

  /** Everything said so far, in order. */
  get transcript(): readonly TranscriptEntry[] {
    return this.transcriptEntries;
  }

  /** How many record writes failed (each is logged); the call goes on regardless. */
  get failedWrites(): number {
    return this.recorder.failedWrites;
  }

  /** What the question being asked expects, read through the flow kit. */
  expectations(): QuestionExpectations {
    return expectationsAt(this.options.machine, this.currentState);
  }

  /** What a keypad caller can do at the question being asked (keys, and what keyed digits fill); undefined when none is. */
  keypadQuestion(): KeypadQuestion | undefined {
    if (this.finished) return undefined;
    return keypadQuestionAt(this.options.machine, this.currentState, this.actor.getSnapshot().context.slots);
  }

  /** The call's hand-off, once one has begun. */
  get handoffReport(): HandoffReport | undefined {
    const active = this.handoff;
    const last = active?.history.at(-1);
    if (active === undefined || last === undefined) return undefined;
    return { state: last.state, ...(last.reason !== undefined ? { reason: last.reason } : {}), ...(last.target !== undefined ? { target: last.target } : {}), history: [...active.history] };
  }

  /** True while a hand-off runs and the caller waits on hold. */
  get onHold(): boolean {
    return this.handoff !== undefined && !this.handoff.run.settled && !this.finished;
  }

  /** Resolves once no hand-off is in progress: its outcome has been taken into the flow, or the call has ended. */
  async handoffSettled(): Promise<void> {
    await this.handoff?.done;
  }

  /**
   * The first audio of a prompt has left for the caller. The first of the hold line's is recorded
   * (`handoff.hold`) with the time since the debtor's turn that set the hand-off off.
   */
  audioStarted(promptId: string): void {
    const active = this.handoff;
    if (active === undefined || active.holdHeard || this.finished || !active.holdLine.includes(promptId)) return;
    active.holdHeard = true;
    const atMs = this.options.clock.nowMs();
    this.record({ type: 'handoff.hold', atMs, handoffId: active.id, prompt: promptId, sinceTriggerMs: Math.max(0, atMs - active.triggerAtMs) });
  }

  private async begin(): Promise<void> {
    const { store, clock, input, flowName, telephony } = this.options;
    this.startedAtMs = clock.nowMs();
    await store.startCall({
      callId: this.callId,
      debtorId: this.debtor.id,
      flow: flowName,
      locale: input.locale,
      channel: this.options.channel ?? 'text',
      startedAtMs: this.startedAtMs,
      ...telephonyFields(telephony),
    });
    try {
      this.startFlow();
    } catch (error) {
      // The record is open: it must not stay open because the flow could not start.
      await this.endByRuntime('DUN_NOTE_START_FAILED', `the flow could not start: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
    await this.afterStep();
  }

  private startFlow(): void {
    const { clock, input, flowName, telephony } = this.options;
    this.actor.start();
    this.currentState = this.stateOf();
    this.record({ type: 'call.started', atMs: clock.nowMs(), flow: flowName, locale: input.locale, debtorId: this.debtor.id, state: this.currentState, ...telephonyFields(telephony) });
    this.logger.info('call started', { state: this.currentState });
    this.carryOutEffects();
  }

  /**
   * Takes one debtor turn. Turns after the call has ended, and malformed turns, are rejected with
   * DUN_ERR_CALL_EVENT_REJECTED; nothing already recorded is affected.
   */
  async take(turn: DebtorTurn): Promise<void> {
    return this.exclusive(() => this.takeTurn(turn));
  }

  private async takeTurn(turn: DebtorTurn): Promise<void> {
    this.rejectIfEnded(turn);
    const atMs = this.options.clock.nowMs();
    const heard = heardOf(turn, atMs);
    const words = turn.kind === 'text' ? turn.text.trim() : '';
    const nlu = words !== '' ? await this.understand(words, atMs) : undefined;
    // A turn without words had nothing to understand: whatever it waited for counts as the flow's.
    const understoodAtMs = nlu !== undefined ? this.options.clock.nowMs() : heard.transcriptAtMs;
    // The runtime may have ended the call while the turn was being understood.
    if (this.finished) return;
    const answer = nlu !== undefined ? await this.answerQuestion(words, nlu) : undefined;
    if (this.finished) return;
    // From here the step runs without a pause, so everything it records is written together.
    const recordedBefore = this.turnsRecorded;
    const event = this.toTurnEvent(turn, atMs, nlu, answer);
    // A turn the record keeps as a debtor.turn gets its answer timed; a barge-in or a hang-up is no such turn.
    const taken = this.turnsRecorded > recordedBefore ? this.lastRecordedTurn : undefined;
    const timer = taken === undefined ? undefined : new AnswerTimer(taken, { ...heard, understoodAtMs }, (entry) => this.turnTimed(entry));
    const notUnderstoodBefore = this.notUnderstoodInARow();
    this.armedAnswer = timer;
    try {
      this.step(event, atMs, event.type === 'user.said' ? `user.said:${event.nlu.intent}` : event.type);
    } finally {
      this.armedAnswer = undefined;
    }
    if (this.notUnderstoodInARow() > notUnderstoodBefore) this.measures.notUnderstood();
    if (timer !== undefined) this.answerSaid(timer);
    await this.afterStep(timer);
  }

  /** The step of a timed turn is done: its answer reached a terminal as it was said, or waits for its first frame; a step that said nothing answered nothing. */
  private answerSaid(timer: AnswerTimer): void {
    if (!timer.answered) timer.dropped();
    else if (this.options.effects.reportsAudio !== true) timer.delivered();
    else if (!timer.done) {
      this.unheardAnswers.add(timer);
      void timer.settled.then(() => this.unheardAnswers.delete(timer));
    }
  }

  /** A turn's answer reached the caller: its timing goes in the record (unless the record has closed) and the call's summary. */
  private turnTimed(entry: TurnTimingEntry): void {
    if (this.closed) return;
    this.record(entry);
    this.measures.turnTimed(entry, this.options.effects.reportsAudio === true);
    this.options.onTurnTimed?.(entry);
  }

  /** The flow kit's count of answers not understood in a row: a rise means the question could not use the turn. */
  private notUnderstoodInARow(): number {
    const context = this.actor.getSnapshot().context as FlowContext | undefined;
    return context?.notUnderstoodInARow ?? 0;
  }

  /** Sends one event to the flow, records the state it moves to, and carries out what the flow emitted. */
  private step(event: TurnEvent, atMs: number, cause: string): void {
    const from = this.currentState;
    this.stepFrom = from;
    this.stepPrompts = [];
    this.actor.send(event);
    const to = this.stateOf();
    if (to !== from) {
      this.currentState = to;
      this.record({ type: 'state.changed', atMs, from, to, cause });
    }
    this.carryOutEffects();
  }

  /** Runs `work` once every step before it is done, so that steps never interleave. */
  private exclusive(work: () => Promise<void>): Promise<void> {
    const run = this.steps.then(work);
    this.steps = run.catch(() => undefined);
    return run;
  }

  /** Records that a barge-in cut the prompt being played, with how much of it was heard. */
  recordInterruption(prompt: string, heardMs: number, durationMs: number): void {
    this.measures.callerBargedIn();
    this.record({ type: 'bot.interrupted', atMs: this.options.clock.nowMs(), state: this.currentState, prompt, heardMs, durationMs });
  }

  /** Records a note about how the call ran (shown by `dunbot calls show`); none once the call has ended, whose record is closed. */
  recordNote(code: string, message: string): void {
    if (this.finished) return;
    this.record({ type: 'call.note', atMs: this.options.clock.nowMs(), code, message });
  }

  /**
   * Says a prompt of the runtime's own, outside the flow (a notice that the call now runs on keys,
   * say, or how to answer it by keys), recorded like any other. `vars` are rendered in the debtor's
   * currency; a prompt without them never depends on fresh synthesis.
   */
  sayAside(promptId: string, vars: PromptVariables = {}): void {
    if (this.finished) return;
    this.say(this.options.scripts.render(this.locale, promptId, vars, { currency: this.debtor.currency }), this.options.clock.nowMs());
  }

  /**
   * Ends the call from outside the flow, because the call itself can no longer go on (a broken
   * stream, a failed synthesizer, a fault, the server stopping): a note says why, then the call ends
   * `SYSTEM_FAILURE` — the caller did not choose it. Everything already recorded stays. Does nothing
   * once the call has ended.
   */
  async endByRuntime(code: string, message: string): Promise<void> {
    if (this.finished) return this.flush();
    this.cancelHandoff(`the call could not go on (${code})`);
    this.logger.warn('call ended by the runtime', { code });
    await this.endOutsideFlow({ disposition: 'SYSTEM_FAILURE' }, { code, message });
  }

  /**
   * True while a hand-off is moving the caller's leg off the media stream and has no outcome yet:
   * the stream's end is then the move, not the caller hanging up (see `streamEnded`).
   */
  get movingCaller(): boolean {
    const active = this.handoff;
    return !this.finished && active !== undefined && active.leg.moving && !active.run.settled;
  }

  /**
   * The media stream ended. While a hand-off is moving the caller (`movingCaller`), that is the
   * move: the call waits for the hand-off's outcome and ends on it — `bridged` ends it ESCALATED
   * through the flow; anything else ends it here, since the caller can no longer hear the bot
   * (see `endWithoutStream`). Otherwise the caller hung up, and the flow hears so. Resolves once
   * the call has ended.
   */
  async streamEnded(): Promise<void> {
    const active = this.handoff;
    if (active !== undefined && this.movingCaller) {
      active.leg.streamGone = true;
      this.logger.info('media stream ended as the caller was moved; waiting for the hand-off\'s outcome', { handoffId: active.id });
      this.recordNote('DUN_NOTE_CALLER_MOVED', 'the media stream ended as the provider moved the caller for the hand-off; the call ends on the hand-off\'s outcome');
      await active.done;
      return;
    }
    await this.exclusive(async () => {
      if (!this.finished) await this.takeTurn({ kind: 'hang_up' });
    });
  }

  /**
   * The hand-off ended without a bridge after the stream had gone with the caller: the call ends
   * here, its outcome in the record. `cancelled` is the provider reporting that the caller hung up
   * (HUNG_UP, or the lawful stop they invoked, as the flow ends a hang-up); any other outcome left
   * the caller with nobody (ESCALATION_FAILED).
   */
  private async endWithoutStream(outcome: { readonly state: HandoffOutcomeState; readonly reason?: string }): Promise<void> {
    const context = this.actor.getSnapshot().context;
    const disposition: Disposition = outcome.state === 'cancelled' ? (context.legalStop ?? 'HUNG_UP') : 'ESCALATION_FAILED';
    const handoff = { state: outcome.state, ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}) };
    this.logger.info('call ended after the caller was moved', { disposition, handoff: outcome.state });
    await this.endOutsideFlow({ disposition, ...(context.escalation !== undefined ? { escalation: { ...context.escalation, handoff } } : {}) });
  }

  /**
   * Ends the call from outside the flow with `ending`, keeping what the call learned (its flags,
   * a promise already confirmed), after a note saying why when there is one.
   */
  private async endOutsideFlow(ending: Pick<FlowOutput, 'disposition' | 'escalation'>, note?: { readonly code: string; readonly message: string }): Promise<void> {
    this.finished = true;
    const atMs = this.options.clock.nowMs();
    // What the call learned stays, however it ended: the flags, and a promise already confirmed.
    // (A flow that never started has no context.)
    const context = this.actor.getSnapshot().context as FlowContext | undefined;
    const flags = context?.flags ?? [];
    const confirmedPromise = context?.confirmedPromise;
    const kept = { ...(confirmedPromise !== undefined ? { promise: confirmedPromise } : {}), ...(flags.length > 0 ? { flags } : {}) };
    const escalation = ending.escalation !== undefined ? { escalation: ending.escalation } : {};
    this.runtimeOutcome = { disposition: ending.disposition, ...kept, ...escalation };
    this.actor.stop();
    if (note !== undefined) this.record({ type: 'call.note', atMs, code: note.code, message: note.message });
    this.closeRecord(atMs);
    this.record({ type: 'call.ended', atMs, disposition: ending.disposition, state: this.currentState });
    this.recorder.finish({ disposition: ending.disposition, endedAtMs: atMs, ...kept, ...escalation });
    await this.flush();
  }

  /** Waits until every record entry so far has been written. */
  async flush(): Promise<void> {
    await this.recorder.flush();
  }

  private rejectIfEnded(turn: DebtorTurn): void {
    if (this.finished) throw new DunbotError('DUN_ERR_CALL_EVENT_REJECTED', `call ${this.callId} has ended; "${turn.kind}" was not taken`);
    if (turn.kind === 'dtmf' && !DTMF_DIGIT.test(turn.digit)) throw new DunbotError('DUN_ERR_CALL_EVENT_REJECTED', `"${turn.digit}" is not a DTMF digit (0-9, *, #, A-D)`);
    if (turn.kind === 'keyed' && !new RegExp(`^[0-9]{1,${MAX_KEYED_DIGITS}}$`).test(turn.digits)) throw new DunbotError('DUN_ERR_CALL_EVENT_REJECTED', `a keyed entry is 1 to ${MAX_KEYED_DIGITS} digits`);
  }

  /** The flow event for a turn, recorded; `nlu` is what was understood of its words, if it had any. */
  private toTurnEvent(turn: DebtorTurn, atMs: number, nlu: NluResult | undefined, answer?: string): TurnEvent {
    const state = this.currentState;
    switch (turn.kind) {
      case 'text': {
        const text = turn.text.trim();
        const input = turn.input ?? 'text';
        if (text === '' && input === 'text') return this.toTurnEvent({ kind: 'silence' }, atMs, undefined);
        // Speech was heard but nothing recognized: the caller said something, just not understood.
        const understood: NluResult = nlu ?? { intent: 'unknown', confidence: 0, entities: {} };
        const emotion = this.emotion.score(text, turn.voice);
        this.noteTurn({ atMs, text, nlu: understood }, emotion);
        this.transcriptEntries.push({ speaker: 'debtor', text, state, intent: understood.intent });
        this.record({ type: 'debtor.turn', atMs, state, input, text, nlu: understood, emotion });
        return { type: 'user.said', text, nlu: understood, atMs, emotion, ...(answer !== undefined ? { answer } : {}) };
      }
      case 'dtmf':
        this.lastTurn = { atMs };
        this.record({ type: 'debtor.turn', atMs, state, input: 'dtmf', text: '', digit: turn.digit });
        return { type: 'user.dtmf', digit: turn.digit, atMs };
      case 'keyed': {
        // Keyed digits are read here, not by the NLU: an amount or a day is what the question's keypad entry takes.
        const keyed = readKeyedEntry(this.keypadQuestion(), turn.digits, todayInZone(new Date(atMs), this.debtor.timezone));
        this.noteTurn({ atMs, text: turn.digits, nlu: keyed });
        this.transcriptEntries.push({ speaker: 'debtor', text: turn.digits, state, intent: keyed.intent });
        this.record({ type: 'debtor.turn', atMs, state, input: 'dtmf', text: turn.digits, nlu: keyed });
        return { type: 'user.said', text: turn.digits, nlu: keyed, atMs };
      }
      case 'silence':
        this.measures.noInput();
        this.lastTurn = { atMs };
        this.record({ type: 'debtor.turn', atMs, state, input: 'silence', text: '' });
        return { type: 'user.silent', atMs };
      case 'barge_in':
        return turn.heardMs !== undefined ? { type: 'user.barged_in', atMs, heardMs: turn.heardMs } : { type: 'user.barged_in', atMs };
      case 'hang_up':
        return { type: 'call.hung_up', atMs };
      case 'voicemail':
        return { type: 'call.voicemail', atMs };
    }
  }

  private async understand(text: string, atMs: number): Promise<NluResult> {
    const { locale, debtor, lastPrompt } = this;
    const context: TurnContext = { locale, nowMs: atMs, timeZone: debtor.timezone, expected: this.expectations(), debtorNames: debtorNameForms(debtor), ...(lastPrompt !== undefined ? { lastPrompt } : {}) };
    // The record keeps what was understood; which understander said so is in the log.
    const { source, unavailable, ...nlu } = await this.options.understanding.understand(text, context);
    // Once per call, the record says the call went on without an understander that was resting.
    if (unavailable !== undefined && !this.notedResting) this.recordNote('DUN_NOTE_UNDERSTANDER_UNAVAILABLE', `understanding went on without ${unavailable.join(', ')} (resting after repeated failures)`);
    this.notedResting ||= unavailable !== undefined;
    this.logger.debug('understood', { source, intent: nlu.intent });
    return nlu;
  }

  /**
   * A short answer to an open question, from what the listener may hear now (see `groundingFacts`):
   * asked only when the turn is nothing but a question (`other_question`, no intent) and answering
   * is configured, and never once a lawful stop has been heard — a represented or bankrupt debtor is
   * not drawn into talk about the debt. The flow decides whether the answer is said.
   */
  private async answerQuestion(question: string, nlu: NluResult): Promise<string | undefined> {
    const answering = this.options.answering;
    if (answering === undefined || nlu.intent !== 'unknown' || !(nlu.signals ?? []).includes('other_question')) return undefined;
    const context = this.actor.getSnapshot().context;
    if (context.legalStop !== undefined) return undefined;
    // The port never rejects; one that does (an application's own) costs the answer, not the call.
    return answering.answer(question, groundingFacts(context), this.locale).catch(() => undefined);
  }

  /** Every effect the flow emitted in this step, in order, each to its handler. */
  private carryOutEffects(): void {
    const atMs = this.options.clock.nowMs();
    for (const effect of this.pending.splice(0)) this.carryOut(effect, atMs);
  }

  private carryOut(effect: FlowEffect, atMs: number): void {
    switch (effect.type) {
      case 'say': {
        const { line, generated } = this.guarded(effect.prompt, effect.vars, atMs);
        this.say(line, atMs, generated);
        return;
      }
      case 'promise':
        this.record({ type: 'promise.captured', atMs, amount: effect.amount, date: effect.date, kind: effect.kind, ...(effect.installments !== undefined ? { installments: effect.installments } : {}) });
        this.logger.info('promise captured', { pii: { amount: effect.amount, date: effect.date } });
        return;
      case 'escalate':
        this.record({ type: 'escalation.requested', atMs, reason: effect.reason, state: this.currentState, ...(effect.evidence !== undefined ? { evidence: effect.evidence } : {}) });
        this.logger.info('escalation requested', { reason: effect.reason, trigger: effect.evidence?.trigger, intent: effect.evidence?.intent, confidence: effect.evidence?.confidence, signals: effect.evidence?.signals, emotion: effect.evidence?.emotion, pii: { utterance: effect.evidence?.utterance } });
        this.requestPerson(effect.reason, atMs);
        return;
      case 'hang_up':
        this.hungUp = true;
        // Bridged, the call is the provider's now: ending it here would cut the caller off from the person.
        if (this.handoff?.bridged !== true) this.options.effects.hangUp(effect.disposition);
        return;
      default:
        return unhandledEffect(effect);
    }
  }

  /**
   * The line as rendered, or — when the compliance guard withholds it (a prohibited phrase, a debt
   * detail to someone not verified, terms outside the policy) — the safe line said instead; the
   * withheld line is noted in the record with the rule it broke, and counted. `generated` when the
   * line said carries generated text (a safe line never does).
   */
  private guarded(promptId: string, vars: PromptVariables, atMs: number): { readonly line: RenderedPrompt; readonly generated: boolean } {
    const { line, withheld, generated } = guardedLine(this.options.scripts, this.locale, this.debtor, this.actor.getSnapshot().context, promptId, vars);
    if (withheld === undefined) return { line, generated: generated === true };
    this.logger.warn('line withheld by the compliance guard', { code: 'DUN_NOTE_LINE_WITHHELD', rule: withheld.rule, prompt: promptId, detail: withheld.detail });
    this.record({ type: 'call.note', atMs, code: 'DUN_NOTE_LINE_WITHHELD', message: `${promptId} was not said (${withheld.rule}: ${withheld.detail})` });
    this.options.onLineWithheld?.(withheld.rule);
    return { line, generated: false };
  }

  /** Says a line and records it; a line that carries generated text (an answer) is marked so, in the record and the transcript. */
  private say(rendered: RenderedPrompt, atMs: number, generated = false): void {
    const marked = generated ? { generated: true as const } : {};
    this.transcriptEntries.push({ speaker: 'bot', text: rendered.text, state: this.currentState, prompt: rendered.promptId, ...marked });
    this.record({ type: 'bot.said', atMs, state: this.currentState, prompt: rendered.promptId, text: rendered.text, ...marked });
    this.lastPrompt = { id: rendered.promptId, text: rendered.text };
    this.stepPrompts.push(rendered.promptId);
    // The first line a turn's step says is its answer: the voice reports how it gets to the caller.
    const timer = this.armedAnswer;
    if (timer !== undefined && !timer.answered) {
      timer.chosen(rendered.promptId, atMs);
      this.options.effects.say(rendered, timer);
    } else {
      this.options.effects.say(rendered);
    }
  }

  /** A debtor turn with words: kept for the hand-off packet, and as what may set off an escalation. */
  private noteTurn(turn: HandoffTurn, emotion?: number): void {
    this.debtorTurns.push(turn);
    if (emotion !== undefined) this.emotionScores.push({ atMs: turn.atMs, score: emotion });
    this.lastTurn = { utterance: turn.text, nlu: turn.nlu, atMs: turn.atMs, ...(emotion !== undefined ? { emotion } : {}) };
  }

  /**
   * The flow asked for a person (`escalation.requested` is in the record). With a live hand-off it
   * is put through once the step is done, provided the flow waits on hold for it; otherwise the
   * record is the hand-off, for a person to call back with it in hand.
   */
  private requestPerson(reason: EscalationReason, atMs: number): void {
    if (this.liveHandoff) this.requested = { reason, atMs, holdLine: [...this.stepPrompts] };
    else this.logger.info('escalation recorded for a person to follow up', { reason, state: this.currentState });
  }

  /** Puts the caller through: the packet of what the call knows, the adapter run under the ring timeout, and the caller on hold meanwhile. */
  private startHandoff(requested: { readonly reason: EscalationReason; readonly atMs: number; readonly holdLine: readonly string[] }): void {
    const { handoff, scheduler, scripts, flowName, telephony } = this.options;
    if (handoff === undefined || scheduler === undefined) return;
    const context = this.actor.getSnapshot().context;
    const evidence: HandoffEvidence = this.lastTurn ?? { atMs: requested.atMs };
    const packet = buildHandoffPacket(
      {
        callId: this.callId,
        flow: flowName,
        state: this.stepFrom,
        reason: requested.reason,
        evidence,
        debtor: this.debtor,
        locale: this.locale,
        verified: context.verified,
        transcript: this.transcriptEntries,
        turns: this.debtorTurns,
        emotion: this.emotionScores,
        ...(context.confirmedPromise !== undefined ? { promise: context.confirmedPromise } : {}),
        flags: context.flags,
        ...(telephony !== undefined ? { telephony } : {}),
        requestedAtMs: requested.atMs,
      },
      { scripts, ...(handoff.agentLocale !== undefined ? { agentLocale: handoff.agentLocale } : {}) },
    );
    const history: HandoffStep[] = [];
    // Made before the run: an adapter may say it moves the caller before runHandoff returns.
    const leg: CallerLeg = { moving: false, streamGone: false };
    const run = runHandoff({
      adapter: handoff.adapter,
      packet,
      ...(handoff.target !== undefined ? { target: handoff.target } : {}),
      ringTimeoutMs: handoff.ringTimeoutMs,
      scheduler,
      onStep: (step) => {
        history.push(step);
        this.recordHandoffStep(packet.handoffId, handoff.adapter.name, evidence.atMs, step);
      },
      onCallerMoving: () => {
        leg.moving = true;
        this.logger.info('hand-off: the provider is moving the caller', { handoffId: packet.handoffId });
      },
    });
    const active: ActiveHandoff = { id: packet.handoffId, run, triggerAtMs: evidence.atMs, holdLine: requested.holdLine, history, holdHeard: false, bridged: false, leg, done: Promise.resolve() };
    this.handoff = active;
    this.options.effects.hold?.();
    active.done = run.result.then((result) => this.exclusive(() => this.handoffEnded(active, result.outcome))).catch((error: unknown) => this.handoffStepFailed(error));
  }

  /** One state of the hand-off, in the record; nothing once the call has ended, whose record is closed. */
  private recordHandoffStep(handoffId: string, adapter: string, triggerAtMs: number, step: HandoffStep): void {
    this.logger.info('hand-off', { handoffId, state: step.state, ...(step.reason !== undefined ? { reason: step.reason } : {}) });
    if (this.finished) return;
    this.record({
      type: 'handoff.state',
      atMs: step.atMs,
      handoffId,
      state: step.state,
      ...(step.state === 'requested' ? { adapter, sinceTriggerMs: Math.max(0, step.atMs - triggerAtMs) } : {}),
      ...(step.target !== undefined ? { target: step.target } : {}),
      ...(step.reason !== undefined ? { reason: step.reason } : {}),
      ...(step.detail !== undefined ? { detail: step.detail } : {}),
    });
  }

  /** The hand-off has its outcome: the hold ends and the flow, waiting on hold, moves on it. */
  private async handoffEnded(active: ActiveHandoff, outcome: { readonly state: HandoffOutcomeState; readonly reason?: string }): Promise<void> {
    // The call ended first (the caller hung up): the hand-off was called off then, and recorded so.
    if (this.finished || this.handoff !== active) return;
    // The caller was moved off the stream and not put through: the bot cannot speak to them any more.
    if (active.leg.streamGone && outcome.state !== 'bridged') {
      await this.endWithoutStream(outcome);
      return;
    }
    active.bridged = outcome.state === 'bridged';
    this.options.effects.endHold?.(outcome.state);
    const atMs = this.options.clock.nowMs();
    this.step({ type: 'handoff.ended', state: outcome.state, ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}), atMs }, atMs, `handoff.ended:${outcome.state}`);
    await this.afterStep();
  }

  /** The outcome could not be taken into the flow (a fault): the call ends, recorded, as any fault ends it. */
  private async handoffStepFailed(error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    this.logger.error('the hand-off outcome could not be taken', { error: message });
    if (this.finished) return;
    await this.endByRuntime('DUN_NOTE_INTERNAL_ERROR', `the hand-off's outcome could not be taken into the call: ${message}`);
    this.options.effects.hangUp('SYSTEM_FAILURE');
  }

  /** Calls off a hand-off still in progress, the call ending: its `cancelled` is recorded before the call's end. */
  private cancelHandoff(why: string): void {
    const active = this.handoff;
    if (active !== undefined && !active.run.settled) active.run.cancel(why);
  }

  /** `answer`: the answer of the turn this step took, if it was timed. */
  private async afterStep(answer?: AnswerTimer): Promise<void> {
    const snapshot = this.actor.getSnapshot();
    const requested = this.requested;
    this.requested = undefined;
    if (snapshot.status === 'done' && !this.finished) {
      const output = snapshot.output;
      // The caller hung up (or the line reached a machine) while waiting for a person.
      this.cancelHandoff(`the call ended ${output.disposition} before a person was reached`);
      if (requested !== undefined) this.logger.info('escalation recorded for a person to follow up: the flow ended the call without waiting on hold', { reason: requested.reason });
      this.finished = true;
      // The flow's last words are the answer to this turn: their timing belongs in the record, which call.ended closes.
      // (Not awaited when it is already out: a step that ends the call is still written in one go.)
      if (answer !== undefined && !answer.done) await this.firstFrameOf(answer);
      const atMs = this.options.clock.nowMs();
      this.closeRecord(atMs);
      this.record({ type: 'call.ended', atMs, disposition: output.disposition, state: this.currentState });
      this.recorder.finish({
        disposition: output.disposition,
        endedAtMs: atMs,
        ...(output.promise !== undefined ? { promise: output.promise } : {}),
        ...(output.escalation !== undefined ? { escalation: output.escalation } : {}),
        ...(output.flags !== undefined ? { flags: output.flags } : {}),
      });
      this.logger.info('call ended', { disposition: output.disposition });
      // A final state authored without the flow kit's `finish` still ends the call with the provider.
      if (!this.hungUp) this.options.effects.hangUp(output.disposition);
    } else if (requested !== undefined && !this.finished) {
      this.startHandoff(requested);
    }
    await this.flush();
  }

  /** Waits, at most LAST_ANSWER_WAIT_MS of the call's time, until an answer's first frame has left (or it never will). */
  private async firstFrameOf(answer: AnswerTimer): Promise<void> {
    const scheduler = this.options.scheduler;
    if (scheduler === undefined) return;
    let timer: TimerHandle | undefined;
    const waited = new Promise<void>((resolve) => {
      timer = scheduler.setTimeout(resolve, LAST_ANSWER_WAIT_MS);
    });
    await Promise.race([answer.settled, waited]);
    if (timer !== undefined) scheduler.clearTimeout(timer);
  }

  /**
   * The record is about to close: answers whose first frame has not left never will within it, and
   * the call's summary goes in before `call.ended` — when anything was measured.
   */
  private closeRecord(atMs: number): void {
    for (const answer of this.unheardAnswers) answer.dropped();
    this.unheardAnswers.clear();
    const { talk } = this.options;
    const metrics = this.measures.summary(talk === undefined ? undefined : { talk: talk.talkBetween(this.startedAtMs, atMs), botOverCaller: talk.botOverCaller });
    if (metrics !== undefined) this.record({ type: 'call.metrics', atMs, ...metrics });
    this.closed = true;
  }

  private stateOf(): string {
    const value: unknown = this.actor.getSnapshot().value;
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  private record(event: CallRecordEvent): void {
    if (event.type === 'debtor.turn') {
      this.turnsRecorded += 1;
      this.lastRecordedTurn = { turn: this.turnsRecorded, state: event.state, input: event.input };
    }
    this.recorder.record(event);
  }
}

/** The instants of a turn's input as its channel reported them; a turn without them (a typed line) happened as the call took it. */
function heardOf(turn: DebtorTurn, atMs: number): InputInstants {
  const heard = 'heard' in turn ? turn.heard : undefined;
  return heard ?? { lastInputAtMs: atMs, endOfInputAtMs: atMs, transcriptAtMs: atMs };
}

/** Reached only if the flow kit gains an effect the session does not carry out: a type error first, then a loud one. */
function unhandledEffect(effect: never): never {
  throw new DunbotError('DUN_ERR_CALL_EVENT_REJECTED', `the flow emitted an effect no handler carries out: ${JSON.stringify(effect)}`);
}
