import { z } from 'zod';
import { DISPOSITIONS } from '../../domain/dispositions.js';
import { defineCheck, judged, notApplicable } from '../check.js';
import { promptMatches, promptPattern } from './params.js';

/**
 * Weighted: a call that ends with a promise closes by saying how to pay (`closing.payment_channel`:
 * the deployment's payment channel and callback number), after the promise was confirmed — a
 * promise the debtor does not know how to keep is not much of one.
 */
export const closingPaymentChannel = defineCheck(
  'closing_payment_channel',
  'a call that ended with a promise said the payment channel after it',
  z.strictObject({
    prompts: z.array(promptPattern).min(1).default(['closing.payment_channel']),
    dispositions: z.array(z.enum(DISPOSITIONS)).min(1).default(['PTP', 'HARDSHIP_PLAN']),
  }),
  (call, params) => {
    const promise = call.record.outcome?.promise;
    if (promise === undefined || call.disposition === undefined || !params.dispositions.includes(call.disposition)) return notApplicable('the call did not end with a promise');
    const after = call.promises.at(-1)?.entry ?? -1;
    const closing = call.lines.find((line) => line.entry > after && promptMatches(line.prompt, params.prompts));
    if (closing !== undefined) return judged(true, `${closing.prompt} said at entry ${closing.entry}`);
    return judged(false, `ended ${call.disposition} with a promise but never said ${params.prompts.join(' or ')} after it`, after >= 0 ? [call.at(after)] : []);
  },
);
