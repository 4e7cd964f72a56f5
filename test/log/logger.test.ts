import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.js';

describe('logger', () => {
  it('writes one JSON object per line and redacts debtor data in pii fields', () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line) }).child({ callId: 'c1' });
    logger.info('promise captured', { pii: { amount: 200, name: 'John Smith' } });
    expect(JSON.parse(lines[0] ?? '')).toEqual({ level: 'info', msg: 'promise captured', callId: 'c1', pii: { amount: '[redacted]', name: '[redacted]' } });
    expect(lines[0]).not.toContain('John');
  });

  it('shows pii only when asked, and drops lines below the level', () => {
    const lines: string[] = [];
    const logger = createLogger({ write: (line) => lines.push(line), showPii: true, level: 'warn' });
    logger.info('ignored');
    logger.warn('key pressed', { pii: { digit: '5' } });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toMatchObject({ level: 'warn', pii: { digit: '5' } });
  });
});
