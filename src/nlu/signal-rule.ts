import type { Signal } from './intents.js';

/** One pattern that marks an utterance with a signal. */
export interface SignalRule {
  readonly signal: Signal;
  /** Tested on the normalized, entity-tagged text. */
  readonly pattern: RegExp;
  /** Tested on the raw text instead (for question marks and one-word replies the normalizer would change). */
  readonly onRaw?: boolean;
}

/** Builds a SignalRule. */
export function defineSignal(signal: Signal, pattern: RegExp, options: { readonly onRaw?: boolean } = {}): SignalRule {
  return { signal, pattern, ...(options.onRaw === true ? { onRaw: true } : {}) };
}

/** The signals whose rules match, each once, in the order of `SIGNALS`' first match. */
export function detectSignals(rules: readonly SignalRule[], tagged: string, raw: string): Signal[] {
  const found: Signal[] = [];
  const rawText = raw.trim().toLowerCase();
  for (const rule of rules) {
    if (found.includes(rule.signal)) continue;
    if (rule.pattern.test(rule.onRaw === true ? rawText : tagged)) found.push(rule.signal);
  }
  return found;
}
