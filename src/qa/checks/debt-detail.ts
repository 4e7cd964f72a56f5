import { z } from 'zod';
import { describeLocation } from '../call-facts.js';
import { defineCheck, judged, notApplicable, type FindingLocation } from '../check.js';

/**
 * Veto: no debt detail to anyone but the verified debtor — none before right-party verification,
 * none after the speaker said they are someone else (a third party, a wrong number, a retraction).
 * A debt detail is what the compliance guard withholds from someone not verified
 * (`src/compliance/utterance-guard.ts`): a line whose template carries a debt variable (balance,
 * amounts, creditor, dates, instalments), or generated words that speak of a debt, name the
 * creditor or state a figure.
 */
export const debtDetailUnverified = defineCheck(
  'debt_detail_unverified',
  'no debt detail (as the compliance guard defines it) before verification, to a third party, or after a retraction',
  z.strictObject({}),
  (call) => {
    if (call.lines.length === 0) return notApplicable('the bot said nothing');
    const problems: string[] = [];
    const at: FindingLocation[] = [];
    for (const line of call.lines) {
      if (line.debtDetail === undefined) continue;
      let why: string | undefined;
      if (call.withdrawal !== undefined && line.entry > call.withdrawal.entry) why = `after ${call.withdrawal.why} at entry ${call.withdrawal.entry}`;
      else if (call.verifiedAt === undefined || line.entry < call.verifiedAt) why = 'before the debtor was verified';
      if (why === undefined) continue;
      const location = call.at(line.entry);
      at.push(location);
      problems.push(`${line.prompt} (${line.debtDetail}) at ${describeLocation(location)} ${why}`);
    }
    const unjudged = [...new Set(call.lines.filter((line) => !line.judged).map((line) => line.prompt))];
    const note = unjudged.length > 0 ? `; not judged, unknown to the scripts library: ${unjudged.join(', ')}` : '';
    if (problems.length === 0) {
      const verified = call.verifiedAt !== undefined ? `verified at entry ${call.verifiedAt}` : 'never verified';
      return judged(true, `no debt detail to anyone not verified (${verified})${note}`);
    }
    return judged(false, `debt detail disclosed: ${problems.join('; ')}${note}`, at);
  },
);
