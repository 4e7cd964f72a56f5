import { assign, emit, enqueueActions, setup } from 'xstate';
import type { Disposition } from '../domain/dispositions.js';
import type { Intent, NluEntities } from '../nlu/intents.js';
import type { EscalationReason, FlowEffect, PromiseKind, TurnEvent } from './events.js';
import type { Slot } from './slots.js';
import {
  createFlowContext,
  promptVariables,
  type FlowContext,
  type FlowInput,
  type FlowOutput,
} from './flow-context.js';

function entitiesOf(event: TurnEvent): NluEntities {
  return event.type === 'user.said' ? event.nlu.entities : {};
}

function promiseAmountTooLow(context: FlowContext): boolean {
  // A settlement amount comes from the policy itself, so the instalment minimum does not apply to it.
  return context.slots.kind !== 'settlement' && context.slots.amount !== undefined && context.slots.amount < context.offers.minAmount;
}

function promiseAmountTooHigh(context: FlowContext): boolean {
  return context.slots.amount !== undefined && context.slots.amount > context.debtor.balance;
}

/**
 * The typed `setup()` every dunbot flow is built from: the turn events it accepts, the effects it
 * emits, and the named actions and guards the flow kit's helpers refer to. Flows are
 * `flowSetup.createMachine({...})`; tests swap implementations with `machine.provide()`.
 */
export const flowSetup = setup({
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
    escalate: enqueueActions(({ enqueue }, params: { reason: EscalationReason }) => {
      enqueue.assign({ escalation: { reason: params.reason } });
      enqueue.emit({ type: 'escalate', reason: params.reason });
    }),
    finish: enqueueActions(({ enqueue }, params: { disposition: Disposition }) => {
      enqueue.assign({ disposition: params.disposition });
      enqueue.emit({ type: 'hang_up', disposition: params.disposition });
    }),
    countNoInput: assign({ noInputCount: ({ context }) => context.noInputCount + 1 }),
    countNoMatch: assign({ noMatchCount: ({ context }) => context.noMatchCount + 1 }),
    countAbuse: assign({ abuseCount: ({ context }) => context.abuseCount + 1 }),
    countRefusal: assign({ refusalCount: ({ context }) => context.refusalCount + 1 }),
    countHardship: assign({ hardshipCount: ({ context }) => context.hardshipCount + 1 }),
    resetReprompts: assign({ noInputCount: 0, noMatchCount: 0 }),
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
  },
  guards: {
    intentIs: ({ event }, params: { intent: Intent }) => event.type === 'user.said' && event.nlu.intent === params.intent,
    dtmfIs: ({ event }, params: { digit: string }) => event.type === 'user.dtmf' && event.digit === params.digit,
    canRepromptNoInput: ({ context }) => context.noInputCount + 1 < context.options.maxNoInput,
    canRepromptNoMatch: ({ context }) => context.noMatchCount + 1 < context.options.maxNoMatch,
    notUnderstoodEndsCall: ({ context }) => context.options.onNotUnderstood === 'end',
    firstAbuse: ({ context }) => context.abuseCount === 0,
    firstRefusal: ({ context }) => context.refusalCount === 0,
    firstHardship: ({ context }) => context.hardshipCount === 0,
    planAvailable: ({ context }) => context.offers.installments > 1,
    settlementAvailable: ({ context }) => context.offers.settlementAmount !== undefined,
    promiseAmountMissing: ({ context }) => context.slots.amount === undefined,
    promiseDateMissing: ({ context }) => context.slots.date === undefined,
    promiseAmountTooLow: ({ context }) => promiseAmountTooLow(context),
    promiseAmountTooHigh: ({ context }) => promiseAmountTooHigh(context),
    promiseDateInPast: ({ context }) => context.slots.date !== undefined && context.slots.date < context.today,
    promiseDateTooLate: ({ context }) => context.slots.date !== undefined && context.slots.date > context.offers.latestDate,
  },
});

/** What the flow kit records in a state's `meta`, for the static check, Mermaid and the runtime. */
export interface FlowStateMeta {
  /** The state asks the debtor something and waits for an answer. */
  readonly question?: boolean;
  /** Intents this question expects (used for ASR grammars and speech hints). */
  readonly expects?: readonly Intent[];
  /** Entities this question asks for, when its `AskOptions` name them. */
  readonly slots?: readonly Slot[];
  /** The prompts said when the state is entered. */
  readonly prompts?: readonly string[];
  /** On a final state: the call's disposition. */
  readonly disposition?: Disposition;
}

/** The context factory every flow uses: `context: flowContext`. */
export const flowContext = ({ input }: { input: FlowInput }): FlowContext => createFlowContext(input);

/** The output every flow returns: `output: flowOutput`. */
export const flowOutput = ({ context }: { context: FlowContext }): FlowOutput => ({
  disposition: context.disposition ?? 'HUNG_UP',
  ...(context.confirmedPromise !== undefined ? { promise: context.confirmedPromise } : {}),
  ...(context.escalation !== undefined ? { escalation: context.escalation } : {}),
});
