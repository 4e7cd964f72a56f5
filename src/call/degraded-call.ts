import { isDunbotError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { CallStages } from './call-stages.js';
import type { VoiceMetrics } from './voice-metrics.js';

/** What the runtime says when the caller can no longer be heard, then takes keys instead. */
export const KEYPAD_ONLY_PROMPT = 'system.keypad_only';
/** What the runtime says, from cached audio, before it ends a call it cannot go on with. */
export const TECHNICAL_PROBLEM_PROMPT = 'system.technical_problem';

export interface DegradedCallOptions {
  readonly logger: Logger;
  readonly metrics: VoiceMetrics;
  /** Ends the call from outside the flow (recorded `SYSTEM_FAILURE` with this note). */
  readonly endCall: (noteCode: string, message: string) => void;
}

/**
 * What a failure between the stages means for the caller, decided in one place: no recognizer
 * means keys (the caller is told so, then how to answer each question by keys: `KeypadMode`); a prompt that cannot be synthesized means the apology
 * synthesized at start, then the end of the call; a mark never echoed is taken as heard, noted
 * once. Never a silent gap where a question or a disclosure should be.
 */
export class DegradedCall {
  private readonly options: DegradedCallOptions;
  private stages: CallStages | undefined;
  /** A prompt could not be synthesized: the caller is told, and the call ends once that is heard. */
  private synthesisFailed = false;
  /** The prompt whose synthesis failed before the stages existed. */
  private earlySynthesisFailure: string | undefined;
  private markTimeoutNoted = false;

  constructor(options: DegradedCallOptions) {
    this.options = options;
  }

  /** True once the call is only saying why it must end: the caller's answers can lead nowhere. */
  get ending(): boolean {
    return this.synthesisFailed;
  }

  /** The stages are built and the greeting is queued: failures that came meanwhile are handled now. */
  started(stages: CallStages, locale: string): void {
    this.stages = stages;
    if (this.earlySynthesisFailure !== undefined) this.synthesisFailedFor(this.earlySynthesisFailure);
    if (!stages.turnTaking.hearsSpeech && !this.synthesisFailed) {
      this.options.logger.warn('no speech recognition for this locale; keypad input only');
      stages.session.recordNote('DUN_NOTE_NO_ASR', `no speech recognizer is configured for ${locale}; the call runs on keypad input (DTMF) only`);
      stages.session.sayAside(KEYPAD_ONLY_PROMPT);
      stages.keypad.enable();
    }
  }

  /** The recognizer failed: the rest of the call runs on keys, and the caller is told so. */
  recognizerFailed(): void {
    const stages = this.stages;
    if (stages === undefined || stages.session.ended) return;
    stages.turnTaking.dropSpeech();
    this.options.logger.warn('speech recognition failed: the call continues on keypad input');
    stages.session.recordNote('DUN_NOTE_ASR_FAILED', 'speech recognition failed; the call continues on keypad input (DTMF)');
    stages.session.sayAside(KEYPAD_ONLY_PROMPT);
    stages.keypad.enable();
  }

  /**
   * A prompt could not be synthesized. What was queued is dropped, the caller hears the apology,
   * and the call ends once it has been heard (see `playbackIdle`). If even that fails, at once.
   */
  synthesisFailedWith(error: unknown, promptId: string): void {
    this.options.metrics.ttsError();
    this.options.logger.error('speech synthesis failed', { code: isDunbotError(error) ? error.code : 'unknown', prompt: promptId });
    // The greeting failed while the call's record was being opened: handled once the stages exist.
    if (this.stages === undefined) this.earlySynthesisFailure = promptId;
    else this.synthesisFailedFor(promptId);
  }

  /** Everything queued has been heard: true when that was the apology, and the call has been ended. */
  playbackIdle(): boolean {
    if (!this.synthesisFailed) return false;
    this.options.endCall('DUN_NOTE_TTS_FAILED', 'speech synthesis failed; the caller was told of a technical problem and the call was ended');
    return true;
  }

  /** A mark was never echoed and its prompt taken as heard: noted once per call. */
  markTimedOut(promptId: string | undefined): void {
    if (promptId === undefined || this.markTimeoutNoted) return;
    this.markTimeoutNoted = true;
    this.stages?.session.recordNote('DUN_NOTE_MARK_TIMEOUT', `the provider never confirmed playback of ${promptId}; it was taken as heard`);
  }

  private synthesisFailedFor(promptId: string): void {
    const stages = this.stages;
    // The flow is over: the call ends as it decided, only this last prompt is lost.
    if (stages === undefined || stages.session.ended) return;
    if (this.synthesisFailed || promptId === TECHNICAL_PROBLEM_PROMPT) {
      this.options.endCall('DUN_NOTE_TTS_FAILED', 'speech synthesis failed, including the apology; the call was ended');
      return;
    }
    this.synthesisFailed = true;
    stages.turnTaking.stop();
    stages.keypad.stop();
    stages.playback.stop();
    stages.session.sayAside(TECHNICAL_PROBLEM_PROMPT);
  }
}
