import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { UNDERSTANDER_FACTORIES, UNDERSTANDER_NAMES, createUnderstanding, isUnderstanderName } from '../../src/understanding/index.js';
import { FakeUnderstander, NOW_MS, answering, turnContextFor } from './fake-understander.js';

const scheduler = new ManualScheduler(NOW_MS);

describe('the understander registry', () => {
  it('has a factory for every name the configuration accepts, and no other', () => {
    expect(Object.keys(UNDERSTANDER_FACTORIES).sort()).toEqual([...UNDERSTANDER_NAMES].sort());
    const config = { understanders: [...UNDERSTANDER_NAMES], understandingBudgetMs: 1500, llmBaseUrl: 'http://127.0.0.1:9/v1', llmModel: 'test-model' };
    for (const name of UNDERSTANDER_NAMES) expect(UNDERSTANDER_FACTORIES[name]({ config, scheduler, logger: silentLogger }).name).toBe(name);
    expect(isUnderstanderName('rules')).toBe(true);
    expect(isUnderstanderName('constructor')).toBe(false);
  });

  it('builds understanding from the default server configuration', async () => {
    const understanding = createUnderstanding(loadServerConfig({}), scheduler, silentLogger);

    expect(await understanding.understand('yes', turnContextFor('en-US'))).toMatchObject({ intent: 'affirm', source: 'rules' });
  });

  it('refuses an unknown understander, naming it and the known ones', () => {
    expect.assertions(3);
    try {
      createUnderstanding({ understanders: ['rules', 'oracle'], understandingBudgetMs: 1500 }, scheduler, silentLogger);
    } catch (error) {
      expect(error).toMatchObject({ code: 'DUN_ERR_CONFIG_INVALID' });
      expect(String(error)).toContain('"oracle"');
      expect(String(error)).toContain('known understanders: rules');
    }
  });

  it('does not take inherited object keys for understanders', () => {
    expect(() => createUnderstanding({ understanders: ['toString'], understandingBudgetMs: 1500 }, scheduler, silentLogger))
      .toThrow(expect.objectContaining({ code: 'DUN_ERR_CONFIG_INVALID' }));
  });

  it('asks overrides and added understanders in the configured order, within the configured budget', async () => {
    const slow = new FakeUnderstander('slow', 'never');
    const understanding = createUnderstanding({ understanders: ['slow', 'rules'], understandingBudgetMs: 200 }, scheduler, silentLogger, {
      slow: () => slow,
      rules: () => answering('rules', 'deny', 0.9),
    });

    const pending = understanding.understand('no', turnContextFor('en-US'));
    await slow.called;
    scheduler.increment(200);

    expect(await pending).toMatchObject({ source: 'budget' });
    expect(slow.lastSignal.aborted).toBe(true);
  });
});
