/** One thing the debtor's side of a call does, as a channel (terminal, telephony) reports it. */
export type DebtorTurn =
  | { readonly kind: 'text'; readonly text: string; readonly input?: 'text' | 'speech' }
  | { readonly kind: 'dtmf'; readonly digit: string }
  | { readonly kind: 'silence' }
  | { readonly kind: 'barge_in'; readonly heardMs?: number }
  | { readonly kind: 'hang_up' }
  | { readonly kind: 'voicemail' };

/** Valid DTMF digits. */
export const DTMF_DIGIT = /^[0-9*#A-D]$/;
