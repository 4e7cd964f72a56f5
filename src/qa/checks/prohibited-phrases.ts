import { z } from 'zod';
import { findProhibitedPhrases } from '../../compliance/prohibited-phrases.js';
import { describeLocation } from '../call-facts.js';
import { defineCheck, judged, notApplicable, type FindingLocation } from '../check.js';
import { compilePattern, normaliseForPatterns, patternSource, perLocale } from './params.js';

/**
 * Veto: nothing the bot said holds a prohibited phrase — the product's own rules
 * (`src/compliance/prohibited-phrase-rules.ts`: threats of arrest, posing as police, court or
 * lawyer, insults, threats to tell third parties, false legal claims, violence, new loans), plus
 * the patterns a QA team adds per locale. The library is checked when it loads and every line
 * again before it is said; this reads what was said, generated answers included, after the fact.
 */
export const prohibitedPhrases = defineCheck(
  'prohibited_phrases',
  'nothing the bot said holds a prohibited phrase (the product\'s rules, plus `params.patterns`)',
  z.strictObject({
    /** The product's own rules; false leaves only `patterns`. */
    builtIn: z.boolean().default(true),
    /** Extra regular expressions per locale, matched against the normalised line. */
    patterns: perLocale(z.array(patternSource)).default({}),
  }),
  (call, params) => {
    if (call.lines.length === 0) return notApplicable('the bot said nothing');
    const extra = (params.patterns[call.locale] ?? []).map(compilePattern);
    const found: string[] = [];
    const at: FindingLocation[] = [];
    for (const line of call.lines) {
      const matches = params.builtIn ? findProhibitedPhrases(line.text, call.locale).map((finding) => `${finding.ruleId} "${finding.match}"`) : [];
      const normalised = normaliseForPatterns(line.text, call.locale);
      for (const pattern of extra) {
        const match = pattern.exec(normalised);
        if (match !== null) matches.push(`pattern /${pattern.source}/ "${match[0]}"`);
      }
      if (matches.length === 0) continue;
      const location = call.at(line.entry);
      at.push(location);
      found.push(`${matches.join(', ')} at ${describeLocation(location)}${line.generated ? ' (generated)' : ''}`);
    }
    if (found.length === 0) return judged(true, `no prohibited phrase in ${call.lines.length} line(s)`);
    return judged(false, `prohibited phrase said: ${found.join('; ')}`, at);
  },
);
