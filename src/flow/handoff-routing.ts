import { and } from 'xstate';
import type { EscalationReason, TurnEvent } from './events.js';
import type { FlowContext } from './flow-context.js';
import type { FlowAction, FlowGuard, FlowMachineConfig, FlowStateConfig, FlowTransition } from './flow-config.js';
import { ENDING } from './endings.js';
import { handoffEndings, holdState, holdStateOf } from './handoff-endings.js';
import { say } from './actions.js';

/** Guard of every way into a hold state: the call has a live hand-off. */
const LIVE: FlowGuard = { type: 'handoffLive' };

type TransitionGuard = NonNullable<FlowTransition['guard']>;

/** An escalation ending as the routing reads it: the lines it says and why it hands the call over. */
interface EscalationEnding {
  readonly entry: readonly FlowAction[];
  readonly reason: EscalationReason;
  readonly prompts: readonly string[];
}

function actionsOf(value: unknown): readonly unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function typeOf(action: unknown): string | undefined {
  if (typeof action === 'string') return action;
  if (typeof action !== 'object' || action === null) return undefined;
  const type: unknown = Reflect.get(action, 'type');
  return typeof type === 'string' ? type : undefined;
}

/**
 * The escalation ending a state is, if it is one: a final state whose entry runs the flow kit's
 * `escalate` action (every `escalation()` state, and any a flow writes the same way).
 */
function escalationEnding(config: FlowStateConfig): EscalationEnding | undefined {
  if (config.type !== 'final') return undefined;
  const entry = actionsOf(config.entry);
  const escalate = entry.find((action) => typeOf(action) === 'escalate');
  const params: unknown = typeof escalate === 'object' && escalate !== null ? Reflect.get(escalate, 'params') : undefined;
  const reason: unknown = typeof params === 'object' && params !== null ? Reflect.get(params, 'reason') : undefined;
  if (typeof reason !== 'string') return undefined;
  const meta: unknown = config.meta;
  const read = (key: string): string[] | undefined => {
    const value: unknown = typeof meta === 'object' && meta !== null ? Reflect.get(meta, key) : undefined;
    return Array.isArray(value) ? value.filter((prompt): prompt is string => typeof prompt === 'string') : undefined;
  };
  const holdPrompts = read('holdPrompts');
  if (holdPrompts !== undefined) {
    // Its own lines for a caller who is being put through; everything else the ending does but end the call.
    return { entry: [...holdPrompts.map(say), ...(entry.filter((action) => typeOf(action) !== 'finish' && typeOf(action) !== 'say') as FlowAction[])], reason: reason as EscalationReason, prompts: holdPrompts };
  }
  return {
    // Everything the ending does but end the call: its lines, `escalate`, whatever else it notes.
    entry: entry.filter((action) => typeOf(action) !== 'finish') as FlowAction[],
    reason: reason as EscalationReason,
    prompts: read('prompts') ?? [],
  };
}

/** The transitions of one event, as a list of objects (a bare target is `{ target }`). */
function transitionsOf(value: unknown): FlowTransition[] {
  return actionsOf(value).map((transition) => (typeof transition === 'string' ? { target: transition } : (transition as FlowTransition)));
}

/** One transition, and before it, when it leads to an escalation ending, the same way into its hold state for a call with a live hand-off. */
function routed(transition: FlowTransition, endings: ReadonlySet<string>, rootLevel: boolean): FlowTransition[] {
  const target = transition.target;
  if (typeof target !== 'string') return [transition];
  const key = rootLevel && target.startsWith('.') ? target.slice(1) : target;
  if (!endings.has(key)) return [transition];
  // As in ask(): xstate's and() types its params as unknown where a transition expects undefined; a
  // guard already combined (a function) passes through it the same way a named one does.
  const guard: TransitionGuard = transition.guard === undefined ? LIVE : (and<FlowContext, TurnEvent, [FlowGuard, FlowGuard]>([LIVE, transition.guard as FlowGuard]) as unknown as TransitionGuard);
  const held = rootLevel && target.startsWith('.') ? `.${holdStateOf(key)}` : holdStateOf(key);
  return [{ ...transition, target: held, guard }, transition];
}

/** The transitions of one event with every way into an escalation ending routed; `value` itself when none leads to one. */
function routedTransitions(value: unknown, endings: ReadonlySet<string>, rootLevel: boolean): unknown {
  const transitions = transitionsOf(value);
  const routedList = transitions.flatMap((transition) => routed(transition, endings, rootLevel));
  return routedList.length === transitions.length ? value : routedList;
}

/** The `on` map with every way into an escalation ending routed (see `routeEscalationsThroughHandoff`). */
function routedOn(on: unknown, endings: ReadonlySet<string>, rootLevel: boolean): unknown {
  if (typeof on !== 'object' || on === null) return on;
  return Object.fromEntries(Object.entries(on).map(([event, value]) => [event, routedTransitions(value, endings, rootLevel)]));
}

function routedState(config: FlowStateConfig, endings: ReadonlySet<string>): FlowStateConfig {
  const on = config.on === undefined ? {} : { on: routedOn(config.on, endings, false) };
  const always = config.always === undefined ? {} : { always: routedTransitions(config.always, endings, false) };
  return { ...config, ...on, ...always } as FlowStateConfig;
}

/**
 * What makes a live hand-off possible in any flow, applied by `flowSetup.createMachine`. Each
 * escalation ending (a final state that runs `escalate`) gains a hold state (`<ending>OnHold`) that
 * says the same lines and emits the same `escalate` but then waits for `handoff.ended`, and every
 * transition into the ending is preceded by the same transition into its hold state, guarded by
 * `handoffLive`. The shared states after a hand-off (see `handoffEndings`) are added too. A call
 * without a live hand-off takes exactly the transitions it took before; a flow without escalation
 * endings, or without the standard endings (`standardEndings()`), is returned as it is.
 */
export function routeEscalationsThroughHandoff(config: FlowMachineConfig): FlowMachineConfig {
  const states = (config.states ?? {}) as Record<string, FlowStateConfig>;
  const endings = new Map<string, EscalationEnding>();
  for (const [key, state] of Object.entries(states)) {
    const ending = escalationEnding(state);
    if (ending !== undefined) endings.set(key, ending);
  }
  // The states after a hand-off are questions like any other, answered into the standard endings:
  // a flow without them (a test's one-state machine) keeps escalations that end the call at once.
  if (endings.size === 0 || !Object.values(ENDING).every((key) => Object.hasOwn(states, key))) return config;
  // The flow's own states keep their order and win over ours: a flow may write its own hand-off endings.
  const all: Record<string, FlowStateConfig> = { ...states };
  for (const [key, ending] of endings) all[holdStateOf(key)] ??= holdState(ending.entry, ending.reason, ending.prompts);
  for (const [key, state] of Object.entries(handoffEndings())) all[key] ??= state;
  const keys = new Set(endings.keys());
  const routedStates = Object.fromEntries(Object.entries(all).map(([key, state]) => [key, routedState(state, keys)]));
  return { ...config, ...(config.on !== undefined ? { on: routedOn(config.on, keys, true) } : {}), states: routedStates } as FlowMachineConfig;
}
