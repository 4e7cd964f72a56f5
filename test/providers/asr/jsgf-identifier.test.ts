import { describe, expect, it } from 'vitest';
import { buildJsgfGrammar } from '../../../src/providers/asr/index.js';
import { accepts, parseJsgf } from './jsgf-matcher.js';

const INTENTS = ['affirm', 'deny', 'refuse', 'third_party'] as const;

describe('the grammar at a second-factor question', () => {
  it('hears the last four of an ID or a ZIP code read out, where one is asked', () => {
    for (const slot of ['id_last4', 'postcode'] as const) {
      const grammar = parseJsgf(buildJsgfGrammar({ expectedIntents: INTENTS, slots: [slot] }));
      expect(accepts(grammar, 'four four one nine'), slot).toBe(true);
      expect(accepts(grammar, 'one oh oh oh one'), slot).toBe(true);
    }
  });

  it('hears a date of birth with its year, where one is asked', () => {
    const grammar = parseJsgf(buildJsgfGrammar({ expectedIntents: INTENTS, slots: ['date_of_birth'] }));
    expect(accepts(grammar, 'march second nineteen eighty five')).toBe(true);
    expect(accepts(grammar, 'the second of march nineteen eighty five')).toBe(true);
    expect(accepts(grammar, 'july fourth two thousand three')).toBe(true);
  });

  it('keeps digits read out and years out of questions that ask for no identifier', () => {
    const grammar = parseJsgf(buildJsgfGrammar({ expectedIntents: INTENTS, slots: [] }));
    expect(accepts(grammar, 'four four one nine')).toBe(false);
    expect(accepts(grammar, 'march second nineteen eighty five')).toBe(false);
  });
});
