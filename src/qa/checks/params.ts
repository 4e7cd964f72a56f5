import { z } from 'zod';
import { LOCALES, type Locale } from '../../domain/locale.js';

/**
 * Parameter shapes the checks share. Every field has a default, so a rule may leave `params` out;
 * a rule that gives one replaces that field's default whole.
 */

/** A regular expression written as a string: it must compile, so a typo fails when the rules load. */
export const patternSource = z.string().min(1).refine((source) => {
  try {
    new RegExp(source, 'iu');
    return true;
  } catch {
    return false;
  }
}, 'not a valid regular expression');

/** A value per locale; each locale may be left out. */
export function perLocale<S extends z.ZodType>(schema: S) {
  return z.strictObject(Object.fromEntries(LOCALES.map((locale) => [locale, schema.optional()])) as Record<Locale, z.ZodOptional<S>>);
}

/**
 * A prompt id, or a family of them: `plan.*` is every prompt of `plan.json`, `*.ask_payment` the
 * key `ask_payment` of any file.
 */
export const promptPattern = z.string().regex(/^(?:\*|[a-z0-9_]+)\.(?:\*|[a-z0-9_]+)$/, 'a prompt id <file>.<key>, either part may be *');

/** True when `prompt` is named by one of `patterns` (see promptPattern). */
export function promptMatches(prompt: string, patterns: readonly string[]): boolean {
  const [file, key] = prompt.split('.', 2);
  return patterns.some((pattern) => {
    const [patternFile, patternKey] = pattern.split('.', 2);
    return (patternFile === '*' || patternFile === file) && (patternKey === '*' || patternKey === key);
  });
}

/**
 * Text as a pattern of a rule is matched against: NFKC (full-width letters folded), lower case,
 * curly apostrophes straightened, runs of spaces as one, and Chinese without spaces at all — the
 * way the product's prohibited-phrase rules read text, so 坐 牢 is still 坐牢.
 */
export function normaliseForPatterns(text: string, locale: Locale): string {
  const folded = text.normalize('NFKC').toLowerCase().replace(/[\u2018\u2019\u02bc`´]/g, "'");
  return locale === 'zh-CN' ? folded.replace(/\s+/g, '') : folded.replace(/\s+/g, ' ');
}

/** Compiles a rule's pattern source, case-insensitive and Unicode-aware. */
export function compilePattern(source: string): RegExp {
  return new RegExp(source, 'iu');
}
