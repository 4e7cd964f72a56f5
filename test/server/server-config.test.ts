import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../src/server/server-config.js';
import { composeRuntime } from '../../src/app/compose-runtime.js';
import { silentLogger } from '../../src/log/logger.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';

function configError(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    expect(error).toMatchObject({ code: 'DUN_ERR_CONFIG_INVALID' });
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected DUN_ERR_CONFIG_INVALID');
}

describe('server configuration', () => {
  it('reads DUNBOT_* variables over defaults', () => {
    const config = loadServerConfig({ DUNBOT_PORT: '9090', DUNBOT_ASR: 'none', DUNBOT_TOKEN_SECRET: 'a-secret-of-enough-length', DUNBOT_INBAND_DTMF: 'always', DUNBOT_HEAP_GROWTH_PERCENT: '0' });
    expect(config).toMatchObject({ port: 9090, asr: 'none', tts: 'espeak', tokenSecretGenerated: false, host: '127.0.0.1', inBandDtmf: 'always', heapGrowthPercent: 0 });
    expect(loadServerConfig({})).toMatchObject({ inBandDtmf: 'auto', heapGrowthPercent: 300 });
  });

  it('reports every bad setting at once, naming the variable', () => {
    expect.assertions(6);
    try {
      loadServerConfig({ DUNBOT_PORT: 'eighty', DUNBOT_ASR: 'whisper', DUNBOT_TOKEN_SECRET: 'short', DUNBOT_INBAND_DTMF: 'sometimes', DUNBOT_HEAP_GROWTH_PERCENT: '-5' });
    } catch (error) {
      expect(error).toMatchObject({ code: 'DUN_ERR_CONFIG_INVALID' });
      const message = error instanceof Error ? error.message : '';
      expect(message).toContain('DUNBOT_PORT');
      expect(message).toContain('DUNBOT_ASR');
      expect(message).toContain('DUNBOT_TOKEN_SECRET');
      expect(message).toContain('DUNBOT_INBAND_DTMF');
      expect(message).toContain('DUNBOT_HEAP_GROWTH_PERCENT');
    }
  });

  it('generates a token secret when none is configured, and says so', () => {
    const config = loadServerConfig({});
    expect(config.tokenSecretGenerated).toBe(true);
    expect(config.tokenSecret.length).toBeGreaterThanOrEqual(32);
  });

  it('rejects an unknown key in a config file', () => {
    expect(() => loadServerConfig({}, undefined, { colour: 'blue' })).toThrow(/colour/);
  });

  it('understands with the rules alone within 1500 ms unless told otherwise', () => {
    expect(loadServerConfig({})).toMatchObject({ understanders: ['rules', 'learned'], understandingBudgetMs: 1500 });
  });

  it('reads DUNBOT_UNDERSTANDERS as a comma-separated list and DUNBOT_UNDERSTANDING_BUDGET_MS as ms', () => {
    expect(loadServerConfig({ DUNBOT_UNDERSTANDERS: 'rules', DUNBOT_UNDERSTANDING_BUDGET_MS: '50' })).toMatchObject({ understanders: ['rules'], understandingBudgetMs: 50 });
    expect(loadServerConfig({ DUNBOT_UNDERSTANDERS: ' rules , rules ', DUNBOT_UNDERSTANDING_BUDGET_MS: '30000' })).toMatchObject({ understanders: ['rules', 'rules'], understandingBudgetMs: 30_000 });
  });

  it('reads understanders as a JSON array from a config file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dunbot-config-'));
    try {
      const file = join(dir, 'config.json');
      writeFileSync(file, JSON.stringify({ understanders: ['rules'], understandingBudgetMs: 800 }));
      expect(loadServerConfig({}, file)).toMatchObject({ understanders: ['rules'], understandingBudgetMs: 800 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an understander nobody provides when the runtime is composed, naming it, the variable and the known understanders', async () => {
    // The names an application adds are known only to the composition root, so that is where names are checked.
    const config = loadServerConfig({ DUNBOT_UNDERSTANDERS: 'rules,oracle' });
    const message = await composeRuntime(config, { logger: silentLogger, overrides: { speech: false, store: new MemoryCallStore() } }).then(
      () => '',
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    expect(message).toContain('DUNBOT_UNDERSTANDERS');
    expect(message).toContain('"oracle"');
    expect(message).toContain('known understanders: rules');
  });

  it.each([
    ['an empty list', { understanders: [] }],
    ['an empty name', { understanders: ['rules', ''] }],
    ['a list that is not of names', { understanders: [1] }],
  ])('refuses %s of understanders', (_what, settings) => {
    expect(configError(() => loadServerConfig({}, undefined, settings))).toContain('understanders');
  });

  it.each(['49', '30001', '1500.5', 'fast'])('refuses an understanding budget of %s ms', (value) => {
    expect(configError(() => loadServerConfig({ DUNBOT_UNDERSTANDING_BUDGET_MS: value }))).toContain('DUNBOT_UNDERSTANDING_BUDGET_MS');
  });

  it('answers off-script questions with the configured LLM unless DUNBOT_LLM_ANSWERS=off', () => {
    expect(loadServerConfig({}).llmAnswers).toBe('on');
    expect(loadServerConfig({ DUNBOT_LLM_ANSWERS: 'off' }).llmAnswers).toBe('off');
    expect(configError(() => loadServerConfig({ DUNBOT_LLM_ANSWERS: 'maybe' }))).toContain('DUNBOT_LLM_ANSWERS');
  });
});
