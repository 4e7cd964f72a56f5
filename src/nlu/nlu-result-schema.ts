import { z } from 'zod';
import { INTENTS, SIGNALS } from './intents.js';

/**
 * An NLU result as an understander must return it. Understanders may wrap models and services,
 * so their answers are checked where they arrive: a malformed one costs that answer, not the turn.
 */
export const NluResultSchema = z.object({
  intent: z.enum(INTENTS),
  confidence: z.number().min(0).max(1),
  entities: z.object({
    amount: z.number().optional(),
    date: z.iso.date().optional(),
    dateRange: z.object({ from: z.iso.date(), to: z.iso.date() }).optional(),
    callbackAt: z.iso.datetime({ offset: true }).optional(),
    name: z.string().min(1).optional(),
    identifier: z.object({ kind: z.enum(['date_of_birth', 'postcode', 'id_last4']), value: z.string().min(1) }).optional(),
  }),
  signals: z.array(z.enum(SIGNALS)).readonly().optional(),
});
