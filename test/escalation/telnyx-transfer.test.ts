import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createTelnyxCallTransfer, createTelnyxHandoff, telnyxHangupOutcome, type TelnyxHandoffSettings } from '../../src/escalation/adapters/telnyx-transfer.js';
import { TransferCallbacks } from '../../src/escalation/adapters/transfer-callbacks.js';
import { isDunbotError } from '../../src/errors.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { CallbackApp, closedPortUrl, FakeProviderApi, jsonAnswer, postCallback, providerPacket, ringTimeout, testHandoff, type ApiAnswer } from './provider-test-kit.js';

const API_KEY = 'KEY0123456789ABCDEF_telnyx';
const CALL_CONTROL_ID = 'v3:Xyz_0aB1-c2D3e4F5g6H7i8J9k0L1m2N3o4P5q6R7s8T9u0V';
const TARGET = '+15551234567';
const HANDOFF_ID = 'hof_01HV7Z3K8Q2M4N6P8R0T2V4X6Z';

function telnyxKeys(): { readonly privateKey: KeyObject; readonly publicKeyBase64: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  return { privateKey, publicKeyBase64: Buffer.from(jwk.x ?? '', 'base64url').toString('base64') };
}

const keys = telnyxKeys();
const nowS = (): number => Math.floor(Date.now() / 1000);

/** Headers of a webhook signed as Telnyx signs them: Ed25519 over `<timestamp>|<body>`. */
function signedHeaders(body: string, options: { readonly key?: KeyObject; readonly timestampS?: number } = {}): Record<string, string> {
  const timestamp = String(options.timestampS ?? nowS());
  const signature = sign(null, Buffer.from(`${timestamp}|${body}`, 'utf8'), options.key ?? keys.privateKey).toString('base64');
  return { 'content-type': 'application/json', 'telnyx-signature-ed25519': signature, 'telnyx-timestamp': timestamp };
}

/** A Call Control webhook as Telnyx sends it. */
function webhook(eventType: string, payload: Record<string, unknown>): string {
  return JSON.stringify({ data: { record_type: 'event', event_type: eventType, id: '0ccc7b54-4df3-4bca-a65a-3da1ecc777f0', occurred_at: '2026-03-11T15:04:09.521992Z', payload }, meta: { attempt: 1, delivered_to: 'x' } });
}

const targetLegState = Buffer.from(`dunbot-handoff:${HANDOFF_ID}`, 'utf8').toString('base64');
const targetLeg = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ call_control_id: 'v3:target-leg', call_leg_id: 'b-leg', client_state: targetLegState, ...extra });

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function setUp(answer: (request: { readonly body: string }) => ApiAnswer, settings: Partial<TelnyxHandoffSettings> = {}) {
  const callbacks = new TransferCallbacks();
  const api = await FakeProviderApi.start(answer);
  const app = await CallbackApp.start(callbacks);
  stops.push(() => api.stop(), () => app.stop());
  // A clock that stands still while the test runs, so the ring seconds sent are exact; it starts at
  // the real time because Telnyx's signatures are checked against it.
  const scheduler = new ManualScheduler(Date.now());
  const adapter = createTelnyxHandoff({ apiKey: API_KEY, apiUrl: api.url, publicKey: keys.publicKeyBase64, publicUrl: app.url, callerId: '+15550001111', ...settings }, { callbacks, scheduler });
  const eventsUrl = `${app.url}/handoff/telnyx/${HANDOFF_ID}/events`;
  return { api, app, adapter, callbacks, eventsUrl, scheduler };
}

const ok = (): ApiAnswer => jsonAnswer(200, { data: { result: 'ok' } });

describe('Telnyx transfer', () => {
  it('sends the transfer command Telnyx documents, and reports bridged when the target leg answers', async () => {
    const { api, adapter, eventsUrl } = await setUp(ok);
    const test = testHandoff(providerPacket('telnyx', CALL_CONTROL_ID), TARGET, 20_000);
    const outcome = adapter.onEscalate(test.handoff);

    const request = await api.received(1);
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`/v2/calls/${CALL_CONTROL_ID}/actions/transfer`);
    expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({
      to: TARGET,
      from: '+15550001111',
      timeout_secs: 20,
      command_id: HANDOFF_ID,
      webhook_url: eventsUrl,
      webhook_url_method: 'POST',
      target_leg_client_state: targetLegState,
    });

    for (const event of ['call.initiated', 'call.bridged']) {
      const body = webhook(event, targetLeg());
      expect((await postCallback(eventsUrl, signedHeaders(body), body)).status).toBe(200);
    }
    const answered = webhook('call.answered', targetLeg());
    expect((await postCallback(eventsUrl, signedHeaders(answered), answered)).status).toBe(200);

    await expect(outcome).resolves.toEqual({ state: 'bridged', target: TARGET });
    expect(test.reports).toEqual([{ state: 'moving' }, { state: 'ringing', detail: 'Telnyx is dialling the target' }]);
    // A later webhook of the finished transfer is still authenticated and answered.
    const hangup = webhook('call.hangup', targetLeg({ hangup_cause: 'normal_clearing' }));
    expect((await postCallback(eventsUrl, signedHeaders(hangup), hangup)).status).toBe(200);
  });

  it.each([
    ['user_busy', '486', { state: 'busy', reason: 'Telnyx hangup_cause user_busy (SIP 486)' }],
    ['timeout', '487', { state: 'no_answer', reason: 'Telnyx hangup_cause timeout (SIP 487)' }],
    ['call_rejected', '603', { state: 'declined', reason: 'Telnyx hangup_cause call_rejected (SIP 603)' }],
    ['unallocated_number', '404', { state: 'failed', reason: 'Telnyx hangup_cause unallocated_number (SIP 404)' }],
  ])('maps the target leg hanging up with %s to its outcome', async (cause, sip, expected) => {
    const { api, adapter, eventsUrl } = await setUp(ok);
    const outcome = adapter.onEscalate(testHandoff(providerPacket('telnyx', CALL_CONTROL_ID), TARGET).handoff);
    await api.received(1);
    const body = webhook('call.hangup', targetLeg({ hangup_cause: cause, sip_hangup_cause: sip }));
    expect((await postCallback(eventsUrl, signedHeaders(body), body)).status).toBe(200);
    await expect(outcome).resolves.toEqual(expected);
  });

  it('reports cancelled when the caller leg hangs up while the target rings', async () => {
    const { api, adapter, eventsUrl } = await setUp(ok);
    const outcome = adapter.onEscalate(testHandoff(providerPacket('telnyx', CALL_CONTROL_ID), TARGET).handoff);
    await api.received(1);
    const body = webhook('call.hangup', { call_control_id: CALL_CONTROL_ID, hangup_cause: 'normal_clearing', client_state: null });
    await postCallback(eventsUrl, signedHeaders(body), body);
    await expect(outcome).resolves.toEqual({ state: 'cancelled', reason: 'the caller hung up before the transfer connected' });
  });

  it('refuses webhooks without a valid Ed25519 signature, and they change nothing', async () => {
    const { api, adapter, eventsUrl, app } = await setUp(ok);
    const test = testHandoff(providerPacket('telnyx', CALL_CONTROL_ID), TARGET);
    const outcome = adapter.onEscalate(test.handoff);
    await api.received(1);
    const answered = webhook('call.answered', targetLeg());
    const forged = telnyxKeys().privateKey;
    const refusals = [
      postCallback(eventsUrl, signedHeaders(answered, { key: forged }), answered),
      postCallback(eventsUrl, signedHeaders(answered.replace('call.answered', 'call.initiated')), answered),
      postCallback(eventsUrl, signedHeaders(answered, { timestampS: nowS() - 301 }), answered),
      postCallback(eventsUrl, { 'content-type': 'application/json' }, answered),
      postCallback(`${app.url}/handoff/telnyx/hof_unknown/events`, signedHeaders(answered), answered),
      postCallback(`${app.url}/handoff/plivo/${HANDOFF_ID}/events`, signedHeaders(answered), answered),
    ];
    for (const refusal of await Promise.all(refusals)) {
      expect(refusal.status).toBe(403);
      expect(JSON.parse(refusal.body)).toEqual({ error: 'DUN_ERR_AUTH_REFUSED', message: 'request not authenticated' });
    }
    // Still waiting: the ring timeout ends it.
    test.controller.abort(ringTimeout());
    await expect(outcome).resolves.toEqual({ state: 'no_answer', reason: 'nobody answered the Telnyx transfer within the ring timeout' });
  });

  it('reports failed with Telnyx’s error when the command is refused', async () => {
    const { adapter } = await setUp(() => jsonAnswer(422, { errors: [{ code: '90018', title: 'Call has already ended', detail: 'This call is no longer active and can\'t receive commands.' }] }));
    const test = testHandoff(providerPacket('telnyx', CALL_CONTROL_ID), TARGET);
    await expect(adapter.onEscalate(test.handoff)).resolves.toEqual({
      state: 'failed',
      reason: 'Telnyx answered HTTP 422: Call has already ended: This call is no longer active and can\'t receive commands. (code 90018)',
    });
    expect(test.reports).toEqual([{ state: 'moving' }]);
  });

  it('reports failed on a server error, an unreachable API and an API that does not answer in time', async () => {
    const { adapter } = await setUp(() => ({ status: 503, body: '<html>upstream down</html>', contentType: 'text/html' }));
    await expect(adapter.onEscalate(testHandoff(providerPacket('telnyx', CALL_CONTROL_ID), TARGET).handoff)).resolves.toEqual({ state: 'failed', reason: 'Telnyx answered HTTP 503' });

    const unreachable = createTelnyxHandoff({ apiKey: API_KEY, apiUrl: await closedPortUrl() }, { callbacks: new TransferCallbacks() });
    await expect(unreachable.onEscalate(testHandoff(providerPacket('telnyx', CALL_CONTROL_ID), TARGET).handoff)).resolves.toEqual({ state: 'failed', reason: 'Telnyx unreachable (ECONNREFUSED)' });

    const silent = await FakeProviderApi.start(() => ({ status: 200, hang: true }));
    stops.push(() => silent.stop());
    const slow = createTelnyxHandoff({ apiKey: API_KEY, apiUrl: silent.url, requestTimeoutMs: 200 }, { callbacks: new TransferCallbacks() });
    await expect(slow.onEscalate(testHandoff(providerPacket('telnyx', CALL_CONTROL_ID), TARGET).handoff)).resolves.toEqual({ state: 'failed', reason: 'Telnyx did not answer within 200 ms' });
  });

  it('ends as cancelled when the caller hangs up during the request', async () => {
    const { api, adapter } = await setUp(() => ({ status: 200, hang: true }));
    const test = testHandoff(providerPacket('telnyx', CALL_CONTROL_ID), TARGET);
    const outcome = adapter.onEscalate(test.handoff);
    await api.received(1);
    test.controller.abort();
    await expect(outcome).resolves.toEqual({ state: 'cancelled', reason: 'the hand-off was cancelled before the Telnyx transfer connected' });
  });

  it('without a public key, reports bridged on Telnyx’s 200 and asks for no webhooks', async () => {
    const { api, scheduler } = await setUp(ok);
    const adapter = createTelnyxHandoff({ apiKey: API_KEY, apiUrl: api.url }, { callbacks: new TransferCallbacks(), scheduler });
    const test = testHandoff(providerPacket('telnyx', CALL_CONTROL_ID), 'sip:desk@pbx.example.com', 45_500);
    await expect(adapter.onEscalate(test.handoff)).resolves.toEqual({ state: 'bridged', target: 'sip:desk@pbx.example.com' });
    expect(JSON.parse((await api.received(1)).body)).toEqual({ to: 'sip:desk@pbx.example.com', timeout_secs: 45, command_id: HANDOFF_ID });
    expect(test.reports.map((report) => report.state)).toEqual(['moving', 'ringing']);
  });

  it('fails without a request when the call has no call_control_id, is another provider’s or is a text call', async () => {
    const { api, adapter } = await setUp(ok);
    const noId = await adapter.onEscalate(testHandoff(providerPacket('telnyx', undefined), TARGET).handoff);
    expect(noId).toEqual({ state: 'failed', reason: 'no telnyx call_control_id for this call (the media stream did not carry one), so there is no call to transfer' });
    const twilio = await adapter.onEscalate(testHandoff(providerPacket('twilio', 'CA0123'), TARGET).handoff);
    expect(twilio.reason).toBe('the call came over twilio, not telnyx, so the telnyx transfer cannot move it');
    const text = await adapter.onEscalate(testHandoff(providerPacket('telnyx', undefined, { telephony: undefined }), TARGET).handoff);
    expect(text.reason).toBe('a text call has no telnyx call to transfer');
    expect(api.requests).toEqual([]);
  });

  it('fails without a request when no target is configured or the target is not dialable', async () => {
    const { api, adapter } = await setUp(ok);
    await expect(adapter.onEscalate(testHandoff(providerPacket('telnyx', CALL_CONTROL_ID), undefined).handoff)).resolves.toEqual({ state: 'failed', reason: 'no hand-off target is configured (DUNBOT_HANDOFF_TARGET)' });
    const bad = await adapter.onEscalate(testHandoff(providerPacket('telnyx', CALL_CONTROL_ID), '555-1234').handoff);
    expect(bad.state).toBe('failed');
    expect(api.requests).toEqual([]);
  });

  it('works as a plain CallTransfer, with the settings’ ring time', async () => {
    const { api, scheduler } = await setUp(ok);
    const transfer = createTelnyxCallTransfer({ apiKey: API_KEY, apiUrl: api.url, ringTimeoutS: 25 }, { callbacks: new TransferCallbacks(), scheduler });
    expect(transfer.provider).toBe('telnyx');
    await expect(transfer.transfer(TARGET, providerPacket('telnyx', CALL_CONTROL_ID), new AbortController().signal)).resolves.toEqual({ state: 'bridged', target: TARGET });
    expect(JSON.parse((await api.received(1)).body)).toMatchObject({ timeout_secs: 25 });
  });

  it('refuses bad settings at start', () => {
    const attempt = (settings: TelnyxHandoffSettings): unknown => {
      try {
        createTelnyxHandoff(settings);
        return undefined;
      } catch (error) {
        return error;
      }
    };
    expect(isDunbotError(attempt({ apiKey: '' }), 'DUN_ERR_CONFIG_INVALID')).toBe(true);
    expect(isDunbotError(attempt({ apiKey: API_KEY, apiUrl: 'ftp://api.telnyx.com' }), 'DUN_ERR_CONFIG_INVALID')).toBe(true);
    expect(isDunbotError(attempt({ apiKey: API_KEY, publicKey: 'not-a-key', publicUrl: 'https://bot.example.com' }), 'DUN_ERR_CONFIG_INVALID')).toBe(true);
    expect(isDunbotError(attempt({ apiKey: API_KEY, callerId: '5550001111' }), 'DUN_ERR_CONFIG_INVALID')).toBe(true);
  });

  it('maps the remaining hang-up causes', () => {
    expect(telnyxHangupOutcome('originator_cancel', undefined)).toEqual({ state: 'cancelled', reason: 'Telnyx hangup_cause originator_cancel' });
    expect(telnyxHangupOutcome(undefined, undefined)).toEqual({ state: 'failed', reason: 'Telnyx hangup_cause unknown' });
  });
});
