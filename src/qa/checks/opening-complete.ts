import { z } from 'zod';
import { debtorNameForms } from '../../domain/debtor.js';
import { defineCheck, judged, notApplicable } from '../check.js';
import { promptMatches, promptPattern } from './params.js';

/**
 * Weighted: the call opened as the scripts prescribe — its first line is the greeting (business
 * name, AI voice, recording, a question for the debtor by name), heard whole. The disclosures in it
 * are vetoes of their own (`opening_disclosures`); this scores the opening as a whole.
 */
export const openingComplete = defineCheck(
  'opening_complete',
  'the first line is the opening greeting, asks for the debtor by name and is heard whole',
  z.strictObject({
    prompts: z.array(promptPattern).min(1).default(['opening.greeting']),
    /** The greeting must name the debtor (needs the debtor record). */
    namesDebtor: z.boolean().default(true),
  }),
  (call, params) => {
    const first = call.lines[0];
    if (first === undefined) return notApplicable('the bot said nothing');
    const at = [call.at(first.entry)];
    if (!promptMatches(first.prompt, params.prompts)) return judged(false, `the call opened with ${first.prompt}, not ${params.prompts.join(' or ')}`, at);
    if (first.cut !== undefined && first.cut.heardMs < first.cut.durationMs) return judged(false, `${first.prompt} cut by a barge-in after ${first.cut.heardMs} of ${first.cut.durationMs} ms`, at);
    if (params.namesDebtor && call.account !== undefined) {
      const names = debtorNameForms(call.account.debtor);
      if (!names.some((name) => first.text.includes(name))) return judged(false, `${first.prompt} does not ask for the debtor by name`, at);
    }
    const named = params.namesDebtor && call.account === undefined ? ' (the debtor\'s name not compared: no debtor record)' : '';
    return judged(true, `opened with ${first.prompt}${named}`);
  },
);
