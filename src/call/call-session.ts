import { randomUUID } from 'node:crypto';
import { createActor, type Actor } from 'xstate';
import type { Debtor } from '../domain/debtor.js';
import type { Locale } from '../domain/locale.js';
import { DunbotError } from '../errors.js';
import type { EscalationRequest } from '../escalation/escalation-handler.js';
import { debtorNameForms } from '../domain/debtor.js';
import { isFlowEffect, type FlowEffect, type TurnEvent } from '../flow/events.js';
import type { FlowContext, FlowInput, FlowOutput } from '../flow/flow-context.js';
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
import { telephonyFields, type CallEffects, type TelephonyIds, type TurnAnswering, type TurnUnderstanding } from './session-ports.js';
import { groundingFacts } from '../answering/grounding-facts.js';
import { DTMF_DIGIT, MAX_KEYED_DIGITS, type DebtorTurn } from './debtor-turn.js';
import type { TranscriptEntry } from './transcript.js';

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

  private constructor(options: CallSessionOptions) {
    this.options = options;
    this.callId = options.callId ?? randomUUID();
    this.logger = (options.logger ?? silentLogger).child({ callId: this.callId, flow: options.flowName });
    this.recorder = new CallRecorder(this.callId, options.store, this.logger, options.onWriteError);
    this.actor = createActor(options.machine, { input: options.input });
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

  private async begin(): Promise<void> {
    const { store, clock, input, flowName, telephony } = this.options;
    await store.startCall({
      callId: this.callId,
      debtorId: this.debtor.id,
      flow: flowName,
      locale: input.locale,
      channel: this.options.channel ?? 'text',
      startedAtMs: clock.nowMs(),
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
    this.rejectIfEnded(turn);
    const atMs = this.options.clock.nowMs();
    const words = turn.kind === 'text' ? turn.text.trim() : '';
    const nlu = words !== '' ? await this.understand(words, atMs) : undefined;
    // The runtime may have ended the call while the turn was being understood.
    if (this.finished) return;
    const answer = nlu !== undefined ? await this.answerQuestion(words, nlu) : undefined;
    if (this.finished) return;
    // From here the step runs without a pause, so everything it records is written together.
    const event = this.toTurnEvent(turn, atMs, nlu, answer);
    const from = this.currentState;
    this.actor.send(event);
    const to = this.stateOf();
    if (to !== from) {
      this.currentState = to;
      this.record({ type: 'state.changed', atMs, from, to, cause: event.type === 'user.said' ? `user.said:${event.nlu.intent}` : event.type });
    }
    this.carryOutEffects();
    await this.afterStep();
  }

  /** Records that a barge-in cut the prompt being played, with how much of it was heard. */
  recordInterruption(prompt: string, heardMs: number, durationMs: number): void {
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
    this.finished = true;
    const atMs = this.options.clock.nowMs();
    // What the call learned stays, however it ended: the flags, and a promise already confirmed.
    // (A flow that never started has no context.)
    const context = this.actor.getSnapshot().context as FlowContext | undefined;
    const flags = context?.flags ?? [];
    const confirmedPromise = context?.confirmedPromise;
    const kept = { ...(confirmedPromise !== undefined ? { promise: confirmedPromise } : {}), ...(flags.length > 0 ? { flags } : {}) };
    this.runtimeOutcome = { disposition: 'SYSTEM_FAILURE', ...kept };
    this.actor.stop();
    this.record({ type: 'call.note', atMs, code, message });
    this.record({ type: 'call.ended', atMs, disposition: 'SYSTEM_FAILURE', state: this.currentState });
    this.recorder.finish({ disposition: 'SYSTEM_FAILURE', endedAtMs: atMs, ...kept });
    this.logger.warn('call ended by the runtime', { code });
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
        this.transcriptEntries.push({ speaker: 'debtor', text, state, intent: understood.intent });
        this.record({ type: 'debtor.turn', atMs, state, input, text, nlu: understood });
        return { type: 'user.said', text, nlu: understood, atMs, ...(answer !== undefined ? { answer } : {}) };
      }
      case 'dtmf':
        this.record({ type: 'debtor.turn', atMs, state, input: 'dtmf', text: '', digit: turn.digit });
        return { type: 'user.dtmf', digit: turn.digit, atMs };
      case 'keyed': {
        // Keyed digits are read here, not by the NLU: an amount or a day is what the question's keypad entry takes.
        const keyed = readKeyedEntry(this.keypadQuestion(), turn.digits, todayInZone(new Date(atMs), this.debtor.timezone));
        this.transcriptEntries.push({ speaker: 'debtor', text: turn.digits, state, intent: keyed.intent });
        this.record({ type: 'debtor.turn', atMs, state, input: 'dtmf', text: turn.digits, nlu: keyed });
        return { type: 'user.said', text: turn.digits, nlu: keyed, atMs };
      }
      case 'silence':
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
        this.record({ type: 'escalation.requested', atMs, reason: effect.reason, state: this.currentState });
        this.logger.info('escalation requested', { reason: effect.reason });
        this.escalate(effect.reason, atMs);
        return;
      case 'hang_up':
        this.hungUp = true;
        this.options.effects.hangUp(effect.disposition);
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
    this.options.effects.say(rendered);
  }

  private escalate(reason: EscalationRequest['reason'], atMs: number): void {
    const { flowName: flow, effects } = this.options;
    const request: EscalationRequest = { callId: this.callId, reason, debtor: this.debtor, locale: this.locale, flow, state: this.currentState, transcript: [...this.transcriptEntries], atMs };
    const failed = (error: unknown): void => {
      const why = error instanceof Error ? error.message : String(error);
      this.logger.error('escalation handler failed', { reason, error: why });
      this.recordNote('DUN_NOTE_ESCALATION_FAILED', `the escalation (${reason}) could not be handed over: ${why}`);
    };
    // The hand-off may be asynchronous (a queue, a webhook); either way its failure is noted, not thrown.
    try {
      Promise.resolve(effects.escalate(request)).catch(failed);
    } catch (error) {
      failed(error);
    }
  }

  private async afterStep(): Promise<void> {
    const snapshot = this.actor.getSnapshot();
    if (snapshot.status === 'done' && !this.finished) {
      this.finished = true;
      const output = snapshot.output;
      const atMs = this.options.clock.nowMs();
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
    }
    await this.flush();
  }

  private stateOf(): string {
    const value: unknown = this.actor.getSnapshot().value;
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  private record(event: CallRecordEvent): void {
    this.recorder.record(event);
  }
}

/** Reached only if the flow kit gains an effect the session does not carry out: a type error first, then a loud one. */
function unhandledEffect(effect: never): never {
  throw new DunbotError('DUN_ERR_CALL_EVENT_REJECTED', `the flow emitted an effect no handler carries out: ${JSON.stringify(effect)}`);
}
