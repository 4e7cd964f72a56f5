import { randomUUID } from 'node:crypto';
import { createActor, type Actor } from 'xstate';
import type { Debtor } from '../domain/debtor.js';
import type { Locale } from '../domain/locale.js';
import { DunbotError } from '../errors.js';
import { isFlowEffect, type FlowEffect, type TurnEvent } from '../flow/events.js';
import type { FlowInput, FlowOutput } from '../flow/flow-context.js';
import type { FlowMachine } from '../flow/flow-machine.js';
import { silentLogger, type Logger } from '../log/logger.js';
import type { Nlu } from '../nlu/nlu.js';
import type { Intent, NluResult } from '../nlu/intents.js';
import type { FlowStateMeta } from '../flow/flow-setup.js';
import type { RenderedPrompt, ScriptsLibrary } from '../scripts/scripts-library.js';
import type { CallRecordEvent } from '../store/call-record.js';
import type { CallStore } from '../store/call-store.js';
import type { Clock } from '../time/clock.js';
import { DTMF_DIGIT, type DebtorTurn } from './debtor-turn.js';

/** One line of a call's transcript. */
export interface TranscriptEntry {
  readonly speaker: 'bot' | 'debtor';
  readonly text: string;
  readonly state: string;
  readonly intent?: NluResult['intent'];
  readonly prompt?: string;
}

/** Everything a call needs; providers are passed in so any of them can be replaced. */
export interface CallSessionOptions {
  readonly flowName: string;
  readonly machine: FlowMachine;
  readonly input: FlowInput;
  readonly nlu: Nlu;
  readonly scripts: ScriptsLibrary;
  readonly store: CallStore;
  readonly clock: Clock;
  readonly channel?: 'text' | 'voice';
  readonly callId?: string;
  readonly logger?: Logger;
  /** Called with every prompt the bot says, in order (the channel plays or prints it). */
  readonly onSay?: (prompt: RenderedPrompt) => void;
  /** Called when a record write fails (it is logged and counted; the call goes on). */
  readonly onWriteError?: () => void;
}

type FlowActor = Actor<FlowMachine>;

/**
 * The runtime of one call: it feeds debtor turns (through the NLU) to the flow actor, carries out
 * the effects the flow emits (prompts rendered from the scripts library, promises, escalation,
 * hang-up), and appends every step to the call's record as it happens. Time comes only from
 * the call's Clock.
 */
export class CallSession {
  readonly callId: string;
  private readonly options: CallSessionOptions;
  private readonly actor: FlowActor;
  private readonly logger: Logger;
  private readonly pending: FlowEffect[] = [];
  private readonly transcriptEntries: TranscriptEntry[] = [];
  private writes: Promise<void> = Promise.resolve();
  /** Entries recorded and not yet handed to the store: what one step records goes in one write. */
  private unwritten: CallRecordEvent[] = [];
  private writeErrors = 0;
  private currentState: string;
  private finished = false;
  /** The outcome when the runtime, not the flow, ended the call. */
  private runtimeOutcome: FlowOutput | undefined;

  private constructor(options: CallSessionOptions) {
    this.options = options;
    this.callId = options.callId ?? randomUUID();
    this.logger = (options.logger ?? silentLogger).child({ callId: this.callId, flow: options.flowName });
    this.actor = createActor(options.machine, { input: options.input });
    this.actor.on('*', (emitted) => {
      if (isFlowEffect(emitted)) this.pending.push(emitted);
    });
    this.currentState = '';
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

  /** True once the flow has reached a disposition. */
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
    return this.writeErrors;
  }

  private async begin(): Promise<void> {
    const { store, clock, input, flowName } = this.options;
    await store.startCall({
      callId: this.callId,
      debtorId: this.debtor.id,
      flow: flowName,
      locale: input.locale,
      channel: this.options.channel ?? 'text',
      startedAtMs: clock.nowMs(),
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
    const { clock, input, flowName } = this.options;
    this.actor.start();
    this.currentState = this.stateOf();
    this.record({ type: 'call.started', atMs: clock.nowMs(), flow: flowName, locale: input.locale, debtorId: this.debtor.id, state: this.currentState });
    this.logger.info('call started', { state: this.currentState });
    this.carryOutEffects();
  }

  /**
   * Takes one debtor turn. Turns after the call has ended, and malformed turns, are rejected with
   * DUN_ERR_CALL_EVENT_REJECTED; nothing already recorded is affected.
   */
  async take(turn: DebtorTurn): Promise<void> {
    if (this.finished) {
      throw new DunbotError('DUN_ERR_CALL_EVENT_REJECTED', `call ${this.callId} has ended; "${turn.kind}" was not taken`);
    }
    const atMs = this.options.clock.nowMs();
    const event = this.toTurnEvent(turn, atMs);
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

  /** The intents the current question expects (from its state meta), for speech-recognition hints. */
  expectedIntents(): readonly Intent[] {
    const meta = this.options.machine.root.states[this.currentState]?.meta as FlowStateMeta | undefined;
    return meta?.expects ?? [];
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
   * say), recorded like any other; it has no variables, so it never depends on fresh synthesis.
   */
  sayAside(promptId: string): void {
    if (this.finished) return;
    const rendered = this.options.scripts.render(this.locale, promptId, {}, { currency: this.debtor.currency });
    this.addTranscript({ speaker: 'bot', text: rendered.text, state: this.currentState, prompt: promptId });
    this.record({ type: 'bot.said', atMs: this.options.clock.nowMs(), state: this.currentState, prompt: promptId, text: rendered.text });
    this.options.onSay?.(rendered);
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
    this.runtimeOutcome = { disposition: 'SYSTEM_FAILURE' };
    this.actor.stop();
    this.record({ type: 'call.note', atMs, code, message });
    this.record({ type: 'call.ended', atMs, disposition: 'SYSTEM_FAILURE', state: this.currentState });
    this.enqueueWrite(() => this.options.store.finishCall(this.callId, { disposition: 'SYSTEM_FAILURE', endedAtMs: atMs }));
    this.logger.warn('call ended by the runtime', { code });
    await this.flush();
  }

  /** Waits until every record entry so far has been written. */
  async flush(): Promise<void> {
    await this.writes;
  }

  private toTurnEvent(turn: DebtorTurn, atMs: number): TurnEvent {
    switch (turn.kind) {
      case 'text': {
        const text = turn.text.trim();
        if (text === '' && turn.input === 'speech') {
          // Speech was heard but nothing recognized: the caller said something, just not understood.
          const nlu: NluResult = { intent: 'unknown', confidence: 0, entities: {} };
          this.addTranscript({ speaker: 'debtor', text: '', state: this.currentState, intent: 'unknown' });
          this.record({ type: 'debtor.turn', atMs, state: this.currentState, input: 'speech', text: '', nlu });
          return { type: 'user.said', text: '', nlu, atMs };
        }
        if (text === '') return this.toTurnEvent({ kind: 'silence' }, atMs);
        const nlu = this.options.nlu.classify(text, this.locale, { now: new Date(atMs), timeZone: this.debtor.timezone });
        this.addTranscript({ speaker: 'debtor', text, state: this.currentState, intent: nlu.intent });
        this.record({ type: 'debtor.turn', atMs, state: this.currentState, input: turn.input ?? 'text', text, nlu });
        return { type: 'user.said', text, nlu, atMs };
      }
      case 'dtmf': {
        if (!DTMF_DIGIT.test(turn.digit)) {
          throw new DunbotError('DUN_ERR_CALL_EVENT_REJECTED', `"${turn.digit}" is not a DTMF digit (0-9, *, #, A-D)`);
        }
        this.record({ type: 'debtor.turn', atMs, state: this.currentState, input: 'dtmf', text: '', digit: turn.digit });
        return { type: 'user.dtmf', digit: turn.digit, atMs };
      }
      case 'silence':
        this.record({ type: 'debtor.turn', atMs, state: this.currentState, input: 'silence', text: '' });
        return { type: 'user.silent', atMs };
      case 'barge_in':
        return turn.heardMs !== undefined ? { type: 'user.barged_in', atMs, heardMs: turn.heardMs } : { type: 'user.barged_in', atMs };
      case 'hang_up':
        return { type: 'call.hung_up', atMs };
      case 'voicemail':
        return { type: 'call.voicemail', atMs };
    }
  }

  private carryOutEffects(): void {
    const atMs = this.options.clock.nowMs();
    for (const effect of this.pending.splice(0)) {
      switch (effect.type) {
        case 'say': {
          const rendered = this.options.scripts.render(this.locale, effect.prompt, effect.vars, { currency: this.debtor.currency });
          this.addTranscript({ speaker: 'bot', text: rendered.text, state: this.currentState, prompt: effect.prompt });
          this.record({ type: 'bot.said', atMs, state: this.currentState, prompt: effect.prompt, text: rendered.text });
          this.options.onSay?.(rendered);
          break;
        }
        case 'promise':
          this.record({ type: 'promise.captured', atMs, amount: effect.amount, date: effect.date, kind: effect.kind, ...(effect.installments !== undefined ? { installments: effect.installments } : {}) });
          this.logger.info('promise captured', { pii: { amount: effect.amount, date: effect.date } });
          break;
        case 'escalate':
          this.record({ type: 'escalation.requested', atMs, reason: effect.reason, state: this.currentState });
          this.logger.info('escalation requested', { reason: effect.reason });
          break;
        case 'hang_up':
          break;
      }
    }
  }

  private async afterStep(): Promise<void> {
    const snapshot = this.actor.getSnapshot();
    if (snapshot.status === 'done' && !this.finished) {
      this.finished = true;
      const output = snapshot.output;
      const atMs = this.options.clock.nowMs();
      this.record({ type: 'call.ended', atMs, disposition: output.disposition, state: this.currentState });
      const outcome = {
        disposition: output.disposition,
        endedAtMs: atMs,
        ...(output.promise !== undefined ? { promise: output.promise } : {}),
        ...(output.escalation !== undefined ? { escalation: output.escalation } : {}),
      };
      this.enqueueWrite(() => this.options.store.finishCall(this.callId, outcome));
      this.logger.info('call ended', { disposition: output.disposition });
    }
    await this.flush();
  }

  private stateOf(): string {
    const value: unknown = this.actor.getSnapshot().value;
    return typeof value === 'string' ? value : JSON.stringify(value);
  }

  private addTranscript(entry: TranscriptEntry): void {
    this.transcriptEntries.push(entry);
  }

  private record(event: CallRecordEvent): void {
    this.unwritten.push(event);
    if (this.unwritten.length > 1) return;
    // The write runs once the writes before it are done; by then the whole step has been recorded.
    this.enqueueWrite(() => {
      const batch = this.unwritten;
      this.unwritten = [];
      return this.options.store.append(this.callId, ...batch);
    });
  }

  /** Writes go out one at a time, in order; a failed write is logged and the call goes on. */
  private enqueueWrite(write: () => Promise<void>): void {
    this.writes = this.writes.then(write).catch((error: unknown) => {
      this.writeErrors += 1;
      this.options.onWriteError?.();
      this.logger.error('call record write failed', { code: error instanceof DunbotError ? error.code : 'unknown', error: error instanceof Error ? error.message : String(error) });
    });
  }
}
