import { generateKeyPairSync } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeRuntime } from '../../src/app/compose-runtime.js';
import { HANDOFF_ADAPTERS, createHandoffAdapter, isLiveHandoff, recordOnlyHandoff } from '../../src/escalation/handoff-adapters.js';
import { silentLogger } from '../../src/log/logger.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { runDunbot } from '../cli/run-cli.js';

const deps = { scheduler: new ManualScheduler(0), logger: silentLogger };

describe('hand-off configuration', () => {
  it('has no live hand-off unless one is configured, with a 25 s ring timeout', () => {
    const config = loadServerConfig({});
    expect(config).toMatchObject({ handoff: 'none', handoffRingTimeoutS: 25 });
    expect(config.handoffTarget).toBeUndefined();
    const adapter = createHandoffAdapter(config, deps);
    expect(adapter.name).toBe('none');
    expect(isLiveHandoff(adapter)).toBe(false);
    expect(Object.keys(HANDOFF_ADAPTERS)).toContain('none');
  });

  it('reads the DUNBOT_HANDOFF_* settings, and refuses a target that is neither a phone number nor a SIP URI', () => {
    const config = loadServerConfig({
      DUNBOT_HANDOFF: 'webhook',
      DUNBOT_HANDOFF_TARGET: 'sip:desk@example.com',
      DUNBOT_HANDOFF_RING_TIMEOUT_S: '40',
      DUNBOT_HANDOFF_AGENT_LOCALE: 'zh-CN',
      DUNBOT_HANDOFF_WEBHOOK_URL: 'https://desk.example.com/hook',
      DUNBOT_HANDOFF_SECRET: 'a-secret-of-enough-length',
    });
    expect(config).toMatchObject({ handoff: 'webhook', handoffTarget: 'sip:desk@example.com', handoffRingTimeoutS: 40, handoffAgentLocale: 'zh-CN', handoffWebhookUrl: 'https://desk.example.com/hook' });
    expect(() => loadServerConfig({ DUNBOT_HANDOFF_TARGET: 'the desk' })).toThrow(/DUNBOT_HANDOFF_TARGET/);
    expect(() => loadServerConfig({ DUNBOT_HANDOFF_RING_TIMEOUT_S: '2' })).toThrow(/DUNBOT_HANDOFF_RING_TIMEOUT_S/);
    expect(() => loadServerConfig({ DUNBOT_HANDOFF_AGENT_LOCALE: 'fr-FR' })).toThrow(/DUNBOT_HANDOFF_AGENT_LOCALE/);
  });

  it('refuses a name no adapter answers to, naming the known ones', () => {
    const config = loadServerConfig({ DUNBOT_HANDOFF: 'carrier-pigeon' });
    expect(() => createHandoffAdapter(config, deps)).toThrow(expect.objectContaining({ code: 'DUN_ERR_CONFIG_INVALID', message: expect.stringMatching(/carrier-pigeon.*none/) }));
  });

  it('takes an application\'s own adapters by name', () => {
    const config = loadServerConfig({ DUNBOT_HANDOFF: 'desk' });
    const adapter = createHandoffAdapter(config, deps, { desk: () => ({ name: 'desk', onEscalate: async () => ({ state: 'bridged' }) }) });
    expect(isLiveHandoff(adapter)).toBe(true);
  });

  it('stops the composition, before any store is opened, on an unknown adapter', async () => {
    const config = loadServerConfig({ DUNBOT_HANDOFF: 'carrier-pigeon', DUNBOT_UNDERSTANDERS: 'rules' });
    await expect(composeRuntime(config, { logger: silentLogger, overrides: { speech: false, store: new MemoryCallStore() } })).rejects.toMatchObject({ code: 'DUN_ERR_CONFIG_INVALID' });
  });

  it('stops `dunbot serve` at start with DUN_ERR_CONFIG_INVALID on an unknown adapter', async () => {
    const { code, stderr } = await runDunbot(['serve', '--port', '0'], '', { DUNBOT_HANDOFF: 'carrier-pigeon', DUNBOT_ASR: 'none', DUNBOT_UNDERSTANDERS: 'rules', DUNBOT_DB: ':memory:' });
    expect(code).toBe(2);
    expect(stderr).toContain('DUN_ERR_CONFIG_INVALID');
    expect(stderr).toContain('carrier-pigeon');
  });

  it('answers failed if the record-only adapter is ever asked', async () => {
    const controller = new AbortController();
    const result = await recordOnlyHandoff().onEscalate({ packet: undefined as never, ringTimeoutMs: 1000, signal: controller.signal, report: () => undefined, movingCaller: () => undefined });
    expect(result.state).toBe('failed');
  });
});

/** A Vonage application key on disk, as VONAGE_PRIVATE_KEY_PATH names it. */
const keyDir = mkdtempSync(join(tmpdir(), 'dunbot-handoff-adapters-'));
const VONAGE_KEY_PATH = join(keyDir, 'private.key');
writeFileSync(VONAGE_KEY_PATH, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
afterAll(() => rmSync(keyDir, { recursive: true, force: true }));

/** Everything each adapter needs, by DUNBOT_HANDOFF name: the credentials it cannot run without first. */
const ADAPTER_ENV: Readonly<Record<string, { readonly required: Readonly<Record<string, string>>; readonly name: string }>> = {
  webhook: { name: 'webhook', required: { DUNBOT_HANDOFF_WEBHOOK_URL: 'https://desk.example.com/hook', DUNBOT_HANDOFF_SECRET: 'a-secret-of-enough-length' } },
  twilio: { name: 'twilio', required: { DUNBOT_PUBLIC_URL: 'https://bot.example.com', TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'twilio-auth-token' } },
  telnyx: { name: 'telnyx', required: { TELNYX_API_KEY: 'KEY0123456789' } },
  plivo: { name: 'plivo', required: { PLIVO_AUTH_ID: 'MA0123456789', PLIVO_AUTH_TOKEN: 'plivo-auth-token', DUNBOT_PUBLIC_URL: 'https://bot.example.com' } },
  vonage: { name: 'vonage', required: { VONAGE_APPLICATION_ID: 'aaaaaaaa-bbbb-cccc-dddd-0123456789ab', VONAGE_PRIVATE_KEY_PATH: VONAGE_KEY_PATH } },
  jambonz: { name: 'jambonz', required: { JAMBONZ_ACCOUNT_SID: 'account-sid', JAMBONZ_API_KEY: 'jambonz-api-key', JAMBONZ_WEBHOOK_SECRET: 'jambonz-webhook-secret', DUNBOT_PUBLIC_URL: 'https://bot.example.com' } },
};

function configError(build: () => unknown): { readonly code?: string; readonly message: string } {
  try {
    build();
  } catch (error) {
    return { code: (error as { code?: string }).code, message: error instanceof Error ? error.message : String(error) };
  }
  throw new Error('expected DUN_ERR_CONFIG_INVALID');
}

describe('the shipped hand-off adapters', () => {
  it('are every DUNBOT_HANDOFF name', () => {
    expect(Object.keys(HANDOFF_ADAPTERS).sort()).toEqual(['jambonz', 'none', 'plivo', 'telnyx', 'twilio', 'vonage', 'webhook']);
  });

  it.each(Object.entries(ADAPTER_ENV))('builds %s from the server configuration', (handoff, { required, name }) => {
    const adapter = createHandoffAdapter(loadServerConfig({ DUNBOT_HANDOFF: handoff, DUNBOT_HANDOFF_CALLER_ID: '+15550001111', ...required }), deps);
    expect(adapter.name).toBe(name);
    expect(isLiveHandoff(adapter)).toBe(true);
  });

  it.each(Object.entries(ADAPTER_ENV).flatMap(([handoff, { required }]) => Object.keys(required).map((missing) => [handoff, missing] as const)))(
    'stops %s at start with DUN_ERR_CONFIG_INVALID naming %s when it is missing',
    (handoff, missing) => {
      const env: Record<string, string> = { DUNBOT_HANDOFF: handoff, ...ADAPTER_ENV[handoff]?.required };
      delete env[missing];
      const error = configError(() => createHandoffAdapter(loadServerConfig(env), deps));
      expect(error.code).toBe('DUN_ERR_CONFIG_INVALID');
      expect(error.message).toContain(missing);
    },
  );

  it('gives the webhook adapter the transfers of the providers configured, and stops on one configured in part', () => {
    const webhook = { DUNBOT_HANDOFF: 'webhook', ...ADAPTER_ENV['webhook']?.required };
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (message: string) => void warnings.push(message), child: () => logger };
    createHandoffAdapter(loadServerConfig({ ...webhook, ...ADAPTER_ENV['telnyx']?.required }), { ...deps, logger });
    expect(warnings.filter((warning) => warning.includes('no call transfer'))).toEqual([]);
    createHandoffAdapter(loadServerConfig(webhook), { ...deps, logger });
    expect(warnings.filter((warning) => warning.includes('no call transfer'))).toHaveLength(1);
    const error = configError(() => createHandoffAdapter(loadServerConfig({ ...webhook, PLIVO_AUTH_ID: 'MA0123456789' }), deps));
    expect(error.code).toBe('DUN_ERR_CONFIG_INVALID');
    expect(error.message).toContain('PLIVO_AUTH_TOKEN');
  });

  it('stops `dunbot serve` at start on a chosen adapter without its credential', async () => {
    const { code, stderr } = await runDunbot(['serve', '--port', '0'], '', { DUNBOT_HANDOFF: 'telnyx', DUNBOT_ASR: 'none', DUNBOT_UNDERSTANDERS: 'rules', DUNBOT_DB: ':memory:' });
    expect(code).toBe(2);
    expect(stderr).toContain('DUN_ERR_CONFIG_INVALID');
    expect(stderr).toContain('TELNYX_API_KEY');
  });

  it('checks the providers\' settings when the configuration is loaded, naming the variable', () => {
    const invalid: Readonly<Record<string, string>> = {
      DUNBOT_HANDOFF_CALLER_ID: '5550001111',
      DUNBOT_TELNYX_API_URL: 'ftp://api.telnyx.example',
      DUNBOT_PLIVO_API_URL: 'https://user:pass@api.plivo.example',
      DUNBOT_JAMBONZ_API_URL: 'not a url',
      DUNBOT_VONAGE_API_URL: 'https://api.vonage.example/?region=eu',
      VONAGE_PRIVATE_KEY_PATH: join(keyDir, 'missing.key'),
    };
    for (const [name, value] of Object.entries(invalid)) {
      const error = configError(() => loadServerConfig({ [name]: value }));
      expect(error.code).toBe('DUN_ERR_CONFIG_INVALID');
      expect(error.message).toContain(name);
    }
    // A key file the server cannot read is refused at start, not at the first hand-off.
    const unreadable = join(keyDir, 'unreadable.key');
    writeFileSync(unreadable, 'key');
    chmodSync(unreadable, 0o000);
    if (process.getuid?.() !== 0) expect(configError(() => loadServerConfig({ VONAGE_PRIVATE_KEY_PATH: unreadable })).message).toContain('VONAGE_PRIVATE_KEY_PATH');
    expect(configError(() => loadServerConfig({ VONAGE_PRIVATE_KEY_PATH: keyDir })).message).toContain('VONAGE_PRIVATE_KEY_PATH');
    expect(loadServerConfig({ DUNBOT_HANDOFF_CALLER_ID: '+15550001111', DUNBOT_JAMBONZ_API_URL: 'https://jambonz.example.com' })).toMatchObject({ handoffCallerId: '+15550001111', jambonzApiUrl: 'https://jambonz.example.com' });
  });
});
