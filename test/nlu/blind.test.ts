import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/domain/locale.js';
import { evaluate, loadSet, printReport } from './labeled-evaluation.js';

/**
 * Utterances written from the intents spec alone, by a writer who never saw the rules. They hold
 * the product's standard for reading debtors: at least 95 % of intents and 92 % of amounts and
 * dates right, 98 % of the safety readings, and every caller in distress.
 */
const TARGETS = { intent: 0.95, entity: 0.92, safety: 0.98 } as const;

describe.each<Locale>(['en-US', 'zh-CN'])('spec-written set %s', (locale) => {
  const lines = loadSet('blind', locale);

  it('reads intents, entities and safety to the standard, and every caller in distress', () => {
    const report = evaluate(locale, lines);
    printReport(`NLU spec-written set ${locale}`, lines.length, report);
    expect(lines.length).toBeGreaterThanOrEqual(200);
    expect(report.intentAccuracy).toBeGreaterThanOrEqual(TARGETS.intent);
    expect(report.entityAccuracy).toBeGreaterThanOrEqual(TARGETS.entity);
    expect(report.safety.caught / report.safety.total).toBeGreaterThanOrEqual(TARGETS.safety);
    const distress = report.perIntent.get('distress');
    expect(distress?.total ?? 0).toBeGreaterThanOrEqual(30);
    expect(distress?.correct).toBe(distress?.total);
  }, 60_000);
});
