import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createJambonzHandoff, jambonzDialOutcome, type JambonzHandoffSettings } from '../../src/escalation/adapters/jambonz-transfer.js';
import { isValidJambonzSignature, signJambonzBody } from '../../src/escalation/adapters/jambonz-signature.js';
import { TransferCallbacks } from '../../src/escalation/adapters/transfer-callbacks.js';
import { isDunbotError } from '../../src/errors.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { CallbackApp, FakeProviderApi, jsonAnswer, postCallback, providerPacket, ringTimeout, testHandoff, type ApiAnswer } from './provider-test-kit.js';

const ACCOUNT_SID = 'de190aaa-e84b-4bb2-86e3-0123456789ab';
const API_KEY = 'jambonz-api-key-0123456789';
const WEBHOOK_SECRET = 'wh_secret_cJqgp9dK3xTtj8PFAf6Grp';
const CALL_SID = 'e35d4edf-efd2-424c-8667-0123456789ab';
const TARGET = '+15551234567';
const HANDOFF_ID = 'hof_01HV7Z3K8Q2M4N6P8R0T2V4X6Z';

const nowS = (): number => Math.floor(Date.now() / 1000);

/**
 * Signs a webhook as jambonz's feature server does, written out independently of the code under
 * test: `Jambonz-Signature: t=<s>,v1=<hex HMAC-SHA256 of "<s>.<JSON body>">`.
 */
function jambonzPost(url: string, payload: unknown, options: { readonly secret?: string; readonly timestampS?: number; readonly body?: string } = {}) {
  const body = JSON.stringify(payload);
  const timestamp = options.timestampS ?? nowS();
  const signature = createHmac('sha256', options.secret ?? WEBHOOK_SECRET).update(`${timestamp}.${body}`).digest('hex');
  return postCallback(url, { 'content-type': 'application/json', 'Jambonz-Signature': `t=${timestamp},v1=${signature}` }, options.body ?? body);
}

const callInfo = { call_sid: CALL_SID, direction: 'inbound', from: '+14155550111', to: '+18005550100', call_id: 'b770aa5a-2776-123d', sip_status: 200, call_status: 'in-progress', account_sid: ACCOUNT_SID };
const childInfo = { call_sid: 'f0e1d2c3-0000-4000-8000-0123456789ab', parent_call_sid: CALL_SID, direction: 'outbound', to: TARGET, call_status: 'in-progress', sip_status: 200 };

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function setUp(answer: () => ApiAnswer, settings: Partial<JambonzHandoffSettings> = {}) {
  const callbacks = new TransferCallbacks();
  const api = await FakeProviderApi.start(answer);
  const app = await CallbackApp.start(callbacks);
  stops.push(() => api.stop(), () => app.stop());
  // A clock that moves only when told, so the ring seconds in the verbs are exact; it starts at
  // the real time because jambonz's signatures are checked against it.
  const scheduler = new ManualScheduler(Date.now());
  const adapter = createJambonzHandoff({ accountSid: ACCOUNT_SID, apiKey: API_KEY, webhookSecret: WEBHOOK_SECRET, apiUrl: api.url, publicUrl: app.url, ...settings }, { callbacks, scheduler });
  const hook = (name: string): string => `${app.url}/handoff/jambonz/${HANDOFF_ID}/${name}`;
  return { api, app, adapter, hook, scheduler };
}

const accepted = (): ApiAnswer => ({ status: 202, body: 'Accepted', contentType: 'text/plain' });

describe('jambonz transfer', () => {
  it('redirects the call to dunbot’s dial verb, and reports bridged when the target answers', async () => {
    const { api, adapter, hook } = await setUp(accepted, { callerId: '+15550001111' });
    const test = testHandoff(providerPacket('jambonz', CALL_SID), TARGET, 20_000);
    const outcome = adapter.onEscalate(test.handoff);

    const request = await api.received(1);
    expect(request.method).toBe('PUT');
    expect(request.path).toBe(`/v1/Accounts/${ACCOUNT_SID}/Calls/${CALL_SID}`);
    expect(request.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({ call_hook: { url: hook('dial'), method: 'POST' } });

    // jambonz fetches the new application with the call's attributes.
    const dial = await jambonzPost(hook('dial'), callInfo);
    expect(dial.status).toBe(200);
    expect(dial.contentType).toMatch(/^application\/json/);
    expect(JSON.parse(dial.body)).toEqual([
      { verb: 'dial', target: [{ type: 'phone', number: TARGET }], timeout: 20, callerId: '+15550001111', confirmHook: hook('answered'), actionHook: hook('result') },
    ]);

    // The target answers: jambonz asks the confirm hook what to run on its leg before the bridge.
    const answered = await jambonzPost(hook('answered'), childInfo);
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.body)).toEqual([]);
    await expect(outcome).resolves.toEqual({ state: 'bridged', target: TARGET });
    expect(test.reports).toEqual([{ state: 'moving' }, { state: 'ringing', detail: 'jambonz is moving the call to the dial verb' }]);

    // The action hook comes when the agent's call ends; it is still answered.
    const result = await jambonzPost(hook('result'), { ...callInfo, dial_call_status: 'completed', dial_sip_status: 200, dial_call_sid: childInfo.call_sid });
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body)).toEqual([]);
  });

  it('dials a SIP target by its sipUri', async () => {
    const { api, adapter, hook } = await setUp(accepted);
    const outcome = adapter.onEscalate(testHandoff(providerPacket('jambonz', CALL_SID), 'sip:desk@pbx.example.com').handoff);
    await api.received(1);
    const dial = await jambonzPost(hook('dial'), callInfo);
    expect(JSON.parse(dial.body)).toEqual([{ verb: 'dial', target: [{ type: 'sip', sipUri: 'sip:desk@pbx.example.com' }], timeout: 20, confirmHook: hook('answered'), actionHook: hook('result') }]);
    await jambonzPost(hook('answered'), childInfo);
    await expect(outcome).resolves.toEqual({ state: 'bridged', target: 'sip:desk@pbx.example.com' });
  });

  it.each([
    ['busy', 486, { state: 'busy', reason: 'jambonz dial_call_status busy (SIP 486)' }],
    ['no-answer', 487, { state: 'no_answer', reason: 'jambonz dial_call_status no-answer (SIP 487)' }],
    ['failed', 503, { state: 'failed', reason: 'jambonz dial_call_status failed (SIP 503)' }],
  ])('reports a dial that ended %s', async (status, sip, expected) => {
    const { api, adapter, hook } = await setUp(accepted);
    const outcome = adapter.onEscalate(testHandoff(providerPacket('jambonz', CALL_SID), TARGET).handoff);
    await api.received(1);
    await jambonzPost(hook('dial'), callInfo);
    const result = await jambonzPost(hook('result'), { ...callInfo, dial_call_status: status, dial_sip_status: sip });
    expect(JSON.parse(result.body)).toEqual([]);
    await expect(outcome).resolves.toEqual(expected);
  });

  it('refuses callbacks without a valid Jambonz-Signature', async () => {
    const { api, app, adapter, hook } = await setUp(accepted);
    const test = testHandoff(providerPacket('jambonz', CALL_SID), TARGET);
    const outcome = adapter.onEscalate(test.handoff);
    await api.received(1);
    const refusals = await Promise.all([
      jambonzPost(hook('answered'), childInfo, { secret: 'wh_secret_of_another_account' }),
      jambonzPost(hook('answered'), childInfo, { timestampS: nowS() - 301 }),
      jambonzPost(hook('answered'), childInfo, { body: JSON.stringify({ ...childInfo, call_status: 'completed' }) }),
      postCallback(hook('answered'), { 'content-type': 'application/json' }, JSON.stringify(childInfo)),
      jambonzPost(`${app.url}/handoff/jambonz/hof_other/answered`, childInfo),
    ]);
    expect(refusals.map((refusal) => refusal.status)).toEqual([403, 403, 403, 403, 403]);
    test.controller.abort();
    await expect(outcome).resolves.toEqual({ state: 'cancelled', reason: 'the hand-off was cancelled before the jambonz transfer connected' });
  });

  it('reports failed with jambonz’s message when the update is refused', async () => {
    const { adapter } = await setUp(() => jsonAnswer(400, { msg: 'multiple options are not allowed in updateCall' }));
    const test = testHandoff(providerPacket('jambonz', CALL_SID), TARGET);
    await expect(adapter.onEscalate(test.handoff)).resolves.toEqual({ state: 'failed', reason: 'jambonz answered HTTP 400: multiple options are not allowed in updateCall' });
    expect(test.reports).toEqual([{ state: 'moving' }]);
  });

  it('reports failed when the call is gone or the server fails', async () => {
    const gone = await setUp(() => ({ status: 404, body: 'Not Found', contentType: 'text/plain' }));
    await expect(gone.adapter.onEscalate(testHandoff(providerPacket('jambonz', CALL_SID), TARGET).handoff)).resolves.toEqual({ state: 'failed', reason: 'jambonz answered HTTP 404: Not Found' });
    const broken = await setUp(() => ({ status: 500 }));
    await expect(broken.adapter.onEscalate(testHandoff(providerPacket('jambonz', CALL_SID), TARGET).handoff)).resolves.toEqual({ state: 'failed', reason: 'jambonz answered HTTP 500' });
  });

  it('ends as no_answer at the ring timeout while the target rings', async () => {
    const { api, adapter, hook } = await setUp(accepted);
    const test = testHandoff(providerPacket('jambonz', CALL_SID), TARGET);
    const outcome = adapter.onEscalate(test.handoff);
    await api.received(1);
    await jambonzPost(hook('dial'), callInfo);
    test.controller.abort(ringTimeout());
    await expect(outcome).resolves.toEqual({ state: 'no_answer', reason: 'nobody answered the jambonz transfer within the ring timeout' });
    // A late answer changes nothing and is still answered.
    expect((await jambonzPost(hook('answered'), childInfo)).status).toBe(200);
  });

  it('fails without a request when the stream named no callSid', async () => {
    const { api, adapter } = await setUp(accepted);
    await expect(adapter.onEscalate(testHandoff(providerPacket('jambonz', undefined), TARGET).handoff)).resolves.toEqual({ state: 'failed', reason: 'no jambonz callSid for this call (the media stream did not carry one), so there is no call to transfer' });
    expect(api.requests).toEqual([]);
  });

  it('refuses to start without the webhook secret or a public URL', () => {
    const attempt = (settings: JambonzHandoffSettings): unknown => {
      try {
        createJambonzHandoff(settings);
        return undefined;
      } catch (error) {
        return error;
      }
    };
    const base = { accountSid: ACCOUNT_SID, apiKey: API_KEY, webhookSecret: WEBHOOK_SECRET, publicUrl: 'https://bot.example.com' };
    expect(attempt(base)).toBeUndefined();
    expect(isDunbotError(attempt({ ...base, webhookSecret: '' }), 'DUN_ERR_CONFIG_INVALID')).toBe(true);
    expect(isDunbotError(attempt({ ...base, publicUrl: '' }), 'DUN_ERR_CONFIG_INVALID')).toBe(true);
    expect(isDunbotError(attempt({ ...base, publicUrl: 'https://bot.example.com/?x=1' }), 'DUN_ERR_CONFIG_INVALID')).toBe(true);
  });

  it('maps a dial that reports no status as failed', () => {
    expect(jambonzDialOutcome(undefined, undefined, TARGET)).toEqual({ state: 'failed', reason: 'jambonz dial_call_status missing' });
  });
});

describe('Jambonz-Signature', () => {
  it('round-trips, and refuses another body, secret or an old timestamp', () => {
    const body = Buffer.from('{"call_sid":"x"}');
    const header = signJambonzBody('s3cret', 1_700_000_000, body);
    expect(header).toBe(`t=1700000000,v1=${createHmac('sha256', 's3cret').update('1700000000.{"call_sid":"x"}').digest('hex')}`);
    expect(isValidJambonzSignature(header, body, 's3cret', 1_700_000_100)).toBe(true);
    expect(isValidJambonzSignature(header, Buffer.from('{"call_sid":"y"}'), 's3cret', 1_700_000_100)).toBe(false);
    expect(isValidJambonzSignature(header, body, 'other', 1_700_000_100)).toBe(false);
    expect(isValidJambonzSignature(header, body, 's3cret', 1_700_000_301)).toBe(false);
    expect(isValidJambonzSignature('v1=abc', body, 's3cret', 1_700_000_000)).toBe(false);
  });
});
