import { LOCALES, type Locale } from '../domain/locale.js';
import { PROHIBITED_PHRASE_RULES, type ProhibitedCategory, type ProhibitedPhraseRule } from './prohibited-phrase-rules.js';

/** One prohibited phrase found in a text. */
export interface ProhibitedPhraseFinding {
  /** The id of the rule that matched, such as `en.arrest` or `zh.insult`. */
  readonly ruleId: string;
  readonly category: ProhibitedCategory;
  /** The matched phrase, as normalised (lower case; Chinese without spaces). */
  readonly match: string;
}

/** Global copies of each table's patterns, built once, for matchAll. */
const GLOBAL_RULES: ReadonlyMap<Locale, readonly (readonly [ProhibitedPhraseRule, RegExp])[]> = new Map(
  LOCALES.map((locale) => [
    locale,
    PROHIBITED_PHRASE_RULES[locale].map((rule) => [rule, new RegExp(rule.pattern.source, rule.pattern.flags.replace('g', '') + 'g')] as const),
  ]),
);

/**
 * Folds the ways one phrase can be written into one form: full-width letters (NFKC), case, curly
 * apostrophes and runs of spaces; Chinese also loses every space, since 坐 牢 is still 坐牢.
 */
function normalise(text: string, locale: Locale): string {
  const folded = text.normalize('NFKC').toLowerCase().replace(/[\u2018\u2019\u02bc`´]/g, "'");
  return locale === 'zh-CN' ? folded.replace(/\s+/g, '') : folded.replace(/\s+/g, ' ');
}

/**
 * Finds threats, false legal claims, impersonation of authorities, insults, threats to tell third
 * parties and pushes toward new loans (compliance spec US-P1, CN-P1, CN-D1, §6 veto items), using
 * the rule table of `locale`. Returns every match, in rule order; an empty list means none.
 * @example findProhibitedPhrases('你再不还就等着坐牢吧', 'zh-CN') // [{ ruleId: 'zh.arrest', category: 'arrest_threat', match: '坐牢' }]
 */
export function findProhibitedPhrases(text: string, locale: Locale): ProhibitedPhraseFinding[] {
  const normalised = normalise(text, locale);
  const findings: ProhibitedPhraseFinding[] = [];
  for (const [rule, pattern] of GLOBAL_RULES.get(locale) ?? []) {
    for (const match of normalised.matchAll(pattern)) {
      findings.push({ ruleId: rule.id, category: rule.category, match: match[0] });
    }
  }
  return findings;
}
