import type { AudioFormat } from '../audio/audio-format.js';
import { DtmfDetector } from '../audio/dtmf-detector.js';
import { EnergyVad } from '../audio/energy-vad.js';
import { decodeAudio, sampleCount } from '../audio/pcm.js';
import type { Vad } from '../audio/vad.js';
import { VoiceFeatureMeter, type VoiceFeatures } from '../audio/voice-features.js';
import type { Logger } from '../log/logger.js';
import type { Scheduler, TimerHandle } from '../time/scheduler.js';
import type { CallerSpeech } from './caller-speech.js';
import type { DebtorTurn } from './debtor-turn.js';
import type { Interruption } from './playback.js';
import type { CallerVoice } from './talk-timeline.js';
import type { InputInstants } from './turn-timing.js';
import type { VoiceMetrics } from './voice-metrics.js';

/**
 * The same key reported by both sources (the provider and the audio) within this window counts
 * once. From one source every report is a press: "2 0 0" keyed quickly is three keys.
 */
const SAME_KEY_WINDOW_MS = 500;

/** What turn-taking needs to know of the bot's voice, and the one thing it may do to it. */
export interface VoiceState {
  /** True while anything is queued or playing and not yet confirmed heard. */
  readonly speaking: boolean;
  /** True when what is being heard now may be cut by the caller. */
  readonly interruptible: boolean;
  /** Stops playback now and reports what was cut. */
  interrupt(): Interruption | undefined;
}

export interface TurnTakingOptions {
  readonly inboundFormat: AudioFormat;
  /** Whether the caller's audio is searched for key tones (see VoiceCallOptions.inBandDtmf). */
  readonly detectKeys: boolean;
  readonly noInputMs: number;
  readonly maxCallMs: number;
  readonly maxUtteranceMs: number;
  readonly voice: VoiceState;
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  readonly metrics: VoiceMetrics;
  /** Opens an utterance on the recognizer at speech onset (with the hints of the question asked). */
  readonly openUtterance: (speech: CallerSpeech) => void;
  /** False once no answer can follow (the flow has ended): the last prompt then plays out uncut. */
  readonly acceptsAnswers: () => boolean;
  /** Every turn the debtor takes, in order. */
  readonly onTurn: (turn: DebtorTurn) => void;
  /** A barge-in cut a prompt; how much of it was heard. */
  readonly onInterruption: (cut: Interruption) => void;
  /** The call reached its maximum length. */
  readonly onMaxCallLength: () => void;
  /** Told of every frame the VAD judged, for the call's talk time. */
  readonly talk?: CallerVoice;
}

/**
 * Who speaks when, on one call: caller audio → VAD and (where the provider does not report keys)
 * in-band DTMF; endpointing (the end of speech, or an utterance that goes on too long, ends what
 * the recognizer hears); barge-in (speech or a key over an interruptible prompt cuts it); the
 * no-input timer, started only once the caller has heard the whole prompt; the maximum call
 * length. Its output is DebtorTurns.
 */
export class TurnTaking {
  private readonly options: TurnTakingOptions;
  private readonly vad: Vad;
  private readonly dtmf: DtmfDetector | undefined;
  /** Caller speech on its way to the recognizer; undefined when there is none (keys only). */
  private speech: CallerSpeech | undefined;
  /**
   * Each inbound frame is decoded into this one buffer, valid until the next frame: a fresh array
   * for every frame of every call cost more than the decoding. What outlives the frame copies it.
   */
  private frame = new Int16Array(0);
  private readonly lastKey = new Map<string, { readonly atMs: number; readonly source: 'in-band' | 'out-of-band' }>();
  private noInputTimer: TimerHandle | undefined;
  private readonly maxCallTimer: TimerHandle;
  /** The last voiced frame of the utterance being recognized, until its end was decided: where its endpointing starts. */
  private lastVoiceAtMs: number | undefined;
  /** When the end of the utterance being recognized was decided (the VAD's hangover, or its length). */
  private utteranceEndedAtMs: number | undefined;
  /** Measures the voice of the utterance being recognized (level, pitch), for reading the caller's emotion. */
  private readonly voiceMeter: VoiceFeatureMeter;
  /** What the meter found in the last utterance, until its text arrives. */
  private heardVoice: VoiceFeatures | undefined;
  /** Prompts the caller has cut short since their last turn. */
  private bargeInsThisTurn = 0;
  private stopped = false;

  constructor(options: TurnTakingOptions, speech: CallerSpeech | undefined) {
    this.options = options;
    this.speech = speech;
    const sampleRateHz = options.inboundFormat.sampleRateHz;
    this.vad = new EnergyVad({ sampleRateHz });
    this.dtmf = options.detectKeys ? new DtmfDetector({ sampleRateHz }) : undefined;
    this.voiceMeter = new VoiceFeatureMeter({ sampleRateHz });
    this.maxCallTimer = options.scheduler.setTimeout(() => options.onMaxCallLength(), options.maxCallMs);
  }

  /** True while the caller's speech reaches a recognizer (false: keys only). */
  get hearsSpeech(): boolean {
    return this.speech !== undefined;
  }

  /** True while a caller utterance is being recognized. */
  get listening(): boolean {
    return this.speech?.listening === true;
  }

  /** One inbound audio payload, in the stream's format. */
  hear(payload: Uint8Array): void {
    // Once the flow has ended the caller's audio can lead nowhere: it is not even looked at.
    if (this.stopped || !this.options.acceptsAnswers()) return;
    const format = this.options.inboundFormat;
    const samples = decodeAudio(payload, format, this.frameOf(sampleCount(payload.length, format)));
    if (this.dtmf !== undefined) for (const digit of this.dtmf.process(samples)) this.key(digit, 'in-band');
    const decision = this.vad.process(samples);
    // A frame's audio ends as it arrives: that instant is the frame's time.
    const nowMs = this.options.scheduler.nowMs();
    this.options.talk?.callerFrame(nowMs, (samples.length * 1000) / format.sampleRateHz, decision);
    if (decision.speechStarted) this.onSpeechStart();
    const speech = this.speech;
    if (speech === undefined) return;
    speech.hear(samples);
    if (!speech.listening) return;
    // Per frame only a copy and the VAD's level; the pitch is measured once the utterance is over.
    this.voiceMeter.add(samples, decision.energyDb);
    if (decision.voiced && this.utteranceEndedAtMs === undefined) this.lastVoiceAtMs = nowMs;
    const tooLong = nowMs - speech.listeningSinceMs >= this.options.maxUtteranceMs;
    if (decision.speechEnded || tooLong) {
      // While the recognizer finishes, not on the way to the caller's reply.
      if (!this.voiceMeter.empty) this.heardVoice = this.voiceMeter.finish();
      this.utteranceEndedAtMs ??= nowMs;
      speech.end();
    }
  }

  /** A key press, from the provider's DTMF events or detected in the audio; the same key from both counts once. */
  key(digit: string, source: 'in-band' | 'out-of-band'): void {
    if (this.stopped) return;
    const nowMs = this.options.scheduler.nowMs();
    const last = this.lastKey.get(digit);
    if (last !== undefined && last.source !== source && nowMs - last.atMs < SAME_KEY_WINDOW_MS) return;
    this.lastKey.set(digit, { atMs: nowMs, source });
    this.options.logger.debug('key pressed', { source, pii: { digit } });
    // A key is an answer: like speech, it cuts an interruptible prompt.
    this.bargeIn();
    this.cancelNoInput();
    this.bargeInsThisTurn = 0;
    // A key is its own end: nothing is waited for or recognized.
    this.options.onTurn({ kind: 'dtmf', digit, heard: { lastInputAtMs: nowMs, endOfInputAtMs: nowMs, transcriptAtMs: nowMs } });
  }

  /** The recognizer's text for the caller's utterance (empty when nothing usable was heard). */
  recognized(text: string): void {
    if (this.stopped) return;
    const nowMs = this.options.scheduler.nowMs();
    // A final result before the end of speech: the voice heard so far is the utterance's, and the recognizer decided it was over.
    const features = this.heardVoice ?? (this.voiceMeter.empty ? undefined : this.voiceMeter.finish());
    const voice = { bargeIns: this.bargeInsThisTurn, ...(features !== undefined ? { features } : {}) };
    const heard: InputInstants = { lastInputAtMs: this.lastVoiceAtMs ?? nowMs, endOfInputAtMs: this.utteranceEndedAtMs ?? nowMs, transcriptAtMs: nowMs };
    this.heardVoice = undefined;
    this.bargeInsThisTurn = 0;
    this.lastVoiceAtMs = undefined;
    this.utteranceEndedAtMs = undefined;
    this.options.onTurn({ kind: 'text', text, input: 'speech', voice, heard });
  }

  /** The caller has heard everything queued: only now does the silence clock start. */
  playbackIdle(): void {
    if (this.stopped || this.listening) return;
    this.cancelNoInput();
    this.noInputTimer = this.options.scheduler.setTimeout(() => {
      this.noInputTimer = undefined;
      // The timeout is the whole of the caller's side: the answer is timed from it.
      const nowMs = this.options.scheduler.nowMs();
      this.options.onTurn({ kind: 'silence', heard: { lastInputAtMs: nowMs, endOfInputAtMs: nowMs, transcriptAtMs: nowMs } });
    }, this.options.noInputMs);
  }

  /** Speech recognition is gone for the rest of the call: turns come from keys only. */
  dropSpeech(): void {
    this.speech?.close();
    this.speech = undefined;
  }

  /** The call is over (or must say why it ends): no more turns, no more timers. */
  stop(): void {
    this.stopped = true;
    this.cancelNoInput();
    this.options.scheduler.clearTimeout(this.maxCallTimer);
    this.dropSpeech();
  }

  private onSpeechStart(): void {
    const { voice } = this.options;
    // Disclosures are not cut: speech over an uninterruptible prompt is not a turn.
    if (voice.speaking && !voice.interruptible) return;
    this.bargeIn();
    this.cancelNoInput();
    // An utterance still open takes this speech too.
    if (this.speech !== undefined && !this.speech.listening) {
      // A new utterance: nothing measured of one that never gave a text carries over.
      this.voiceMeter.reset();
      this.heardVoice = undefined;
      this.lastVoiceAtMs = undefined;
      this.utteranceEndedAtMs = undefined;
      this.options.openUtterance(this.speech);
    }
  }

  /** Stops an interruptible prompt the caller is talking (or keying) over, recording how much was heard. */
  private bargeIn(): void {
    const { voice } = this.options;
    if (!voice.speaking || !voice.interruptible) return;
    // Once the flow has ended no answer can follow: its last prompt plays out, and then the call is closed.
    if (!this.options.acceptsAnswers()) return;
    const cut = voice.interrupt();
    this.bargeInsThisTurn += 1;
    this.options.metrics.bargeIn();
    if (cut !== undefined) this.options.onInterruption(cut);
    this.options.onTurn({ kind: 'barge_in', heardMs: cut?.heardMs ?? 0 });
  }

  private cancelNoInput(): void {
    if (this.noInputTimer !== undefined) this.options.scheduler.clearTimeout(this.noInputTimer);
    this.noInputTimer = undefined;
  }

  /** The reused frame buffer, `samples` long. */
  private frameOf(samples: number): Int16Array {
    if (this.frame.length !== samples) this.frame = new Int16Array(samples);
    return this.frame;
  }
}
