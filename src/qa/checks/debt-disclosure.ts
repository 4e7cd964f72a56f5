import { z } from 'zod';
import { describeLocation } from '../call-facts.js';
import { defineCheck, judged, notApplicable } from '../check.js';
import { promptMatches, promptPattern } from './params.js';

/**
 * Weighted: once the debtor is verified, the disclosures come first — the mini-Miranda (en-US) or
 * the institution notice (zh-CN), then the amount and due date — in that order and before any other
 * debt talk (FDCPA §807(11), Reg F §1006.18(e); 公约 art. 15). Applies only to calls in which the
 * debtor was verified: a call that never got that far has nothing to disclose.
 */
export const debtDisclosure = defineCheck(
  'debt_disclosure',
  'after verification, the disclosure prompts are said in order and before any other debt detail',
  z.strictObject({
    prompts: z.array(promptPattern).min(1).default(['disclosure.collector_notice', 'disclosure.debt']),
  }),
  (call, params) => {
    const verifiedAt = call.verifiedAt;
    if (verifiedAt === undefined) return notApplicable('the debtor was never verified');
    const after = call.lines.filter((line) => line.entry > verifiedAt);
    const problems: string[] = [];
    let previous = -1;
    for (const prompt of params.prompts) {
      const line = after.find((candidate) => promptMatches(candidate.prompt, [prompt]));
      if (line === undefined) {
        problems.push(`${prompt} never said after verification (entry ${verifiedAt})`);
        continue;
      }
      if (line.entry < previous) problems.push(`${prompt} said out of order at ${describeLocation(call.at(line.entry))}`);
      previous = Math.max(previous, line.entry);
    }
    const early = after.find((line) => line.debtDetail !== undefined && line.entry < previous && !promptMatches(line.prompt, params.prompts));
    if (early !== undefined) problems.push(`${early.prompt} (${early.debtDetail ?? ''}) said before the disclosures were complete, at ${describeLocation(call.at(early.entry))}`);
    if (problems.length === 0) return judged(true, `disclosed after verification: ${params.prompts.join(', ')}`);
    return judged(false, problems.join('; '), [call.at(verifiedAt)]);
  },
);
