import { and } from 'xstate';
import type { Intent } from '../nlu/intents.js';
import type { TurnEvent } from './events.js';
import type { FlowContext } from './flow-context.js';
import { dtmfIs, intentIs, say } from './actions.js';
import { ENDING } from './endings.js';
import type { Slot } from './slots.js';
import type { FlowAction, FlowGuard, FlowStateConfig, FlowTransition } from './flow-config.js';

/**
 * What to do with one kind of answer. With a `target` the call moves there; without one it stays
 * at the question and asks it again after the `actions` (e.g. answer "how much do I owe?" then
 * repeat the question).
 */
export interface Answer {
  readonly target?: string;
  readonly actions?: readonly FlowAction[];
  readonly guard?: FlowGuard;
}

/** A target state key, one answer, or several guarded answers tried in order. */
export type AnswerSpec = string | Answer | readonly Answer[];

/** How a question state behaves. */
export interface AskOptions {
  /** Prompts said on entering the question and again on every re-prompt. */
  readonly prompts: readonly string[];
  /** Answers by intent. Standard safety answers are added for intents not listed here. */
  readonly on: Partial<Record<Intent, AnswerSpec>>;
  /** Any other intent (instead of the not-understood path), e.g. for free-form detail capture. */
  readonly otherwise?: AnswerSpec;
  /** What silence does, instead of re-prompting and then ending with NO_RESPONSE. */
  readonly onSilence?: AnswerSpec;
  /** Keypad digits that count as intents. Default: 1 yes, 2 no, 0 a person. */
  readonly dtmf?: Readonly<Record<string, Intent>>;
  /** Entities the question asks for. Default: those its expected intents carry (see `slotsOfIntents`). */
  readonly slots?: readonly Slot[];
}

/** Keypad digits every question accepts unless it says otherwise. */
export const DEFAULT_DTMF: Readonly<Record<string, Intent>> = { '1': 'affirm', '2': 'deny', '0': 'request_human' };

/**
 * Answers every question gives unless it overrides them: distress, a request for a person and
 * abuse go to a human (abuse after one de-escalation); attorney, bankruptcy, death and "stop
 * calling" end the call lawfully. This is what makes escalation reachable from every question.
 */
export const STANDARD_ANSWERS: Readonly<Partial<Record<Intent, AnswerSpec>>> = {
  distress: ENDING.escalateDistress,
  request_human: ENDING.escalateHuman,
  abusive: [
    { guard: { type: 'firstAbuse' }, actions: [{ type: 'countAbuse' }, say('escalation.deescalate')] },
    { target: ENDING.escalateAbuse },
  ],
  attorney: ENDING.attorney,
  bankruptcy: ENDING.bankruptcy,
  deceased: ENDING.deceased,
  cease_contact: ENDING.cease,
};

function answersOf(spec: AnswerSpec): readonly Answer[] {
  if (typeof spec === 'string') return [{ target: spec }];
  if (Array.isArray(spec)) return spec as readonly Answer[];
  return [spec as Answer];
}

/**
 * Both guards must hold. xstate's `and()` types its result's params as `unknown` where a
 * transition expects `undefined`; the predicate itself is exactly what the transition needs.
 */
function both(first: FlowGuard, second: FlowGuard): TransitionGuard {
  return and<FlowContext, TurnEvent, [FlowGuard, FlowGuard]>([first, second]) as unknown as TransitionGuard;
}

type TransitionGuard = NonNullable<FlowTransition['guard']>;

/** Turns one answer into a transition: guarded by `match`, re-asking the question when it has no target. */
function toTransition(answer: Answer, match: FlowGuard | undefined, reprompt: readonly FlowAction[]): FlowTransition {
  const guard = match !== undefined && answer.guard !== undefined ? both(match, answer.guard) : (match ?? answer.guard);
  const actions = [...(answer.actions ?? []), ...(answer.target === undefined ? reprompt : [])];
  return {
    ...(answer.target !== undefined ? { target: answer.target } : {}),
    ...(guard !== undefined ? { guard } : {}),
    actions,
  };
}

/**
 * Builds a question state: says its prompts, waits for the debtor, branches on intents (spoken or
 * keyed), re-prompts on silence and on answers it does not understand, and ends the call politely
 * or escalates when either happens too often (counts from the flow's options).
 *
 * @example
 * ```ts
 * confirmPlan: ask({
 *   prompts: ['plan.offer'],
 *   on: { affirm: { target: 'planAgreed', actions: [{ type: 'confirmPlan' }] }, deny: 'promiseAmount' },
 * }),
 * ```
 */
export function ask(options: AskOptions): FlowStateConfig {
  const reprompt = options.prompts.map(say);
  const answers: Partial<Record<Intent, AnswerSpec>> = { ...STANDARD_ANSWERS, ...options.on };
  const said: FlowTransition[] = [];
  for (const [intent, spec] of Object.entries(answers) as [Intent, AnswerSpec][]) {
    for (const answer of answersOf(spec)) said.push(toTransition(answer, intentIs(intent), reprompt));
  }
  const keyed: FlowTransition[] = [];
  for (const [digit, intent] of Object.entries(options.dtmf ?? DEFAULT_DTMF)) {
    const spec = answers[intent];
    if (spec === undefined) continue;
    for (const answer of answersOf(spec)) keyed.push(toTransition(answer, dtmfIs(digit), reprompt));
  }
  const notUnderstood: FlowTransition[] = options.otherwise !== undefined
    ? answersOf(options.otherwise).map((answer) => toTransition(answer, undefined, reprompt))
    : [
        { guard: { type: 'canRepromptNoMatch' }, actions: [{ type: 'countNoMatch' }, say('common.no_match'), ...reprompt] },
        { guard: { type: 'notUnderstoodEndsCall' }, target: ENDING.notUnderstood },
        { target: ENDING.escalateNotUnderstood },
      ];
  const silence: FlowTransition[] = options.onSilence !== undefined
    ? answersOf(options.onSilence).map((answer) => toTransition(answer, undefined, reprompt))
    : [
        { guard: { type: 'canRepromptNoInput' }, actions: [{ type: 'countNoInput' }, say('common.no_input'), ...reprompt] },
        { target: ENDING.noResponse },
      ];
  return {
    entry: [{ type: 'resetReprompts' }, ...reprompt],
    meta: { question: true, expects: Object.keys(options.on) as Intent[], prompts: options.prompts, ...(options.slots !== undefined ? { slots: options.slots } : {}) },
    on: {
      'user.said': [...said, ...notUnderstood],
      'user.dtmf': [...keyed, ...notUnderstood],
      'user.silent': silence,
    },
  };
}

/**
 * Builds a state that decides at once, without waiting for the debtor: the first answer whose
 * guard holds is taken (the last one should have no guard).
 */
export function decide(answers: readonly Answer[]): FlowStateConfig {
  return { always: answers.map((answer) => toTransition(answer, undefined, [])) };
}
