import { describe, expect, it } from 'vitest';
import { INTER_DIGIT_TIMEOUT_MS, KeypadEntry, type KeypadEntryResult } from '../../src/call/keypad-entry.js';
import { ManualScheduler } from '../../src/time/scheduler.js';

function entry(maxDigits = 7, singleKeys: readonly string[] = ['1', '2', '0']) {
  const scheduler = new ManualScheduler(0);
  const results: KeypadEntryResult[] = [];
  const keyed = new KeypadEntry({ scheduler, maxDigits, singleKeys: new Set(singleKeys), onEnd: (result) => results.push(result) });
  const press = (keys: string): void => {
    for (const key of keys) keyed.press(key);
  };
  return { scheduler, results, keyed, press };
}

describe('KeypadEntry', () => {
  it('ends at # with the digits keyed', () => {
    const { results, press, keyed } = entry();
    press('1500#');
    expect(results).toEqual([{ kind: 'digits', digits: '1500' }]);
    expect(keyed.done).toBe(true);
  });

  it('ends after a pause of the inter-digit timeout, measured from the last key', () => {
    const { scheduler, results, press } = entry();
    press('15');
    scheduler.increment(INTER_DIGIT_TIMEOUT_MS - 1);
    press('0');
    scheduler.increment(INTER_DIGIT_TIMEOUT_MS - 1);
    expect(results).toEqual([]);
    scheduler.increment(1);
    expect(results).toEqual([{ kind: 'digits', digits: '150' }]);
  });

  it('takes one key the question answers alone, then a pause, as that key', () => {
    const { scheduler, results, press } = entry();
    press('1');
    scheduler.increment(INTER_DIGIT_TIMEOUT_MS);
    expect(results).toEqual([{ kind: 'key', digit: '1' }]);
  });

  it('takes one other digit and a pause as an entry', () => {
    const { scheduler, results, press } = entry(2);
    press('5');
    scheduler.increment(INTER_DIGIT_TIMEOUT_MS);
    expect(results).toEqual([{ kind: 'digits', digits: '5' }]);
  });

  it('takes 1 then # as the entry 1, not as yes', () => {
    const { results, press } = entry();
    press('1#');
    expect(results).toEqual([{ kind: 'digits', digits: '1' }]);
  });

  it('clears what was keyed on *', () => {
    const { results, press } = entry();
    press('99*20#');
    expect(results).toEqual([{ kind: 'digits', digits: '20' }]);
  });

  it('reports a pause with nothing left after * as nothing keyed', () => {
    const { scheduler, results, press } = entry();
    press('4*');
    scheduler.increment(INTER_DIGIT_TIMEOUT_MS);
    expect(results).toEqual([{ kind: 'nothing' }]);
  });

  it('passes # alone on as a key', () => {
    const { results, press } = entry();
    press('#');
    expect(results).toEqual([{ kind: 'key', digit: '#' }]);
  });

  it('keeps one digit past the limit and ends as too long, at # or at the pause', () => {
    const atPound = entry(2);
    atPound.press('12345#');
    expect(atPound.results).toEqual([{ kind: 'too_long', digits: '123' }]);
    const atPause = entry(2);
    atPause.press('777');
    atPause.scheduler.increment(INTER_DIGIT_TIMEOUT_MS);
    expect(atPause.results).toEqual([{ kind: 'too_long', digits: '777' }]);
  });

  it('starts over after * even past the limit', () => {
    const { results, press } = entry(2);
    press('123*31#');
    expect(results).toEqual([{ kind: 'digits', digits: '31' }]);
  });

  it('reports once and ignores keys after its end, and nothing once cancelled', () => {
    const ended = entry();
    ended.press('20#3#');
    ended.scheduler.increment(INTER_DIGIT_TIMEOUT_MS);
    expect(ended.results).toEqual([{ kind: 'digits', digits: '20' }]);
    const cancelled = entry();
    cancelled.press('20');
    cancelled.keyed.cancel();
    cancelled.scheduler.increment(INTER_DIGIT_TIMEOUT_MS);
    expect(cancelled.results).toEqual([]);
  });
});
