import type { Locale } from '../domain/locale.js';
import type { NluResult } from './intents.js';

/** What the NLU needs besides the text: the call's current instant and the debtor's time zone. */
export interface NluContext {
  /** The current instant (the call clock's now), used to resolve relative dates. */
  readonly now: Date;
  /** IANA time zone of the debtor, e.g. "America/New_York" or "Asia/Shanghai". */
  readonly timeZone: string;
}

/** Turns one debtor utterance into an intent with entities. */
export interface Nlu {
  classify(text: string, locale: Locale, context: NluContext): NluResult;
}
