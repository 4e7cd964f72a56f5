import type { AnyMachineSnapshot } from 'xstate';
import { getAdjacencyMap } from 'xstate/graph';
import { addDays, partsOfIso } from '../../domain/calendar.js';
import type { Disposition } from '../../domain/dispositions.js';
import { ENDING } from '../endings.js';
import { holdStateOf } from '../handoff-endings.js';
import type { TurnEvent } from '../events.js';
import { computeOffers, type FlowContext, type FlowInput } from '../flow-context.js';
import type { FlowMachine } from '../flow-machine.js';
import type { FlowStateMeta } from '../flow-setup.js';
import { keypadQuestionAt, readKeyedEntry } from '../keypad-question.js';
import type { Slot } from '../slots.js';

/** A way a caller on keys alone could be let down. */
export interface KeypadProblem {
  readonly flow: string;
  readonly state: string;
  readonly kind: 'keypad_stuck' | 'keypad_unreachable';
  readonly detail: string;
}

/**
 * Dispositions a caller with only a keypad must be able to reach, where the flow has them: a
 * promise, a plan, and the endings of a caller who stops answering or hangs up. The others
 * (dispute, attorney, callback, …) need words, and a person can take them.
 */
export const KEYPAD_DISPOSITIONS: readonly Disposition[] = ['PTP', 'HARDSHIP_PLAN', 'NO_RESPONSE', 'HUNG_UP'];

/** A person on the caller's request (ESCALATED because they asked, not because keys were not understood). */
const PERSON_ON_REQUEST: string = ENDING.escalateHuman;

/** Events that do not answer a question: they cannot be how a caller leaves it. */
const NOT_ANSWERS = new Set(['user.silent', 'call.hung_up', 'call.voicemail', 'user.barged_in', 'handoff.ended']);

/** Where keys that answer nothing lead in the end: not a way of answering the question. */
const NOT_UNDERSTOOD: ReadonlySet<string> = new Set([ENDING.notUnderstood, ENDING.escalateNotUnderstood, holdStateOf(ENDING.escalateNotUnderstood)]);

const KEYS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '#'];

function stateKey(snapshot: AnyMachineSnapshot): string {
  const value: unknown = snapshot.value;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function metaOf(machine: FlowMachine, key: string): FlowStateMeta | undefined {
  return machine.root.states[key]?.meta as FlowStateMeta | undefined;
}

/**
 * Every turn a caller with only a keypad can take at `snapshot`: each key alone, silence, a
 * hang-up, and — where the question takes an amount, a date or a partial identifier the record
 * holds in digits — one valid keyed entry, read exactly as the call session reads it (`readKeyedEntry`).
 */
export function keypadProbeEvents(machine: FlowMachine, input: FlowInput): (snapshot: AnyMachineSnapshot) => TurnEvent[] {
  const offers = computeOffers(input.debtor, input.policy ?? input.debtor.policy, input.today);
  const { dateOfBirth, postcode, idLast4 } = input.debtor;
  // Identifiers as the record holds them, where keys can spell them: the entry that verifies the caller.
  const keyed: Readonly<Record<Slot, string | undefined>> = {
    amount: String(Math.ceil(offers.minAmount)),
    date: String(partsOfIso(addDays(input.today, 1)).day),
    date_of_birth: dateOfBirth?.replace(/-/g, ''),
    postcode: postcode !== undefined && /^[0-9 -]+$/.test(postcode) ? postcode.replace(/\D/g, '') : undefined,
    id_last4: idLast4 !== undefined && /^[0-9]{4}$/.test(idLast4) ? idLast4 : undefined,
  };
  const fixed: TurnEvent[] = [
    ...KEYS.map((digit): TurnEvent => ({ type: 'user.dtmf', digit, atMs: 0 })),
    { type: 'user.silent', atMs: 0 },
    { type: 'call.hung_up', atMs: 0 },
    // A caller on keys waits on hold like any other: a person answers, or nobody does and a callback is asked for by keys.
    { type: 'handoff.ended', state: 'bridged', atMs: 0 },
    { type: 'handoff.ended', state: 'no_answer', atMs: 0 },
  ];
  return (snapshot) => {
    if (snapshot.status === 'done') return [];
    const context = snapshot.context as FlowContext;
    const question = keypadQuestionAt(machine, stateKey(snapshot), context.slots);
    const digits = question?.entry === undefined ? undefined : keyed[question.entry];
    if (question === undefined || digits === undefined) return fixed;
    return [...fixed, { type: 'user.said', text: digits, nlu: readKeyedEntry(question, digits, input.today), atMs: 0 }];
  };
}

/**
 * The keypad pass of the static check: explores a flow with keypad turns only and reports every
 * question reached that no key or keyed entry leads away from (silence and hang-up aside), and
 * every disposition of KEYPAD_DISPOSITIONS the flow has that keys cannot reach, and a flow where
 * no key asks for a person.
 */
export function checkKeypad(name: string, machine: FlowMachine, inputs: readonly FlowInput[], serializeState: (snapshot: AnyMachineSnapshot) => string): KeypadProblem[] {
  const reachedDispositions = new Set<string>();
  const reachedStates = new Set<string>();
  const questionsReached = new Set<string>();
  const questionsLeft = new Set<string>();
  for (const input of inputs) {
    const adjacency = getAdjacencyMap(machine, { input, events: keypadProbeEvents(machine, input), serializeState });
    for (const { state, transitions } of Object.values(adjacency)) {
      const key = stateKey(state);
      const meta = metaOf(machine, key);
      reachedStates.add(key);
      if (state.status === 'done' && meta?.disposition !== undefined) reachedDispositions.add(meta.disposition);
      if (meta?.question !== true) continue;
      questionsReached.add(key);
      for (const { event, state: next } of Object.values<{ event: TurnEvent; state: AnyMachineSnapshot }>(transitions)) {
        const to = stateKey(next);
        if (!NOT_ANSWERS.has(event.type) && to !== key && !NOT_UNDERSTOOD.has(to)) questionsLeft.add(key);
      }
    }
  }
  const problems: KeypadProblem[] = [];
  for (const key of questionsReached) {
    if (!questionsLeft.has(key)) problems.push({ flow: name, state: key, kind: 'keypad_stuck', detail: 'no key or keyed entry answers this question: a caller on keys can only stay silent or hang up' });
  }
  const defined = new Map<string, string>();
  for (const key of Object.keys(machine.root.states)) {
    const disposition = metaOf(machine, key)?.disposition;
    if (machine.root.states[key]?.type === 'final' && disposition !== undefined && !defined.has(disposition)) defined.set(disposition, key);
  }
  for (const disposition of KEYPAD_DISPOSITIONS) {
    const state = defined.get(disposition);
    if (state !== undefined && !reachedDispositions.has(disposition)) problems.push({ flow: name, state, kind: 'keypad_unreachable', detail: `no sequence of keys ends the call ${disposition}` });
  }
  // With a live hand-off a person is asked for on hold, on the way to the same ending.
  if (Object.hasOwn(machine.root.states, PERSON_ON_REQUEST) && !reachedStates.has(PERSON_ON_REQUEST) && !reachedStates.has(holdStateOf(PERSON_ON_REQUEST))) {
    problems.push({ flow: name, state: PERSON_ON_REQUEST, kind: 'keypad_unreachable', detail: 'no key asks for a person' });
  }
  return problems;
}
