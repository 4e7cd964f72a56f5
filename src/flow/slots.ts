import type { Intent } from '../nlu/intents.js';

/**
 * The partial identifiers a verification question can ask for, named as the NLU names their kind
 * (`PartialIdentifier.kind`): the slot says which one, so a bare answer ("4 4 1 9") is read as it.
 */
export const IDENTIFIER_SLOTS = ['date_of_birth', 'postcode', 'id_last4'] as const;

/** The entities a question can ask for, named as the NLU names them (see `NluEntities`). */
export const SLOTS = ['amount', 'date', ...IDENTIFIER_SLOTS] as const;

/** One entity a question asks for: `amount`, `date`, or one kind of partial identifier. */
export type Slot = (typeof SLOTS)[number];

/** A slot that asks for a partial identifier of one kind. */
export type IdentifierSlot = (typeof IDENTIFIER_SLOTS)[number];

/** True when `value` names a slot. */
export function isSlot(value: unknown): value is Slot {
  return typeof value === 'string' && (SLOTS as readonly string[]).includes(value);
}

/** True when `slot` asks for a partial identifier. */
export function isIdentifierSlot(slot: Slot): slot is IdentifierSlot {
  return (IDENTIFIER_SLOTS as readonly string[]).includes(slot);
}

/**
 * The slots an answer with each intent fills, for intents whose entities the flow kit acts on: a
 * promise is captured with its amount and date (`capturePromise`, intents spec: "commits to pay,
 * optionally with date and/or amount"). Other intents fill no slot; a question that wants an entity
 * without such an intent names it (`AskOptions.slots`, e.g. the date of a payment claim).
 */
const SLOTS_BY_INTENT: Readonly<Partial<Record<Intent, readonly Slot[]>>> = {
  promise_to_pay: ['amount', 'date'],
};

/**
 * The slots a question expecting `intents` asks for, in `SLOTS` order, for questions that do not
 * name their slots.
 *
 * @example
 * slotsOfIntents(['affirm', 'promise_to_pay']); // → ['amount', 'date']
 */
export function slotsOfIntents(intents: readonly Intent[]): Slot[] {
  const carried = new Set(intents.flatMap((intent) => SLOTS_BY_INTENT[intent] ?? []));
  return SLOTS.filter((slot) => carried.has(slot));
}
