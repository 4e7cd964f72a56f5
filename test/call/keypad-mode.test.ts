import { describe, expect, it } from 'vitest';
import type { DebtorTurn } from '../../src/call/debtor-turn.js';
import { INTER_DIGIT_TIMEOUT_MS } from '../../src/call/keypad-entry.js';
import { KeypadMode, keypadHints, type KeypadSession } from '../../src/call/keypad-mode.js';
import type { TranscriptEntry } from '../../src/call/transcript.js';
import type { KeypadQuestion } from '../../src/flow/keypad-question.js';
import { ManualScheduler } from '../../src/time/scheduler.js';

const YES_NO_PERSON: KeypadQuestion['keys'] = [
  { digit: '1', intent: 'affirm' },
  { digit: '2', intent: 'deny' },
  { digit: '0', intent: 'request_human' },
];

/** A session at `question`, recording what is said aside. */
function fakeSession(question: KeypadQuestion | undefined) {
  const transcript: TranscriptEntry[] = [];
  const session: KeypadSession & { question: KeypadQuestion | undefined; transcript: TranscriptEntry[] } = {
    question,
    ended: false,
    transcript,
    keypadQuestion: () => session.question,
    sayAside: (promptId) => transcript.push({ speaker: 'bot', text: promptId, state: 'q', prompt: promptId }),
  };
  return session;
}

function keypadAt(question: KeypadQuestion | undefined) {
  const scheduler = new ManualScheduler(0);
  const session = fakeSession(question);
  const turns: DebtorTurn[] = [];
  const keypad = new KeypadMode({ session, scheduler, onTurn: (turn) => turns.push(turn) });
  const press = (keys: string): void => {
    for (const digit of keys) keypad.take({ kind: 'dtmf', digit });
  };
  return { scheduler, session, turns, keypad, press };
}

describe('keypadHints', () => {
  it('names the keys a question answers, then how to key what it takes', () => {
    expect(keypadHints({ keys: YES_NO_PERSON, entry: 'amount', entryIntent: 'promise_to_pay' })).toEqual([
      { promptId: 'keypad.keys_yes_no_person', vars: {} },
      { promptId: 'keypad.amount', vars: { amount: 100 } },
    ]);
    expect(keypadHints({ keys: [{ digit: '0', intent: 'request_human' }], entry: 'date', entryIntent: 'unknown' })).toEqual([
      { promptId: 'keypad.keys_person', vars: {} },
      { promptId: 'keypad.date', vars: {} },
    ]);
  });
});

describe('KeypadMode', () => {
  it('passes every turn through until it is enabled', () => {
    const { turns, press, keypad } = keypadAt({ keys: YES_NO_PERSON, entry: 'amount', entryIntent: 'promise_to_pay' });
    press('15');
    keypad.take({ kind: 'silence' });
    expect(turns).toEqual([{ kind: 'dtmf', digit: '1' }, { kind: 'dtmf', digit: '5' }, { kind: 'silence' }]);
  });

  it('says the hint of the question asked when enabled, and after each step that asks one', () => {
    const { keypad, session } = keypadAt({ keys: YES_NO_PERSON, entry: undefined, entryIntent: 'unknown' });
    keypad.enable();
    expect(session.transcript.map((entry) => entry.prompt)).toEqual(['keypad.keys_yes_no_person']);
    // A step that said nothing new (its last line is the hint): no second hint.
    keypad.afterStep();
    expect(session.transcript).toHaveLength(1);
    session.transcript.push({ speaker: 'bot', text: '', state: 'q', prompt: 'promise.readback' });
    keypad.afterStep();
    expect(session.transcript.map((entry) => entry.prompt)).toEqual(['keypad.keys_yes_no_person', 'promise.readback', 'keypad.keys_yes_no_person']);
  });

  it('passes single keys through at once where the question takes no entry', () => {
    const { keypad, turns, press } = keypadAt({ keys: YES_NO_PERSON, entry: undefined, entryIntent: 'unknown' });
    keypad.enable();
    press('1');
    expect(turns).toEqual([{ kind: 'dtmf', digit: '1' }]);
  });

  it('makes digits ended with # one keyed turn where the question takes an amount', () => {
    const { keypad, turns, press } = keypadAt({ keys: YES_NO_PERSON, entry: 'amount', entryIntent: 'promise_to_pay' });
    keypad.enable();
    press('2000#');
    // Timed from the last key: `#` ends the entry as it is pressed.
    expect(turns).toEqual([{ kind: 'keyed', digits: '2000', heard: { lastInputAtMs: 0, endOfInputAtMs: 0, transcriptAtMs: 0 } }]);
  });

  it('makes 1 and a pause the key 1, too many digits a keyed turn read as not understood, and * then a pause silence', () => {
    const { keypad, turns, press, scheduler } = keypadAt({ keys: YES_NO_PERSON, entry: 'date', entryIntent: 'promise_to_pay' });
    keypad.enable();
    press('1');
    scheduler.increment(INTER_DIGIT_TIMEOUT_MS);
    press('123#');
    press('*');
    scheduler.increment(INTER_DIGIT_TIMEOUT_MS);
    // Each timed from its last key to the `#` or the pause that ended it.
    const pause = INTER_DIGIT_TIMEOUT_MS;
    expect(turns).toEqual([
      { kind: 'dtmf', digit: '1', heard: { lastInputAtMs: 0, endOfInputAtMs: pause, transcriptAtMs: pause } },
      { kind: 'keyed', digits: '123', heard: { lastInputAtMs: pause, endOfInputAtMs: pause, transcriptAtMs: pause } },
      { kind: 'silence', heard: { lastInputAtMs: pause, endOfInputAtMs: 2 * pause, transcriptAtMs: 2 * pause } },
    ]);
  });

  it('holds back the no-input silence while an entry is being keyed, and drops the entry on hang-up', () => {
    const { keypad, turns, press, scheduler } = keypadAt({ keys: YES_NO_PERSON, entry: 'amount', entryIntent: 'promise_to_pay' });
    keypad.enable();
    press('15');
    keypad.take({ kind: 'silence' });
    keypad.take({ kind: 'hang_up' });
    scheduler.increment(INTER_DIGIT_TIMEOUT_MS);
    expect(turns).toEqual([{ kind: 'hang_up' }]);
  });
});
