import { describe, expect, it } from 'vitest';
import type { DebtorTurn } from '../../src/call/debtor-turn.js';
import { describeTurn, parseScript, parseScriptLine } from '../../src/cli/script-turns.js';

describe('parseScriptLine', () => {
  it.each([
    ['', { kind: 'silence' }],
    ['   ', { kind: 'silence' }],
    ['yes speaking', { kind: 'text', text: 'yes speaking' }],
    ['  我这周五还两千 ', { kind: 'text', text: '我这周五还两千' }],
    ['#dtmf 1', { kind: 'dtmf', digit: '1' }],
    ['#dtmf #', { kind: 'dtmf', digit: '#' }],
    ['#hangup', { kind: 'hang_up' }],
    ['#voicemail', { kind: 'voicemail' }],
    ['(555) 123-4567 is my number', { kind: 'text', text: '(555) 123-4567 is my number' }],
  ])('reads %j', (line, turn) => {
    expect(parseScriptLine(line, 1)).toEqual(turn);
  });

  it.each([
    ['#transfer now', 'unknown directive'],
    ['#dtmf', 'unknown directive'],
    ['#dtmf 1 2', 'unknown directive'],
    ['#dtmf 12', '"12" is not one DTMF key'],
    ['#dtmf x', '"x" is not one DTMF key'],
    ['#hangup now', 'unknown directive'],
    ['(key 1)', '"(key 1)" is not script syntax'],
    ['(silence)', '"(silence)" is not script syntax'],
    ['(dtmf 5)', '"(dtmf 5)" is not script syntax'],
  ])('rejects %j with the line number', (line, problem) => {
    expect(() => parseScriptLine(line, 7)).toThrow(expect.objectContaining({ code: 'DUN_ERR_CONFIG_INVALID', message: expect.stringContaining(`script line 7: ${problem}`), details: { line: 7 } }));
  });
});

describe('parseScript', () => {
  it('parses every line, or names the first bad one', () => {
    expect(parseScript(['yes', '', '#dtmf 2'])).toEqual([{ kind: 'text', text: 'yes' }, { kind: 'silence' }, { kind: 'dtmf', digit: '2' }]);
    expect(() => parseScript(['yes', '', '(key 2)', '#nope'])).toThrow('script line 3:');
  });
});

describe('describeTurn', () => {
  it('echoes words as they are and the rest the way `calls show` prints them', () => {
    const turns: DebtorTurn[] = [{ kind: 'text', text: 'hi' }, { kind: 'dtmf', digit: '1' }, { kind: 'silence' }, { kind: 'hang_up' }, { kind: 'voicemail' }];
    expect(turns.map(describeTurn))
      .toEqual(['hi', '(key 1)', '(silence)', '(hang up)', '(voicemail)']);
  });
});
