import type { AudioFormat } from '../audio/audio-format.js';
import { DtmfDetector } from '../audio/dtmf-detector.js';
import { EnergyVad } from '../audio/energy-vad.js';
import { decodeAudio, sampleCount } from '../audio/pcm.js';
import type { Vad } from '../audio/vad.js';
import type { DebtorRepository } from '../domain/debtor-repository.js';
import { isLocale, type Locale } from '../domain/locale.js';
import { isDunbotError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { AsrProvider } from '../providers/asr/asr.js';
import type { TtsProvider } from '../providers/tts/tts.js';
import type { MediaEvent, OutboundFrame } from '../telephony/media-event.js';
import type { MediaSerializer } from '../telephony/serializer.js';
import type { StreamClaims } from '../telephony/stream-token.js';
import { selectFlow } from '../../flows/index.js';
import { todayInZone } from '../domain/calendar.js';
import type { Nlu } from '../nlu/nlu.js';
import type { ScriptsLibrary } from '../scripts/scripts-library.js';
import type { CallStore } from '../store/call-store.js';
import { CallSession } from './call-session.js';
import { DEFAULT_CALLER_PROFILES } from './caller-profile.js';
import type { DebtorTurn } from './debtor-turn.js';
import { Playback } from './playback.js';
import { CallerSpeech } from './caller-speech.js';
import { DEFAULT_VOICE_CALL_OPTIONS, searchesAudioForKeys, type VoiceCallOptions } from './voice-call-options.js';
import type { Scheduler, TimerHandle } from '../time/scheduler.js';
import { NO_VOICE_METRICS, type VoiceMetrics } from './voice-metrics.js';

/** Everything a voice call needs; every provider is an interface, chosen by the server's configuration. */
export interface VoiceCallDeps {
  readonly serializer: MediaSerializer;
  readonly send: (frames: readonly OutboundFrame[]) => void;
  readonly close: (code: number, reason: string) => void;
  /** Checks the stream's credentials at `start`; undefined means refused (the stream is closed with 1008). */
  readonly authorize: (start: Extract<MediaEvent, { type: 'media.start' }>) => Promise<StreamClaims | undefined>;
  readonly debtors: DebtorRepository;
  readonly asr: (locale: Locale) => AsrProvider | undefined;
  readonly tts: TtsProvider;
  readonly nlu: Nlu;
  readonly scripts: ScriptsLibrary;
  readonly store: CallStore;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  readonly metrics?: VoiceMetrics;
  readonly options?: Partial<VoiceCallOptions>;
  /** Called once when the call is over and its record complete. */
  readonly onEnded?: (session: CallSession | undefined) => void;
  /** Called when a stream with a valid token is refused all the same (e.g. its debtor is unknown). */
  readonly onRefused?: (reason: string) => void;
}

/** What the runtime says when the caller can no longer be heard, then takes keys instead. */
export const KEYPAD_ONLY_PROMPT = 'system.keypad_only';
/** What the runtime says, from cached audio, before it ends a call it cannot go on with. */
export const TECHNICAL_PROBLEM_PROMPT = 'system.technical_problem';

/**
 * One phone call over a media stream: caller audio → VAD, in-band DTMF (where the provider does
 * not report keys) and speech recognition → turns for the flow; the flow's prompts → speech →
 * paced frames back. It owns turn-taking:
 * endpointing, barge-in (interruptible prompts only), no-input timers started when playback has
 * finished, the maximum call length, and hang-up.
 */
export class VoiceCall {
  private readonly deps: VoiceCallDeps;
  private readonly options: VoiceCallOptions;
  private readonly metrics: VoiceMetrics;
  private session: CallSession | undefined;
  private playback: Playback | undefined;
  private inbound: AudioFormat | undefined;
  private vad: Vad | undefined;
  private dtmf: DtmfDetector | undefined;
  /** Caller speech on its way to the recognizer; undefined when the locale has none. */
  private speech: CallerSpeech | undefined;
  /**
   * Each inbound frame is decoded into this one buffer, valid until the next frame: a fresh array
   * for every frame of every call cost more than the decoding. What outlives the frame copies it.
   */
  private frame = new Int16Array(0);
  private turns: Promise<void> = Promise.resolve();
  private noInputTimer: TimerHandle | undefined;
  private maxCallTimer: TimerHandle | undefined;
  private lastKeyAtMs = new Map<string, number>();
  private turnStartedAtMs: number | undefined;
  private started = false;
  /** The session is being set up (token, debtor, record): an end meanwhile is carried out once it exists. */
  private starting = false;
  private finished = false;
  /** A runtime end that came while the call was starting. */
  private pendingEnd: { readonly code: string; readonly message: string } | undefined;
  /** A prompt could not be synthesized: the caller is told, and the call ends once that is heard. */
  private synthesisFailed = false;
  private markTimeoutNoted = false;
  /** The prompt whose synthesis failed before the session existed. */
  private earlySynthesisFailure: string | undefined;
  private settleDone: () => void = () => undefined;
  private endedSettled = false;
  /** Resolves once the call is over and everything it records is written (or it never started). */
  readonly done: Promise<void>;

  constructor(deps: VoiceCallDeps) {
    this.deps = deps;
    this.options = { ...DEFAULT_VOICE_CALL_OPTIONS, ...deps.options };
    this.metrics = deps.metrics ?? NO_VOICE_METRICS;
    this.done = new Promise((resolve) => {
      this.settleDone = resolve;
    });
  }

  /** True once the call has ended (or been refused). */
  get over(): boolean {
    return this.finished;
  }

  /** The call's session, once the stream has started and been authorized. */
  get callSession(): CallSession | undefined {
    return this.session;
  }

  /** Handles one inbound WebSocket message. A bad frame costs that frame only, unless the protocol breaks. */
  handleFrame(data: Uint8Array | string, isBinary: boolean): void {
    this.metrics.frameIn();
    const result = this.deps.serializer.parse(data, isBinary);
    if (!result.ok) {
      this.metrics.badFrame(result.error.code);
      this.deps.logger.warn('bad media frame', { code: result.error.code, fatal: result.error.fatal });
      if (!result.error.fatal) return;
      if (this.started) this.endByRuntime('DUN_NOTE_PROTOCOL_ERROR', `the media stream broke its protocol (${result.error.code}); the call could not go on`, 1007, result.error.code);
      else {
        // No call yet (a start frame refused, e.g. an audio format no provider documents): a refused stream.
        this.deps.onRefused?.('bad_start');
        this.end(1007, result.error.code);
      }
      return;
    }
    for (const event of result.events) this.handleEvent(event);
  }

  /** The socket closed: a caller hang-up unless the call had already ended. */
  handleClose(): void {
    if (this.finished) return;
    this.enqueueTurn({ kind: 'hang_up' });
    this.turns = this.turns.then(() => this.finish());
  }

  private handleEvent(event: MediaEvent): void {
    switch (event.type) {
      case 'media.start':
        void this.start(event);
        return;
      case 'media.audio':
        if (this.session !== undefined && this.inbound !== undefined) this.hear(decodeAudio(event.payload, this.inbound, this.frameOf(sampleCount(event.payload.length, this.inbound))));
        return;
      case 'media.dtmf':
        this.key(event.digit, 'out-of-band');
        return;
      case 'media.mark':
        this.playback?.markReached(event.name, event.cleared);
        return;
      case 'media.stop':
        this.handleClose();
        return;
      case 'media.provider_error':
        this.deps.logger.warn('provider reported an error', { code: event.code });
        return;
      default:
        // media.connected and media.cleared need nothing: marks say what was heard.
        return;
    }
  }

  private async start(event: Extract<MediaEvent, { type: 'media.start' }>): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.starting = true;
    try {
      await this.startSession(event);
    } finally {
      this.starting = false;
    }
    // A stream refused or closed before its session existed never reaches finish(): it ends here.
    if (this.session === undefined) this.settleEnded();
    else if (this.finished) this.settleDone();
  }

  private async startSession(event: Extract<MediaEvent, { type: 'media.start' }>): Promise<void> {
    const claims = await this.deps.authorize(event);
    // The caller may have hung up while the token was checked.
    if (this.finished) return;
    if (claims === undefined) {
      this.deps.logger.warn('stream refused: missing or invalid token', { code: 'DUN_ERR_AUTH_REFUSED' });
      this.end(1008, 'invalid stream token');
      return;
    }
    const debtor = await this.deps.debtors.get(claims.debtorId);
    // The caller may have hung up while the account was being looked up.
    if (this.finished) return;
    if (debtor === undefined) {
      this.deps.onRefused?.('unknown_debtor');
      this.deps.logger.warn('stream refused: unknown debtor', { pii: { debtorId: claims.debtorId } });
      this.end(1008, 'unknown debtor');
      return;
    }
    const locale = claims.locale !== undefined && isLocale(claims.locale) ? claims.locale : debtor.locale;
    try {
      const flow = selectFlow(debtor, claims.flow);
      this.inbound = event.inboundFormat;
      this.vad = new EnergyVad({ sampleRateHz: event.inboundFormat.sampleRateHz });
      // Tones are searched for only where keys might otherwise be missed: the search costs as much as the rest of the audio path.
      if (searchesAudioForKeys(this.options.inBandDtmf, this.deps.serializer.reportsKeys)) this.dtmf = new DtmfDetector({ sampleRateHz: event.inboundFormat.sampleRateHz });
      const asr: AsrProvider | undefined = this.deps.asr(locale);
      const logger = this.deps.logger.child({ streamId: event.streamId, flow: flow.name });
      this.speech =
        asr === undefined
          ? undefined
          : new CallerSpeech({
              asr,
              inboundRateHz: event.inboundFormat.sampleRateHz,
              preRollMs: this.options.preRollMs,
              logger: this.deps.logger,
              metrics: this.metrics,
              onText: (text) => {
                this.turnStartedAtMs = this.deps.scheduler.nowMs();
                this.enqueueTurn({ kind: 'text', text, input: 'speech' });
              },
              onFailure: () => this.onRecognizerFailed(),
            });
      this.playback = new Playback({
        serializer: this.deps.serializer,
        send: (frames) => this.send(frames),
        tts: this.deps.tts,
        locale,
        scheduler: this.deps.scheduler,
        framesPerSend: this.options.framesPerSend,
        logger,
        onIdle: () => this.onPlaybackIdle(),
        onError: (error, prompt) => this.onSynthesisFailed(error, prompt.promptId),
        markEchoTimeoutMs: this.options.markEchoTimeoutMs,
        onMarkTimeout: (promptId) => this.onMarkTimeout(promptId),
        onFirstFrame: () => {
          if (this.turnStartedAtMs !== undefined) this.metrics.turnLatency(this.deps.scheduler.nowMs() - this.turnStartedAtMs);
          this.turnStartedAtMs = undefined;
        },
      });
      this.session = await CallSession.start({
        flowName: flow.name,
        machine: flow.machine,
        input: { debtor, locale, today: todayInZone(new Date(this.deps.scheduler.nowMs()), debtor.timezone), caller: DEFAULT_CALLER_PROFILES[locale] },
        nlu: this.deps.nlu,
        scripts: this.deps.scripts,
        store: this.deps.store,
        clock: this.deps.scheduler,
        channel: 'voice',
        logger,
        onSay: (prompt) => this.playback?.speak(prompt),
        onWriteError: () => this.metrics.storeError(),
      });
      this.metrics.callStarted();
      if (this.finished) {
        // The call ended while it was starting: record it as what it was. The greeting the flow just queued must not play.
        this.stopTurnTaking();
        const pending = this.pendingEnd;
        if (pending !== undefined) await this.session.endByRuntime(pending.code, pending.message);
        else await this.session.take({ kind: 'hang_up' });
        await this.session.flush();
        this.metrics.callEnded();
        this.settleEnded();
        return;
      }
      if (this.earlySynthesisFailure !== undefined) this.handleSynthesisFailure(this.earlySynthesisFailure);
      if (this.speech === undefined && !this.synthesisFailed) {
        // Never a silent failure: the caller is told to answer with keys, and the record says why.
        logger.warn('no speech recognition for this locale; keypad input only');
        this.session.recordNote('DUN_NOTE_NO_ASR', `no speech recognizer is configured for ${locale}; the call runs on keypad input (DTMF) only`);
        this.session.sayAside(KEYPAD_ONLY_PROMPT);
      }
      this.maxCallTimer = this.deps.scheduler.setTimeout(() => this.onMaxCallLength(), this.options.maxCallMs);
    } catch (error) {
      this.deps.logger.error('call could not start', { code: isDunbotError(error) ? error.code : 'unknown', error: error instanceof Error ? error.message : String(error) });
      this.playback?.stop();
      this.speech?.close();
      this.end(1011, 'call could not start');
    }
  }

  /** The reused frame buffer, `samples` long. */
  private frameOf(samples: number): Int16Array {
    if (this.frame.length !== samples) this.frame = new Int16Array(samples);
    return this.frame;
  }

  /** Inbound audio at the stream's rate, in the reused frame buffer. */
  private hear(samples: Int16Array): void {
    if (this.vad === undefined || this.session === undefined || this.session.ended) return;
    if (this.dtmf !== undefined) for (const digit of this.dtmf.process(samples)) this.key(digit, 'in-band');
    const decision = this.vad.process(samples);
    if (decision.speechStarted) this.onSpeechStart();
    const speech = this.speech;
    if (speech === undefined) return;
    speech.hear(samples);
    const tooLong = speech.listening && this.deps.scheduler.nowMs() - speech.listeningSinceMs >= this.options.maxUtteranceMs;
    if (decision.speechEnded || tooLong) speech.end();
  }

  private onSpeechStart(): void {
    const playback = this.playback;
    // Disclosures are not cut: speech over an uninterruptible prompt is not a turn.
    if (playback !== undefined && playback.speaking && !playback.interruptible) return;
    this.bargeIn();
    this.cancelNoInput();
    const session = this.session;
    // An utterance still open takes this speech too: no new hints to work out.
    if (session !== undefined && this.speech?.listening === false) this.speech.open({ locale: session.locale, hints: { expectedIntents: session.expectedIntents() } }, this.deps.scheduler.nowMs());
  }

  /** Stops an interruptible prompt the caller is talking (or keying) over, recording how much was heard. */
  private bargeIn(): void {
    const playback = this.playback;
    if (playback === undefined || !playback.speaking || !playback.interruptible) return;
    // Once the flow has ended no answer can follow: its last prompt plays out, and then the call is closed.
    if (this.session?.ended === true) return;
    const cut = playback.interrupt();
    this.metrics.bargeIn();
    if (cut !== undefined) this.session?.recordInterruption(cut.promptId, cut.heardMs, cut.durationMs);
    this.enqueueTurn({ kind: 'barge_in', heardMs: cut?.heardMs ?? 0 });
  }

  /** A key press, from the provider's DTMF events or detected in the audio; the same key from both counts once. */
  private key(digit: string, source: 'in-band' | 'out-of-band'): void {
    const nowMs = this.deps.scheduler.nowMs();
    const last = this.lastKeyAtMs.get(digit);
    this.lastKeyAtMs.set(digit, nowMs);
    if (last !== undefined && nowMs - last < 500) return;
    this.deps.logger.debug('key pressed', { source, pii: { digit } });
    // A key is an answer: like speech, it cuts an interruptible prompt.
    this.bargeIn();
    this.cancelNoInput();
    this.turnStartedAtMs = nowMs;
    this.enqueueTurn({ kind: 'dtmf', digit });
  }

  private onPlaybackIdle(): void {
    if (this.session?.ended === true) {
      this.turns = this.turns.then(() => this.finish(true));
      return;
    }
    if (this.synthesisFailed) {
      this.endByRuntime('DUN_NOTE_TTS_FAILED', 'speech synthesis failed; the caller was told of a technical problem and the call was ended', 1011, 'speech synthesis failed');
      return;
    }
    if (this.speech?.listening === true) return;
    this.cancelNoInput();
    // The caller has heard the whole prompt: only now does the silence clock start.
    this.noInputTimer = this.deps.scheduler.setTimeout(() => {
      this.noInputTimer = undefined;
      this.enqueueTurn({ kind: 'silence' });
    }, this.options.noInputMs);
  }

  private cancelNoInput(): void {
    if (this.noInputTimer !== undefined) this.deps.scheduler.clearTimeout(this.noInputTimer);
    this.noInputTimer = undefined;
  }

  private onMaxCallLength(): void {
    this.deps.logger.warn('maximum call length reached');
    this.session?.recordNote('DUN_NOTE_MAX_CALL_LENGTH', `the call reached the maximum length of ${this.options.maxCallMs} ms`);
    this.enqueueTurn({ kind: 'hang_up' });
    this.turns = this.turns.then(() => this.finish(true));
  }

  /** The recognizer failed: the rest of the call runs on keys, and the caller is told so. */
  private onRecognizerFailed(): void {
    const session = this.session;
    if (this.speech === undefined || session === undefined || session.ended || this.finished) return;
    this.speech.close();
    this.speech = undefined;
    this.deps.logger.warn('speech recognition failed: the call continues on keypad input');
    session.recordNote('DUN_NOTE_ASR_FAILED', 'speech recognition failed; the call continues on keypad input (DTMF)');
    session.sayAside(KEYPAD_ONLY_PROMPT);
  }

  /**
   * A prompt could not be synthesized. The call cannot go on with a gap where a question or a
   * disclosure should be: what was queued is dropped, the caller hears the apology (audio
   * synthesized when the server started), and the call ends once it has been heard. If even that
   * fails, the call ends at once.
   */
  private onSynthesisFailed(error: unknown, promptId: string): void {
    this.metrics.ttsError();
    this.deps.logger.error('speech synthesis failed', { code: isDunbotError(error) ? error.code : 'unknown', prompt: promptId });
    if (this.session === undefined) {
      // The greeting failed while the call's record was being opened: handled once the session exists.
      this.earlySynthesisFailure = promptId;
      return;
    }
    this.handleSynthesisFailure(promptId);
  }

  private handleSynthesisFailure(promptId: string): void {
    const session = this.session;
    if (this.finished || session === undefined) return;
    if (session.ended) return; // the flow is over: the call ends as it decided, only this last prompt is lost
    if (this.synthesisFailed || promptId === TECHNICAL_PROBLEM_PROMPT) {
      this.endByRuntime('DUN_NOTE_TTS_FAILED', 'speech synthesis failed, including the apology; the call was ended', 1011, 'speech synthesis failed');
      return;
    }
    this.synthesisFailed = true;
    this.cancelNoInput();
    this.speech?.close();
    this.playback?.stop();
    session.sayAside(TECHNICAL_PROBLEM_PROMPT);
  }

  private onMarkTimeout(promptId: string): void {
    if (this.markTimeoutNoted) return;
    this.markTimeoutNoted = true;
    this.session?.recordNote('DUN_NOTE_MARK_TIMEOUT', `the provider never confirmed playback of ${promptId}; it was taken as heard`);
  }

  /** Turns reach the session one at a time, in order. */
  private enqueueTurn(turn: DebtorTurn): void {
    this.turns = this.turns.then(async () => {
      const session = this.session;
      if (session === undefined || session.ended || this.finished) return;
      // The call is saying why it must end: the caller's answers can no longer lead anywhere.
      if (this.synthesisFailed && turn.kind !== 'hang_up') return;
      try {
        await session.take(turn);
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
      if (session.ended && this.playback?.speaking !== true) await this.finish(true);
    });
  }

  /**
   * Ends the call now, from outside the flow, because it cannot go on: a broken stream, a fault,
   * a peer that stopped answering, the server shutting down. The record gets a note with `noteCode`
   * and the disposition SYSTEM_FAILURE (a call whose flow had already ended keeps its disposition);
   * the socket is closed with `closeCode`. Safe to call at any time, any number of times.
   */
  endByRuntime(noteCode: string, message: string, closeCode: number, reason: string): void {
    if (this.finished) return;
    this.finished = true;
    this.metrics.callEndedByRuntime(noteCode);
    this.stopTurnTaking();
    this.deps.close(closeCode, reason);
    const session = this.session;
    if (session === undefined) {
      if (this.starting) this.pendingEnd = { code: noteCode, message };
      else this.settleEnded();
      return;
    }
    this.turns = this.turns
      .then(() => session.endByRuntime(noteCode, message))
      .catch((error: unknown) => this.deps.logger.error('call could not be ended cleanly', { error: error instanceof Error ? error.message : String(error) }))
      .then(() => {
        this.metrics.callEnded();
        this.settleEnded();
      });
  }

  private async finish(closeSocket = false): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.stopTurnTaking();
    await this.session?.flush();
    if (closeSocket) this.deps.close(1000, 'call ended');
    // A call still starting settles once its session exists (see start()).
    if (this.starting) return;
    if (this.session !== undefined) this.metrics.callEnded();
    this.settleEnded();
  }

  private stopTurnTaking(): void {
    this.cancelNoInput();
    if (this.maxCallTimer !== undefined) this.deps.scheduler.clearTimeout(this.maxCallTimer);
    this.playback?.stop();
    this.speech?.close();
  }

  private settleEnded(): void {
    if (this.endedSettled) return;
    this.endedSettled = true;
    this.deps.onEnded?.(this.session);
    this.settleDone();
  }

  /** Refuses a stream that never became a call. */
  private end(code: number, reason: string): void {
    this.finished = true;
    this.deps.close(code, reason);
    this.settleEnded();
  }

  private send(frames: readonly OutboundFrame[]): void {
    this.metrics.framesOut(frames.length);
    this.deps.send(frames);
  }
}
