import type { Debtor } from '../domain/debtor.js';
import type { FlowContext } from '../flow/flow-context.js';

/** What may be said to anyone who answers: who is calling, that it is an AI and recorded, where to call back. */
export interface CallerFacts {
  readonly businessName: string;
  readonly aiAssistant: true;
  readonly callRecorded: true;
  readonly callbackNumber: string;
}

/** A plan the bot may offer on its own: at most `maxInstallments`, the last one taking the rounding. */
export interface PlanTerms {
  readonly maxInstallments: number;
  readonly installmentAmount: number;
  readonly lastInstallmentAmount: number;
}

/** What the policy lets the bot offer or say, and nothing it does not. */
export interface PolicyTerms {
  /** Absent when the balance cannot be split within the policy. */
  readonly plan?: PlanTerms;
  readonly minFirstPayment: number;
  readonly latestPromiseDate: string;
  /** A one-off settlement, when the policy allows one. */
  readonly settlementAmount?: number;
  /** Said only when the policy says so, either way; absent means not known. */
  readonly lateFeesApply?: boolean;
  readonly reportsToCreditBureau?: boolean;
}

/** The debt, for the debtor's ears only. */
export interface AccountFacts {
  readonly creditor: string;
  readonly product: Debtor['product'];
  readonly currency: string;
  readonly balance: number;
  readonly minimumDue: number;
  readonly dueDate: string;
  readonly daysPastDue: number;
  readonly paymentChannels: string;
  readonly terms: PolicyTerms;
}

/**
 * Everything a generated answer may rest on. Until the debtor has confirmed who they are (and as
 * soon as they withdraw it) there is no `account`: a third party must learn nothing of the debt,
 * so nothing of it is ever sent to the model either.
 */
export interface GroundingFacts {
  /** The call's date in the debtor's zone (ISO), to read the dates an answer names. */
  readonly today: string;
  readonly verified: boolean;
  readonly caller: CallerFacts;
  readonly account?: AccountFacts;
}

function policyTerms(context: FlowContext): PolicyTerms {
  const { offers, policy } = context;
  return {
    ...(offers.installments > 1 ? { plan: { maxInstallments: offers.installments, installmentAmount: offers.installmentAmount, lastInstallmentAmount: offers.lastInstallmentAmount } } : {}),
    minFirstPayment: offers.minAmount,
    latestPromiseDate: offers.latestDate,
    ...(offers.settlementAmount !== undefined ? { settlementAmount: offers.settlementAmount } : {}),
    ...(policy.lateFeesApply !== undefined ? { lateFeesApply: policy.lateFeesApply } : {}),
    ...(policy.reportsToCreditBureau !== undefined ? { reportsToCreditBureau: policy.reportsToCreditBureau } : {}),
  };
}

/**
 * The facts of the call as it stands: the caller's always, the account's only once the debtor is
 * verified. Built from the flow's context, so a retraction takes the account away at once.
 *
 * @example
 * groundingFacts(snapshot.context); // → { today, verified: false, caller: { businessName, aiAssistant: true, … } }
 */
export function groundingFacts(context: FlowContext): GroundingFacts {
  const { debtor, caller, today, verified } = context;
  const callerFacts: CallerFacts = { businessName: caller.businessName, aiAssistant: true, callRecorded: true, callbackNumber: caller.callbackNumber };
  if (!verified) return { today, verified, caller: callerFacts };
  return {
    today,
    verified,
    caller: callerFacts,
    account: {
      creditor: debtor.creditor,
      product: debtor.product,
      currency: debtor.currency,
      balance: debtor.balance,
      minimumDue: debtor.minimumDue,
      dueDate: debtor.dueDate,
      daysPastDue: debtor.daysPastDue,
      paymentChannels: caller.paymentChannel,
      terms: policyTerms(context),
    },
  };
}

/** Every sum of money the facts hold. */
export function factAmounts(facts: GroundingFacts): number[] {
  const account = facts.account;
  if (account === undefined) return [];
  const { terms } = account;
  return [
    account.balance,
    account.minimumDue,
    terms.minFirstPayment,
    ...(terms.plan !== undefined ? [terms.plan.installmentAmount, terms.plan.lastInstallmentAmount] : []),
    ...(terms.settlementAmount !== undefined ? [terms.settlementAmount] : []),
  ];
}

/** Every date the facts hold, today included. */
export function factDates(facts: GroundingFacts): string[] {
  const account = facts.account;
  return [facts.today, ...(account !== undefined ? [account.dueDate, account.terms.latestPromiseDate] : [])];
}

/** Every number the facts hold: their sums, counts, and the year, month and day of their dates. */
export function factNumbers(facts: GroundingFacts): number[] {
  const account = facts.account;
  const counts = account !== undefined ? [account.daysPastDue, ...(account.terms.plan !== undefined ? [account.terms.plan.maxInstallments] : [])] : [];
  const dateParts = factDates(facts).flatMap((date) => date.split('-').map(Number));
  return [...factAmounts(facts), ...counts, ...dateParts];
}

/** The phone numbers the facts hold, as digits. */
export function factPhoneNumbers(facts: GroundingFacts): string[] {
  return [facts.caller.callbackNumber.replace(/\D/g, '')];
}
