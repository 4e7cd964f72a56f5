import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CALLER_PROFILES } from '../../src/call/caller-profile.js';
import { parseDebtor, type Debtor } from '../../src/domain/debtor.js';
import type { FlowInput } from '../../src/flow/index.js';

/** The call date the flow tests use: Wednesday 2026-03-11. */
export const TODAY = '2026-03-11';

/** A shipped example debtor, e.g. `fixtureDebtor('en-US-early')`. */
export function fixtureDebtor(name: string): Debtor {
  const path = join(import.meta.dirname, '..', '..', 'fixtures', 'debtors', `${name}.json`);
  return parseDebtor(JSON.parse(readFileSync(path, 'utf8')), path);
}

/** Flow input for a shipped example debtor, in the debtor's own locale. */
export function fixtureInput(name: string, overrides: Partial<FlowInput> = {}): FlowInput {
  const debtor = fixtureDebtor(name);
  return { debtor, locale: debtor.locale, today: TODAY, caller: DEFAULT_CALLER_PROFILES[debtor.locale], ...overrides };
}
