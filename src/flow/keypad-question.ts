import { nextDayOfMonth, previousDayOfMonth, type IsoDate } from '../domain/calendar.js';
import { isCalendarDate } from '../domain/debtor.js';
import { isIntent, type Intent, type NluEntities, type NluResult } from '../nlu/intents.js';
import { DEFAULT_DTMF } from './ask.js';
import type { FlowMachine } from './flow-machine.js';
import { expectationsAt } from './question-expectations.js';
import { isIdentifierSlot, type IdentifierSlot, type Slot } from './slots.js';

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
  /** What digits keyed and ended with `#` give here: an amount, a day of the month, a partial identifier, or nothing. */
  readonly entry: Slot | undefined;
  /** The intent a keyed entry is read as: a promise where the question takes one, `affirm` carrying a partial identifier where one is asked. */
  readonly entryIntent: Intent;
}

/**
 * Longest keyed entry of each slot: amounts in whole main units below ten million, days 1–31, a
 * date of birth as YYYYMMDD, a numeric postcode (a US ZIP+4 has nine digits), the last four of an ID.
 */
export const KEYED_MAX_DIGITS: Readonly<Record<Slot, number>> = { amount: 7, date: 2, date_of_birth: 8, postcode: 9, id_last4: 4 };

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
export function keypadQuestionAt(machine: FlowMachine, state: string, held: Readonly<Partial<Record<Slot, unknown>>>): KeypadQuestion | undefined {
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
  // A keyed identifier is read as a spoken one is at its question (see `readInContext`): the answer that gives it.
  const entryIntent: Intent = entry !== undefined && isIdentifierSlot(entry) ? 'affirm' : expected.intents.includes('promise_to_pay') ? 'promise_to_pay' : 'unknown';
  return { keys, entry, entryIntent };
}

/**
 * What keyed digits say at a question: an amount in whole main units, or a day of the month read
 * as the next such day from `today` (the way "the 20th" is heard) — or the latest such day where
 * the question takes no promise (when something was paid) — or, at a second-factor question, the
 * partial identifier it asks for (`affirm` carrying it). Digits that fit no entry (too many, a day
 * outside 1–31, no entry at this question) are not understood.
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
  if (isIdentifierSlot(slot)) return keyedIdentifier(slot, digits);
  const value = Number(digits);
  if (slot === 'amount') return { amount: value };
  if (value < 1 || value > 31) return undefined;
  return { date: ahead ? nextDayOfMonth(today, value) : previousDayOfMonth(today, value) };
}

/**
 * A partial identifier keyed in full: the last four digits of an ID, a date of birth as YYYYMMDD
 * that exists, a numeric postcode of three or more digits. Anything shorter is not understood, so
 * the question is asked again rather than a half-keyed entry counted as a wrong answer.
 */
function keyedIdentifier(kind: IdentifierSlot, digits: string): NluEntities | undefined {
  if (kind === 'id_last4') return digits.length === 4 ? { identifier: { kind, value: digits } } : undefined;
  if (kind === 'postcode') return digits.length >= 3 ? { identifier: { kind, value: digits } } : undefined;
  if (digits.length !== 8) return undefined;
  const value = `${digits.slice(0, 4)}-${digits.slice(4, 6)}-${digits.slice(6)}`;
  return isCalendarDate(value) ? { identifier: { kind, value } } : undefined;
}
