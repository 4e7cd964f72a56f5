import { z } from 'zod';
import { DunbotError } from '../errors.js';
import { LOCALES } from './locale.js';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date YYYY-MM-DD');

/** What the bot may agree to on its own for this debt; anything beyond goes to a human. */
export const PolicySchema = z.object({
  /** Largest number of instalments a plan may have. */
  maxInstallments: z.number().int().min(1),
  /** Smallest first payment (or promise) the bot may accept, in the currency's main unit. */
  minFirstPayment: z.number().nonnegative(),
  /** Latest promise date, in days after the call's date. */
  maxPromiseDays: z.number().int().min(0),
  /** Smallest share of the balance a one-off settlement may be, in (0, 1]; absent: no settlement. */
  minSettlementRatio: z.number().gt(0).lte(1).optional(),
  /** The creditor reports this account to credit bureaus (征信); only then may the bot say so. */
  reportsToCreditBureau: z.boolean().optional(),
  /** Late fees are charged under the agreement; only then may the bot say so. */
  lateFeesApply: z.boolean().optional(),
}).loose();

/** The account a call is made about (intents spec, "Debtor record"); extra fields are allowed. */
export const DebtorSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  phone: z.string().min(3),
  locale: z.enum(LOCALES),
  timezone: z.string().min(1),
  creditor: z.string().min(1),
  product: z.enum(['car_loan', 'personal_loan', 'credit_card']),
  currency: z.string().length(3),
  balance: z.number().positive(),
  minimumDue: z.number().nonnegative(),
  dueDate: isoDate,
  daysPastDue: z.number().int().min(0),
  policy: PolicySchema,
}).loose();

/** A debtor record, parsed. */
export type Debtor = z.infer<typeof DebtorSchema>;
/** A debtor's negotiation policy, parsed. */
export type Policy = z.infer<typeof PolicySchema>;

/** The collection stage a debt is in, by days past due. */
export type Stage = 'early' | 'mid' | 'late';

/** The stage of a debt: early 1–30 days past due, mid 31–90, late 91 and over (0 counts as early). */
export function stageForDaysPastDue(daysPastDue: number): Stage {
  if (daysPastDue <= 30) return 'early';
  if (daysPastDue <= 90) return 'mid';
  return 'late';
}

/** Parses an untrusted debtor record, throwing DUN_ERR_DEBTOR_INVALID with every problem listed. */
export function parseDebtor(value: unknown, source = 'debtor'): Debtor {
  const result = DebtorSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new DunbotError('DUN_ERR_DEBTOR_INVALID', `${source} is not a valid debtor record: ${problems.join('; ')}`, {
    details: { problems },
  });
}

/** The debtor's name as a listener expects to hear it: whole, and each part of a name of several parts. */
export function debtorNameForms(debtor: Debtor): readonly string[] {
  const parts = debtor.name.split(/\s+/).filter((part) => part !== '');
  return [...new Set([debtor.name, ...(parts.length > 1 ? parts : [])])];
}
