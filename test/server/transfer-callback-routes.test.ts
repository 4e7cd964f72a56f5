import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createJambonzHandoff } from '../../src/escalation/adapters/jambonz-transfer.js';
import { createPlivoHandoff } from '../../src/escalation/adapters/plivo-transfer.js';
import { TransferCallbacks } from '../../src/escalation/adapters/transfer-callbacks.js';
import { DirectoryDebtorRepository } from '../../src/domain/debtor-repository.js';
import { createLogger } from '../../src/log/logger.js';
import { createHttpApp } from '../../src/server/http-app.js';
import { PrometheusMetrics } from '../../src/server/prometheus-metrics.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import { systemScheduler } from '../../src/time/scheduler.js';
import { FakeProviderApi, jsonAnswer, postCallback, providerPacket, testHandoff } from '../escalation/provider-test-kit.js';

const PLIVO_TOKEN = 'plivo-auth-token-0123456789';
const JAMBONZ_SECRET = 'wh_secret_cJqgp9dK3xTtj8PFAf6Grp';
const TARGET = '+15551234567';

/** The real HTTP app of the server on a real socket, with the log lines it writes. */
async function startApp(callbacks: TransferCallbacks): Promise<{ readonly url: string; readonly logs: Record<string, unknown>[]; readonly metrics: PrometheusMetrics; readonly server: Server }> {
  const logs: Record<string, unknown>[] = [];
  const config = loadServerConfig({ DUNBOT_HANDOFF: 'none' });
  const metrics = new PrometheusMetrics();
  const app = createHttpApp({
    config,
    metrics,
    debtors: new DirectoryDebtorRepository(config.debtorsDir),
    clock: systemScheduler,
    activeCalls: () => 0,
    logger: createLogger({ write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) }),
    transferCallbacks: callbacks,
  });
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, logs, metrics, server };
}

/** Plivo's V3 signature of a form POST, written out as Plivo's SDKs check it. */
function plivoHeaders(url: string, fields: Readonly<Record<string, string>>, token = PLIVO_TOKEN): Record<string, string> {
  const nonce = '12345678901234567890';
  const params = Object.keys(fields)
    .sort()
    .map((name) => `${name}${fields[name] ?? ''}`)
    .join('');
  const signature = createHmac('sha256', token).update(`${url}?${params}.${nonce}`).digest('base64');
  return { 'content-type': 'application/x-www-form-urlencoded', 'x-plivo-signature-v3': signature, 'x-plivo-signature-v3-nonce': nonce };
}

/** jambonz's signature of a JSON body. */
function jambonzHeaders(body: string, secret = JAMBONZ_SECRET): Record<string, string> {
  const timestamp = Math.floor(Date.now() / 1000);
  return { 'content-type': 'application/json', 'Jambonz-Signature': `t=${timestamp},v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}` };
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function setUp() {
  const callbacks = new TransferCallbacks();
  const app = await startApp(callbacks);
  const api = await FakeProviderApi.start(() => jsonAnswer(202, { message: 'accepted' }));
  stops.push(
    () => api.stop(),
    () =>
      new Promise<void>((resolve) => {
        app.server.closeAllConnections();
        app.server.close(() => resolve());
      }),
  );
  return { callbacks, app, api };
}

describe('the provider transfer callbacks on the server', () => {
  it('reach a Plivo transfer with its form body intact, past the server\'s own form parser', async () => {
    const { callbacks, app, api } = await setUp();
    const adapter = createPlivoHandoff({ authId: 'MAXXXXXXXXXXXXXXXXXX', authToken: PLIVO_TOKEN, apiUrl: api.url, publicUrl: app.url }, { callbacks });
    const handoff = testHandoff(providerPacket('plivo', 'b9ea9b8b-5b4f-4b1e-9e0a-3f1c2d3e4f5a'), TARGET);
    const outcome = adapter.onEscalate(handoff.handoff);
    await api.received(1);
    const hook = (name: string): string => `${app.url}/handoff/plivo/${handoff.handoff.packet.handoffId}/${name}`;

    const fields = { CallUUID: 'b9ea9b8b-5b4f-4b1e-9e0a-3f1c2d3e4f5a', CallStatus: 'in-progress' };
    const dial = await postCallback(hook('dial'), plivoHeaders(hook('dial'), fields), new URLSearchParams(fields).toString());
    expect(dial.status).toBe(200);
    expect(dial.body).toContain('<Number>15551234567</Number>');

    const result = { DialStatus: 'completed', DialAction: 'hangup' };
    expect((await postCallback(hook('result'), plivoHeaders(hook('result'), result), new URLSearchParams(result).toString())).status).toBe(200);
    expect(await outcome).toEqual({ state: 'bridged', target: TARGET });
  });

  it('reach a jambonz transfer with its JSON body intact, past the server\'s own JSON parser', async () => {
    const { callbacks, app, api } = await setUp();
    const adapter = createJambonzHandoff({ accountSid: 'de190aaa-e84b-4bb2-86e3-0123456789ab', apiKey: 'jambonz-api-key', webhookSecret: JAMBONZ_SECRET, apiUrl: api.url, publicUrl: app.url }, { callbacks });
    const handoff = testHandoff(providerPacket('jambonz', 'e35d4edf-efd2-424c-8667-0123456789ab'), TARGET);
    const outcome = adapter.onEscalate(handoff.handoff);
    await api.received(1);
    const hook = (name: string): string => `${app.url}/handoff/jambonz/${handoff.handoff.packet.handoffId}/${name}`;
    // Spaced as a JSON parser would never write it again: only the exact bytes carry the signature.
    const body = '{ "call_sid" : "e35d4edf-efd2-424c-8667-0123456789ab",  "call_status": "in-progress" }';
    const dial = await postCallback(hook('dial'), jambonzHeaders(body), body);
    expect(dial.status).toBe(200);
    expect(JSON.parse(dial.body)).toMatchObject([{ verb: 'dial', target: [{ type: 'phone', number: TARGET }] }]);
    const answered = await postCallback(hook('answered'), jambonzHeaders('{}'), '{}');
    expect(answered.status).toBe(200);
    expect(await outcome).toEqual({ state: 'bridged', target: TARGET });
  });

  it('refuses a bad signature and an unknown hand-off alike with 403, logs both and counts both the same', async () => {
    const { callbacks, app, api } = await setUp();
    const adapter = createJambonzHandoff({ accountSid: 'de190aaa-e84b-4bb2-86e3-0123456789ab', apiKey: 'jambonz-api-key', webhookSecret: JAMBONZ_SECRET, apiUrl: api.url, publicUrl: app.url }, { callbacks });
    const handoff = testHandoff(providerPacket('jambonz', 'e35d4edf-efd2-424c-8667-0123456789ab'), TARGET);
    const outcome = adapter.onEscalate(handoff.handoff);
    await api.received(1);
    const known = `${app.url}/handoff/jambonz/${handoff.handoff.packet.handoffId}/answered`;
    const unknown = `${app.url}/handoff/jambonz/6f1c0b1e-0000-4000-8000-000000000000/answered`;

    const forged = await postCallback(known, jambonzHeaders('{}', 'not-the-webhook-secret'), '{}');
    const unsigned = await postCallback(known, { 'content-type': 'application/json' }, '{}');
    const nobody = await postCallback(unknown, jambonzHeaders('{}'), '{}');
    for (const refused of [forged, unsigned, nobody]) expect(refused).toEqual({ status: 403, contentType: 'application/json; charset=utf-8', body: forged.body });
    expect(JSON.parse(forged.body)).toEqual({ error: 'DUN_ERR_AUTH_REFUSED', message: 'request not authenticated' });

    const refusals = app.logs.filter((line) => line['msg'] === 'hand-off callback refused');
    expect(refusals.map((line) => line['reason'])).toEqual(['bad_signature', 'bad_signature', 'no_such_transfer']);
    expect(refusals.every((line) => line['code'] === 'DUN_ERR_AUTH_REFUSED')).toBe(true);
    // The public metrics cannot tell a known hand-off id from an unknown one.
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/dunbot_refused_requests_total\{route="handoff",reason="bad_signature"\} 3/);

    // Nothing was settled by the refused requests.
    handoff.controller.abort(new DOMException('caller hung up', 'AbortError'));
    expect((await outcome).state).toBe('cancelled');
  });
});
