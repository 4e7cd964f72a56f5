import type { CallInspection } from './inspector.js';

/** What a run of inspections came to. */
export interface InspectionSummary {
  readonly calls: number;
  readonly passed: number;
  readonly vetoed: number;
  /** Mean score of the calls inspected; undefined when there were none. */
  readonly meanScore?: number;
  /** Calls not inspected, and why (an open call has no complete record yet). */
  readonly skipped: readonly { readonly callId: string; readonly reason: string }[];
}

export function summarize(inspections: readonly CallInspection[], skipped: InspectionSummary['skipped']): InspectionSummary {
  const vetoed = inspections.filter((inspection) => inspection.vetoed).length;
  const total = inspections.reduce((sum, inspection) => sum + inspection.score, 0);
  return {
    calls: inspections.length,
    passed: inspections.length - vetoed,
    vetoed,
    ...(inspections.length > 0 ? { meanScore: Math.round((10 * total) / inspections.length) / 10 } : {}),
    skipped,
  };
}

/**
 * One call's inspection for people: the call, its score or veto, then each failed item with what
 * and where, and the items that did not apply by id. Passed items are only counted: a reviewer
 * reads what went wrong.
 */
export function formatInspection(inspection: CallInspection): string {
  const failed = inspection.findings.filter((finding) => !finding.passed);
  const passed = inspection.findings.length - failed.length;
  const lines = [
    `call ${inspection.callId}  debtor ${inspection.debtorId}  flow ${inspection.flow}  ${inspection.locale}  ${inspection.disposition ?? '(open)'}  started ${new Date(inspection.startedAtMs).toISOString()}`,
    `  ${inspection.vetoed ? 'VETOED' : 'passed'}  score ${inspection.score}/100  (${passed} of ${inspection.findings.length} items passed)`,
  ];
  for (const finding of failed) {
    const label = finding.kind === 'veto' ? 'veto' : `-${finding.weight ?? 0}`;
    lines.push(`  ✗ ${label.padEnd(4)} ${finding.ruleId}: ${finding.detail}`);
  }
  if (inspection.notApplicable.length > 0) lines.push(`  not applicable: ${inspection.notApplicable.map((item) => item.ruleId).join(', ')}`);
  return lines.join('\n');
}

export function formatSummary(summary: InspectionSummary): string {
  const lines = [`${summary.calls} call(s) inspected: ${summary.passed} passed, ${summary.vetoed} vetoed${summary.meanScore !== undefined ? `; mean score ${summary.meanScore}` : ''}`];
  for (const skipped of summary.skipped) lines.push(`not inspected: ${skipped.callId}: ${skipped.reason}`);
  return lines.join('\n');
}
