import type { VoiceCues } from '../escalation/emotion.js';
import type { InputInstants } from './turn-timing.js';

/**
 * One thing the debtor's side of a call does, as a channel (terminal, telephony) reports it. Speech
 * may carry what the voice path measured of it (`voice`), which the call reads emotion from. A turn
 * the voice path timed carries `heard`: when the caller's last input, the decision that they were
 * done and the transcript happened on the call's clock, the first instants of the turn's timing
 * (without it, all three are when the call takes the turn, as for a typed line).
 */
export type DebtorTurn =
  | { readonly kind: 'text'; readonly text: string; readonly input?: 'text' | 'speech'; readonly voice?: VoiceCues; readonly heard?: InputInstants }
  | { readonly kind: 'dtmf'; readonly digit: string; readonly heard?: InputInstants }
  /** Digits keyed and ended with `#` at a question that takes an amount or a date (see KeypadMode). */
  | { readonly kind: 'keyed'; readonly digits: string; readonly heard?: InputInstants }
  | { readonly kind: 'silence'; readonly heard?: InputInstants }
  | { readonly kind: 'barge_in'; readonly heardMs?: number }
  | { readonly kind: 'hang_up' }
  | { readonly kind: 'voicemail' };

/** Longest keyed entry a turn may carry; the question decides how many of them it reads. */
export const MAX_KEYED_DIGITS = 16;

/** Valid DTMF digits. */
export const DTMF_DIGIT = /^[0-9*#A-D]$/;
