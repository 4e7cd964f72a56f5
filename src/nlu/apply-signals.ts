import type { Intent, Signal } from './intents.js';

/** Intents a safety signal may not be read as: a threat is never a promise or a callback. */
const SAFETY_INTENT: ReadonlyArray<readonly [Signal, Intent]> = [
  ['self_harm', 'distress'],
  ['violence_threat', 'abusive'],
];

/**
 * Intents that end the call lawfully. A threat said with one ("i got an attorney and if you call
 * again i will beat you") is still that stop, so it is recorded and honoured; the threat stays a
 * signal, which the dialogue routes before any intent.
 */
const LAWFUL_STOPS: ReadonlySet<Intent | undefined> = new Set<Intent | undefined>(['attorney', 'bankruptcy', 'deceased', 'cease_contact']);

/** Intents that say nothing about who is speaking or what they will pay, so a signal may replace them. */
const WEAK_ANSWERS: ReadonlySet<Intent | undefined> = new Set<Intent | undefined>([undefined, 'unknown', 'affirm', 'deny']);

function dropSignal(signals: Signal[], signal: Signal, when: boolean): void {
  const index = signals.indexOf(signal);
  if (when && index >= 0) signals.splice(index, 1);
}

/** What the signals make of the intent: the intent, and a confidence floor when a signal decided it. */
export interface SignalReading {
  readonly intent: Intent | undefined;
  readonly confidence?: number;
}

/**
 * Applies the signals to the intent the rules found (undefined when none). Safety first: self-harm is
 * distress and a threat of violence is abusive whatever else was said (distress and the lawful stops
 * still outrank a threat, which stays a signal). Then: a questioning "yes?" is no answer; a retraction
 * is someone else speaking; a correction that names an amount or date is a promise; a request to pay
 * less than the balance (or a figure held as final) asks for other terms; a time of day said alone
 * asks for a callback.
 * `signals` is pruned in place of the readings the intent already carries. `heardAnswer` says the
 * utterance also holds something a question may want (a vague date, a number, a name, an identifier).
 * A complaint leaves the intent as the rules found it (request_human when a person was asked for).
 */
export function applySignals(intent: Intent | undefined, signals: Signal[], hasEntity: boolean, hasClockTime: boolean, heardAnswer = false): SignalReading {
  // A "yes?" that goes on to ask something ("yeah? who's this?") is that question: the signal would
  // only hide it. A retraction stays on a wrong number ("i thought you said jon, i am not john"); the
  // dialogue ends a verified call as a wrong number either way.
  dropSignal(signals, 'questioning', intent === 'ask_caller_identity' || intent === 'ask_balance' || signals.some((s) => s.startsWith('ask_')));
  // An open question is one nothing else explains: a question that names an intent ("can I pay
  // 200 on friday?", "how much do I owe?"), carries an amount, a date or a time, or has a scripted
  // answer of its own ("are you a robot?") is that, and is answered as that. So is one that offers
  // an answer back (`heardAnswer`: "next week?", "the 15th?", "John?").
  dropSignal(signals, 'other_question', (intent !== undefined && intent !== 'unknown') || hasEntity || hasClockTime || heardAnswer || signals.some((s) => s !== 'other_question'));
  for (const [signal, safe] of SAFETY_INTENT) {
    if (!signals.includes(signal)) continue;
    if (safe === 'abusive' && (intent === 'distress' || LAWFUL_STOPS.has(intent))) return { intent };
    return { intent: safe, confidence: 0.9 };
  }
  if (signals.includes('questioning') && (intent === 'affirm' || intent === undefined)) return { intent: 'unknown', confidence: 0.5 };
  if (signals.includes('retraction') && WEAK_ANSWERS.has(intent)) return { intent: 'third_party', confidence: 0.8 };
  if (signals.includes('correction') && hasEntity && WEAK_ANSWERS.has(intent)) return { intent: 'promise_to_pay', confidence: 0.75 };
  // "forgive the rest", 本金能不能减一半, "that's my final offer": other terms asked for, as a plan request is.
  if (signals.includes('reduction_request') && WEAK_ANSWERS.has(intent)) return { intent: 'request_plan', confidence: 0.75 };
  if (hasClockTime && (intent === undefined || intent === 'unknown') && !signals.includes('repeat_request')) return { intent: 'callback', confidence: 0.7 };
  return { intent };
}
