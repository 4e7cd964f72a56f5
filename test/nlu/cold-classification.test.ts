import { describe, expect, it } from 'vitest';
import type { Locale } from '../../src/domain/locale.js';
import { EN_US_RULES } from '../../src/nlu/en-us-intents.js';
import type { IntentRule } from '../../src/nlu/intent-rule.js';
import { mayMatch, requiredLiterals, topLevelBranches } from '../../src/nlu/literal-prefilter.js';
import { normalizeUtterance } from '../../src/nlu/normalize.js';
import { ZH_CN_RULES } from '../../src/nlu/zh-cn-intents.js';
import { loadSet } from './labeled-evaluation.js';

// Why these budgets: V8 compiles a regex on its first run and discards the compiled code during
// garbage collection when the regex has not run recently. In a voice call the NLU classifies an
// utterance every few seconds, so nearly every classification is "cold". When every rule ran on
// every utterance, that meant recompiling ~40 kB of en-US regex source (70–90 ms blocking the event
// loop). Each rule part is now skipped unless the text holds the literals a match needs, so only
// the few parts that may match are compiled. The budgets below keep it that way without timing
// anything: a rule part that always runs, or a giant one, shows up here.

/** Largest single regex source a rule may compile at once (chars). */
const MAX_PART_SOURCE = 1000;
/** Most regex source (chars) the intent rules may run on any one labeled utterance. */
const MAX_SOURCE_RUN_PER_UTTERANCE = 4000;

const TABLES: ReadonlyArray<readonly [Locale, readonly IntentRule[]]> = [
  ['en-US', EN_US_RULES],
  ['zh-CN', ZH_CN_RULES],
];

describe.each(TABLES)('%s intent rules stay cheap to run cold', (locale, rules) => {
  const parts = rules.flatMap((rule) => rule.parts);
  const texts = loadSet('labeled', locale).map((line) => normalizeUtterance(line.text, locale));

  it('gives every rule part a literal pre-check, so none runs on every utterance', () => {
    expect(parts.filter((part) => part.filter.length === 0).map((part) => part.pattern.source)).toEqual([]);
  });

  it(`keeps each rule part under ${MAX_PART_SOURCE} characters of regex source`, () => {
    const tooLong = parts.filter((part) => part.pattern.source.length > MAX_PART_SOURCE);
    expect(tooLong.map((part) => part.pattern.source.slice(0, 80))).toEqual([]);
  });

  it(`runs at most ${MAX_SOURCE_RUN_PER_UTTERANCE} characters of rule source on any labeled line`, () => {
    const worst = Math.max(...texts.map((text) =>
      parts.filter((part) => mayMatch(text, part.filter)).reduce((sum, part) => sum + part.pattern.source.length, 0)));
    expect(worst).toBeLessThanOrEqual(MAX_SOURCE_RUN_PER_UTTERANCE);
  });

  it('never skips a rule part that matches (the pre-check is sound on every labeled line)', () => {
    const unsound: string[] = [];
    for (const text of texts) {
      for (const part of parts) {
        part.pattern.lastIndex = 0;
        if (!mayMatch(text, part.filter) && part.pattern.test(text)) unsound.push(`${text} ~ ${part.pattern.source.slice(0, 60)}`);
        part.pattern.lastIndex = 0;
      }
    }
    expect(unsound).toEqual([]);
  });
});

describe('requiredLiterals', () => {
  it('requires one literal of each branch of an alternation', () => {
    expect(requiredLiterals(/\bfoo\b|\bbar(?:baz)?/)).toEqual([['foo', 'bar']]);
  });

  it('expands small groups into whole phrases and keeps every required piece', () => {
    const filter = requiredLiterals(/\b(?:i|we) (?:will|can) \w+ (?:pay|send)\b/);
    expect(filter).toHaveLength(2);
    expect(filter).toContainEqual(['i can ', 'i will ', 'we can ', 'we will ']);
    expect(filter).toContainEqual([' pay', ' send']);
  });

  it('derives nothing from optional parts, negative lookarounds or case-insensitive patterns', () => {
    expect(requiredLiterals(/(?:foo)?\d+/)).toEqual([]);
    expect(requiredLiterals(/(?!foo)\w+/)).toEqual([]);
    expect(requiredLiterals(/foo/i)).toEqual([]);
  });

  it('uses what a positive lookahead needs', () => {
    expect(requiredLiterals(/^(?=.*\bagent\b)\w+$/)).toEqual([['agent']]);
  });

  it('handles Chinese patterns and character classes', () => {
    expect(requiredLiterals(/[我咱]还[^不没]{0,3}钱/)).toEqual([['我还', '咱还'], ['钱']]);
  });
});

describe('mayMatch', () => {
  it('needs one literal of every set', () => {
    expect(mayMatch('i can pay', [['i can', 'we can'], ['pay']])).toBe(true);
    expect(mayMatch('i can send', [['i can', 'we can'], ['pay']])).toBe(false);
    expect(mayMatch('anything', [])).toBe(true);
  });
});

describe('topLevelBranches', () => {
  it('splits only at top-level bars, not inside groups or classes', () => {
    expect(topLevelBranches('a|b(?:c|d)|[|x]|e\\|f')).toEqual(['a', 'b(?:c|d)', '[|x]', 'e\\|f']);
  });
});
