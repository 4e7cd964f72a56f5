import type { PcmAudio } from '../../audio/audio-format.js';
import type { Locale } from '../../domain/locale.js';

/** What to say, in which locale and (optionally) which voice. */
export interface TtsRequest {
  readonly text: string;
  readonly locale: Locale;
  readonly voice?: string;
}

/** A speech synthesizer. */
export interface TtsProvider {
  readonly name: string;
  /** The voice used for a locale when a request names none (part of the cache key). */
  defaultVoice(locale: Locale): string;
  /**
   * The speech for `request`. The samples are read-only: a provider may hand the same audio to
   * every call that says the same prompt (CachedTts does), and callers may memoize work on it.
   */
  synthesize(request: TtsRequest): Promise<PcmAudio>;
}
