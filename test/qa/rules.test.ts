import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isDunbotError } from '../../src/errors.js';
import { QA_CHECK_NAMES, defaultQaRulesPath, loadQaRules, mergeQaRules, parseQaRulesFile } from '../../src/qa/index.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** The message of the DUN_ERR_QA_RULES_INVALID `run` throws. */
function rulesError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isDunbotError(error, 'DUN_ERR_QA_RULES_INVALID')) return error.message;
    throw error;
  }
  throw new Error('no error');
}

function rulesFile(content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'dunbot-qa-rules-')), 'rules.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const rule = (fields: Record<string, unknown>): Record<string, unknown> => ({ id: 'team.rule', kind: 'veto', check: 'prohibited_phrases', description: 'a rule', ...fields });

describe('the shipped rules', () => {
  const rules = loadQaRules();

  it('are five veto items and six weighted items whose weights add up to 100, using every check of the vocabulary', () => {
    expect(rules.rules.filter((entry) => entry.kind === 'veto').map((entry) => entry.id)).toEqual([
      'veto.prohibited_phrases', 'veto.debt_detail_unverified', 'veto.call_window', 'veto.opening_disclosures', 'veto.promise_readback',
    ]);
    const weighted = rules.rules.filter((entry) => entry.kind === 'weighted');
    expect(weighted).toHaveLength(6);
    expect(weighted.reduce((sum, entry) => sum + (entry.weight ?? 0), 0)).toBe(100);
    expect([...new Set(rules.rules.map((entry) => entry.check))].sort()).toEqual([...QA_CHECK_NAMES].sort());
    expect(rules.rules.every((entry) => entry.descriptionZh !== undefined && entry.description.length > 0)).toBe(true);
  });

  it('ship with the package', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { files: string[] };
    expect(manifest.files).toContain('qa-rules');
    expect(defaultQaRulesPath()).toBe(join(ROOT, 'qa-rules', 'default.json'));
  });
});

describe('a rules file', () => {
  it('adds rules, replaces a rule by id and disables rules', () => {
    const path = rulesFile({
      rules: [
        rule({ id: 'team.no_slang', params: { builtIn: false, patterns: { 'en-US': ['\\bgonna\\b'] } } }),
        rule({ id: 'score.closing_payment_channel', kind: 'weighted', weight: 40, check: 'closing_payment_channel', description: 'closing, weighed more' }),
      ],
      disable: ['score.hardship_empathy', 'veto.call_window'],
    });
    const rules = loadQaRules(path);
    const ids = rules.rules.map((entry) => entry.id);
    expect(ids).toContain('team.no_slang');
    expect(ids).not.toContain('score.hardship_empathy');
    expect(ids).not.toContain('veto.call_window');
    const closing = rules.rules.find((entry) => entry.id === 'score.closing_payment_channel');
    expect(closing?.weight).toBe(40);
    expect(closing?.source).toBe(path);
    // Replaced in place: the order of the shipped rules is kept.
    expect(ids.indexOf('score.closing_payment_channel')).toBe(ids.indexOf('score.intent_handling') + 1);
    expect(rules.sources).toEqual([defaultQaRulesPath(), path]);
  });

  it('names the rule and the field of every problem, all at once', () => {
    const message = rulesError(() => parseQaRulesFile({
      rules: [
        rule({ id: 'team.unknown_check', check: 'sentiment' }),
        rule({ id: 'team.no_weight', kind: 'weighted' }),
        rule({ id: 'team.veto_weight', weight: 5 }),
        rule({ id: 'team.bad_window', check: 'call_window', params: { windows: { 'en-US': { from: '8am', to: '21:00' } } } }),
        rule({ id: 'team.bad_pattern', params: { patterns: { 'zh-CN': ['(unclosed'] } } }),
        rule({ id: 'team.unknown_param', check: 'opening_complete', params: { prompt: ['opening.greeting'] } }),
        { kind: 'veto', check: 'amounts', description: 'no id' },
      ],
    }, 'team.json'));
    expect(message).toContain('team.json is not a valid rules file');
    expect(message).toContain('rule "team.unknown_check" (rules[0]): check: one of prohibited_phrases');
    expect(message).toContain('rule "team.no_weight" (rules[1]): weight: a weighted rule needs a positive weight');
    expect(message).toContain('rule "team.veto_weight" (rules[2]): weight: a veto rule has no weight');
    expect(message).toContain('rule "team.bad_window" (rules[3]): params.windows.en-US.from: a time of day HH:MM');
    expect(message).toContain('rule "team.bad_pattern" (rules[4]): params.patterns.zh-CN.0: not a valid regular expression');
    expect(message).toMatch(/rule "team.unknown_param" \(rules\[5\]\): params: Unrecognized key.*"prompt"/);
    expect(message).toContain('rules[6]: id:');
  });

  it('refuses two rules with one id, unknown fields, and disabling a rule nobody has', () => {
    expect(rulesError(() => parseQaRulesFile({ rules: [rule({}), rule({})] }, 'twice.json'))).toContain('rule "team.rule" (rules[1]): id: "team.rule" is used by an earlier rule of this file');
    expect(rulesError(() => parseQaRulesFile({ rules: [rule({ severity: 'high' })] }, 'extra.json'))).toMatch(/rule "team.rule" \(rules\[0\]\): \(root\): Unrecognized key.*"severity"/);
    expect(rulesError(() => parseQaRulesFile({ rule: [] }, 'typo.json'))).toMatch(/typo.json is not a valid rules file: \(root\): Unrecognized key.*"rule"/);
    expect(rulesError(() => loadQaRules(rulesFile({ disable: ['score.empathy'] })))).toContain('disable: no rule "score.empathy" to disable');
  });

  it('is refused when it cannot be read or is not JSON', () => {
    expect(rulesError(() => loadQaRules(join(tmpdir(), 'no-such-dunbot-rules.json')))).toContain('cannot read the rules file');
    expect(rulesError(() => loadQaRules(rulesFile('{ "rules": [ }')))).toContain('not JSON');
  });

  it('of the README and docs/qa-rules.md are valid as shown', () => {
    for (const doc of ['README.md', join('docs', 'qa-rules.md')]) {
      const examples = [...readFileSync(join(ROOT, doc), 'utf8').matchAll(/```json\n([\s\S]*?)```/g)].map((match) => match[1] ?? '').filter((block) => block.includes('"rules"'));
      expect(examples.length, doc).toBeGreaterThan(0);
      for (const example of examples) {
        const merged = mergeQaRules(loadQaRules(), parseQaRulesFile(JSON.parse(example), doc));
        expect(merged.rules.map((entry) => entry.id)).not.toContain('score.opening_complete');
        expect(merged.rules.find((entry) => entry.id === 'score.hardship_empathy')?.weight).toBe(25);
      }
    }
  });
});
