import type { Locale } from '../domain/locale.js';
import type { GroundingFacts } from './grounding-facts.js';

/** One chat message as the model reads it. */
export interface AnswerMessage {
  readonly role: 'system' | 'user';
  readonly content: string;
}

/** The language of the answer, named for the model. */
const LANGUAGE: Readonly<Record<Locale, string>> = {
  'en-US': 'US English',
  'zh-CN': 'Mandarin Chinese in simplified characters (普通话, 您-form)',
};

const PRODUCT: Readonly<Record<NonNullable<GroundingFacts['account']>['product'], string>> = {
  car_loan: 'car loan',
  personal_loan: 'personal loan',
  credit_card: 'credit card',
};

/** The instructions, the same for every question of every call, so servers can cache them. */
const INSTRUCTIONS = `You answer one question a person asked during a debt-collection phone call. You speak for the caller described in the facts: an AI assistant, on a recorded call.

Rules:
- Answer in at most two short sentences, in the language the request names, in plain words that read well aloud.
- Use ONLY the facts given. Never guess, never use outside knowledge, never invent numbers, dates, fees, interest rates, names, addresses or policies, and never work out new figures from them.
- Write an amount in digits exactly as the facts give it, with its currency ($1,250.50; 8600元); write a date as a listener says it (February 20; 2月20日).
- If the facts do not contain the answer, say that you cannot answer that on this call and offer that a colleague can follow up in writing.
- If "identity_confirmed" is false, the person has not confirmed they are the account holder: say nothing about any debt, account, amount, creditor or the reason for the call; you may say who is calling, that you are an AI assistant, that the call is recorded and the callback number, and that you can discuss the matter only with the account holder.
- Never threaten, never mention arrest, court, lawsuits, garnishment or any consequence the facts do not state; never give legal, tax or financial advice; never promise anything the facts do not offer (no waivers, discounts, removed fees or extra time beyond the terms).

Reply with a JSON object only: {"answer": string, "grounded": boolean}. "grounded" is true only when every statement in the answer comes from the facts (saying you cannot answer counts as grounded).`;

/** The facts as the model reads them: plain names, only what the facts hold. */
function describeFacts(facts: GroundingFacts): Record<string, unknown> {
  const { caller, account } = facts;
  const described: Record<string, unknown> = {
    today: facts.today,
    identity_confirmed: facts.verified,
    caller: { business_name: caller.businessName, is_ai_assistant: caller.aiAssistant, call_is_recorded: caller.callRecorded, callback_number: caller.callbackNumber },
  };
  if (account === undefined) return described;
  const { terms } = account;
  described['account'] = {
    creditor: account.creditor,
    product: PRODUCT[account.product],
    currency: account.currency,
    balance: account.balance,
    minimum_due: account.minimumDue,
    due_date: account.dueDate,
    days_past_due: account.daysPastDue,
    how_to_pay: account.paymentChannels,
  };
  described['terms_the_caller_may_offer'] = {
    payment_plan: terms.plan === undefined
      ? 'not available'
      : { up_to_instalments: terms.plan.maxInstallments, instalment_amount: terms.plan.installmentAmount, last_instalment_amount: terms.plan.lastInstallmentAmount },
    minimum_first_payment: terms.minFirstPayment,
    latest_date_to_promise_a_payment: terms.latestPromiseDate,
    one_off_settlement: terms.settlementAmount ?? 'not available',
    ...(terms.lateFeesApply !== undefined ? { late_fees_apply: terms.lateFeesApply } : {}),
    ...(terms.reportsToCreditBureau !== undefined ? { reported_to_credit_bureaus: terms.reportsToCreditBureau } : {}),
  };
  return described;
}

/**
 * The chat messages that ask for one grounded answer: the fixed instructions, then the language,
 * the facts (only those `facts` holds: nothing of the debt before verification) and the question.
 *
 * @example
 * buildAnswerMessages("what's the interest rate?", facts, 'en-US');
 * // → [{ role: 'system', content: 'You answer one question…' }, { role: 'user', content: 'Language: US English…' }]
 */
export function buildAnswerMessages(question: string, facts: GroundingFacts, locale: Locale): readonly AnswerMessage[] {
  const request = [
    `Language of the answer: ${LANGUAGE[locale]}`,
    `Facts: ${JSON.stringify(describeFacts(facts))}`,
    `Question: ${JSON.stringify(question)}`,
  ].join('\n');
  return [
    { role: 'system', content: INSTRUCTIONS },
    { role: 'user', content: request },
  ];
}
