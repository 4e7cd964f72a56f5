import { INTENTS, type Intent } from '../../nlu/intents.js';
import type { AsrHints } from './asr.js';
import { EN_US_FILLER_WORDS, EN_US_IDENTITY_PHRASES, EN_US_INTENT_PHRASES } from './en-us-intent-phrases.js';

/** Options of {@link buildJsgfGrammar}. */
export interface JsgfGrammarOptions {
  /** Keeps only hint phrases and names whose every word passes (the recognizer passes its dictionary lookup). */
  readonly isKnownWord?: (word: string) => boolean;
  /** Prior weight of one phrase of an expected intent (or hint) relative to an unexpected one; default 4. */
  readonly expectedWeight?: number;
  /**
   * Prior weight of entering the filler loop that stands for speech outside the grammar, against
   * the sum of the answers' weights; 0 leaves the loop out (no rejection). Default
   * {@link DEFAULT_GARBAGE_WEIGHT}. What decides is the cost of each filler word (`FILLER_PENALTY`):
   * on the test speech, weights from 0.001 to 1 here rejected the same sentences.
   */
  readonly garbageWeight?: number;
}

/** How many hint phrases the grammar takes at most; more only slow the decoder down. */
export const MAX_HINT_PHRASES = 50;
/** How many name forms the grammar takes at most. */
export const MAX_NAME_FORMS = 8;
/** Default prior weight of entering the filler loop (see {@link JsgfGrammarOptions.garbageWeight}). */
export const DEFAULT_GARBAGE_WEIGHT = 1;

/** Intents whose phrases every grammar holds, whatever the question: each leads to a person or a lawful stop. */
export const ALWAYS_HEARD: readonly Intent[] = ['distress', 'request_human', 'attorney', 'bankruptcy', 'cease_contact', 'abusive', 'deceased', 'unknown'];

/** The largest amount `<number>` spells when no range is given. */
const MAX_SPOKEN_AMOUNT = 99_999;
/** How far past the top of the amount range the grammar still spells amounts (a debtor may offer more). */
const AMOUNT_HEADROOM = 1.5;
const DEFAULT_EXPECTED_WEIGHT = 4;

// Rules every grammar may use. Each reference to a rule is expanded anew when the decoder
// compiles the grammar (pocketsphinx jsgf.c expand_rule), so big rules such as <number> are
// referenced from few places.
const SHARED_RULES: readonly string[] = [
  '<lead> = well | so | okay | yes | yeah | no;',
  '<digit> = one | two | three | four | five | six | seven | eight | nine;',
  '<teen> = ten | eleven | twelve | thirteen | fourteen | fifteen | sixteen | seventeen | eighteen | nineteen;',
  '<tens> = twenty | thirty | forty | fifty | sixty | seventy | eighty | ninety;',
  '<below_hundred> = <digit> | <teen> | <tens> [<digit>];',
  '<weekday> = monday | tuesday | wednesday | thursday | friday | saturday | sunday;',
  '<past_date> = yesterday | last (week | month | <weekday>) | this morning | on <weekday> | a few days ago;',
  '<kin> = wife | husband | mother | father | mom | dad | son | daughter | brother | sister | friend | roommate;',
];

/** Dates a debtor names at a question that asks for one: days of the month, weekdays, months, relative days. */
const FULL_DATE_RULES: readonly string[] = [
  '<month> = january | february | march | april | may | june | july | august | september | october | november | december;',
  '<ordinal_digit> = first | second | third | fourth | fifth | sixth | seventh | eighth | ninth;',
  '<ordinal> = <ordinal_digit> | tenth | eleventh | twelfth | thirteenth | fourteenth | fifteenth | sixteenth | seventeenth | eighteenth | nineteenth | twentieth | twenty <ordinal_digit> | thirtieth | thirty first;',
  '<date> = [on | by | before] (today | tonight | tomorrow | the day after tomorrow | [next | this] <weekday> | the <ordinal> | <month> <ordinal> | [the] end of (the | this | next) month | next (week | month) | this weekend | in (two | three) weeks | payday);',
];

/**
 * Partial identifiers at the question that asks for one: digits read out one by one (the last four
 * of an ID, a ZIP code) and a date of birth with its year ("march second nineteen eighty five").
 */
const DIGIT_RUN_RULES: readonly string[] = ['<spoken_digit> = zero | oh | <digit>;', '<digit_run> = <spoken_digit>+;'];
const BIRTH_DATE_RULES: readonly string[] = [
  '<year> = nineteen (<below_hundred> | hundred) | two thousand [[and] <below_hundred>] | twenty <below_hundred>;',
  '<birth_date> = <month> [the] <ordinal> [of] <year> | [the] <ordinal> of <month> <year>;',
];

/** Elsewhere only the relative days a callback or an aside names; calendar dates would only invite mistakes. */
const SHORT_DATE_RULE = '<date> = [on] (today | tonight | tomorrow | [next | this] <weekday> | next week | this weekend);';

/**
 * Builds the en-US JSGF grammar soundswallower decodes an answer with. It holds what the debtor may
 * say at this question: the phrases of the expected intents (weighted up) and of the intents that
 * are always heard ({@link ALWAYS_HEARD}); the debtor's names where the question asks who is
 * speaking; amounts (spelled around `amountRange`) and calendar dates only where the question asks
 * for them; the hint phrases; and a filler loop (`<garbage>`) that wins over all of them on speech
 * that fits none, which {@link isFillerHypothesis} then turns into "not understood". Without
 * expected intents every intent is in.
 *
 * @example
 * decoder.set_grammar(buildJsgfGrammar({ expectedIntents: ['affirm', 'third_party'], debtorNames: ['John Smith', 'John'] }));
 */
export function buildJsgfGrammar(hints: AsrHints, options: JsgfGrammarOptions = {}): string {
  const expectedWeight = options.expectedWeight ?? DEFAULT_EXPECTED_WEIGHT;
  const garbageWeight = options.garbageWeight ?? DEFAULT_GARBAGE_WEIGHT;
  const expected = new Set<Intent>(hints.expectedIntents);
  const heard = INTENTS.filter((intent) => expected.size === 0 || expected.has(intent) || ALWAYS_HEARD.includes(intent));
  const hintPhrases = collectPhrases(hints.phrases ?? [], MAX_HINT_PHRASES, options.isKnownWord);
  const names = asksWhoIsSpeaking(expected) ? collectPhrases(hints.debtorNames ?? [], MAX_NAME_FORMS, options.isKnownWord) : [];
  // Without slots named, amounts and calendar dates stay in, as before slots were hinted.
  const slots = new Set(hints.slots ?? ['amount', 'date']);
  // A rule's alternatives share its probability mass, so an intent's weight grows with its
  // number of phrases: each phrase then starts with the same prior, whatever its intent.
  const weighted: [number, string][] = heard.map((intent) => [EN_US_INTENT_PHRASES[intent].length * (expected.has(intent) ? expectedWeight : 1), `<${intent}>`]);
  if (names.length > 0) weighted.push([EN_US_IDENTITY_PHRASES.length * expectedWeight, '<identity>']);
  const birthDate = slots.has('date_of_birth');
  const digitRun = slots.has('id_last4') || slots.has('postcode');
  const slotAnswers = [
    ...(slots.has('amount') ? ['<amount> [<date>]'] : []),
    ...(slots.has('date') ? ['<date>'] : []),
    ...(birthDate ? ['<birth_date>'] : []),
    ...(digitRun ? ['<digit_run>'] : []),
  ];
  if (slotAnswers.length > 0) weighted.push([slotAnswers.length * expectedWeight, '<slot_answer>']);
  if (hintPhrases.length > 0) weighted.push([hintPhrases.length * expectedWeight, '<hint>']);
  const alternatives = weighted.map(([weight, rule]) => `/${weight}/ ${rule}`);
  const answerWeight = weighted.reduce((sum, [weight]) => sum + weight, 0);
  const fillers = EN_US_FILLER_WORDS.filter((word) => !names.some((name) => name.split(' ').includes(word)) && !hintPhrases.some((phrase) => phrase.split(' ').includes(word)));
  const lines = [
    '#JSGF V1.0;',
    'grammar dunbot;',
    garbageWeight > 0 && fillers.length > 0
      ? `public <utterance> = /${answerWeight}/ ([<lead>] <answer>) | /${garbageWeight}/ <garbage>;`
      : 'public <utterance> = [<lead>] <answer>;',
    `<answer> = ${alternatives.join(' | ')};`,
    ...heard.map((intent) => `<${intent}> = ${EN_US_INTENT_PHRASES[intent].map((phrase) => `(${phrase})`).join(' | ')};`),
    ...(names.length > 0 ? [`<identity> = ${EN_US_IDENTITY_PHRASES.map((phrase) => `(${phrase})`).join(' | ')};`, `<name> = ${names.join(' | ')};`] : []),
    ...(slotAnswers.length > 0 ? [`<slot_answer> = ${slotAnswers.map((answer) => `(${answer})`).join(' | ')};`] : []),
    ...(hintPhrases.length > 0 ? [`<hint> = ${hintPhrases.join(' | ')};`] : []),
    ...SHARED_RULES,
    ...amountRules(slots.has('amount') ? hints.amountRange : { min: 0, max: 0 }),
    ...(slots.has('date') || birthDate ? FULL_DATE_RULES : [SHORT_DATE_RULE]),
    ...(birthDate ? BIRTH_DATE_RULES : []),
    ...(digitRun ? DIGIT_RUN_RULES : []),
    ...(garbageWeight > 0 && fillers.length > 0 ? [`<garbage> = <filler>+;`, `${FILLER_RULE} = ${fillers.join(' | ')} | /${FILLER_PENALTY}/ ${FILLER_PENALTY_WORD};`] : []),
  ];
  return `${lines.join('\n')}\n`;
}

const FILLER_RULE = '<filler>';
/**
 * Each turn of the filler loop also offers one long word with this weight against 1 for each
 * filler, so every filler costs about log(penalty + fillers) and the loop wins only over speech
 * that no phrase fits. Measured on espeak-ng speech through a telephone line (8 kHz, μ-law):
 * without it the loop took short answers ("wrong number", "he is not here"); at 10, 10 of 12
 * out-of-grammar sentences were rejected and 20 of 25 answers kept the words understanding needs;
 * at 100 and more the same, but "what a beautiful garden you have" came back as a phrase. Fillers of
 * a single vowel ("ee", "uhh") took answers whatever the penalty, so every filler has a consonant.
 */
const FILLER_PENALTY = 10;
/** The penalty word: long (28 phones), so it never matches speech itself. */
const FILLER_PENALTY_WORD = 'antidisestablishmentarianism';

/** The filler words of a grammar's `<garbage>` loop (none when it has no loop). */
export function listFillerWords(jsgf: string): ReadonlySet<string> {
  const line = jsgf.split('\n').find((candidate) => candidate.startsWith(`${FILLER_RULE} =`));
  if (line === undefined) return new Set();
  return new Set(line.slice(line.indexOf('=') + 1).replace(/\/[\d.]+\/|;/g, ' ').split('|').map((word) => word.trim()).filter((word) => word !== ''));
}

/** True when a hypothesis went through the filler loop: the speech fitted no phrase of the grammar. */
export function isFillerHypothesis(text: string, fillers: ReadonlySet<string>): boolean {
  return fillers.size > 0 && text.split(' ').some((word) => fillers.has(word));
}

/** A question that branches on "yes, it's me" against "not here" or "wrong number" asks who is speaking. */
function asksWhoIsSpeaking(expected: ReadonlySet<Intent>): boolean {
  return expected.has('affirm') && (expected.has('third_party') || expected.has('wrong_number'));
}

/**
 * The `<number>` and `<amount>` rules, spelling whole amounts up to the range's top with headroom
 * (`AMOUNT_HEADROOM`): at most a thousand-word rule where thousands are not expected. A range
 * `{ min: 0, max: 0 }` leaves only small amounts, for a question that asks for none.
 */
function amountRules(range: { readonly min: number; readonly max: number } | undefined): readonly string[] {
  const top = Math.min(MAX_SPOKEN_AMOUNT, range === undefined ? MAX_SPOKEN_AMOUNT : Math.ceil(Math.max(range.max, range.min) * AMOUNT_HEADROOM));
  const hundredsDigits = top >= 1000 ? 9 : Math.floor(top / 100);
  const number: string[] = ['<below_hundred>'];
  if (hundredsDigits >= 1) number.push(`(${[...ONES.slice(1, hundredsDigits + 1), 'a'].join(' | ')}) hundred [[and] <below_hundred>]`);
  const thousands = Math.floor(top / 1000);
  if (thousands >= 1) {
    const multipliers = [...Array.from({ length: Math.min(thousands, 999) }, (_, index) => spellNumber(index + 1) ?? ''), 'a'];
    const rest = hundredsDigits >= 1 ? '[[and] (<below_hundred> | <digit> hundred [[and] <below_hundred>])]' : '[[and] <below_hundred>]';
    number.push(`(${multipliers.join(' | ')}) thousand ${rest}`);
    // "twelve hundred fifty": hundreds counted past ten, up to the top.
    const teens = ONES.slice(11, Math.min(19, Math.floor(top / 100)) + 1);
    if (teens.length > 0) number.push(`(${teens.join(' | ')}) hundred [[and] <below_hundred>]`);
  }
  return [`<number> = ${number.join(' | ')};`, '<amount> = <number> [dollars | bucks];'];
}

/** Every distinct word a JSGF grammar can produce, sorted (rule names, weights and operators removed). */
export function listGrammarWords(jsgf: string): readonly string[] {
  const words = new Set<string>();
  for (const line of jsgf.split('\n')) {
    const equals = line.indexOf('=');
    if (equals < 0 || line.startsWith('#')) continue;
    const body = line.slice(equals + 1).replace(/<[^>]*>/g, ' ').replace(/\/[\d.]+\//g, ' ').replace(/[[\]()|;*+]/g, ' ');
    for (const word of body.split(/\s+/)) if (word !== '') words.add(word);
  }
  return [...words].sort();
}

/**
 * Turns a hint into grammar words: lower case, digits spelled out ("1200" → "one thousand two
 * hundred"), punctuation dropped. Undefined when nothing usable is left, or for a decimal or a
 * number above 99,999.
 */
export function normalizeHintPhrase(phrase: string): string | undefined {
  // Decimals ("$12.50") have no single spoken form the grammar could match.
  if (/\d\.\d/.test(phrase)) return undefined;
  const words: string[] = [];
  const cleaned = phrase.toLowerCase().replace(/(\d),(\d{3})\b/g, '$1$2').replace(/\$/g, ' ');
  for (const token of cleaned.split(/[^a-z0-9']+/)) {
    const word = token.replace(/^'+|'+$/g, '');
    if (word === '') continue;
    if (/^\d+$/.test(word)) {
      const spelled = spellNumber(Number(word));
      if (spelled === undefined) return undefined;
      words.push(spelled);
    } else if (/^[a-z']+$/.test(word)) {
      words.push(word);
    } else {
      return undefined;
    }
  }
  return words.length > 0 ? words.join(' ') : undefined;
}

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** Spells a whole number from 0 to 99,999 the way the grammar's `<number>` rule says it. */
export function spellNumber(value: number): string | undefined {
  if (!Number.isInteger(value) || value < 0 || value > 99_999) return undefined;
  if (value === 0) return 'zero';
  const parts: string[] = [];
  const thousands = Math.floor(value / 1000);
  const rest = value % 1000;
  if (thousands > 0) parts.push(`${spellBelowThousand(thousands)} thousand`);
  if (rest > 0) parts.push(spellBelowThousand(rest));
  return parts.join(' ');
}

function spellBelowThousand(value: number): string {
  const parts: string[] = [];
  const hundreds = Math.floor(value / 100);
  const rest = value % 100;
  if (hundreds > 0) parts.push(`${ONES[hundreds] ?? ''} hundred`);
  if (rest >= 20) {
    const unit = rest % 10;
    parts.push(unit === 0 ? (TENS[Math.floor(rest / 10)] ?? '') : `${TENS[Math.floor(rest / 10)] ?? ''} ${ONES[unit] ?? ''}`);
  } else if (rest > 0) {
    parts.push(ONES[rest] ?? '');
  }
  return parts.join(' ');
}

function collectPhrases(phrases: readonly string[], limit: number, isKnownWord: ((word: string) => boolean) | undefined): readonly string[] {
  const kept = new Set<string>();
  for (const phrase of phrases) {
    const normalized = normalizeHintPhrase(phrase);
    if (normalized === undefined) continue;
    if (isKnownWord !== undefined && !normalized.split(' ').every((word) => isKnownWord(word))) continue;
    kept.add(normalized);
    if (kept.size >= limit) break;
  }
  return [...kept];
}
