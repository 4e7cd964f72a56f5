import type { Locale } from '../../domain/locale.js';
import type { Intent, PartialIdentifier } from '../../nlu/intents.js';

/** What the recognizer should expect at this point of the call (from the question state's meta). */
export interface AsrHints {
  readonly expectedIntents: readonly Intent[];
  /** Extra phrases worth boosting (names, amounts in words). */
  readonly phrases?: readonly string[];
  /** The debtor's name as it may be said: whole and in parts ("John Smith", "John", "Smith"). */
  readonly debtorNames?: readonly string[];
  /**
   * The entities the question asks for; a recognizer listens for amounts, calendar dates and
   * partial identifiers (digits read out, a date of birth) only where asked.
   */
  readonly slots?: readonly ('amount' | 'date' | PartialIdentifier['kind'])[];
  /** The amounts the debtor may offer, in the currency's main unit: the policy's smallest first payment to the balance. */
  readonly amountRange?: { readonly min: number; readonly max: number };
}

/** A recognition result; partial results may change, a final one will not. */
export interface AsrResult {
  readonly text: string;
  readonly isFinal: boolean;
  /** In [0, 1]. */
  readonly confidence: number;
}

/** One streaming recognition, fed 16-bit PCM at the sample rate it was opened with. */
export interface AsrStream {
  write(samples: Int16Array): void;
  /** No more audio for this utterance: the recognizer delivers its final result. */
  finish(): Promise<void>;
  /** Abandons the stream without a result. */
  close(): void;
}

/** Where results and errors of a stream go. */
export interface AsrListener {
  onResult(result: AsrResult): void;
  onError(error: Error): void;
}

/** A streaming speech recognizer. */
export interface AsrProvider {
  readonly name: string;
  /** Locales it can recognize; a call in another locale falls back to DTMF and says so. */
  readonly locales: readonly Locale[];
  /** The sample rate it wants audio at. */
  readonly sampleRateHz: number;
  open(options: { readonly locale: Locale; readonly hints: AsrHints }, listener: AsrListener): Promise<AsrStream>;
}
