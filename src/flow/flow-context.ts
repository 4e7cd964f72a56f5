import type { AccountFlag } from '../domain/account-flags.js';
import type { Debtor, Policy } from '../domain/debtor.js';
import type { Disposition } from '../domain/dispositions.js';
import type { Locale } from '../domain/locale.js';
import type { EscalationReason, PromiseKind, PromptVariables } from './events.js';
import type { HandoffOutcomeState } from '../escalation/handoff.js';
import { addDays } from '../domain/calendar.js';
import { DEFAULT_ESCALATION_POLICY, resolveEscalationPolicy, type EscalationPolicy } from '../escalation/escalation-policy.js';
import { NO_EMOTION, type EmotionTrajectory } from '../escalation/emotion.js';

/** Who is calling and where the debtor can pay or call back; spoken in prompts. */
export interface CallerProfile {
  /** A business name that does not reveal debt collection (US-D1), said before verification. */
  readonly businessName: string;
  readonly callbackNumber: string;
  readonly paymentChannel: string;
  /** Crisis line given to a debtor in distress. */
  readonly crisisLine: string;
}

/** How a flow handles input it cannot use. */
export interface FlowOptions {
  /** Silences in a row at one question before the call ends politely with NO_RESPONSE. */
  readonly maxNoInput: number;
  /** Answers in a row at one question that were not understood before `onNotUnderstood` applies. */
  readonly maxNoMatch: number;
  /**
   * Debtor turns after which any question ends the call politely (CALLBACK): every retry is bounded
   * at its question, and this bounds the call, so no path — a debtor who keeps changing their mind,
   * say — can hold it forever.
   */
  readonly maxTurns: number;
  /** What to do when the debtor is not understood `maxNoMatch` times: hand to a human, or end politely. */
  readonly onNotUnderstood: 'escalate' | 'end';
  /** When the call goes to a person beyond the reasons that always do (see EscalationPolicy). */
  readonly escalation: EscalationPolicy;
  /**
   * What to do when a live hand-off reaches nobody (no answer, busy, declined, failed): apologise
   * and ask when a colleague should call back (`callback`), or apologise, give the number to call
   * and end (`end`). Either way the call ends ESCALATION_FAILED.
   */
  readonly onHandoffFailure: 'callback' | 'end';
}

/** Defaults for FlowOptions: two silences end the call, two misunderstandings go to a human. */
export const DEFAULT_FLOW_OPTIONS: FlowOptions = { maxNoInput: 2, maxNoMatch: 2, onNotUnderstood: 'escalate', maxTurns: 40, escalation: DEFAULT_ESCALATION_POLICY, onHandoffFailure: 'callback' };

/** FlowOptions a flow is started with: any of them, and any part of the escalation policy. */
export type FlowOptionsInput = Partial<Omit<FlowOptions, 'escalation'>> & { readonly escalation?: Partial<EscalationPolicy> };

/** What every flow is started with. Flows read no clock: `today` is the call's date in the debtor's zone. */
export interface FlowInput {
  readonly debtor: Debtor;
  readonly locale: Locale;
  /** The call's date (YYYY-MM-DD) in the debtor's time zone. */
  readonly today: string;
  readonly caller: CallerProfile;
  /** Overrides the debtor's own policy. */
  readonly policy?: Policy;
  readonly options?: FlowOptionsInput;
  /**
   * A person can be reached during the call (a hand-off adapter other than `none` is configured):
   * an escalation then puts the caller on hold until the runtime sends `handoff.ended`. Set by the
   * runtime; without it an escalation ends the call ESCALATED at once.
   */
  readonly handoff?: boolean;
}

/** Why a call went to a person and, when a live hand-off was tried, how it ended. */
export interface EscalationOutcome {
  readonly reason: EscalationReason;
  readonly handoff?: { readonly state: HandoffOutcomeState; readonly reason?: string };
}

/** What the bot may offer, derived once from the debtor and policy when the flow starts. */
export interface Offers {
  /** Latest acceptable promise date (today + maxPromiseDays). */
  readonly latestDate: string;
  /** Smallest acceptable promise amount: the policy minimum, or the whole balance if that is less. */
  readonly minAmount: number;
  readonly installments: number;
  readonly installmentAmount: number;
  /** The last instalment: it takes the rounding, so the instalments add up to the balance exactly. */
  readonly lastInstallmentAmount: number;
  readonly firstDate: string;
  /** One-off settlement amount, when the policy allows settlement. */
  readonly settlementAmount?: number;
}

/** The promise being captured: either part may still be missing. */
export interface PromiseSlots {
  readonly amount?: number;
  readonly date?: string;
  readonly kind: PromiseKind;
  readonly installments?: number;
}

/** The context of every flow machine. */
export interface FlowContext {
  readonly debtor: Debtor;
  readonly policy: Policy;
  readonly locale: Locale;
  readonly today: string;
  readonly caller: CallerProfile;
  readonly options: FlowOptions;
  readonly offers: Offers;
  readonly noInputCount: number;
  readonly noMatchCount: number;
  readonly abuseCount: number;
  readonly refusalCount: number;
  readonly hardshipCount: number;
  readonly slots: PromiseSlots;
  readonly confirmedPromise?: { readonly amount: number; readonly date: string; readonly kind: PromiseKind; readonly installments?: number };
  readonly paymentClaim?: { readonly text: string; readonly date?: string };
  readonly notes: readonly string[];
  readonly disposition?: Disposition;
  readonly escalation?: EscalationOutcome;
  /** A live hand-off is configured (FlowInput.handoff): an escalation waits on hold for its outcome. */
  readonly handoff: boolean;
  /** The debtor has confirmed who they are: debt details may be said (until a retraction). */
  readonly verified: boolean;
  /** Debtor turns so far (see FlowOptions.maxTurns). */
  readonly turnCount: number;
  /** Requests to repeat at the current question: bounded, like every other retry. */
  readonly repeatCount: number;
  /** Second-factor answers that did not match the record (`Policy.verifyWith`): one more try after the first. */
  readonly identityMisses: number;
  /** Account flags raised so far, kept whatever the call's ending. */
  readonly flags: readonly AccountFlag[];
  /** The lawful stop the debtor has invoked (attorney, bankruptcy, cease…): the call ends with it even if they hang up first. */
  readonly legalStop?: Disposition;
  /** Answers not understood in a row, across questions (EscalationPolicy.notUnderstoodInARow); an understood one resets it. */
  readonly notUnderstoodInARow: number;
  /** Turns in a row whose speech the recognizer returned no words for (EscalationPolicy.recognitionFailuresInARow). */
  readonly recognitionFailuresInARow: number;
  /** The emotion of the debtor's turns so far, as the runtime scored them (EscalationPolicy.emotion). */
  readonly emotion: EmotionTrajectory;
  /** Times the debtor asked to pay less than the balance, or held to such a figure (`reduction_request`). */
  readonly reductionRequests: number;
}

/** What a finished flow returns. */
export interface FlowOutput {
  readonly disposition: Disposition;
  readonly promise?: { readonly amount: number; readonly date: string; readonly kind: PromiseKind; readonly installments?: number };
  readonly escalation?: EscalationOutcome;
  /** Account flags for later calls to obey; absent when none were raised. */
  readonly flags?: readonly AccountFlag[];
}

function roundUpToCents(value: number): number {
  return Math.ceil(Math.round(value * 1e6) / 1e4) / 100;
}

/** Derives what the bot may offer from the balance and policy; pure, so flows stay testable. */
export function computeOffers(debtor: Debtor, policy: Policy, today: string): Offers {
  const minAmount = Math.min(policy.minFirstPayment, debtor.balance);
  let installments = Math.max(1, policy.maxInstallments);
  // Each instalment must be at least the minimum first payment; fewer, larger instalments otherwise.
  while (installments > 1 && roundUpToCents(debtor.balance / installments) < policy.minFirstPayment) installments -= 1;
  const ratio = policy.minSettlementRatio;
  // Whole cents each; the last instalment takes what is left, so they add up to the balance exactly.
  const installmentAmount = Math.floor(Math.round((debtor.balance / installments) * 1e6) / 1e4) / 100;
  return {
    latestDate: addDays(today, policy.maxPromiseDays),
    minAmount,
    installments,
    installmentAmount,
    lastInstallmentAmount: Math.round((debtor.balance - (installments - 1) * installmentAmount) * 100) / 100,
    firstDate: addDays(today, Math.min(7, policy.maxPromiseDays)),
    ...(ratio !== undefined && ratio < 1 ? { settlementAmount: roundUpToCents(debtor.balance * ratio) } : {}),
  };
}

/** The initial context of a flow. */
export function createFlowContext(input: FlowInput): FlowContext {
  const policy = input.policy ?? input.debtor.policy;
  return {
    debtor: input.debtor,
    policy,
    locale: input.locale,
    today: input.today,
    caller: input.caller,
    options: { ...DEFAULT_FLOW_OPTIONS, ...input.options, escalation: resolveEscalationPolicy(input.options?.escalation) },
    offers: computeOffers(input.debtor, policy, input.today),
    noInputCount: 0,
    noMatchCount: 0,
    abuseCount: 0,
    refusalCount: 0,
    hardshipCount: 0,
    slots: { kind: 'single' },
    notes: [],
    handoff: input.handoff === true,
    verified: false,
    turnCount: 0,
    repeatCount: 0,
    identityMisses: 0,
    flags: [],
    notUnderstoodInARow: 0,
    recognitionFailuresInARow: 0,
    emotion: NO_EMOTION,
    reductionRequests: 0,
  };
}

/** Every variable a prompt may use, from the context; promise slots only once they are filled. */
export function promptVariables(context: FlowContext): PromptVariables {
  const { debtor, caller, offers, slots, policy } = context;
  return {
    name: debtor.name,
    businessName: caller.businessName,
    creditor: debtor.creditor,
    callbackNumber: caller.callbackNumber,
    paymentChannel: caller.paymentChannel,
    crisisLine: caller.crisisLine,
    balance: debtor.balance,
    minimumDue: debtor.minimumDue,
    minFirstPayment: Math.min(policy.minFirstPayment, debtor.balance),
    dueDate: debtor.dueDate,
    daysPastDue: debtor.daysPastDue,
    latestDate: offers.latestDate,
    installments: offers.installments,
    installmentAmount: offers.installmentAmount,
    lastInstallmentAmount: offers.lastInstallmentAmount,
    firstDate: offers.firstDate,
    ...(offers.settlementAmount !== undefined ? { settlementAmount: offers.settlementAmount } : {}),
    ...(slots.amount !== undefined ? { amount: slots.amount } : {}),
    ...(slots.date !== undefined ? { date: slots.date } : {}),
  };
}
