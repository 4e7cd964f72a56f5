import { DTMF_DIGIT, type DebtorTurn } from '../call/debtor-turn.js';
import { DunbotError } from '../errors.js';

const SYNTAX = 'a reply is plain text, an empty line is silence, and #dtmf <digit>, #hangup, #voicemail are keys and call events';

// A whole line in parentheses, like the "(key 1)" and "(silence)" that transcripts print, reads as
// an attempt at a directive: sending it to the bot as words would quietly lose what was meant.
const NOTATION = /^\(\s*[A-Za-z_]+\b[^()]*\)$/;

/**
 * Turns one line of a chat script (or of interactive input) into a debtor turn: an empty line is
 * silence; `#dtmf <digit>`, `#hangup` and `#voicemail` stand for keys and call events; anything
 * else is what the debtor says. A line that is none of these (an unknown `#` directive, a key that
 * is not a DTMF digit, a whole line in parentheses such as `(key 1)`) is DUN_ERR_CONFIG_INVALID
 * naming the line number.
 */
export function parseScriptLine(line: string, lineNumber: number): DebtorTurn {
  const text = line.trim();
  if (text === '') return { kind: 'silence' };
  if (NOTATION.test(text)) throw badLine(lineNumber, `"${text}" is not script syntax`);
  if (!text.startsWith('#')) return { kind: 'text', text };
  const [directive, argument, ...rest] = text.split(/\s+/);
  if (directive === '#dtmf' && argument !== undefined && rest.length === 0) {
    if (!DTMF_DIGIT.test(argument)) throw badLine(lineNumber, `"${argument}" is not one DTMF key (0-9, *, #, A-D)`);
    return { kind: 'dtmf', digit: argument };
  }
  if (directive === '#hangup' && argument === undefined) return { kind: 'hang_up' };
  if (directive === '#voicemail' && argument === undefined) return { kind: 'voicemail' };
  throw badLine(lineNumber, `unknown directive "${text}"`);
}

/**
 * Parses every line of a chat script before the call starts, so that a bad line stops the call
 * before its record is opened; throws DUN_ERR_CONFIG_INVALID naming the first bad line.
 */
export function parseScript(lines: readonly string[]): DebtorTurn[] {
  return lines.map((line, index) => parseScriptLine(line, index + 1));
}

/** How a turn is echoed in the terminal: its words, or a key or call event in parentheses. */
export function describeTurn(turn: DebtorTurn): string {
  switch (turn.kind) {
    case 'text':
      return turn.text;
    case 'dtmf':
      return `(key ${turn.digit})`;
    case 'hang_up':
      return '(hang up)';
    default:
      return `(${turn.kind})`;
  }
}

function badLine(lineNumber: number, problem: string): DunbotError {
  return new DunbotError('DUN_ERR_CONFIG_INVALID', `script line ${lineNumber}: ${problem} (${SYNTAX})`, { details: { line: lineNumber } });
}
