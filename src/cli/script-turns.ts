import type { DebtorTurn } from '../call/debtor-turn.js';
import { DunbotError } from '../errors.js';

/**
 * Turns one line of a chat script (or of interactive input) into a debtor turn: an empty line is
 * silence; `#dtmf <digit>`, `#hangup` and `#voicemail` stand for keys and call events; anything
 * else is what the debtor says.
 */
export function parseScriptLine(line: string, lineNumber: number): DebtorTurn {
  const text = line.trim();
  if (text === '') return { kind: 'silence' };
  if (!text.startsWith('#')) return { kind: 'text', text };
  const [directive, argument, ...rest] = text.split(/\s+/);
  if (directive === '#dtmf' && argument !== undefined && rest.length === 0) return { kind: 'dtmf', digit: argument };
  if (directive === '#hangup' && argument === undefined) return { kind: 'hang_up' };
  if (directive === '#voicemail' && argument === undefined) return { kind: 'voicemail' };
  throw new DunbotError('DUN_ERR_CONFIG_INVALID', `script line ${lineNumber}: unknown directive "${text}" (use #dtmf <digit>, #hangup or #voicemail)`);
}
