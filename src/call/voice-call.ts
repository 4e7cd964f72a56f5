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
import type { Scheduler, TimerHandle } from './scheduler.js';
import { NO_VOICE_METRICS, type VoiceMetrics } from './voice-metrics.js';

/** Everything a voice call needs; every provider is an interface, chosen by the server's configuration. */
export interface VoiceCallDeps {
  readonly serializer: MediaSerializer;
  readonly send: (frames: readonly OutboundFrame[]) => void;
  readonly close: (code: number, reason: string) => void;
  /** Checks the stream's credentials at `start`; undefined means refused (the stream is closed with 1008). */
  readonly authorize: (start: Extract<MediaEvent, { type: 'media.start' }>) => StreamClaims | undefined;
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
}

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
  private finished = false;

  constructor(deps: VoiceCallDeps) {
    this.deps = deps;
    this.options = { ...DEFAULT_VOICE_CALL_OPTIONS, ...deps.options };
    this.metrics = deps.metrics ?? NO_VOICE_METRICS;
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
      if (result.error.fatal) this.end(1007, result.error.code);
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
    const claims = this.deps.authorize(event);
    if (claims === undefined) {
      this.deps.logger.warn('stream refused: missing or invalid token');
      this.end(1008, 'invalid stream token');
      return;
    }
    const debtor = await this.deps.debtors.get(claims.debtorId);
    // The caller may have hung up while the account was being looked up.
    if (this.finished) return;
    if (debtor === undefined) {
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
        onError: (error) => {
          this.metrics.ttsError();
          logger.error('speech synthesis failed', { code: isDunbotError(error) ? error.code : 'unknown' });
        },
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
        // The socket closed while the call was starting: record it as the hang-up it was.
        await this.session.take({ kind: 'hang_up' });
        await this.session.flush();
        this.metrics.callEnded();
        return;
      }
      if (this.speech === undefined) {
        // Never a silent failure: the caller can still answer with keys, and the record says why.
        logger.warn('no speech recognition for this locale; keypad input only');
        this.session.recordNote('DUN_NOTE_NO_ASR', `no speech recognizer is configured for ${locale}; the call runs on keypad input (DTMF) only`);
      }
      this.maxCallTimer = this.deps.scheduler.setTimeout(() => this.onMaxCallLength(), this.options.maxCallMs);
    } catch (error) {
      this.deps.logger.error('call could not start', { code: isDunbotError(error) ? error.code : 'unknown' });
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

  /** Turns reach the session one at a time, in order. */
  private enqueueTurn(turn: DebtorTurn): void {
    this.turns = this.turns.then(async () => {
      const session = this.session;
      if (session === undefined || session.ended) return;
      try {
        await session.take(turn);
      } catch (error) {
        this.deps.logger.warn('turn rejected', { code: isDunbotError(error) ? error.code : 'unknown' });
      }
      if (session.ended && this.playback?.speaking !== true) await this.finish(true);
    });
  }

  private async finish(closeSocket = false): Promise<void> {
    if (this.finished) return;
    this.finished = true;
    this.cancelNoInput();
    if (this.maxCallTimer !== undefined) this.deps.scheduler.clearTimeout(this.maxCallTimer);
    this.playback?.stop();
    this.speech?.close();
    await this.session?.flush();
    if (this.session !== undefined) this.metrics.callEnded();
    if (closeSocket) this.deps.close(1000, 'call ended');
    this.deps.onEnded?.(this.session);
  }

  private end(code: number, reason: string): void {
    this.finished = true;
    this.deps.close(code, reason);
    this.deps.onEnded?.(this.session);
  }

  private send(frames: readonly OutboundFrame[]): void {
    this.metrics.framesOut(frames.length);
    this.deps.send(frames);
  }
}
