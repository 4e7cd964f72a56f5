import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/domain/locale.js';
import { INTENTS } from '../../src/nlu/index.js';
import { ENTITY_GATE, INTENT_GATE, evaluate, loadSet, printReport } from './labeled-evaluation.js';

describe.each<Locale>(['en-US', 'zh-CN'])('labeled set %s', (locale) => {
  const lines = loadSet('labeled', locale);

  it('has at least 300 lines and every intent at least 8 times', () => {
    expect(lines.length).toBeGreaterThanOrEqual(300);
    for (const intent of INTENTS) {
      expect(lines.filter((l) => l.intent === intent).length, intent).toBeGreaterThanOrEqual(8);
    }
  });

  it('meets the intent and entity accuracy gates', () => {
    const report = evaluate(locale, lines);
    printReport(`NLU accuracy ${locale}`, lines.length, report);
    expect(report.intentAccuracy).toBeGreaterThanOrEqual(INTENT_GATE);
    expect(report.entityAccuracy).toBeGreaterThanOrEqual(ENTITY_GATE);
    // Two thousand lines through every rule: accuracy is asserted here, speed in bench/.
  }, 60_000);
});
