import { createActor } from 'xstate';
import type { FlowEffect, TurnEvent } from '../flow/events.js';
import { isFlowEffect } from '../flow/events.js';
import type { FlowInput, FlowOutput } from '../flow/flow-context.js';
import type { FlowMachine } from '../flow/flow-machine.js';
import type { Intent, NluEntities, PartialIdentifier, Signal } from '../nlu/intents.js';
import type { HandoffOutcomeState } from '../escalation/handoff.js';

/**
 * One debtor turn in a flow test: an intent (optionally with entities, signals, the words said and
 * the turn's emotion score), silence, a key, or a call event. NLU is bypassed, so a test states
 * exactly what the debtor meant.
 */
export type TestTurn =
  | Intent
  | {
      readonly intent: Intent;
      readonly amount?: number;
      readonly date?: string;
      readonly identifier?: PartialIdentifier;
      /** A callback time (ISO date-time with offset), as the NLU reads "call me tomorrow at 10". */
      readonly callbackAt?: string;
      readonly signals?: readonly Signal[];
      /** The words said (default: the intent's name); "" is speech the recognizer gave no words for. */
      readonly text?: string;
      /** How heated the turn was, 0–1 (UserSaidEvent.emotion). */
      readonly emotion?: number;
    }
  | 'silence'
  | { readonly dtmf: string }
  | 'barge_in'
  | 'hang_up'
  | 'voicemail'
  /** The runtime's hand-off ended: a flow started with `handoff: true` waits on hold for it. */
  | { readonly handoff: HandoffOutcomeState; readonly reason?: string };

/** What a flow did with a sequence of turns. */
export interface FlowRun {
  /** The prompts said, in order. */
  readonly prompts: readonly string[];
  /** Every effect emitted, in order. */
  readonly effects: readonly FlowEffect[];
  /** The state after each turn (the first entry is the state before any turn). */
  readonly states: readonly string[];
  readonly done: boolean;
  readonly output: FlowOutput | undefined;
}

function toEvent(turn: TestTurn): TurnEvent {
  if (turn === 'silence') return { type: 'user.silent', atMs: 0 };
  if (turn === 'barge_in') return { type: 'user.barged_in', atMs: 0 };
  if (turn === 'hang_up') return { type: 'call.hung_up', atMs: 0 };
  if (turn === 'voicemail') return { type: 'call.voicemail', atMs: 0 };
  if (typeof turn === 'string') return { type: 'user.said', text: turn, nlu: { intent: turn, confidence: 1, entities: {} }, atMs: 0 };
  if ('dtmf' in turn) return { type: 'user.dtmf', digit: turn.dtmf, atMs: 0 };
  if ('handoff' in turn) return { type: 'handoff.ended', state: turn.handoff, ...(turn.reason !== undefined ? { reason: turn.reason } : {}), atMs: 0 };
  const entities: NluEntities = {
    ...(turn.amount !== undefined ? { amount: turn.amount } : {}),
    ...(turn.date !== undefined ? { date: turn.date } : {}),
    ...(turn.identifier !== undefined ? { identifier: turn.identifier } : {}),
    ...(turn.callbackAt !== undefined ? { callbackAt: turn.callbackAt } : {}),
  };
  const signals = turn.signals !== undefined && turn.signals.length > 0 ? { signals: turn.signals } : {};
  return {
    type: 'user.said',
    text: turn.text ?? turn.intent,
    nlu: { intent: turn.intent, confidence: 1, entities, ...signals },
    atMs: 0,
    ...(turn.emotion !== undefined ? { emotion: turn.emotion } : {}),
  };
}

/**
 * Runs a flow machine over test turns, without NLU, clock or store, and reports what it said and
 * where it ended — the quickest way to test a flow path by path.
 *
 * @example
 * ```ts
 * const run = driveFlow(earlyStageFlow, input, ['affirm', { intent: 'promise_to_pay', amount: 300, date: '2026-03-13' }, 'affirm']);
 * expect(run.output?.disposition).toBe('PTP');
 * ```
 */
export function driveFlow(machine: FlowMachine, input: FlowInput, turns: readonly TestTurn[]): FlowRun {
  const actor = createActor(machine, { input });
  const effects: FlowEffect[] = [];
  actor.on('*', (emitted) => {
    if (isFlowEffect(emitted)) effects.push(emitted);
  });
  actor.start();
  const stateOf = (): string => String(actor.getSnapshot().value);
  const states = [stateOf()];
  for (const turn of turns) {
    if (actor.getSnapshot().status === 'done') throw new Error(`flow ended in ${stateOf()} before turn ${JSON.stringify(turn)}`);
    actor.send(toEvent(turn));
    states.push(stateOf());
  }
  const snapshot = actor.getSnapshot();
  actor.stop();
  return {
    prompts: effects.flatMap((effect) => (effect.type === 'say' ? [effect.prompt] : [])),
    effects,
    states,
    done: snapshot.status === 'done',
    output: snapshot.status === 'done' ? snapshot.output : undefined,
  };
}
