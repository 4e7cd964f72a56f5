import { isDunbotError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { FrameError, MediaEvent } from '../telephony/media-event.js';
import type { StreamClaims } from '../telephony/stream-token.js';
import type { Scheduler } from '../time/scheduler.js';
import { admitCall } from './call-admission.js';
import type { VoiceCallParts } from './call-parts.js';
import type { CallSession } from './call-session.js';
import { assembleStages, type CallStages } from './call-stages.js';
import type { DebtorTurn } from './debtor-turn.js';
import type { MediaChannel, MediaChannelListener } from './media-channel.js';
import type { Playback } from './playback.js';
import { DegradedCall } from './degraded-call.js';
import { DEFAULT_VOICE_CALL_OPTIONS, type VoiceCallOptions } from './voice-call-options.js';
import { NO_VOICE_METRICS, type VoiceMetrics } from './voice-metrics.js';

type StartEvent = Extract<MediaEvent, { type: 'media.start' }>;

/** What a voice call is assembled from. */
export interface VoiceCallDeps {
  /** The connection's media: the only way to the provider. */
  readonly channel: MediaChannel;
  /** Checks the stream's credentials at `start`; undefined means refused (the stream is closed with 1008). */
  readonly authorize: (start: StartEvent) => Promise<StreamClaims | undefined>;
  readonly parts: VoiceCallParts;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  readonly metrics?: VoiceMetrics;
  readonly options?: Partial<VoiceCallOptions>;
  /** Called when a stream with a valid token is refused all the same (e.g. its debtor is unknown). */
  readonly onRefused?: (reason: string) => void;
}

/**
 * One phone call: the assembly of its stages along the path a frame takes — the media channel,
 * turn-taking, caller speech, the call session and playback — and the policy for what goes wrong
 * between them (a recognizer that fails, a synthesis that fails, a fault, a stream that breaks).
 * Every end of a call is recorded.
 */
export class VoiceCall implements MediaChannelListener {
  private readonly deps: VoiceCallDeps;
  private readonly options: VoiceCallOptions;
  private readonly metrics: VoiceMetrics;
  private stages: CallStages | undefined;
  /** Built before the session so the greeting can play; part of `stages` once the session exists. */
  private playback: Playback | undefined;
  private turns: Promise<void> = Promise.resolve();
  private started = false;
  /** The session is being set up (token, debtor, record): an end meanwhile is carried out once it exists. */
  private starting = false;
  private finished = false;
  /** A runtime end that came while the call was starting. */
  private pendingEnd: { readonly code: string; readonly message: string } | undefined;
  /** The flow has ended the call: the line is closed once its last words have been heard. */
  private hangUpRequested = false;
  /** The stream ended while a hand-off moved the caller: the call waits for the hand-off's outcome. */
  private callerMoved = false;
  /** What failures between the stages mean for the caller. */
  private readonly degraded: DegradedCall;
  private settleDone: () => void = () => undefined;
  private settled = false;
  /** Resolves once the call is over and everything it records is written (or it never started). */
  readonly done: Promise<void>;

  constructor(deps: VoiceCallDeps) {
    this.deps = deps;
    this.options = { ...DEFAULT_VOICE_CALL_OPTIONS, ...deps.options };
    this.metrics = deps.metrics ?? NO_VOICE_METRICS;
    this.degraded = new DegradedCall({ logger: deps.logger, metrics: this.metrics, endCall: (code, message) => this.endByRuntime(code, message, 1011, 'speech synthesis failed') });
    this.done = new Promise((resolve) => {
      this.settleDone = resolve;
    });
    deps.channel.attach(this);
  }

  /** True once the call has ended (or been refused). */
  get over(): boolean {
    return this.finished;
  }

  /** True while the stream has gone with the caller to a hand-off and the call waits for its outcome. */
  get waitingOnHandoff(): boolean {
    return this.callerMoved && !this.finished;
  }

  /** The call's session, once the stream has started and been authorized. */
  get callSession(): CallSession | undefined {
    return this.stages?.session;
  }

  onEvent(event: MediaEvent): void {
    switch (event.type) {
      case 'media.start':
        void this.start(event);
        return;
      case 'media.audio':
        this.stages?.turnTaking.hear(event.payload);
        return;
      case 'media.dtmf':
        this.stages?.turnTaking.key(event.digit, 'out-of-band');
        return;
      case 'media.mark':
        this.playback?.markReached(event.name, event.cleared);
        return;
      case 'media.stop':
        // The provider ended the stream: the call is a hang-up, and the socket has nothing left to carry.
        this.handleClose(true);
        return;
      case 'media.provider_error':
        this.deps.logger.warn('provider reported an error', { code: event.code });
        return;
      default:
        // media.connected and media.cleared need nothing: marks say what was heard.
        return;
    }
  }

  onFatalFrame(error: FrameError): void {
    if (this.started) this.endByRuntime('DUN_NOTE_PROTOCOL_ERROR', `the media stream broke its protocol (${error.code}); the call could not go on`, 1007, error.code);
    else {
      // No call yet (a start frame refused, e.g. an audio format no provider documents): a refused stream.
      this.deps.onRefused?.('bad_start');
      this.refuse(1007, error.code);
    }
  }

  onMarkTimeout(name: string): void {
    this.degraded.markTimedOut(this.playback?.promptOfMark(name));
  }

  /**
   * The stream ended (the socket closed, or the provider sent stop): a caller hang-up unless the
   * call had already ended — or unless a hand-off is moving the caller's leg, whose move ends the
   * stream: then the call ends on the hand-off's outcome (see `endOnHandoffOutcome`).
   */
  handleClose(closeSocket = false): void {
    if (this.finished || this.callerMoved) return;
    const session = this.stages?.session;
    if (session?.movingCaller === true) {
      this.endOnHandoffOutcome(session, closeSocket);
      return;
    }
    this.enqueueTurn({ kind: 'hang_up' });
    this.turns = this.turns.then(() => this.finish(closeSocket));
  }

  /**
   * The provider moved the caller off the stream for a hand-off: nothing is heard or played any
   * more, and the call ends once the hand-off has its outcome (bounded by the hand-off's own time
   * limits). Not queued behind the turns, so that a runtime end (the server stopping) can still
   * end the call meanwhile.
   */
  private endOnHandoffOutcome(session: CallSession, closeSocket: boolean): void {
    this.callerMoved = true;
    this.stopStages();
    session.streamEnded().then(
      () => this.finish(closeSocket),
      (error: unknown) => {
        // A fault in this call ends this call, recorded, as any other fault does.
        this.deps.logger.error('the hand-off outcome could not end the call', { error: error instanceof Error ? error.message : String(error) });
        this.endByRuntime('DUN_NOTE_INTERNAL_ERROR', 'an unexpected error ended the call', 1011, 'internal error');
      },
    );
  }

  private async start(event: StartEvent): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.starting = true;
    try {
      await this.startSession(event);
    } finally {
      this.starting = false;
    }
    // A stream refused or closed before its session existed never reaches finish(): it ends here.
    if (this.stages === undefined) this.settle();
    else if (this.finished) this.settleDone();
  }

  private async startSession(event: StartEvent): Promise<void> {
    const { parts, logger: baseLogger, scheduler, channel } = this.deps;
    const admission = await admitCall(event, { authorize: this.deps.authorize, debtors: parts.debtors, isOver: () => this.finished, logger: baseLogger });
    if (admission.admitted === 'abandoned') return;
    if (!admission.admitted) {
      if (admission.refusal !== undefined) this.deps.onRefused?.(admission.refusal);
      this.refuse(admission.closeCode, admission.reason);
      return;
    }
    const { claims, debtor, locale } = admission;
    try {
      const flow = parts.flows.select(debtor, claims.flow);
      const { options, metrics } = this;
      this.stages = await assembleStages(
        { start: event, debtor, locale, flow, channel, parts, options, scheduler, logger: baseLogger, metrics },
        {
          onPlayback: (playback) => (this.playback = playback),
          onTurn: (turn) => this.enqueueTurn(turn),
          onPlaybackIdle: () => this.onPlaybackIdle(),
          onSynthesisFailed: (error, promptId) => this.degraded.synthesisFailedWith(error, promptId),
          onRecognizerFailed: () => {
            if (!this.finished) this.degraded.recognizerFailed();
          },
          onMaxCallLength: () => this.onMaxCallLength(),
          onHangUp: () => this.onHangUp(),
          onHandedOver: () => this.onHandedOver(),
        },
      );
      const { session } = this.stages;
      this.metrics.callStarted();
      if (this.finished) {
        // The call ended while it was starting: record it as what it was. The greeting the flow just queued must not play.
        this.stopStages();
        const pending = this.pendingEnd;
        if (pending !== undefined) await session.endByRuntime(pending.code, pending.message);
        else await session.take({ kind: 'hang_up' });
        await session.flush();
        this.metrics.callEnded();
        this.settle();
        return;
      }
      this.degraded.started(this.stages, locale);
    } catch (error) {
      baseLogger.error('call could not start', { code: isDunbotError(error) ? error.code : 'unknown', error: error instanceof Error ? error.message : String(error) });
      this.playback?.stop();
      this.refuse(1011, 'call could not start');
    }
  }

  private onPlaybackIdle(): void {
    if (this.hangUpRequested) {
      this.turns = this.turns.then(() => this.finish(true));
      return;
    }
    if (this.degraded.playbackIdle()) return;
    // On hold the caller is waiting for a person, not for a question: silence is no answer to time.
    if (this.playback?.holding === true) return;
    this.stages?.turnTaking.playbackIdle();
  }

  /** The flow ended the call: the line is closed once its last words have been heard, at once when there are none. */
  private onHangUp(): void {
    this.hangUpRequested = true;
    // A turn that ended the call closes it itself once taken; an end that came between turns (a hand-off's outcome) must too.
    if (this.stages !== undefined && this.playback?.speaking !== true) this.turns = this.turns.then(() => this.finish(true));
  }

  /**
   * A person took the call: the bot falls silent (the provider drops the hold audio it holds) and
   * leaves the line to the provider, whose end of the stream ends the call here (see `handleClose`);
   * the maximum call length still bounds it.
   */
  private onHandedOver(): void {
    this.deps.logger.info('call handed over to a person; waiting for the provider to end the stream');
    this.playback?.silence();
    this.stages?.keypad.stop();
  }

  private onMaxCallLength(): void {
    this.deps.logger.warn('maximum call length reached');
    this.stages?.session.recordNote('DUN_NOTE_MAX_CALL_LENGTH', `the call reached the maximum length of ${this.options.maxCallMs} ms`);
    this.enqueueTurn({ kind: 'hang_up' });
    this.turns = this.turns.then(() => this.finish(true));
  }

  /** Turns reach the session one at a time, in order. */
  private enqueueTurn(turn: DebtorTurn): void {
    this.turns = this.turns.then(async () => {
      const stages = this.stages;
      if (stages === undefined || stages.session.ended || this.finished) return;
      // The call is saying why it must end: the caller's answers can no longer lead anywhere.
      if (this.degraded.ending && turn.kind !== 'hang_up') return;
      try {
        await stages.session.take(turn);
        // A question just asked of a caller on keys is followed by the keys that answer it.
        stages.keypad.afterStep();
      } catch (error) {
        if (isDunbotError(error, 'DUN_ERR_CALL_EVENT_REJECTED')) {
          this.deps.logger.warn('turn rejected', { code: error.code });
        } else {
          // A fault in this call ends this call, recorded; every other call goes on.
          this.deps.logger.error('turn failed', { code: isDunbotError(error) ? error.code : 'unknown', error: error instanceof Error ? error.message : String(error) });
          this.endByRuntime('DUN_NOTE_INTERNAL_ERROR', 'an unexpected error ended the call', 1011, 'internal error');
          return;
        }
      }
      if (this.hangUpRequested && !stages.playback.speaking) await this.finish(true);
    });
  }

  /**
   * Ends the call now, from outside the flow, because it cannot go on: a broken stream, a fault,
   * a peer that stopped answering, the server shutting down. The record gets a note with `noteCode`
   * and the disposition SYSTEM_FAILURE (a call whose flow had already ended keeps its disposition);
   * the stream is closed with `closeCode`. Safe to call at any time, any number of times.
   */
  endByRuntime(noteCode: string, message: string, closeCode: number, reason: string): void {
    if (this.finished) return;
    this.finished = true;
    this.metrics.callEndedByRuntime(noteCode);
    this.stopStages();
    this.deps.channel.hangUp(closeCode, reason);
    const session = this.stages?.session;
    if (session === undefined) {
      if (this.starting) this.pendingEnd = { code: noteCode, message };
      else this.settle();
      return;
    }
    this.turns = this.turns
      .then(() => session.endByRuntime(noteCode, message))
      .catch((error: unknown) => this.deps.logger.error('call could not be ended cleanly', { error: error instanceof Error ? error.message : String(error) }))
      .then(() => {
        this.metrics.callEnded();
        this.settle();
      });
  }

  private async finish(hangUp = false): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.stopStages();
    await this.stages?.session.flush();
    if (hangUp) this.deps.channel.hangUp(1000, 'call ended');
    // A call still starting settles once its session exists (see start()).
    if (this.starting) return;
    if (this.stages !== undefined) this.metrics.callEnded();
    this.settle();
  }

  private stopStages(): void {
    this.stages?.turnTaking.stop();
    this.stages?.keypad.stop();
    this.playback?.stop();
  }

  private settle(): void {
    if (this.settled) return;
    this.settled = true;
    this.settleDone();
  }

  /** Refuses a stream that never became a call. */
  private refuse(code: number, reason: string): void {
    this.finished = true;
    this.deps.channel.hangUp(code, reason);
    this.settle();
  }
}
