import type { Disposition } from '../domain/dispositions.js';
import type { Locale } from '../domain/locale.js';
import type { CallRecord } from '../store/call-record.js';
import { callFacts, type InspectionContext } from './call-facts.js';
import type { FindingLocation } from './check.js';
import type { QaRuleKind, QaRuleSet } from './rules.js';

/** What one rule found in one call it applies to. */
export interface QaFinding {
  readonly ruleId: string;
  readonly kind: QaRuleKind;
  readonly passed: boolean;
  /** Weighted rules: the rule's weight. */
  readonly weight?: number;
  /** What was found and where, for people. */
  readonly detail: string;
  /** Where in the record (entry index, time, prompt): empty when the finding is about the call as a whole. */
  readonly at: readonly FindingLocation[];
}

/** A rule that had nothing to judge in the call, and why; it is left out of the score. */
export interface QaNotApplicable {
  readonly ruleId: string;
  readonly kind: QaRuleKind;
  readonly detail: string;
}

/** The quality inspection of one call. */
export interface CallInspection {
  readonly callId: string;
  readonly debtorId: string;
  readonly flow: string;
  readonly locale: Locale;
  readonly startedAtMs: number;
  readonly disposition?: Disposition;
  /** 0–100: the weight of the weighted rules passed over the weight of those that apply; 0 when a veto failed. */
  readonly score: number;
  readonly vetoed: boolean;
  readonly findings: readonly QaFinding[];
  readonly notApplicable: readonly QaNotApplicable[];
}

/**
 * Inspects one finished call against a rule set: every veto rule must pass, or the call is vetoed
 * and scores 0; otherwise its score is the share of the weight of the weighted rules that apply
 * which it passed (100 when none applies). A rule that does not apply to the call (no promise, say)
 * is listed as such and counts neither way. Pure: the record, the rules and the context are all
 * it reads.
 */
export function inspectCall(record: CallRecord, rules: QaRuleSet, context: InspectionContext): CallInspection {
  const facts = callFacts(record, context);
  const findings: QaFinding[] = [];
  const notApplicable: QaNotApplicable[] = [];
  for (const rule of rules.rules) {
    const result = rule.evaluate(facts);
    if (!result.applicable) {
      notApplicable.push({ ruleId: rule.id, kind: rule.kind, detail: result.detail });
      continue;
    }
    findings.push({
      ruleId: rule.id,
      kind: rule.kind,
      passed: result.passed,
      ...(rule.kind === 'weighted' && rule.weight !== undefined ? { weight: rule.weight } : {}),
      detail: result.detail,
      at: result.at ?? [],
    });
  }
  const vetoed = findings.some((finding) => finding.kind === 'veto' && !finding.passed);
  const weighted = findings.filter((finding) => finding.kind === 'weighted');
  const total = weighted.reduce((sum, finding) => sum + (finding.weight ?? 0), 0);
  const earned = weighted.filter((finding) => finding.passed).reduce((sum, finding) => sum + (finding.weight ?? 0), 0);
  const score = vetoed ? 0 : total === 0 ? 100 : Math.round((100 * earned) / total);
  const disposition = record.outcome?.disposition ?? record.disposition;
  return {
    callId: record.callId,
    debtorId: record.debtorId,
    flow: record.flow,
    locale: record.locale,
    startedAtMs: record.startedAtMs,
    ...(disposition !== undefined ? { disposition } : {}),
    score,
    vetoed,
    findings,
    notApplicable,
  };
}
