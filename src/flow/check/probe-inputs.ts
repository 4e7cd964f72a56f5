import type { Debtor } from '../../domain/debtor.js';
import type { TurnEvent } from '../events.js';
import type { FlowInput } from '../flow-context.js';
import { computeOffers } from '../flow-context.js';
import { addDays } from '../../domain/calendar.js';
import { INTENTS, type Intent, type NluEntities, type Signal } from '../../nlu/intents.js';

const PROBE_TODAY = '2026-03-11';

/** See probeEvents. */
const PROBED_SIGNALS: readonly Signal[] = ['complaint', 'self_harm', 'violence_threat', 'retraction', 'repeat_request', 'request_written_notice', 'ask_purpose'];

const PROBE_DEBTOR: Debtor = {
  id: 'D-CHECK',
  name: 'Alex Doe',
  phone: '+15550000000',
  locale: 'en-US',
  timezone: 'America/New_York',
  creditor: 'Example Credit',
  product: 'personal_loan',
  currency: 'USD',
  balance: 1200,
  minimumDue: 300,
  dueDate: '2026-02-10',
  daysPastDue: 29,
  policy: { maxInstallments: 3, minFirstPayment: 100, maxPromiseDays: 14, minSettlementRatio: 0.7, lateFeesApply: true, reportsToCreditBureau: true },
};

/**
 * Flow inputs the static check explores a flow with: one policy that allows everything (plans,
 * settlement, every consequence) and one that allows nothing and ends the call when not understood, so that every guarded branch of a
 * flow is taken under one of them.
 */
export function probeInputs(): FlowInput[] {
  const caller = { businessName: 'Example Services', callbackNumber: '+18005550100', paymentChannel: 'the mobile app', crisisLine: '988' };
  const generous: FlowInput = { debtor: PROBE_DEBTOR, locale: 'en-US', today: PROBE_TODAY, caller };
  const strict: FlowInput = {
    debtor: { ...PROBE_DEBTOR, balance: 150, policy: { maxInstallments: 1, minFirstPayment: 100, maxPromiseDays: 7 } },
    locale: 'en-US',
    today: PROBE_TODAY,
    caller,
    options: { onNotUnderstood: 'end' },
  };
  return [generous, strict];
}

function said(intent: Intent, entities: NluEntities = {}, signals: readonly Signal[] = []): TurnEvent {
  return { type: 'user.said', text: intent, nlu: { intent, confidence: 1, entities, ...(signals.length > 0 ? { signals } : {}) }, atMs: 0 };
}

/**
 * Every kind of turn a debtor can take, for one input: each intent without entities, promises
 * with valid and invalid amounts and dates, silence, keys, barge-in, hang-up and voicemail.
 */
export function probeEvents(input: FlowInput): TurnEvent[] {
  const policy = input.policy ?? input.debtor.policy;
  const offers = computeOffers(input.debtor, policy, input.today);
  const validDate = addDays(input.today, 1);
  const events: TurnEvent[] = INTENTS.map((intent) => said(intent));
  events.push(
    said('promise_to_pay', { amount: offers.minAmount, date: validDate }),
    said('promise_to_pay', { amount: offers.minAmount }),
    said('promise_to_pay', { date: validDate }),
    said('promise_to_pay', { amount: input.debtor.balance + 1 }),
    said('promise_to_pay', { date: addDays(input.today, -1) }),
    said('promise_to_pay', { date: addDays(offers.latestDate, 1) }),
    said('already_paid', { date: addDays(input.today, -3) }),
    // The plan offered, restated with a start day of the debtor's own.
    said('request_plan', { amount: offers.installmentAmount, date: validDate }),
  );
  if (offers.minAmount > 1) events.push(said('promise_to_pay', { amount: Math.floor(offers.minAmount / 2) }));
  // One signal of each way the dialogue treats them (to a person, a retraction, an answer that
  // raises a flag, an answer that does not), on an utterance of no intent of its own, and a
  // questioning "yes?": the others take the same transitions, so probing them too would only
  // multiply the snapshots.
  for (const signal of PROBED_SIGNALS) events.push(said('unknown', {}, [signal]));
  events.push(said('affirm', {}, ['questioning']));
  events.push(
    { type: 'user.silent', atMs: 0 },
    { type: 'user.dtmf', digit: '1', atMs: 0 },
    { type: 'user.dtmf', digit: '2', atMs: 0 },
    { type: 'user.dtmf', digit: '0', atMs: 0 },
    { type: 'user.dtmf', digit: '9', atMs: 0 },
    { type: 'user.barged_in', atMs: 0 },
    { type: 'call.hung_up', atMs: 0 },
    { type: 'call.voicemail', atMs: 0 },
  );
  return events;
}
