import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INTENTS, type Intent } from '../../../src/nlu/intents.js';
import { EN_US_INTENT_PHRASES, MAX_HINT_PHRASES, buildJsgfGrammar, listGrammarWords, normalizeHintPhrase, spellNumber } from '../../../src/providers/asr/index.js';
import { ALWAYS_HEARD, isFillerHypothesis, listFillerWords } from '../../../src/providers/asr/jsgf-grammar.js';
import { accepts, parseJsgf } from './jsgf-matcher.js';

const dictionaryPath = join(dirname(createRequire(import.meta.url).resolve('soundswallower')), 'model', 'en-us', 'dict.txt');
const dictionary = new Set(
  readFileSync(dictionaryPath, 'utf8')
    .split('\n')
    .map((line) => (line.split(' ')[0] ?? '').replace(/\(\d+\)$/, ''))
    .filter((word) => word !== '' && !word.startsWith(';;')),
);

/** Sentences each intent's rule must accept. */
const SENTENCES: Readonly<Record<Intent, readonly string[]>> = {
  affirm: ['yes', 'yes speaking', "that's right", 'this is he', 'sounds good'],
  deny: ['no', 'nope', 'that is not right'],
  promise_to_pay: [
    'i can pay two hundred dollars on friday',
    'i can pay two hundred fifty dollars next friday',
    'i will pay one thousand two hundred dollars tomorrow',
    "i'll pay three hundred dollars on march twentieth",
    'i can pay by the end of the month',
    'i can pay fifteen hundred dollars on the fifteenth',
    'i will make a payment of ninety nine thousand nine hundred ninety nine dollars on monday',
  ],
  already_paid: ['i already paid', 'i paid it last week', 'it was already paid'],
  dispute: ['that is not my debt', "that's not my loan", 'i do not owe this'],
  hardship: ['i lost my job', 'i got laid off', "i don't have any money"],
  request_plan: ['can i pay in installments', 'can i set up a payment plan', 'can i pay fifty dollars a month', 'i need more time'],
  refuse: ['i am not paying', "i won't pay", 'i refuse to pay'],
  callback: ['call me back later', 'call me back tomorrow', "i'm busy right now"],
  wrong_number: ['wrong number', 'you have the wrong number', 'i do not know that person'],
  third_party: ['he is not here', "she's not home", 'i am his wife'],
  request_human: ['let me talk to a person', 'i want to speak to a supervisor', 'representative'],
  attorney: ['talk to my lawyer', 'talk to my attorney', 'i have a lawyer'],
  bankruptcy: ['i filed for bankruptcy', 'i filed chapter seven'],
  cease_contact: ['stop calling me', "don't call me again", 'leave me alone'],
  ask_balance: ['how much do i owe', 'what is my balance', 'when is it due'],
  ask_caller_identity: ['who is this', 'who is calling', 'are you a robot'],
  abusive: ['go to hell', 'shut up'],
  distress: ["i can't go on", 'i want to die'],
  deceased: ['he passed away', 'my husband passed away', 'she died'],
  unknown: ['hello', 'can you repeat that'],
};

describe('buildJsgfGrammar', () => {
  const grammar = buildJsgfGrammar({ expectedIntents: ['promise_to_pay', 'request_plan'] });
  const parsed = parseJsgf(grammar);
  const everything = parseJsgf(buildJsgfGrammar({ expectedIntents: [] }));

  it.each(INTENTS.map((intent) => [intent, SENTENCES[intent]] as const))('accepts the phrases of %s, in its rule and at the top', (intent, sentences) => {
    for (const sentence of sentences) {
      expect(accepts(everything, sentence, intent), `<${intent}> accepts "${sentence}"`).toBe(true);
      expect(accepts(everything, sentence), `top rule accepts "${sentence}"`).toBe(true);
    }
  });

  it('holds the expected intents and those always heard (a person, a lawful stop), not the rest', () => {
    const onlyYesNo = parseJsgf(buildJsgfGrammar({ expectedIntents: ['affirm', 'deny'] }));
    expect([...onlyYesNo.rules.keys()].filter((rule) => (INTENTS as readonly string[]).includes(rule)).sort()).toEqual(['affirm', 'deny', ...ALWAYS_HEARD].sort());
    expect(accepts(onlyYesNo, 'stop calling me')).toBe(true);
    expect(accepts(onlyYesNo, 'talk to my lawyer')).toBe(true);
    expect(accepts(onlyYesNo, 'i want to speak to a supervisor')).toBe(true);
    expect(accepts(onlyYesNo, 'i lost my job')).toBe(false);
  });

  it('takes a leading word before an answer and rejects sentences outside the grammar', () => {
    expect(accepts(everything, 'no i already paid')).toBe(true);
    expect(accepts(parsed, 'yes i can pay two hundred dollars on friday')).toBe(true);
    expect(accepts(parsed, 'the weather is lovely today')).toBe(false);
    expect(accepts(parsed, 'i can pay two hundred dollars on friday please thank you')).toBe(false);
  });

  it('weights each expected intent up by the expected weight, per phrase', () => {
    const answer = /<answer> = (.*);/.exec(grammar)?.[1] ?? '';
    const weightOf = (intent: Intent): number => Number(new RegExp(`/([\\d.]+)/ <${intent}>`).exec(answer)?.[1]);
    expect(weightOf('promise_to_pay')).toBe(EN_US_INTENT_PHRASES.promise_to_pay.length * 4);
    expect(weightOf('attorney')).toBe(EN_US_INTENT_PHRASES.attorney.length);
    expect(parseJsgf(buildJsgfGrammar({ expectedIntents: ['hardship'] }, { expectedWeight: 2 })).rules.has('hint')).toBe(false);
  });

  it('uses only words of the bundled en-us dictionary', () => {
    const words = listGrammarWords(buildJsgfGrammar({ expectedIntents: [], phrases: ['John Smith', '$1,250'] }));
    expect(words.length).toBeGreaterThan(300);
    expect(words.filter((word) => !dictionary.has(word))).toEqual([]);
  });

  it('stays compact enough to compile fast', () => {
    // Measured on this machine kind: verification ≈7.7 kB, compiled in ≈25 ms; a payment question
    // with a policy range ≈8.7 kB, ≈65 ms; every intent with amounts to 99,999 ≈9.6 kB, ≈90 ms.
    expect(grammar.length).toBeLessThan(12_000);
    expect(buildJsgfGrammar({ expectedIntents: [] }).length).toBeLessThan(12_000);
  });
});

const VERIFYING: readonly Intent[] = ['affirm', 'deny', 'third_party', 'wrong_number', 'callback', 'ask_caller_identity', 'promise_to_pay', 'already_paid', 'dispute', 'hardship', 'request_plan', 'refuse', 'ask_balance'];
const NAMES = ['John Smith', 'John', 'Smith'];

describe('a grammar with the question\'s context', () => {
  const verification = parseJsgf(buildJsgfGrammar({ expectedIntents: VERIFYING, slots: [], debtorNames: NAMES }));
  const payment = parseJsgf(buildJsgfGrammar({ expectedIntents: VERIFYING, slots: ['amount', 'date'], debtorNames: NAMES, amountRange: { min: 100, max: 1250.5 } }));

  it.each(['yes this is john speaking', 'this is john smith', 'john here', 'smith speaking', "yes it's john", "i'm john smith", 'speaking', "that's me", 'yes that is me'])(
    'hears the debtor name themself at verification: "%s"',
    (sentence) => expect(accepts(verification, sentence)).toBe(true),
  );

  it('has no calendar dates or amounts where the question asks for none, only the days a callback names', () => {
    expect(accepts(verification, 'yes i could send july eighth')).toBe(false);
    expect(accepts(verification, 'i can pay two hundred dollars')).toBe(false);
    expect(accepts(verification, 'call me back tomorrow')).toBe(true);
    expect(accepts(verification, 'three hundred dollars')).toBe(false);
  });

  it('names the debtor only where the question asks who is speaking', () => {
    const askPayment = parseJsgf(buildJsgfGrammar({ expectedIntents: ['affirm', 'promise_to_pay'], debtorNames: NAMES }));
    expect(askPayment.rules.has('name')).toBe(false);
    expect(accepts(askPayment, 'john here')).toBe(false);
  });

  it.each([
    'three hundred dollars', 'i can pay two hundred dollars on friday', 'next friday', 'on the fifteenth', 'march twentieth',
    'twelve hundred fifty dollars', 'one thousand two hundred fifty dollars', 'fifty dollars', 'one thousand eight hundred', 'tomorrow',
  ])('hears amounts around the policy range and dates at a payment question: "%s"', (sentence) => expect(accepts(payment, sentence)).toBe(true));

  it('spells no amounts far above the range', () => {
    expect(accepts(payment, 'five thousand dollars')).toBe(false);
    expect(accepts(payment, 'ninety nine thousand dollars')).toBe(false);
    expect(accepts(parseJsgf(buildJsgfGrammar({ expectedIntents: VERIFYING, slots: ['amount'] })), 'ninety nine thousand dollars')).toBe(true);
  });

  it('ends in a filler loop of words no phrase uses, which marks a hypothesis as not understood', () => {
    const text = buildJsgfGrammar({ expectedIntents: VERIFYING, slots: [], debtorNames: NAMES });
    const fillers = listFillerWords(text);
    expect(fillers.size).toBeGreaterThan(20);
    const phraseWords = listGrammarWords(text.split('\n').filter((line) => !line.startsWith('<filler>')).join('\n'));
    expect(phraseWords.filter((word) => fillers.has(word))).toEqual([]);
    expect(accepts(verification, 'ga da tho ack')).toBe(true);
    expect(isFillerHypothesis('ga da tho ack', fillers)).toBe(true);
    expect(isFillerHypothesis('yes it is john speaking', fillers)).toBe(false);
    expect(listFillerWords(buildJsgfGrammar({ expectedIntents: VERIFYING }, { garbageWeight: 0 })).size).toBe(0);
  });

  it('leaves a name or hint that is a filler word out of the loop', () => {
    const fillers = listFillerWords(buildJsgfGrammar({ expectedIntents: VERIFYING, debtorNames: ['Ya Ta'], phrases: ['ack'] }));
    expect([...fillers].filter((word) => ['ya', 'ta', 'ack'].includes(word))).toEqual([]);
  });
});

describe('hint phrases', () => {
  it('adds hints as a weighted rule of their own, spelled as grammar words', () => {
    const grammar = buildJsgfGrammar({ expectedIntents: ['affirm'], phrases: ['John Smith', '$1,250', 'Acme Auto Finance'] });
    const parsed = parseJsgf(grammar);
    expect(grammar).toContain('<hint> = john smith | one thousand two hundred fifty | acme auto finance;');
    expect(accepts(parsed, 'john smith')).toBe(true);
    expect(accepts(parsed, 'yes john smith')).toBe(true);
    expect(/\/12\/ <hint>/.test(grammar)).toBe(true);
  });

  it('drops hints with words the dictionary lacks, JSGF syntax and out-of-range numbers', () => {
    const grammar = buildJsgfGrammar(
      { expectedIntents: [], phrases: ['Xiaoming Wang', 'pay <now> | later;', '123456', '', 'John Smith', 'john smith'] },
      { isKnownWord: (word) => dictionary.has(word) },
    );
    expect(/<hint> = (.*);/.exec(grammar)?.[1]).toBe('pay now later | john smith');
    expect(() => parseJsgf(grammar)).not.toThrow();
  });

  it(`keeps at most ${MAX_HINT_PHRASES} hints`, () => {
    const phrases = Array.from({ length: 80 }, (_, index) => `account ${index + 1}`);
    const hint = /<hint> = (.*);/.exec(buildJsgfGrammar({ expectedIntents: [], phrases }))?.[1] ?? '';
    expect(hint.split(' | ')).toHaveLength(MAX_HINT_PHRASES);
  });

  it('spells numbers as the grammar says them', () => {
    expect(spellNumber(250)).toBe('two hundred fifty');
    expect(spellNumber(1200)).toBe('one thousand two hundred');
    expect(spellNumber(99_999)).toBe('ninety nine thousand nine hundred ninety nine');
    expect(spellNumber(100_000)).toBeUndefined();
    expect(spellNumber(2.5)).toBeUndefined();
    expect(normalizeHintPhrase("O'Brien owes $300")).toBe("o'brien owes three hundred");
    expect(normalizeHintPhrase('$12.50')).toBeUndefined();
  });
});
