import type { Locale } from '../domain/locale.js';
import type { QuestionExpectations } from '../flow/index.js';

/**
 * What a good listener knows when the debtor speaks: the language, the time (to resolve "next
 * Friday"), what the question just asked expects, the debtor's names and what the bot said last.
 */
export interface TurnContext {
  readonly locale: Locale;
  /** The call clock's now, in ms since the epoch. */
  readonly nowMs: number;
  /** The debtor's IANA time zone, e.g. "America/New_York" or "Asia/Shanghai". */
  readonly timeZone: string;
  /** The intents and slots of the question the flow is waiting at (empty lists elsewhere). */
  readonly expected: QuestionExpectations;
  /** The forms of the debtor's name ("John Smith", "John", "张伟", "张先生"), to recognize the name in an answer. */
  readonly debtorNames: readonly string[];
  /** What the bot said last: its prompt id and the text as spoken. */
  readonly lastPrompt?: { readonly id: string; readonly text: string };
}
