import { z } from 'zod';
import { describeLocation, type BotLineFact } from '../call-facts.js';
import { defineCheck, judged, notApplicable } from '../check.js';
import { compilePattern, normaliseForPatterns, patternSource, perLocale, promptMatches, promptPattern } from './params.js';

const disclosureSchema = z.strictObject({
  /** What is disclosed, for the finding: `ai`, `recording`… */
  name: z.string().min(1),
  /** The prompts that carry it. */
  prompts: z.array(promptPattern).min(1),
  /** Words that must be in the line as said, per locale: the scripts library may be edited, the disclosure must stay. */
  patterns: perLocale(patternSource).default({}),
});

/**
 * Veto: the opening says that the caller is an AI voice and that the call is recorded, before the
 * debtor's first answer, heard whole. In the shipped scripts library both are in
 * `opening.greeting` ("an automated AI assistant … This call is being recorded", 智能语音助手 …
 * 本次通话将被录音), a prompt a barge-in cannot cut (docs/compliance.md, "Opening").
 */
export const openingDisclosures = defineCheck(
  'opening_disclosures',
  'each mandatory disclosure (by default the AI voice and the recording) is said before the debtor\'s first turn, and not cut off',
  z.strictObject({
    disclosures: z.array(disclosureSchema).min(1).default([
      { name: 'ai', prompts: ['opening.greeting'], patterns: { 'en-US': '\\b(?:ai|artificial intelligence|automated|virtual assistant)\\b', 'zh-CN': '智能|人工智能|机器人|\\bai\\b' } },
      { name: 'recording', prompts: ['opening.greeting'], patterns: { 'en-US': '\\brecord(?:ed|ing)?\\b', 'zh-CN': '录音' } },
    ]),
  }),
  (call, params) => {
    if (call.lines.length === 0) return notApplicable('the bot said nothing');
    const firstTurn = call.turns[0]?.entry ?? Number.POSITIVE_INFINITY;
    const opening = call.lines.filter((line) => line.entry < firstTurn);
    const missing: string[] = [];
    const said: string[] = [];
    for (const disclosure of params.disclosures) {
      const pattern = disclosure.patterns[call.locale];
      const carries = (line: BotLineFact): boolean =>
        promptMatches(line.prompt, disclosure.prompts) && (pattern === undefined || compilePattern(pattern).test(normaliseForPatterns(line.text, call.locale)));
      const line = opening.find(carries);
      if (line === undefined) {
        const later = call.lines.find(carries);
        missing.push(later === undefined ? `${disclosure.name}: never said` : `${disclosure.name}: first said at ${describeLocation(call.at(later.entry))}, after the debtor's first turn`);
      } else if (line.cut !== undefined && line.cut.heardMs < line.cut.durationMs) {
        missing.push(`${disclosure.name}: ${line.prompt} cut by a barge-in after ${line.cut.heardMs} of ${line.cut.durationMs} ms`);
      } else {
        said.push(`${disclosure.name} (${line.prompt})`);
      }
    }
    if (missing.length === 0) return judged(true, `disclosed at the opening: ${said.join(', ')}`);
    return judged(false, `missing at the opening: ${missing.join('; ')}`, opening.length > 0 ? [call.at(opening[0]?.entry ?? 0)] : []);
  },
);
