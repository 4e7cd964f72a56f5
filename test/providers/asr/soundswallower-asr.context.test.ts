import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intent } from '../../../src/nlu/intents.js';
import type { AsrHints } from '../../../src/providers/asr/asr.js';
import { SoundswallowerAsr } from '../../../src/providers/asr/soundswallower-asr.js';
import { type SpeakOnPhone, loadPhoneSpeech } from './espeak-speech.js';

// What the shipped flows expect at the verification question and at the payment questions
// (expectationsAt(FLOWS.early, 'verifyIdentity' | 'promiseAmount')), with the D-1001 debtor's names and policy.
const VERIFICATION_INTENTS: readonly Intent[] = ['affirm', 'deny', 'third_party', 'wrong_number', 'callback', 'ask_caller_identity', 'promise_to_pay', 'already_paid', 'dispute', 'hardship', 'request_plan', 'refuse', 'ask_balance'];
const PAYMENT_INTENTS: readonly Intent[] = ['affirm', 'promise_to_pay', 'request_plan', 'hardship', 'already_paid', 'dispute', 'callback', 'refuse', 'deny', 'ask_balance', 'ask_caller_identity', 'wrong_number', 'third_party'];
const NAMES = ['John Smith', 'John', 'Smith'];
const VERIFICATION: AsrHints = { expectedIntents: VERIFICATION_INTENTS, slots: [], debtorNames: NAMES };
const PAYMENT: AsrHints = { expectedIntents: PAYMENT_INTENTS, slots: ['amount', 'date'], debtorNames: NAMES, amountRange: { min: 100, max: 1250.5 } };

interface Case {
  readonly said: string;
  readonly hints: AsrHints;
  /** What the understanding needs to hear: these words, in this order, with others around them allowed. */
  readonly needs: string;
}

/** Answers a debtor gives at the question they are asked. */
const IN_GRAMMAR: readonly Case[] = [
  { said: 'yes this is john speaking', hints: VERIFICATION, needs: 'yes john speaking' },
  { said: 'yes it is john', hints: VERIFICATION, needs: 'yes john' },
  { said: 'this is john smith', hints: VERIFICATION, needs: 'john smith' },
  { said: 'speaking', hints: VERIFICATION, needs: 'speaking' },
  { said: "that's me", hints: VERIFICATION, needs: "that's me" },
  { said: 'yes speaking', hints: VERIFICATION, needs: 'yes speaking' },
  { said: 'he is not here', hints: VERIFICATION, needs: 'he is not here' },
  { said: 'wrong number', hints: VERIFICATION, needs: 'wrong number' },
  { said: 'john here', hints: VERIFICATION, needs: 'john here' },
  { said: 'i can pay two hundred dollars on friday', hints: PAYMENT, needs: 'pay two hundred dollars friday' },
  { said: 'i can pay one hundred fifty dollars tomorrow', hints: PAYMENT, needs: 'pay one hundred fifty dollars tomorrow' },
  { said: 'three hundred dollars', hints: PAYMENT, needs: 'three hundred dollars' },
  { said: 'two hundred fifty dollars', hints: PAYMENT, needs: 'two hundred fifty dollars' },
  { said: 'on the twentieth', hints: PAYMENT, needs: 'twentieth' },
  { said: 'i can pay five hundred dollars on the fifteenth', hints: PAYMENT, needs: 'five hundred dollars fifteenth' },
  { said: 'stop calling me', hints: PAYMENT, needs: 'stop calling me' },
];

/** Sentences no question expects: they should come back as nothing understood. */
const OUT_OF_GRAMMAR: readonly Case[] = [
  { said: 'the weather is nice in spain today', hints: VERIFICATION, needs: '' },
  { said: 'my cat likes to sleep on the sofa', hints: PAYMENT, needs: '' },
  { said: 'please send the blue car to the garage', hints: VERIFICATION, needs: '' },
  { said: 'we watched a movie about dragons last night', hints: PAYMENT, needs: '' },
  { said: 'the train to boston leaves at noon', hints: VERIFICATION, needs: '' },
  { said: 'i like green apples and orange juice', hints: PAYMENT, needs: '' },
  { said: 'the kitchen needs a new coat of paint', hints: PAYMENT, needs: '' },
  { said: 'turn left at the next traffic light', hints: PAYMENT, needs: '' },
];

/** True when `text` holds the words of `needs` in order. */
function hasInOrder(text: string, needs: string): boolean {
  const words = text.split(' ');
  let at = 0;
  for (const word of needs.split(' ')) {
    const found = words.indexOf(word, at);
    if (found < 0) return false;
    at = found + 1;
  }
  return true;
}

const speak: SpeakOnPhone | undefined = await loadPhoneSpeech();

describe.skipIf(speak === undefined)('SoundswallowerAsr listening with the question\'s context (espeak-ng speech on a phone line)', () => {
  const asr = new SoundswallowerAsr();
  const finals = new Map<string, { text: string; confidence: number }>();
  afterAll(() => asr.dispose());

  beforeAll(async () => {
    if (speak === undefined) return;
    await asr.warmUp(1);
    for (const one of [...IN_GRAMMAR, ...OUT_OF_GRAMMAR]) {
      const samples = await speak(one.said);
      let final = { text: '(no final result)', confidence: 0 };
      const stream = await asr.open({ locale: 'en-US', hints: one.hints }, {
        onResult: (result) => {
          if (result.isFinal) final = result;
        },
        onError: (error) => {
          final = { text: `(error ${error.message})`, confidence: 0 };
        },
      });
      for (let offset = 0; offset < samples.length; offset += 160) stream.write(samples.subarray(offset, offset + 160));
      await stream.finish();
      finals.set(one.said, final);
    }
  }, 60_000);

  const report = (cases: readonly Case[], passes: (text: string, one: Case) => boolean): number => {
    const lines = cases.map((one) => {
      const text = finals.get(one.said)?.text ?? '';
      return `${passes(text, one) ? 'ok  ' : 'MISS'} "${one.said}" → "${text}"`;
    });
    console.log(lines.join('\n'));
    return cases.filter((one) => passes(finals.get(one.said)?.text ?? '', one)).length;
  };

  it('hears the words understanding needs in most in-grammar answers: the name, the amount, the day', () => {
    const heard = report(IN_GRAMMAR, (text, one) => hasInOrder(text, one.needs));
    console.log(`in grammar: ${heard}/${IN_GRAMMAR.length}`);
    expect(heard).toBeGreaterThanOrEqual(FLOOR_IN_GRAMMAR);
  });

  it('gives an empty result, confidence 0, for most sentences outside the grammar instead of the nearest phrase', () => {
    const rejected = report(OUT_OF_GRAMMAR, (text) => text === '');
    console.log(`out of grammar rejected: ${rejected}/${OUT_OF_GRAMMAR.length}`);
    expect(rejected).toBeGreaterThanOrEqual(FLOOR_OUT_OF_GRAMMAR);
    for (const one of OUT_OF_GRAMMAR) if (finals.get(one.said)?.text === '') expect(finals.get(one.said)?.confidence).toBe(0);
  });

  it('at verification, does not turn "yes this is john speaking" into a payment promise', () => {
    expect(finals.get('yes this is john speaking')?.text).not.toMatch(/pay|send|dollars/);
  });
});

// Measured: 16/16 and 6/8. With the grammar that held every intent at every question, without names
// or filler loop, the same audio gave 9/16 and 2/8 (both empty results were decoder failures, not rejections).
const FLOOR_IN_GRAMMAR = 14;
const FLOOR_OUT_OF_GRAMMAR = 5;
