import { z } from 'zod';
import { INTENTS } from '../nlu/index.js';

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
  }),
});
