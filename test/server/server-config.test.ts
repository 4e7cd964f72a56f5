import { describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../src/server/server-config.js';

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
});
