import { assign, emit, enqueueActions, setup } from 'xstate';
import type { Disposition } from '../domain/dispositions.js';
import type { AccountFlagKind } from '../domain/account-flags.js';
import { FLAG_OF_DISPOSITION, FLAG_OF_SIGNAL, LEGAL_STOP_OF_FLAG, flagFrom, withFlag } from './account-flag-rules.js';
import type { VerifyFactor } from '../domain/debtor.js';
import type { Intent, NluEntities, PartialIdentifier, Signal } from '../nlu/intents.js';
import { GENERATED_ANSWER_PROMPT, type EscalationReason, type FlowEffect, type PromiseKind, type TurnEvent } from './events.js';
import type { Slot } from './slots.js';
import { identifierMatches } from './identity-check.js';
import { routeEscalationsThroughHandoff } from './handoff-routing.js';
import { DEFAULT_EMOTION_ESCALATION } from '../escalation/escalation-policy.js';
import { emotionCallsForPerson, withTurnEmotion } from '../escalation/emotion.js';
import { escalationEvidence } from '../escalation/escalation-evidence.js';
import {
  createFlowContext,
  promptVariables,
  type FlowContext,
  type FlowInput,
  type FlowOutput,
} from './flow-context.js';

/** Requests to repeat one question honoured before they count as not understood. */
export const MAX_REPEATS = 3;

/**
 * Intents a vulnerable caller's hand-off does not override: a lawful stop is kept (a represented or
 * bankrupt debtor, "stop calling"), and a death told before anyone confirmed who they are is the
 * debtor's own (the bereaved relative hears the condolence ending, not a hand-off).
 */
const KEPT_OVER_VULNERABLE: readonly Intent[] = ['attorney', 'bankruptcy', 'cease_contact'];

/**
 * Intents that turn down the terms on the table, whatever figure they repeat: a refusal, hardship,
 * a request for other terms, a dispute.
 */
const TURNS_DOWN_OFFER: readonly Intent[] = ['refuse', 'deny', 'hardship', 'request_plan', 'dispute'];

/** The utterance turns down the offer or asks to pay less (see TURNS_DOWN_OFFER). */
function turnsDownOffer(event: TurnEvent): boolean {
  return event.type === 'user.said' && (TURNS_DOWN_OFFER.includes(event.nlu.intent) || (event.nlu.signals ?? []).includes('reduction_request'));
}

/** Speech was heard but the recognizer returned no words for it (the session sends it with empty text). */
function unrecognized(event: TurnEvent): boolean {
  return event.type === 'user.said' && event.text.trim() === '';
}

function entitiesOf(event: TurnEvent): NluEntities {
  return event.type === 'user.said' ? event.nlu.entities : {};
}

/** The identifier the debtor just gave, when it is of the kind the policy asks for (`verifyWith`). */
function askedIdentifier(context: FlowContext, event: TurnEvent): PartialIdentifier | undefined {
  const identifier = entitiesOf(event).identifier;
  return identifier !== undefined && identifier.kind === context.policy.verifyWith ? identifier : undefined;
}

function promiseAmountTooLow(context: FlowContext): boolean {
  // A settlement amount comes from the policy itself, so the instalment minimum does not apply to it.
  return context.slots.kind !== 'settlement' && context.slots.amount !== undefined && context.slots.amount < context.offers.minAmount;
}

function promiseAmountTooHigh(context: FlowContext): boolean {
  return context.slots.amount !== undefined && context.slots.amount > context.debtor.balance;
}

/** The typed `setup()` behind `flowSetup`. */
const flowKit = setup({
  types: {
    context: {} as FlowContext,
    events: {} as TurnEvent,
    input: {} as FlowInput,
    output: {} as FlowOutput,
    emitted: {} as FlowEffect,
    meta: {} as FlowStateMeta,
  },
  actions: {
    /** Speak one prompt, rendered with every variable the context provides. */
    say: emit(({ context }, params: { prompt: string }) => ({
      type: 'say' as const,
      prompt: params.prompt,
      vars: promptVariables(context),
    })),
    /**
     * Speak the answer that came with the debtor's question (see UserSaidEvent.answer), as the
     * `{answer}` prompt, so it passes the compliance guard like every other line; nothing without one.
     */
    sayAnswer: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'user.said' || event.answer === undefined) return;
      enqueue.emit({ type: 'say', prompt: GENERATED_ANSWER_PROMPT, vars: { ...promptVariables(context), answer: event.answer } });
    }),
    /** Speak the consequences that are true for this debt: only factual, lawful ones. */
    sayConsequences: enqueueActions(({ context, enqueue }) => {
      const vars = promptVariables(context);
      let said = false;
      if (context.policy.lateFeesApply === true) {
        enqueue.emit({ type: 'say', prompt: 'consequences.fees', vars });
        said = true;
      }
      if (context.policy.reportsToCreditBureau === true) {
        enqueue.emit({ type: 'say', prompt: 'consequences.credit', vars });
        said = true;
      }
      if (!said) enqueue.emit({ type: 'say', prompt: 'consequences.generic', vars });
    }),
    /** Hand the call to a person, with what set it off (the turn that did, and the counts or emotion the rule read). */
    escalate: enqueueActions(({ context, event, enqueue }, params: { reason: EscalationReason }) => {
      enqueue.assign({ escalation: { reason: params.reason } });
      enqueue.emit({ type: 'escalate', reason: params.reason, evidence: escalationEvidence(params.reason, context, event) });
    }),
    finish: enqueueActions(({ context, enqueue }, params: { disposition: Disposition }) => {
      const flag = FLAG_OF_DISPOSITION[params.disposition];
      if (flag !== undefined) enqueue.assign({ flags: withFlag(context.flags, { kind: flag }) });
      enqueue.assign({ disposition: params.disposition });
      enqueue.emit({ type: 'hang_up', disposition: params.disposition });
    }),
    /**
     * The caller hung up: the call ends with the lawful stop they invoked, if any (an attorney
     * named, then a hang-up, is still a represented debtor), else HUNG_UP.
     */
    finishAfterHangUp: enqueueActions(({ context, enqueue }) => {
      const disposition = context.legalStop ?? 'HUNG_UP';
      enqueue.assign({ disposition });
      enqueue.emit({ type: 'hang_up', disposition });
    }),
    /** Raise an account flag, with what the debtor said as its detail when `withDetail`. */
    flag: enqueueActions(({ context, event, enqueue }, params: { kind: AccountFlagKind; withDetail: boolean }) => {
      enqueue.assign({ flags: withFlag(context.flags, flagFrom(params.kind, event, params.withDetail)) });
      const stop = context.legalStop ?? LEGAL_STOP_OF_FLAG[params.kind];
      if (stop !== undefined) enqueue.assign({ legalStop: stop });
    }),
    /**
     * Keeps what an answer says about the account, whatever the question does with it: where and
     * when not to call, an objection to recording, a request for a written notice, a callback time.
     */
    noteSignals: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'user.said') return;
      let flags = context.flags;
      for (const signal of event.nlu.signals ?? []) {
        const kind = FLAG_OF_SIGNAL[signal];
        if (kind !== undefined) flags = withFlag(flags, flagFrom(kind, event, true));
      }
      if (event.nlu.intent === 'callback') flags = withFlag(flags, flagFrom('callback', event, true));
      if (flags !== context.flags) enqueue.assign({ flags });
      // Counted so that the second time, after the bot has said what it can offer, is recognized as insisting.
      if (context.verified && (event.nlu.signals ?? []).includes('reduction_request')) enqueue.assign({ reductionRequests: context.reductionRequests + 1 });
    }),
    /** The debtor confirmed who they are. */
    markVerified: assign({ verified: true }),
    countRepeat: assign({ repeatCount: ({ context }) => context.repeatCount + 1 }),
    countTurn: assign({ turnCount: ({ context }) => context.turnCount + 1 }),
    countNoInput: assign({ noInputCount: ({ context }) => context.noInputCount + 1 }),
    countNoMatch: assign({ noMatchCount: ({ context }) => context.noMatchCount + 1 }),
    countAbuse: assign({ abuseCount: ({ context }) => context.abuseCount + 1 }),
    countRefusal: assign({ refusalCount: ({ context }) => context.refusalCount + 1 }),
    countIdentityMiss: assign({ identityMisses: ({ context }) => context.identityMisses + 1 }),
    countHardship: assign({ hardshipCount: ({ context }) => context.hardshipCount + 1 }),
    resetReprompts: assign({ noInputCount: 0, noMatchCount: 0, repeatCount: 0 }),
    /** One more answer not understood, across questions; and one more unrecognized in a row when its speech gave no words. */
    countNotUnderstood: assign(({ context, event }) => ({
      notUnderstoodInARow: context.notUnderstoodInARow + 1,
      recognitionFailuresInARow: unrecognized(event) ? context.recognitionFailuresInARow + 1 : 0,
    })),
    /** An answer understood (or a key that answers): both counts start over. */
    countUnderstood: assign({ notUnderstoodInARow: 0, recognitionFailuresInARow: 0 }),
    /** Adds the turn's emotion score, when the runtime scored it, to the call's trajectory. */
    trackEmotion: assign({
      emotion: ({ context, event }) => {
        if (event.type !== 'user.said' || event.emotion === undefined) return context.emotion;
        const rule = context.options.escalation.emotion;
        return withTurnEmotion(context.emotion, event.emotion, rule === false ? DEFAULT_EMOTION_ESCALATION : rule);
      },
    }),
    /** Merge the amount and date the debtor just said into the promise being captured. */
    capturePromise: assign({
      slots: ({ context, event }) => {
        const { amount, date } = entitiesOf(event);
        return {
          ...context.slots,
          ...(amount !== undefined ? { amount } : {}),
          ...(date !== undefined ? { date } : {}),
        };
      },
    }),
    clearPromise: assign({ slots: { kind: 'single' as PromiseKind } }),
    clearPromiseAmount: assign({ slots: ({ context }) => ({ kind: context.slots.kind, ...(context.slots.date !== undefined ? { date: context.slots.date } : {}) }) }),
    clearPromiseDate: assign({ slots: ({ context }) => ({ kind: context.slots.kind, ...(context.slots.amount !== undefined ? { amount: context.slots.amount } : {}) }) }),
    /** Fill the promise from the settlement offer, to be read back and confirmed. */
    takeSettlementOffer: assign({
      slots: ({ context }) => ({
        kind: 'settlement' as PromiseKind,
        date: context.offers.latestDate,
        ...(context.offers.settlementAmount !== undefined ? { amount: context.offers.settlementAmount } : {}),
      }),
    }),
    /** Record and emit the confirmed promise (the slots, read back and confirmed). */
    confirmPromise: enqueueActions(({ context, enqueue }) => {
      const { amount, date, kind } = context.slots;
      if (amount === undefined || date === undefined) return;
      enqueue.assign({ confirmedPromise: { amount, date, kind } });
      enqueue.emit({ type: 'promise', amount, date, kind });
    }),
    /** The plan starts on the day the debtor named (checked by `namesPlanStart`). */
    startPlanOnNamedDay: assign({
      offers: ({ context, event }) => {
        const date = event.type === 'user.said' ? event.nlu.entities.date : undefined;
        return date !== undefined ? { ...context.offers, firstDate: date } : context.offers;
      },
    }),
    /** Record and emit the first instalment of the plan the debtor accepted. */
    confirmPlan: enqueueActions(({ context, enqueue }) => {
      const { installmentAmount, firstDate, installments } = context.offers;
      const promise = { amount: installmentAmount, date: firstDate, kind: 'plan' as PromiseKind, installments };
      enqueue.assign({ confirmedPromise: promise });
      enqueue.emit({ type: 'promise', ...promise });
    }),
    notePaymentClaim: assign({
      paymentClaim: ({ event }) => {
        const text = event.type === 'user.said' ? event.text : '';
        const date = entitiesOf(event).date;
        return date !== undefined ? { text, date } : { text };
      },
    }),
    note: assign({ notes: ({ context }, params: { note: string }) => [...context.notes, params.note] }),
    /** The live hand-off the call waited for has ended: its outcome goes into the escalation (see HandoffEndedEvent). */
    noteHandoff: enqueueActions(({ context, event, enqueue }) => {
      if (event.type !== 'handoff.ended' || context.escalation === undefined) return;
      enqueue.assign({ escalation: { ...context.escalation, handoff: { state: event.state, ...(event.reason !== undefined ? { reason: event.reason } : {}) } } });
    }),
    /** A callback agreed after a failed hand-off, with the time the debtor named (`callbackAt`, else the day) when they named one. */
    noteCallback: enqueueActions(({ context, event, enqueue }) => {
      const { callbackAt, date } = entitiesOf(event);
      const when = callbackAt ?? date;
      enqueue.assign({ flags: withFlag(context.flags, { kind: 'callback', ...(when !== undefined ? { detail: when } : {}) }) });
    }),
  },
  guards: {
    intentIs: ({ event }, params: { intent: Intent }) => event.type === 'user.said' && event.nlu.intent === params.intent,
    signalIs: ({ event }, params: { signal: Signal }) => event.type === 'user.said' && (event.nlu.signals ?? []).includes(params.signal),
    verified: ({ context }) => context.verified,
    notVerified: ({ context }) => !context.verified,
    /** The debtor's question came with an answer the flow may say (see `sayAnswer`). */
    hasAnswer: ({ event }) => event.type === 'user.said' && event.answer !== undefined && event.answer.trim() !== '',
    /** The utterance carries `signal` and its intent is none the question answers itself (those win). */
    offScript: ({ event }, params: { signal: Signal; answered: readonly Intent[] }) =>
      event.type === 'user.said' && (event.nlu.signals ?? []).includes(params.signal) && !params.answered.includes(event.nlu.intent),
    canRepeat: ({ context }) => context.repeatCount < MAX_REPEATS,
    turnLimitReached: ({ context }) => context.turnCount + 1 >= context.options.maxTurns,
    promiseBelowMinimumDue: ({ context }) => context.slots.kind === 'single' && context.slots.amount !== undefined && context.slots.amount < Math.min(context.debtor.minimumDue, context.debtor.balance),
    /**
     * The answer repeats the offered instalment (to the cent, give or take a dollar for rounding) and
     * does not refuse it, plead hardship or ask for other terms: "四千我是真拿不出来，能不能少点" and
     * "I can't do 580" name the figure without accepting it.
     */
    restatesPlan: ({ context, event }) => {
      if (event.type !== 'user.said' || turnsDownOffer(event)) return false;
      const amount = event.nlu.entities.amount;
      return amount !== undefined && Math.abs(amount - context.offers.installmentAmount) <= 1;
    },
    /** The utterance names the offered instalment (give or take a dollar), whatever it says of it. */
    namesOfferedInstalment: ({ context, event }) => {
      const amount = event.type === 'user.said' ? event.nlu.entities.amount : undefined;
      return amount !== undefined && Math.abs(amount - context.offers.installmentAmount) <= 1;
    },
    /** Both: the offer restated, with a start day within the window. */
    restatesPlanFrom: ({ context, event }) => {
      if (event.type !== 'user.said') return false;
      const { amount, date } = event.nlu.entities;
      return amount !== undefined && Math.abs(amount - context.offers.installmentAmount) <= 1 && date !== undefined && date >= context.today && date <= context.offers.latestDate;
    },
    /** The answer names a start day from today to the latest promise date. */
    namesPlanStart: ({ context, event }) => {
      const date = event.type === 'user.said' ? event.nlu.entities.date : undefined;
      return date !== undefined && date >= context.today && date <= context.offers.latestDate;
    },
    /** A plan can be offered, and the request for it names a start day within the window. */
    requestsPlanFrom: ({ context, event }) => {
      const date = event.type === 'user.said' ? event.nlu.entities.date : undefined;
      return context.offers.installments > 1 && date !== undefined && date >= context.today && date <= context.offers.latestDate;
    },
    carriesPromiseSlot: ({ event }) => event.type === 'user.said' && (event.nlu.entities.amount !== undefined || event.nlu.entities.date !== undefined),
    dtmfIs: ({ event }, params: { digit: string }) => event.type === 'user.dtmf' && event.digit === params.digit,
    canRepromptNoInput: ({ context }) => context.noInputCount + 1 < context.options.maxNoInput,
    canRepromptNoMatch: ({ context }) => context.noMatchCount + 1 < context.options.maxNoMatch,
    notUnderstoodEndsCall: ({ context }) => context.options.onNotUnderstood === 'end',
    firstAbuse: ({ context }) => context.abuseCount === 0,
    /**
     * With this answer, the policy's count of answers not understood in a row (across questions) is
     * reached, or that of turns whose speech gave no words.
     */
    notUnderstoodInARow: ({ context, event }) => {
      const { notUnderstoodInARow, recognitionFailuresInARow } = context.options.escalation;
      if (notUnderstoodInARow !== false && context.notUnderstoodInARow + 1 >= notUnderstoodInARow) return true;
      return recognitionFailuresInARow !== false && unrecognized(event) && context.recognitionFailuresInARow + 1 >= recognitionFailuresInARow;
    },
    /**
     * With this turn's score, the emotion rule of the policy holds (heated for its turns in a row,
     * and rising). Abuse is left to its own rule, which de-escalates once before handing over.
     */
    emotionEscalates: ({ context, event }) => {
      const rule = context.options.escalation.emotion;
      if (rule === false || event.type !== 'user.said' || event.emotion === undefined || event.nlu.intent === 'abusive') return false;
      return emotionCallsForPerson(withTurnEmotion(context.emotion, event.emotion, rule), rule);
    },
    /**
     * The caller is vulnerable (serious illness, a recent bereavement, confusion, a minor) and
     * nothing in the turn must be kept over a hand-off (see KEPT_OVER_VULNERABLE).
     */
    vulnerableCaller: ({ context, event }) => {
      if (event.type !== 'user.said' || !(event.nlu.signals ?? []).includes('vulnerable')) return false;
      const intent = event.nlu.intent;
      return !KEPT_OVER_VULNERABLE.includes(intent) && !(intent === 'deceased' && !context.verified);
    },
    /** The policy hands disputes to a person (EscalationPolicy.dispute). */
    disputesGoToPerson: ({ context }) => context.options.escalation.dispute,
    /** The policy hands terms beyond the bot's authority to a person (EscalationPolicy.beyondAuthority). */
    beyondAuthorityGoesToPerson: ({ context }) => context.options.escalation.beyondAuthority,
    /**
     * A verified debtor asks again to pay less than the balance (or holds to such a figure), after the
     * bot has answered the first request with what it may offer: terms only a person can agree.
     */
    insistsOnReduction: ({ context, event }) =>
      context.options.escalation.beyondAuthority && context.verified && context.reductionRequests > 0 && event.type === 'user.said' && (event.nlu.signals ?? []).includes('reduction_request'),
    firstRefusal: ({ context }) => context.refusalCount === 0,
    /** The policy asks for this second factor once the name is confirmed. */
    verifiesWith: ({ context }, params: { factor: VerifyFactor }) => context.policy.verifyWith === params.factor,
    /** The second factor the debtor gave is the one on record. */
    identifierMatches: ({ context, event }) => {
      const said = askedIdentifier(context, event);
      return said !== undefined && context.policy.verifyWith !== undefined && identifierMatches(context.debtor, context.policy.verifyWith, said);
    },
    /** The debtor gave the second factor asked for (whether or not it matches). */
    identifierGiven: ({ context, event }) => askedIdentifier(context, event) !== undefined,
    /** The second factor given, for the first time not matching: one more try. */
    identifierMayRetry: ({ context, event }) => askedIdentifier(context, event) !== undefined && context.identityMisses === 0,
    firstHardship: ({ context }) => context.hardshipCount === 0,
    planAvailable: ({ context }) => context.offers.installments > 1,
    settlementAvailable: ({ context }) => context.offers.settlementAmount !== undefined,
    promiseAmountMissing: ({ context }) => context.slots.amount === undefined,
    promiseDateMissing: ({ context }) => context.slots.date === undefined,
    promiseAmountTooLow: ({ context }) => promiseAmountTooLow(context),
    promiseAmountTooHigh: ({ context }) => promiseAmountTooHigh(context),
    promiseDateInPast: ({ context }) => context.slots.date !== undefined && context.slots.date < context.today,
    promiseDateTooLate: ({ context }) => context.slots.date !== undefined && context.slots.date > context.offers.latestDate,
    /**
     * A person can be reached during this call (FlowInput.handoff) and has not been tried yet: an
     * escalation waits on hold. One live hand-off per call: once one has ended, a later escalation
     * ends the call ESCALATED for a person to follow up, so no caller is put on hold again and again.
     */
    handoffLive: ({ context }) => context.handoff && context.escalation?.handoff === undefined,
    handoffBridged: ({ event }) => event.type === 'handoff.ended' && event.state === 'bridged',
    /** Nobody was reached and no callback is to be offered: the flow says so, or a lawful stop was heard. */
    handoffFailureEndsCall: ({ context }) => context.options.onHandoffFailure === 'end' || context.legalStop !== undefined,
  },
});

/**
 * The typed `setup()` every dunbot flow is built from: the turn events it accepts, the effects it
 * emits, and the named actions and guards the flow kit's helpers refer to. Flows are
 * `flowSetup.createMachine({...})`; tests swap implementations with `machine.provide()`. Every
 * machine it makes can put a caller on hold for a live hand-off (see `routeEscalationsThroughHandoff`).
 */
export const flowSetup: typeof flowKit = {
  ...flowKit,
  createMachine: ((config: Parameters<typeof flowKit.createMachine>[0]) => flowKit.createMachine(routeEscalationsThroughHandoff(config))) as typeof flowKit.createMachine,
};

/** What the flow kit records in a state's `meta`, for the static check, Mermaid and the runtime. */
export interface FlowStateMeta {
  /** The state asks the debtor something and waits for an answer. */
  readonly question?: boolean;
  /** Intents this question expects (used for ASR grammars and speech hints). */
  readonly expects?: readonly Intent[];
  /** Entities this question asks for, when its `AskOptions` name them. */
  readonly slots?: readonly Slot[];
  /** The keypad digits this question takes, when its `AskOptions` name them (else the default 1 yes, 2 no, 0 a person). */
  readonly dtmf?: Readonly<Record<string, Intent>>;
  /** The prompts said when the state is entered. */
  readonly prompts?: readonly string[];
  /** On a final state: the call's disposition. */
  readonly disposition?: Disposition;
  /** The call waits here, on hold, while the runtime puts the caller through to a person (a live hand-off). */
  readonly onHold?: boolean;
  /** On an escalation ending: the lines its hold state says instead, when a person can be reached during the call. */
  readonly holdPrompts?: readonly string[];
}

/** The context factory every flow uses: `context: flowContext`. */
export const flowContext = ({ input }: { input: FlowInput }): FlowContext => createFlowContext(input);

/** The output every flow returns: `output: flowOutput`. */
export const flowOutput = ({ context }: { context: FlowContext }): FlowOutput => ({
  disposition: context.disposition ?? 'HUNG_UP',
  ...(context.confirmedPromise !== undefined ? { promise: context.confirmedPromise } : {}),
  ...(context.escalation !== undefined ? { escalation: context.escalation } : {}),
  ...(context.flags.length > 0 ? { flags: context.flags } : {}),
});
