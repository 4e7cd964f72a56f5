import type { Scheduler, TimerHandle } from '../time/scheduler.js';

/** How long the caller may pause between two keys of one entry before it ends. */
export const INTER_DIGIT_TIMEOUT_MS = 5000;

/** How a keyed entry ended. */
export type KeypadEntryResult =
  /** Digits ended with `#`, or several digits and then a pause. */
  | { readonly kind: 'digits'; readonly digits: string }
  /** One key the question answers on its own (1 yes, say), then a pause; or `#` with nothing before it. */
  | { readonly kind: 'key'; readonly digit: string }
  /** More digits than the entry takes: `digits` holds one more than the limit, so it is read as not understood. */
  | { readonly kind: 'too_long'; readonly digits: string }
  /** A pause with nothing keyed (everything cleared with `*`): the caller said nothing. */
  | { readonly kind: 'nothing' };

export interface KeypadEntryOptions {
  readonly scheduler: Scheduler;
  /** Most digits the entry takes (see KEYED_MAX_DIGITS). */
  readonly maxDigits: number;
  /** Keys the question answers on their own: one of them, then a pause, is that key. */
  readonly singleKeys: ReadonlySet<string>;
  readonly interDigitMs?: number;
  /** Called once, when the entry ends. */
  readonly onEnd: (result: KeypadEntryResult) => void;
}

/**
 * One amount or day being keyed: digits are collected until `#`, or until the caller pauses for
 * `interDigitMs` (on the call's Scheduler). `*` clears what was keyed so far. Keys beyond
 * `maxDigits` are not kept and the entry ends as too long when it ends. A single key the question
 * answers on its own, followed by a pause, is that key, so 1, 2 and 0 still work there.
 */
export class KeypadEntry {
  private readonly options: KeypadEntryOptions;
  private digits = '';
  private overflow = false;
  private timer: TimerHandle | undefined;
  private ended = false;

  constructor(options: KeypadEntryOptions) {
    this.options = options;
  }

  /** True once the entry has ended (its result reported) or been dropped. */
  get done(): boolean {
    return this.ended;
  }

  /** One key. Letters A-D mean nothing in an entry and are ignored. */
  press(digit: string): void {
    if (this.ended) return;
    if (digit === '#') {
      if (this.digits === '' && !this.overflow) this.end({ kind: 'key', digit: '#' });
      else this.end(this.result());
      return;
    }
    if (digit === '*') {
      this.digits = '';
      this.overflow = false;
    } else if (/^[0-9]$/.test(digit)) {
      if (this.digits.length < this.options.maxDigits) this.digits += digit;
      else if (!this.overflow) {
        this.overflow = true;
        this.digits += digit;
      }
    }
    this.restartTimer();
  }

  /** Drops the entry without a result (the call is over). */
  cancel(): void {
    this.ended = true;
    this.clearTimer();
  }

  private onPause(): void {
    this.timer = undefined;
    if (this.digits === '' && !this.overflow) this.end({ kind: 'nothing' });
    else if (!this.overflow && this.digits.length === 1 && this.options.singleKeys.has(this.digits)) this.end({ kind: 'key', digit: this.digits });
    else this.end(this.result());
  }

  private result(): KeypadEntryResult {
    return this.overflow ? { kind: 'too_long', digits: this.digits } : { kind: 'digits', digits: this.digits };
  }

  private end(result: KeypadEntryResult): void {
    this.ended = true;
    this.clearTimer();
    this.options.onEnd(result);
  }

  private restartTimer(): void {
    this.clearTimer();
    this.timer = this.options.scheduler.setTimeout(() => this.onPause(), this.options.interDigitMs ?? INTER_DIGIT_TIMEOUT_MS);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.options.scheduler.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
