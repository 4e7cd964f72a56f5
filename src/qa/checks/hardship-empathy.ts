import { z } from 'zod';
import { INTENTS } from '../../nlu/intents.js';
import { describeLocation } from '../call-facts.js';
import { defineCheck, judged, notApplicable, type FindingLocation } from '../check.js';
import { promptMatches, promptPattern } from './params.js';

/**
 * Weighted: a debtor who says they are in hardship hears empathy before any plan or payment offer
 * ("Hardship gets empathy first and a plan", `HARDSHIP` in src/flow/blocks/negotiation.ts). Judged
 * on what the bot said in answer to each hardship turn of a verified debtor (the lines up to the
 * debtor's next turn): when that answer offers a plan, an empathy line comes first. A hardship
 * answered otherwise (handed to the hardship team, a hand-off) has no offer to precede.
 */
export const hardshipEmpathy = defineCheck(
  'hardship_empathy',
  'after a hardship turn, an empathy line comes before any plan or payment offer in the bot\'s answer',
  z.strictObject({
    intents: z.array(z.enum(INTENTS)).min(1).default(['hardship']),
    empathyPrompts: z.array(promptPattern).min(1).default(['hardship.empathy']),
    offerPrompts: z.array(promptPattern).min(1).default(['plan.offer', 'plan.ask_first_payment', 'late.settlement_offer', 'promise.ask_amount']),
  }),
  (call, params) => {
    const verifiedAt = call.verifiedAt;
    if (verifiedAt === undefined) return notApplicable('the debtor was never verified');
    const hardship = call.turns.filter((turn) => turn.entry > verifiedAt && turn.intent !== undefined && (params.intents as readonly string[]).includes(turn.intent));
    let answered = 0;
    const problems: string[] = [];
    const at: FindingLocation[] = [];
    for (const turn of hardship) {
      const next = call.turns.find((later) => later.entry > turn.entry)?.entry ?? Number.POSITIVE_INFINITY;
      const answer = call.lines.filter((line) => line.entry > turn.entry && line.entry < next);
      const offer = answer.find((line) => promptMatches(line.prompt, params.offerPrompts));
      if (offer === undefined) continue;
      answered += 1;
      const empathy = answer.find((line) => promptMatches(line.prompt, params.empathyPrompts));
      if (empathy === undefined || empathy.entry > offer.entry) {
        const location = call.at(offer.entry);
        problems.push(`${offer.prompt} at ${describeLocation(location)} after hardship at entry ${turn.entry} with no empathy before it`);
        at.push(location);
      }
    }
    if (answered === 0) return notApplicable(hardship.length === 0 ? 'no hardship from a verified debtor' : 'no offer in answer to hardship');
    if (problems.length === 0) return judged(true, `empathy before the offer after ${answered} hardship turn(s)`);
    return judged(false, problems.join('; '), at);
  },
);
