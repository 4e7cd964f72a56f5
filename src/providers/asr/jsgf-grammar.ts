import { INTENTS, type Intent } from '../../nlu/intents.js';
import type { AsrHints } from './asr.js';
import { EN_US_INTENT_PHRASES } from './en-us-intent-phrases.js';

/** Options of {@link buildJsgfGrammar}. */
export interface JsgfGrammarOptions {
  /** Keeps only hint phrases whose every word passes (the recognizer passes its dictionary lookup). */
  readonly isKnownWord?: (word: string) => boolean;
  /** Prior weight of one phrase of an expected intent (or hint) relative to an unexpected one; default 4. */
  readonly expectedWeight?: number;
}

/** How many hint phrases the grammar takes at most; more only slow the decoder down. */
export const MAX_HINT_PHRASES = 50;

const DEFAULT_EXPECTED_WEIGHT = 4;

// Rules every phrase table may use. Each reference to a rule is expanded anew when the decoder
// compiles the grammar (pocketsphinx jsgf.c expand_rule), so big rules such as <number> are
// referenced from few places.
const SHARED_RULES: readonly string[] = [
  '<lead> = well | so | okay | yes | yeah | no;',
  '<digit> = one | two | three | four | five | six | seven | eight | nine;',
  '<teen> = ten | eleven | twelve | thirteen | fourteen | fifteen | sixteen | seventeen | eighteen | nineteen;',
  '<tens> = twenty | thirty | forty | fifty | sixty | seventy | eighty | ninety;',
  '<below_hundred> = <digit> | <teen> | <tens> [<digit>];',
  '<below_thousand> = <below_hundred> | (<digit> | a) hundred [[and] <below_hundred>];',
  '<number> = <below_thousand> | (<below_hundred> | a) thousand [[and] <below_thousand>] | <teen> hundred [[and] <below_hundred>];',
  '<amount> = <number> [dollars | bucks];',
  '<weekday> = monday | tuesday | wednesday | thursday | friday | saturday | sunday;',
  '<month> = january | february | march | april | may | june | july | august | september | october | november | december;',
  '<ordinal_digit> = first | second | third | fourth | fifth | sixth | seventh | eighth | ninth;',
  '<ordinal> = <ordinal_digit> | tenth | eleventh | twelfth | thirteenth | fourteenth | fifteenth | sixteenth | seventeenth | eighteenth | nineteenth | twentieth | twenty <ordinal_digit> | thirtieth | thirty first;',
  '<date> = [on | by | before] (today | tonight | tomorrow | the day after tomorrow | [next | this] <weekday> | the <ordinal> | <month> <ordinal> | [the] end of (the | this | next) month | next (week | month) | this weekend | in (two | three) weeks | payday);',
  '<past_date> = yesterday | last (week | month | <weekday>) | this morning | on <weekday> | a few days ago;',
  '<kin> = wife | husband | mother | father | mom | dad | son | daughter | brother | sister | friend | roommate;',
];

/**
 * Builds the en-US JSGF grammar soundswallower decodes an answer with: one rule per intent (all
 * intents, so an unexpected answer still maps to a phrase), the expected intents and the hint phrases
 * weighted up, numbers as words up to 99,999, amounts and dates.
 *
 * @example
 * decoder.set_grammar(buildJsgfGrammar({ expectedIntents: ['affirm', 'deny'] }));
 */
export function buildJsgfGrammar(hints: AsrHints, options: JsgfGrammarOptions = {}): string {
  const expectedWeight = options.expectedWeight ?? DEFAULT_EXPECTED_WEIGHT;
  const expected = new Set<Intent>(hints.expectedIntents);
  const hintPhrases = collectHintPhrases(hints.phrases ?? [], options.isKnownWord);
  // A rule's alternatives share its probability mass, so an intent's weight grows with its
  // number of phrases: each phrase then starts with the same prior, whatever its intent.
  const alternatives = INTENTS.map((intent) => {
    const weight = EN_US_INTENT_PHRASES[intent].length * (expected.has(intent) ? expectedWeight : 1);
    return `/${weight}/ <${intent}>`;
  });
  if (hintPhrases.length > 0) alternatives.push(`/${hintPhrases.length * expectedWeight}/ <hint>`);
  const lines = [
    '#JSGF V1.0;',
    'grammar dunbot;',
    'public <utterance> = [<lead>] <answer>;',
    `<answer> = ${alternatives.join(' | ')};`,
    ...INTENTS.map((intent) => `<${intent}> = ${EN_US_INTENT_PHRASES[intent].map((phrase) => `(${phrase})`).join(' | ')};`),
    ...(hintPhrases.length > 0 ? [`<hint> = ${hintPhrases.join(' | ')};`] : []),
    ...SHARED_RULES,
  ];
  return `${lines.join('\n')}\n`;
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

function collectHintPhrases(phrases: readonly string[], isKnownWord: ((word: string) => boolean) | undefined): readonly string[] {
  const kept = new Set<string>();
  for (const phrase of phrases) {
    const normalized = normalizeHintPhrase(phrase);
    if (normalized === undefined) continue;
    if (isKnownWord !== undefined && !normalized.split(' ').every((word) => isKnownWord(word))) continue;
    kept.add(normalized);
    if (kept.size >= MAX_HINT_PHRASES) break;
  }
  return [...kept];
}
