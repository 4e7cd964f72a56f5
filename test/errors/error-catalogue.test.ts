import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DunbotError, ERROR_CODES, isDunbotError } from '../../src/errors.js';

describe('error catalogue', () => {
  const documentation = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'errors.md'), 'utf8');

  it.each(Object.keys(ERROR_CODES))('documents %s in docs/errors.md', (code) => {
    expect(documentation).toContain(`\`${code}\``);
  });

  it('documents no code that does not exist', () => {
    const documented = [...documentation.matchAll(/`(DUN_ERR_[A-Z_]+)`/g)].map((match) => match[1]);
    expect(documented.filter((code) => code === undefined || !(code in ERROR_CODES))).toEqual([]);
  });

  it('carries its code, retryability and details', () => {
    const error = new DunbotError('DUN_ERR_STORE_WRITE', 'disk full', { retryable: true, details: { callId: 'c1' } });
    expect(isDunbotError(error, 'DUN_ERR_STORE_WRITE')).toBe(true);
    expect(isDunbotError(error, 'DUN_ERR_STORE_NOT_FOUND')).toBe(false);
    expect(error).toMatchObject({ code: 'DUN_ERR_STORE_WRITE', retryable: true, details: { callId: 'c1' }, message: 'disk full' });
  });
});
