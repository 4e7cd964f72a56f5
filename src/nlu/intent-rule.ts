import type { Intent } from './intents.js';
import { mayMatch, requiredLiterals, topLevelBranches, type LiteralFilter } from './literal-prefilter.js';

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
  /**
   * How the rule is tested, see `ruleMatches`: the whole pattern, or (for a non-negatable rule) each
   * of its top-level alternatives on its own, each with the literals a text needs to match it.
   */
  readonly parts: readonly RulePart[];
}

/** A regex and the literals without which it cannot match (see literal-prefilter). */
export interface RulePart {
  readonly pattern: RegExp;
  readonly filter: LiteralFilter;
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
  const global = new RegExp(pattern.source, flags);
  const negatable = options.negatable ?? false;
  // Why split and filter: V8 drops compiled regex code during GC when it has not run lately, so
  // each utterance recompiled every pattern (70–90 ms). A regex that is skipped is never compiled.
  const sources = negatable ? [pattern.source] : topLevelBranches(pattern.source);
  const parts = sources.map((source) => {
    // Only a negatable rule walks its matches (matchAll needs 'g'); the others just test.
    const part = negatable ? global : new RegExp(source, pattern.flags.replace('g', ''));
    return { pattern: part, filter: requiredLiterals(part) };
  });
  return {
    intent,
    pattern: global,
    parts,
    weight,
    negatable,
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

/** True when the rule matches the clause somewhere, not right after a negator if it is negatable. */
function ruleMatches(rule: IntentRule, ruleSet: RuleSet, text: string): boolean {
  for (const part of rule.parts) {
    if (!mayMatch(text, part.filter)) continue;
    if (!rule.negatable) {
      if (part.pattern.test(text)) return true;
      continue;
    }
    for (const match of text.matchAll(part.pattern)) {
      if (!ruleSet.isNegated(text.slice(0, match.index ?? 0))) return true;
    }
  }
  return false;
}

/** Scores every intent whose rules match: the best weight per intent, plus a little per extra matching rule. */
export function scoreIntents(ruleSet: RuleSet, clauses: readonly Clause[], whole: string): Map<Intent, number> {
  const best = new Map<Intent, number>();
  const hits = new Map<Intent, number>();
  for (const clause of clauses) {
    for (const rule of ruleSet.rules) {
      if (rule.statementOnly && clause.question) continue;
      if (!ruleMatches(rule, ruleSet, clause.text)) continue;
      best.set(rule.intent, Math.max(best.get(rule.intent) ?? 0, rule.weight));
      hits.set(rule.intent, (hits.get(rule.intent) ?? 0) + 1);
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
