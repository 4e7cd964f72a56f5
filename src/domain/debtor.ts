import { z } from 'zod';
import { DunbotError } from '../errors.js';
import { LOCALES } from './locale.js';

const MS_PER_DAY = 86_400_000;

/** True when `value` is a calendar date that exists, written YYYY-MM-DD (2026-02-30 is not one). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** True when `timeZone` is a zone the runtime knows (Intl throws RangeError for any other). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const isoDate = z.string().refine(isCalendarDate, 'expected a real calendar date YYYY-MM-DD');

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
  /**
   * A second factor the debtor must give after confirming their name, before anything about the
   * debt is said: only the part named here, checked against the record. Absent: the name alone.
   */
  verifyWith: z.enum(['date_of_birth', 'postcode', 'id_last4']).optional(),
}).loose();

/** A second identity factor a policy may ask for (`Policy.verifyWith`). */
export type VerifyFactor = NonNullable<z.infer<typeof PolicySchema>['verifyWith']>;

/** The field of the debtor record each second factor is checked against. */
export const FACTOR_FIELD = { date_of_birth: 'dateOfBirth', postcode: 'postcode', id_last4: 'idLast4' } as const satisfies Record<VerifyFactor, string>;

/** The account a call is made about (intents spec, "Debtor record"); extra fields are allowed. */
export const DebtorSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  phone: z.string().min(3),
  locale: z.enum(LOCALES),
  timezone: z.string().min(1).refine(isKnownTimeZone, 'expected an IANA time zone such as Asia/Shanghai or America/New_York'),
  creditor: z.string().min(1),
  product: z.enum(['car_loan', 'personal_loan', 'credit_card']),
  currency: z.string().length(3),
  balance: z.number().positive(),
  minimumDue: z.number().nonnegative(),
  dueDate: isoDate,
  daysPastDue: z.number().int().min(0),
  policy: PolicySchema,
  /** For identity verification: the debtor's date of birth. */
  dateOfBirth: isoDate.optional(),
  /** For identity verification: the postcode on the account (letters, digits, spaces, hyphens). */
  postcode: z.string().regex(/^[A-Za-z0-9](?:[A-Za-z0-9 -]{0,10}[A-Za-z0-9])?$/, 'expected a postcode of 1-12 letters, digits, spaces or hyphens').optional(),
  /** For identity verification: the last 4 characters of an ID number (digits; a Chinese ID may end in X). */
  idLast4: z.string().regex(/^[0-9A-Za-z]{4}$/, 'expected exactly 4 letters or digits').optional(),
}).loose().superRefine((debtor, context) => {
  // A factor the record cannot check would turn away the debtor themself: refuse the record instead.
  const factor = debtor.policy.verifyWith;
  if (factor === undefined || debtor[FACTOR_FIELD[factor]] !== undefined) return;
  context.addIssue({ code: 'custom', path: ['policy', 'verifyWith'], message: `asks for ${factor} but the record has no ${FACTOR_FIELD[factor]}` });
});

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

/** What `checkDebtorAt` found: consistent, or the days past due the record should say on that day. */
export type DebtorCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly expectedDaysPastDue: number; readonly message: string };

/**
 * Checks a debtor record against the call's date (`todayIso`, YYYY-MM-DD in the debtor's zone):
 * `daysPastDue` must be the days from `dueDate` to today, within one day (the record may have been
 * computed on the other side of a day boundary), and 0 while the debt is not yet due.
 *
 * @example
 * checkDebtorAt(debtor, todayInZone(new Date(), debtor.timezone)); // { ok: true } or { ok: false, … }
 */
export function checkDebtorAt(debtor: Pick<Debtor, 'dueDate' | 'daysPastDue'>, todayIso: string): DebtorCheck {
  if (!isCalendarDate(todayIso)) throw new DunbotError('DUN_ERR_CONFIG_INVALID', `checkDebtorAt: "${todayIso}" is not a calendar date YYYY-MM-DD`);
  const elapsedDays = Math.round((Date.parse(`${todayIso}T00:00:00Z`) - Date.parse(`${debtor.dueDate}T00:00:00Z`)) / MS_PER_DAY);
  const expectedDaysPastDue = Math.max(0, elapsedDays);
  const consistent = elapsedDays < 0 ? debtor.daysPastDue === 0 : Math.abs(debtor.daysPastDue - expectedDaysPastDue) <= 1;
  if (consistent) return { ok: true };
  const message = elapsedDays < 0
    ? `daysPastDue is ${debtor.daysPastDue} but dueDate ${debtor.dueDate} is still ahead on ${todayIso} (expected 0)`
    : `daysPastDue is ${debtor.daysPastDue} but dueDate ${debtor.dueDate} was ${expectedDaysPastDue} days before ${todayIso}`;
  return { ok: false, expectedDaysPastDue, message };
}

/** The debtor's name as a listener expects to hear it: whole, and each part of a name of several parts. */
export function debtorNameForms(debtor: Debtor): readonly string[] {
  const parts = debtor.name.split(/\s+/).filter((part) => part !== '');
  return [...new Set([debtor.name, ...(parts.length > 1 ? parts : [])])];
}
