import { isIntent, type Intent } from '../nlu/intents.js';
import type { FlowMachine } from './flow-machine.js';
import { isSlot, slotsOfIntents, type Slot } from './slots.js';

/** What the question a flow is waiting at expects to hear: the intents it branches on and the entities it asks for. */
export interface QuestionExpectations {
  readonly intents: readonly Intent[];
  readonly slots: readonly Slot[];
}

/** What a state that asks nothing expects. */
export const NO_EXPECTATIONS: QuestionExpectations = { intents: [], slots: [] };

function isIntentValue(value: unknown): value is Intent {
  return typeof value === 'string' && isIntent(value);
}

/** The listed values of `field` in a state's meta that pass `accept`, or undefined when it lists none. */
function listed<T>(meta: object, field: string, accept: (value: unknown) => value is T): T[] | undefined {
  const values: unknown = Reflect.get(meta, field);
  return Array.isArray(values) ? values.filter(accept) : undefined;
}

/**
 * What the question at `state` expects, read from the meta `ask()` wrote: its intents, and its
 * slots as named in `AskOptions.slots` or else derived from those intents (`slotsOfIntents`).
 * States that ask nothing, and unknown states, expect nothing. xstate types `meta` as `any`, so
 * each field is checked rather than trusted.
 *
 * @example
 * expectationsAt(FLOWS.early, 'promiseAmount'); // → { intents: ['affirm', 'promise_to_pay', …], slots: ['amount', 'date'] }
 */
export function expectationsAt(machine: FlowMachine, state: string): QuestionExpectations {
  if (!Object.hasOwn(machine.root.states, state)) return NO_EXPECTATIONS;
  const meta: unknown = machine.root.states[state]?.meta;
  if (typeof meta !== 'object' || meta === null || Reflect.get(meta, 'question') !== true) return NO_EXPECTATIONS;
  const intents = listed(meta, 'expects', isIntentValue) ?? [];
  const slots = listed(meta, 'slots', isSlot) ?? slotsOfIntents(intents);
  return { intents, slots };
}
