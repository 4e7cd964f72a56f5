import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../src/domain/locale.js';
import { formatInspection, inspectCall, loadQaRules, mergeQaRules, parseQaRulesFile } from '../../src/qa/index.js';
import { endPromiseCall, promiseCall, RecordBuilder, WORDS } from './record-builder.js';

const rules = loadQaRules();

describe.each(LOCALES)('inspecting a %s call', (locale) => {
  it('scores a lawful promise-to-pay call 100, leaving the rules that do not apply out', () => {
    const builder = promiseCall(locale);
    const inspection = inspectCall(endPromiseCall(builder), rules, builder.context);
    expect(inspection).toMatchObject({ callId: `hand-built-${locale}`, debtorId: builder.debtor.id, locale, disposition: 'PTP', score: 100, vetoed: false });
    expect(inspection.findings.every((finding) => finding.passed)).toBe(true);
    expect(inspection.notApplicable.map((item) => item.ruleId).sort()).toEqual(['score.hardship_empathy', 'score.intent_handling']);
    expect(inspection.findings.find((finding) => finding.ruleId === 'score.amounts_correct')).toMatchObject({ kind: 'weighted', weight: 20, passed: true });
  });

  it('scores 0 and vetoes a call that fails a veto item, whatever its weighted items', () => {
    const builder = promiseCall(locale, locale === 'en-US' ? '2026-03-12T03:00:00Z' : '2026-03-11T16:00:00Z');
    const inspection = inspectCall(endPromiseCall(builder), rules, builder.context);
    expect(inspection.vetoed).toBe(true);
    expect(inspection.score).toBe(0);
    expect(inspection.findings.filter((finding) => !finding.passed).map((finding) => finding.ruleId)).toEqual(['veto.call_window']);
    const text = formatInspection(inspection);
    expect(text).toContain('VETOED  score 0/100');
    expect(text).toMatch(/✗ veto veto\.call_window: outside 08:00–2[12]:00/);
  });

  it('scores the weight passed over the weight that applies', () => {
    // Verified, then asked to stop: disclosure (20), amounts (20) and intent handling (20) apply with the opening (15).
    const builder = new RecordBuilder(locale).verified().says('askPayment', WORDS[locale]['cease'] ?? '', 'cease_contact').say('cease', 'cease.ack');
    const ended = builder.end('cease', 'CEASE'); // the flag is missing: intent handling fails
    const inspection = inspectCall(ended, rules, builder.context);
    expect(inspection.vetoed).toBe(false);
    expect(inspection.findings.filter((finding) => !finding.passed).map((finding) => finding.ruleId)).toEqual(['score.intent_handling']);
    expect(inspection.score).toBe(Math.round((100 * 55) / 75));
    expect(formatInspection(inspection)).toContain('✗ -20  score.intent_handling: cease_contact at entry 7');
  });

  it('takes a team\'s rules: a new veto, a weight changed', () => {
    const team = parseQaRulesFile({
      rules: [
        { id: 'team.no_mobile_app', kind: 'veto', check: 'prohibited_phrases', params: { builtIn: false, patterns: { 'en-US': ['mobile app'], 'zh-CN': ['官方app'] } }, description: 'name the channel exactly' },
      ],
    }, 'team.json');
    const builder = promiseCall(locale);
    const inspection = inspectCall(endPromiseCall(builder), mergeQaRules(rules, team), builder.context);
    expect(inspection.vetoed).toBe(true);
    expect(inspection.findings.find((finding) => finding.ruleId === 'team.no_mobile_app')?.at[0]?.prompt).toBe('closing.payment_channel');
  });

  it('scores 100 when no weighted item applies, and leaves the account checks out without the debtor', () => {
    const builder = new RecordBuilder(locale).say('opening', 'opening.greeting');
    const inspection = inspectCall(builder.end('opening', 'HUNG_UP'), rules, { scripts: builder.context.scripts });
    expect(inspection.score).toBe(100);
    expect(inspection.notApplicable.map((item) => item.ruleId)).toContain('veto.call_window');
  });
});
