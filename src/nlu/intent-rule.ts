import type { Intent } from './intents.js';

/** One pattern that signals an intent, with how strongly (0–1) it does. */
export interface IntentRule {
  readonly intent: Intent;
  /** Global regex over normalized, entity-tagged text; compiled once at module load. */
  readonly pattern: RegExp;
  readonly weight: number;
  /** Dropped when a negator ("not", 不, 没) stands right before the match. */
  readonly negatable: boolean;
  /** Ignored inside a question ("can I pay 100?" asks for a plan, it promises nothing). */
  readonly statementOnly: boolean;
}

/** A pattern that, anywhere in the utterance, rules an intent out (e.g. "$100 a month" is no single promise). */
export interface IntentVeto {
  readonly intent: Intent;
  readonly pattern: RegExp;
}

/** Options of `defineRule`. */
export interface RuleOptions {
  readonly negatable?: boolean;
  readonly statementOnly?: boolean;
}

/** Builds an IntentRule, adding the global flag the matcher needs. */
export function defineRule(intent: Intent, weight: number, pattern: RegExp, options: RuleOptions = {}): IntentRule {
  const flags = pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g';
  return {
    intent,
    pattern: new RegExp(pattern.source, flags),
    weight,
    negatable: options.negatable ?? false,
    statementOnly: options.statementOnly ?? false,
  };
}

/** A stretch of the utterance between pauses, and whether it is asked rather than stated. */
export interface Clause {
  readonly text: string;
  readonly question: boolean;
}

/** Everything the matcher needs from a locale. */
export interface RuleSet {
  readonly rules: readonly IntentRule[];
  readonly vetoes: readonly IntentVeto[];
  /** True when the text right before a match negates it; `prefix` is the clause up to the match. */
  readonly isNegated: (prefix: string) => boolean;
}

/** Scores every intent whose rules match: the best weight per intent, plus a little per extra matching rule. */
export function scoreIntents(ruleSet: RuleSet, clauses: readonly Clause[], whole: string): Map<Intent, number> {
  const best = new Map<Intent, number>();
  const hits = new Map<Intent, number>();
  for (const clause of clauses) {
    for (const rule of ruleSet.rules) {
      if (rule.statementOnly && clause.question) continue;
      for (const match of clause.text.matchAll(rule.pattern)) {
        if (rule.negatable && ruleSet.isNegated(clause.text.slice(0, match.index ?? 0))) continue;
        best.set(rule.intent, Math.max(best.get(rule.intent) ?? 0, rule.weight));
        hits.set(rule.intent, (hits.get(rule.intent) ?? 0) + 1);
        break;
      }
    }
  }
  for (const veto of ruleSet.vetoes) {
    if (best.has(veto.intent) && veto.pattern.test(whole)) best.delete(veto.intent);
  }
  const scores = new Map<Intent, number>();
  for (const [intent, weight] of best) {
    const extra = Math.min(0.06, 0.03 * ((hits.get(intent) ?? 1) - 1));
    scores.set(intent, Math.min(0.99, weight + extra));
  }
  return scores;
}
