import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CALLER_PROFILES } from '../../src/call/caller-profile.js';
import { parseDebtor, type Debtor } from '../../src/domain/debtor.js';
import type { FlowInput } from '../../src/flow/index.js';
import type { CallEffects, TurnUnderstanding } from '../../src/call/session-ports.js';
import { silentLogger } from '../../src/log/logger.js';
import type { RenderedPrompt } from '../../src/scripts/scripts-library.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { createUnderstanding } from '../../src/understanding/index.js';

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

/** The rules understanding as the default configuration composes it (its budget never elapses here). */
export function rulesUnderstanding(): TurnUnderstanding {
  return createUnderstanding({ understanders: ['rules'], understandingBudgetMs: 1500 }, new ManualScheduler(0), silentLogger);
}

/** Effect handlers that do nothing but collect what was said: a call's session without a channel. */
export function collectingEffects(said: RenderedPrompt[] = []): CallEffects {
  return { say: (prompt) => said.push(prompt), hangUp: () => undefined };
}
