import type { VoiceCues } from '../escalation/emotion.js';

/**
 * One thing the debtor's side of a call does, as a channel (terminal, telephony) reports it. Speech
 * may carry what the voice path measured of it (`voice`), which the call reads emotion from.
 */
export type DebtorTurn =
  | { readonly kind: 'text'; readonly text: string; readonly input?: 'text' | 'speech'; readonly voice?: VoiceCues }
  | { readonly kind: 'dtmf'; readonly digit: string }
  /** Digits keyed and ended with `#` at a question that takes an amount or a date (see KeypadMode). */
  | { readonly kind: 'keyed'; readonly digits: string }
  | { readonly kind: 'silence' }
  | { readonly kind: 'barge_in'; readonly heardMs?: number }
  | { readonly kind: 'hang_up' }
  | { readonly kind: 'voicemail' };

/** Longest keyed entry a turn may carry; the question decides how many of them it reads. */
export const MAX_KEYED_DIGITS = 16;

/** Valid DTMF digits. */
export const DTMF_DIGIT = /^[0-9*#A-D]$/;
