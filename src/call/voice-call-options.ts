/** Turn-taking settings of a voice call. */
export interface VoiceCallOptions {
  /** Silence after the bot finished speaking before the flow hears `user.silent`. */
  readonly noInputMs: number;
  /** Longest call; then the call is ended and recorded. */
  readonly maxCallMs: number;
  /** Audio kept from before speech onset, so the first syllable reaches the recognizer. */
  readonly preRollMs: number;
  /** Longest utterance: continuous sound (a TV, wind) is cut here and handed to the recognizer. */
  readonly maxUtteranceMs: number;
  /**
   * Outbound 20 ms frames sent together: the provider then holds at most this many frames of the
   * bot's audio ahead of the caller's ear. A barge-in clears that buffer and heard time is counted
   * from the clock, not from what was sent, so 10 (200 ms) costs nothing audible and divides the
   * socket writes of speech by ten: on a loaded server those writes are the largest single cost
   * of a call after the inbound audio.
   */
  readonly framesPerSend: number;
  /**
   * Whether the caller's audio is searched for key tones: `auto` only when the provider does not
   * report key presses itself (its serializer's `reportsKeys`), `always`, or `never` (for lines
   * where music or speech sets off false keys).
   */
  readonly inBandDtmf: InBandDtmf;
  /** How long an utterance's mark may go unechoed before it is taken as heard (and noted in the record). */
  readonly markEchoTimeoutMs: number;
}

/** The settings of in-band DTMF detection; see VoiceCallOptions.inBandDtmf. */
export const IN_BAND_DTMF_SETTINGS = ['auto', 'always', 'never'] as const;
export type InBandDtmf = (typeof IN_BAND_DTMF_SETTINGS)[number];

/** True when a call whose provider does (or does not) report keys should look for them in its audio. */
export function searchesAudioForKeys(setting: InBandDtmf, providerReportsKeys: boolean): boolean {
  return setting === 'always' || (setting === 'auto' && !providerReportsKeys);
}

/**
 * Defaults: 6 s of silence is no input; 15 minutes is the longest call; bursts of 200 ms of audio;
 * key tones looked for only when the provider does not report keys.
 */
export const DEFAULT_VOICE_CALL_OPTIONS: VoiceCallOptions = { noInputMs: 6000, maxCallMs: 15 * 60_000, preRollMs: 300, maxUtteranceMs: 15_000, framesPerSend: 10, inBandDtmf: 'auto', markEchoTimeoutMs: 5000 };
