import { afterEach, describe, expect, it } from 'vitest';
import type { CallTransfer } from '../../src/escalation/call-transfer.js';
import { webhookHandoffFromConfig } from '../../src/escalation/adapters/webhook-handoff-settings.js';
import { isDunbotError } from '../../src/errors.js';
import { createLogger, silentLogger } from '../../src/log/logger.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import { systemScheduler } from '../../src/time/scheduler.js';
import { packet, SECRET, startHandoff, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_CALL_SID } from './handoff-fixtures.js';
import { json, type LocalServer, startTwilioApi, startWebhookReceiver, twilioCallPath } from './local-server.js';

let servers: LocalServer[] = [];

afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

function escalate(handoffPacket = packet()) {
  return startHandoff({ packet: handoffPacket, ringTimeoutMs: 3000 });
}

describe('the webhook hand-off from the server settings', () => {
  it('posts to DUNBOT_HANDOFF_WEBHOOK_URL and moves a Twilio call through DUNBOT_TWILIO_API_URL', async () => {
    const receiver = await startWebhookReceiver(json(200, { accepted: true, target: '+15551234567' }));
    const api = await startTwilioApi(json(200, { sid: TWILIO_CALL_SID }));
    servers.push(receiver, api);
    const config = loadServerConfig({
      DUNBOT_HANDOFF_WEBHOOK_URL: receiver.url('/handoff'),
      DUNBOT_HANDOFF_SECRET: SECRET,
      TWILIO_ACCOUNT_SID: TWILIO_ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: TWILIO_AUTH_TOKEN,
      DUNBOT_TWILIO_API_URL: api.url(''),
    });
    const adapter = webhookHandoffFromConfig(config, { scheduler: systemScheduler, logger: silentLogger });
    const test = escalate();

    expect(adapter.name).toBe('webhook');
    expect(await adapter.onEscalate(test.handoff)).toEqual({ state: 'bridged', target: '+15551234567' });
    expect(receiver.requests[0]?.verdict?.ok).toBe(true);
    expect(api.requests.map((request) => request.path)).toEqual([twilioCallPath(TWILIO_CALL_SID)]);
    test.dispose();
  });

  it('chooses the transfer by the call\'s provider', async () => {
    const receiver = await startWebhookReceiver(json(200, { accepted: true, target: 'sip:desk@pbx.example.com' }));
    servers.push(receiver);
    const moved: string[] = [];
    const fake = (provider: string): CallTransfer => ({ provider, transfer: async (target) => (moved.push(`${provider} → ${target}`), { state: 'bridged', target }) });
    const adapter = webhookHandoffFromConfig({ handoffWebhookUrl: receiver.url(), handoffSecret: SECRET }, { scheduler: systemScheduler, logger: silentLogger, transfers: [fake('plivo'), fake('telnyx')] });
    const test = escalate(packet({ telephony: { provider: 'telnyx', callId: 'v3:call-control-id' } }));

    expect(await adapter.onEscalate(test.handoff)).toEqual({ state: 'bridged', target: 'sip:desk@pbx.example.com' });
    expect(moved).toEqual(['telnyx → sip:desk@pbx.example.com']);
    test.dispose();
  });

  it('stops the server at start without the URL or the secret, naming both', () => {
    let thrown: unknown;
    try {
      webhookHandoffFromConfig({}, { scheduler: systemScheduler, logger: silentLogger });
    } catch (error) {
      thrown = error;
    }
    expect(isDunbotError(thrown, 'DUN_ERR_CONFIG_INVALID')).toBe(true);
    expect((thrown as Error).message).toMatch(/DUNBOT_HANDOFF_WEBHOOK_URL is required.*DUNBOT_HANDOFF_SECRET is required/);
  });

  it('warns at start when no call can be transferred', () => {
    const lines: string[] = [];
    webhookHandoffFromConfig({ handoffWebhookUrl: 'https://desk.example.com/dunbot', handoffSecret: SECRET }, { scheduler: systemScheduler, logger: createLogger({ write: (line) => lines.push(line) }) });
    expect(lines.map((line) => (JSON.parse(line) as { level: string }).level)).toEqual(['warn']);
    expect(lines.join('\n')).not.toContain(SECRET);
  });
});
