import { KEYED_MAX_DIGITS, type KeypadQuestion } from '../flow/keypad-question.js';
import { isIdentifierSlot } from '../flow/slots.js';
import type { PromptVariables } from '../scripts/scripts-library.js';
import type { Scheduler } from '../time/scheduler.js';
import type { DebtorTurn } from './debtor-turn.js';
import { KeypadEntry, type KeypadEntryResult } from './keypad-entry.js';
import type { TranscriptEntry } from './transcript.js';

/** The amount the amount hint keys as its example ("1 0 0 and the pound key for one hundred dollars"). */
export const KEYPAD_EXAMPLE_AMOUNT = 100;

/** What keypad mode needs of the call session. */
export interface KeypadSession {
  readonly ended: boolean;
  readonly transcript: readonly TranscriptEntry[];
  keypadQuestion(): KeypadQuestion | undefined;
  sayAside(promptId: string, vars?: PromptVariables): void;
}

export interface KeypadModeOptions {
  readonly session: KeypadSession;
  readonly scheduler: Scheduler;
  /** Every turn, once keypad mode has made keys into answers. */
  readonly onTurn: (turn: DebtorTurn) => void;
  readonly interDigitMs?: number;
}

/** One line of a keypad hint: a prompt of `keypad.json` and what it is rendered with. */
export interface KeypadHint {
  readonly promptId: string;
  readonly vars: PromptVariables;
}

const KEY_NAMES = { affirm: 'yes', deny: 'no', request_human: 'person' } as const;

/**
 * What the caller is told at a question when keys are all they have: the keys it answers
 * (`keypad.keys_yes_no_person`, …), then how to key an amount, a day or a partial identifier, if it takes one.
 *
 * @example
 * keypadHints({ keys: [{ digit: '1', intent: 'affirm' }, { digit: '0', intent: 'request_human' }], entry: 'amount', entryIntent: 'promise_to_pay' });
 * // → [{ promptId: 'keypad.keys_yes_person', vars: {} }, { promptId: 'keypad.amount', vars: { amount: 100 } }]
 */
export function keypadHints(question: KeypadQuestion): KeypadHint[] {
  const hints: KeypadHint[] = [];
  if (question.keys.length > 0) hints.push({ promptId: `keypad.keys_${question.keys.map((key) => KEY_NAMES[key.intent]).join('_')}`, vars: {} });
  if (question.entry === 'amount') hints.push({ promptId: 'keypad.amount', vars: { amount: KEYPAD_EXAMPLE_AMOUNT } });
  if (question.entry === 'date') hints.push({ promptId: 'keypad.date', vars: {} });
  // A partial identifier keyed in full: `keypad.id_last4`, `keypad.date_of_birth`, `keypad.postcode`.
  if (question.entry !== undefined && isIdentifierSlot(question.entry)) hints.push({ promptId: `keypad.${question.entry}`, vars: {} });
  return hints;
}

/**
 * A call that can no longer hear the caller's speech, run on keys: after the prompts of each
 * question the caller hears which keys it takes, and at a question that takes an amount or a date
 * the digits they key, ended with `#` (or a pause), become one `keyed` turn. Elsewhere, and until
 * it is enabled, every turn passes through as it came.
 */
export class KeypadMode {
  private readonly options: KeypadModeOptions;
  private enabled = false;
  private entry: KeypadEntry | undefined;
  /** When the last key of the entry being keyed was pressed: its answer is timed from there. */
  private lastKeyAtMs = 0;

  constructor(options: KeypadModeOptions) {
    this.options = options;
  }

  /** True once the call runs on keys. */
  get active(): boolean {
    return this.enabled;
  }

  /** The call runs on keys from now on: the question being asked is explained in keys at once. */
  enable(): void {
    if (this.enabled) return;
    this.enabled = true;
    this.sayHints();
  }

  /** One turn from turn-taking. */
  take(turn: DebtorTurn): void {
    const open = this.entry !== undefined && !this.entry.done;
    if (!this.enabled || turn.kind !== 'dtmf') {
      if (turn.kind === 'hang_up') this.stop();
      // The caller is keying: the pause that ends the entry, not the no-input timer, says they are done.
      if (turn.kind === 'silence' && open) return;
      this.options.onTurn(turn);
      return;
    }
    this.lastKeyAtMs = turn.heard?.lastInputAtMs ?? this.options.scheduler.nowMs();
    if (open) {
      this.entry?.press(turn.digit);
      return;
    }
    const question = this.options.session.keypadQuestion();
    if (question?.entry === undefined) {
      this.options.onTurn(turn);
      return;
    }
    this.entry = new KeypadEntry({
      scheduler: this.options.scheduler,
      maxDigits: KEYED_MAX_DIGITS[question.entry],
      singleKeys: new Set(question.keys.map((key) => key.digit)),
      ...(this.options.interDigitMs !== undefined ? { interDigitMs: this.options.interDigitMs } : {}),
      onEnd: (result) => this.options.onTurn(this.timed(turnOf(result))),
    });
    this.entry.press(turn.digit);
  }

  /**
   * The session has taken a turn: when the bot has just asked a question (its last line is the
   * flow's, not a hint), the keys for it follow.
   */
  afterStep(): void {
    if (!this.enabled || this.options.session.ended) return;
    const last = this.options.session.transcript.at(-1);
    if (last?.speaker !== 'bot' || last.prompt?.startsWith('keypad.') === true) return;
    this.sayHints();
  }

  /** The call is over: an entry being keyed is dropped. */
  stop(): void {
    this.entry?.cancel();
    this.entry = undefined;
  }

  /** An entry's turn, timed from its last key to the `#` or the pause that ended it. */
  private timed(turn: DebtorTurn & { readonly kind: 'keyed' | 'dtmf' | 'silence' }): DebtorTurn {
    const nowMs = this.options.scheduler.nowMs();
    return { ...turn, heard: { lastInputAtMs: this.lastKeyAtMs, endOfInputAtMs: nowMs, transcriptAtMs: nowMs } };
  }

  private sayHints(): void {
    const { session } = this.options;
    const question = session.keypadQuestion();
    if (question === undefined) return;
    for (const hint of keypadHints(question)) session.sayAside(hint.promptId, hint.vars);
  }
}

function turnOf(result: KeypadEntryResult): DebtorTurn & { readonly kind: 'keyed' | 'dtmf' | 'silence' } {
  switch (result.kind) {
    case 'digits':
    case 'too_long':
      // Too many digits still make one turn: the session reads it as not understood, and the question is asked again.
      return { kind: 'keyed', digits: result.digits };
    case 'key':
      return { kind: 'dtmf', digit: result.digit };
    case 'nothing':
      return { kind: 'silence' };
  }
}
