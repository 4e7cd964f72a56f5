import { nextDayOfMonth, previousDayOfMonth, type IsoDate } from '../domain/calendar.js';
import { isIntent, type Intent, type NluEntities, type NluResult } from '../nlu/intents.js';
import { DEFAULT_DTMF } from './ask.js';
import type { FlowMachine } from './flow-machine.js';
import type { PromiseSlots } from './flow-context.js';
import { expectationsAt } from './question-expectations.js';
import type { Slot } from './slots.js';

/** The single-key answers a keypad caller is told about: yes, no and a person. */
export type KeypadIntent = 'affirm' | 'deny' | 'request_human';

/** One key a question answers, and what it stands for. */
export interface KeypadKey {
  readonly digit: string;
  readonly intent: KeypadIntent;
}

/** What a caller with only a keypad can do at one question. */
export interface KeypadQuestion {
  /** Single keys the question answers, in the order they are announced (1, 2, 0 by default). */
  readonly keys: readonly KeypadKey[];
  /** What digits keyed and ended with `#` give here: an amount, a day of the month, or nothing. */
  readonly entry: Slot | undefined;
  /** The intent a keyed entry is read as: a promise where the question takes one. */
  readonly entryIntent: Intent;
}

/** Longest keyed entry of each slot: amounts in whole main units below ten million, days 1–31. */
export const KEYED_MAX_DIGITS: Readonly<Record<Slot, number>> = { amount: 7, date: 2 };

const ANNOUNCED: readonly KeypadIntent[] = ['affirm', 'deny', 'request_human'];

/** A question's own keypad map when its meta names one (`dtmf`), else the flow kit's default. */
function keypadMapOf(meta: object): Readonly<Record<string, Intent>> {
  const listed: unknown = Reflect.get(meta, 'dtmf');
  if (typeof listed !== 'object' || listed === null) return DEFAULT_DTMF;
  const map: Record<string, Intent> = {};
  for (const [digit, intent] of Object.entries(listed)) if (typeof intent === 'string' && isIntent(intent)) map[digit] = intent;
  return map;
}

/**
 * What a keypad caller can do at the question a flow waits at: the keys among 1 yes, 2 no and
 * 0 a person that it answers (a person always, as every `ask()` does; yes and no where it expects
 * them), and what a keyed entry fills — the first of the question's slots the flow does not hold
 * yet (`held`, the promise being collected), so "how much?" takes an amount and "when?" a day.
 * Undefined when the state asks nothing.
 *
 * @example
 * keypadQuestionAt(FLOWS.early, 'promiseDate', { kind: 'promise', amount: 200 }); // → { keys: [1 yes, 2 no, 0 person], entry: 'date', … }
 */
export function keypadQuestionAt(machine: FlowMachine, state: string, held: Partial<Pick<PromiseSlots, Slot>>): KeypadQuestion | undefined {
  const meta: unknown = Object.hasOwn(machine.root.states, state) ? machine.root.states[state]?.meta : undefined;
  if (typeof meta !== 'object' || meta === null || Reflect.get(meta, 'question') !== true) return undefined;
  const expected = expectationsAt(machine, state);
  const map = keypadMapOf(meta);
  const keys: KeypadKey[] = [];
  for (const intent of ANNOUNCED) {
    const digit = Object.keys(map).find((key) => map[key] === intent);
    // The prompts name the default digits: a question that moves an answer to another key is not announced wrongly.
    if (digit === undefined || DEFAULT_DTMF[digit] !== intent) continue;
    if (intent === 'request_human' || expected.intents.includes(intent)) keys.push({ digit, intent });
  }
  const entry = expected.slots.find((slot) => held[slot] === undefined);
  return { keys, entry, entryIntent: expected.intents.includes('promise_to_pay') ? 'promise_to_pay' : 'unknown' };
}

/**
 * What keyed digits say at a question: an amount in whole main units, or a day of the month read
 * as the next such day from `today` (the way "the 20th" is heard) — or the latest such day where
 * the question takes no promise (when something was paid). Digits that fit no entry (too many, a
 * day outside 1–31, no entry at this question) are not understood.
 *
 * @example
 * readKeyedEntry({ keys: [], entry: 'date', entryIntent: 'promise_to_pay' }, '20', '2026-03-11'); // → promise_to_pay, date 2026-03-20
 */
export function readKeyedEntry(question: KeypadQuestion | undefined, digits: string, today: IsoDate): NluResult {
  const entities = question?.entry === undefined ? undefined : keyedEntities(question.entry, digits, today, question.entryIntent === 'promise_to_pay');
  if (question === undefined || entities === undefined) return { intent: 'unknown', confidence: 0, entities: {} };
  return { intent: question.entryIntent, confidence: 1, entities };
}

function keyedEntities(slot: Slot, digits: string, today: IsoDate, ahead: boolean): NluEntities | undefined {
  if (!/^[0-9]+$/.test(digits) || digits.length > KEYED_MAX_DIGITS[slot]) return undefined;
  const value = Number(digits);
  if (slot === 'amount') return { amount: value };
  if (value < 1 || value > 31) return undefined;
  return { date: ahead ? nextDayOfMonth(today, value) : previousDayOfMonth(today, value) };
}
