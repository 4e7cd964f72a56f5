import type { AnyMachineSnapshot } from 'xstate';
import type { Debtor, Policy, VerifyFactor } from '../../domain/debtor.js';
import type { FlowMachine } from '../flow-machine.js';
import type { TurnEvent } from '../events.js';
import type { FlowInput } from '../flow-context.js';
import { computeOffers } from '../flow-context.js';
import { addDays } from '../../domain/calendar.js';
import { INTENTS, type Intent, type NluEntities, type PartialIdentifier, type Signal } from '../../nlu/intents.js';
import { resolveEscalationPolicy } from '../../escalation/escalation-policy.js';
import { HANDOFF_OUTCOMES } from '../../escalation/handoff.js';

const PROBE_TODAY = '2026-03-11';

/** See probeEvents. */
const PROBED_SIGNALS: readonly Signal[] = ['complaint', 'self_harm', 'violence_threat', 'vulnerable', 'retraction', 'repeat_request', 'request_written_notice', 'ask_purpose'];

/** The emotion score of the heated turn the check probes with: two of them in a row are rising emotion (EscalationPolicy.emotion). */
const HEATED = 0.95;

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

/** What the probe debtor's record holds for the second factors a policy may ask for. */
const PROBE_FACTORS = { dateOfBirth: '1985-03-02', postcode: '10001', idLast4: '4419' } as const;

/** The identifier the record holds for `factor`, and one that is not it. */
function probeIdentifiers(factor: VerifyFactor): readonly [PartialIdentifier, PartialIdentifier] {
  switch (factor) {
    case 'date_of_birth':
      return [{ kind: factor, value: PROBE_FACTORS.dateOfBirth }, { kind: factor, value: '1985-03-20' }];
    case 'postcode':
      return [{ kind: factor, value: PROBE_FACTORS.postcode }, { kind: factor, value: '10002' }];
    case 'id_last4':
      return [{ kind: factor, value: PROBE_FACTORS.idLast4 }, { kind: factor, value: '9144' }];
  }
}

/**
 * Flow inputs the static check explores a flow with: one policy that allows everything (plans,
 * settlement, every consequence; disputes go to a person) and one that allows nothing and ends the
 * call when not understood (disputes end DISPUTE; rising emotion goes to a person), so that every guarded branch of a
 * flow is taken under one of them. A second factor (`verifyWith`) is asked under each: the last
 * four of an ID under the generous policy, a date of birth and a postcode under the strict one,
 * so that every second-factor question is explored without exploring the whole flow once more per kind.
 */
export function probeInputs(): FlowInput[] {
  const caller = { businessName: 'Example Services', callbackNumber: '+18005550100', paymentChannel: 'the mobile app', crisisLine: '988' };
  // Disputes go to a person under the generous policy and end DISPUTE under the strict one, so both
  // endings are explored. Rising emotion is explored under the strict policy alone, the smallest
  // exploration: a heated turn doubles the snapshots that follow it.
  const generous: FlowInput = { debtor: PROBE_DEBTOR, locale: 'en-US', today: PROBE_TODAY, caller, options: { escalation: { dispute: true, emotion: false } } };
  const strictPolicy: Policy = { maxInstallments: 1, minFirstPayment: 100, maxPromiseDays: 7 };
  const strict: FlowInput = {
    debtor: { ...PROBE_DEBTOR, balance: 150, policy: strictPolicy },
    locale: 'en-US',
    today: PROBE_TODAY,
    caller,
    options: { onNotUnderstood: 'end' },
  };
  const withFactor = (verifyWith: VerifyFactor): FlowInput => ({
    ...strict,
    debtor: { ...strict.debtor, ...PROBE_FACTORS, policy: { ...strictPolicy, verifyWith } },
    options: { onNotUnderstood: 'end', maxNoInput: 1, maxNoMatch: 1, escalation: { emotion: false } },
  });
  // A person can be reached during the call: every escalation, rising emotion's included, waits on
  // hold for the hand-off's outcome. One silence per question is enough here, re-prompts on
  // silence being explored under the other inputs.
  const live: FlowInput = { ...generous, handoff: true, options: { maxNoInput: 1, escalation: { dispute: true } } };
  return [generous, strict, withFactor('id_last4'), withFactor('date_of_birth'), withFactor('postcode'), live];
}

/** Every outcome a live hand-off can end with, as the runtime reports it. */
export function handoffOutcomeEvents(): TurnEvent[] {
  return HANDOFF_OUTCOMES.map((state): TurnEvent => ({ type: 'handoff.ended', state, ...(state === 'bridged' ? {} : { reason: `probe: ${state}` }), atMs: 0 }));
}

function said(intent: Intent, entities: NluEntities = {}, signals: readonly Signal[] = []): TurnEvent {
  return { type: 'user.said', text: intent, nlu: { intent, confidence: 1, entities, ...(signals.length > 0 ? { signals } : {}) }, atMs: 0 };
}

/** An open question of no intent, with the answer the runtime found for it, if any. */
function openQuestion(answer?: string): TurnEvent {
  return { type: 'user.said', text: 'other_question', nlu: { intent: 'unknown', confidence: 1, entities: {}, signals: ['other_question'] }, atMs: 0, ...(answer !== undefined ? { answer } : {}) };
}

/**
 * Every kind of turn a debtor can take, for one input: each intent without entities, promises
 * with valid and invalid amounts and dates, the second factor right and wrong where the policy asks
 * for one, silence, keys, barge-in, hang-up and voicemail.
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
  // The second factor the policy asks for, as the record holds it and not (an answer that gives it is `affirm` carrying it).
  if (policy.verifyWith !== undefined) for (const identifier of probeIdentifiers(policy.verifyWith)) events.push(said('affirm', { identifier }));
  // One signal of each way the dialogue treats them (to a person, a retraction, an answer that
  // raises a flag, an answer that does not), on an utterance of no intent of its own, and a
  // questioning "yes?": the others take the same transitions, so probing them too would only
  // multiply the snapshots.
  for (const signal of PROBED_SIGNALS) events.push(said('unknown', {}, [signal]));
  events.push(said('affirm', {}, ['questioning']));
  // An open question, without an answer and with one (its line must render like any other).
  events.push(openQuestion(), openQuestion('A short answer from the account.'));
  // A heated turn of no intent: twice in a row, it is emotion that keeps rising (a person), where the
  // input's policy has the rule. Speech the recognizer gave no words for takes the not-understood
  // transitions, already probed.
  if (resolveEscalationPolicy(input.options?.escalation).emotion !== false) events.push({ ...said('unknown'), emotion: HEATED } as TurnEvent);
  events.push(
    { type: 'user.silent', atMs: 0 },
    { type: 'user.dtmf', digit: '1', atMs: 0 },
    { type: 'user.dtmf', digit: '2', atMs: 0 },
    { type: 'user.dtmf', digit: '0', atMs: 0 },
    { type: 'user.dtmf', digit: '9', atMs: 0 },
    { type: 'user.barged_in', atMs: 0 },
    { type: 'call.hung_up', atMs: 0 },
    { type: 'call.voicemail', atMs: 0 },
    ...handoffOutcomeEvents(),
  );
  return events;
}

/**
 * The probe events of each snapshot a flow is explored in. On hold (a live hand-off) the caller's
 * words move nothing, so there the runtime's outcomes and a few of what the caller may do while
 * waiting are enough: a lawful stop (kept on hold, it changes what a failure says), a safety
 * signal, an answer of no intent, silence, a key, a hang-up. Elsewhere every turn of `probeEvents`
 * but the hand-off's outcomes, which only a hold state takes.
 */
export function probeEventsFor(machine: FlowMachine, input: FlowInput): (snapshot: AnyMachineSnapshot) => TurnEvent[] {
  const all = probeEvents(input);
  const turns = all.filter((event) => event.type !== 'handoff.ended');
  const onHold: TurnEvent[] = [
    ...handoffOutcomeEvents(),
    ...(['attorney', 'bankruptcy', 'cease_contact', 'deceased', 'unknown'] as const).map((intent) => said(intent)),
    said('unknown', {}, ['self_harm']),
    { type: 'user.silent', atMs: 0 },
    { type: 'user.dtmf', digit: '0', atMs: 0 },
    { type: 'call.hung_up', atMs: 0 },
    { type: 'call.voicemail', atMs: 0 },
  ];
  return (snapshot) => {
    const value: unknown = snapshot.value;
    const meta: unknown = typeof value === 'string' && Object.hasOwn(machine.root.states, value) ? machine.root.states[value]?.meta : undefined;
    return typeof meta === 'object' && meta !== null && Reflect.get(meta, 'onHold') === true ? onHold : turns;
  };
}
