import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { computePlivoSignatureV3, isValidPlivoSignatureV3, plivoParams, plivoSignedText } from '../../src/escalation/adapters/plivo-signature.js';
import { createPlivoHandoff, plivoDialOutcome, type PlivoHandoffSettings } from '../../src/escalation/adapters/plivo-transfer.js';
import { TransferCallbacks } from '../../src/escalation/adapters/transfer-callbacks.js';
import { isDunbotError } from '../../src/errors.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { CallbackApp, FakeProviderApi, jsonAnswer, postCallback, providerPacket, ringTimeout, testHandoff, type ApiAnswer } from './provider-test-kit.js';

const AUTH_ID = 'MAXXXXXXXXXXXXXXXXXX';
const AUTH_TOKEN = 'plivo-auth-token-0123456789';
const CALL_UUID = 'b9ea9b8b-5b4f-4b1e-9e0a-3f1c2d3e4f5a';
const TARGET = '+15551234567';
const HANDOFF_ID = 'hof_01HV7Z3K8Q2M4N6P8R0T2V4X6Z';

/**
 * Signs a form POST the way Plivo's SDKs check it, written out independently of the code under
 * test: `<url>?` + each field name and value, sorted by name, run together, then `.<nonce>`.
 */
function plivoSign(url: string, fields: Readonly<Record<string, string>>, nonce: string, token = AUTH_TOKEN): string {
  const params = Object.keys(fields)
    .sort()
    .map((name) => `${name}${fields[name] ?? ''}`)
    .join('');
  return createHmac('sha256', token).update(`${url}?${params}.${nonce}`).digest('base64');
}

/** A signed form POST of Plivo to `url`. */
function plivoPost(url: string, fields: Readonly<Record<string, string>>, options: { readonly token?: string; readonly signedUrl?: string; readonly nonce?: string } = {}) {
  const nonce = options.nonce ?? '12345678901234567890';
  const headers = {
    'content-type': 'application/x-www-form-urlencoded',
    'x-plivo-signature-v3': plivoSign(options.signedUrl ?? url, fields, nonce, options.token),
    'x-plivo-signature-v3-nonce': nonce,
  };
  return postCallback(url, headers, new URLSearchParams(fields).toString());
}

const callFields = { CallUUID: CALL_UUID, From: '+14155550111', To: '+18005550100', CallStatus: 'in-progress', Direction: 'inbound', Event: 'Redirect' };

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function setUp(answer: () => ApiAnswer, settings: Partial<PlivoHandoffSettings> = {}) {
  const callbacks = new TransferCallbacks();
  const api = await FakeProviderApi.start(answer);
  const app = await CallbackApp.start(callbacks);
  stops.push(() => api.stop(), () => app.stop());
  // A clock that moves only when told, so the ring seconds in the XML are exact.
  const scheduler = new ManualScheduler(Date.now());
  const adapter = createPlivoHandoff({ authId: AUTH_ID, authToken: AUTH_TOKEN, apiUrl: api.url, publicUrl: app.url, ...settings }, { callbacks, scheduler });
  const hook = (name: string): string => `${app.url}/handoff/plivo/${HANDOFF_ID}/${name}`;
  return { api, app, adapter, hook, scheduler };
}

const transferred = (): ApiAnswer => jsonAnswer(202, { api_id: '97ceeb52-58b6-11e1-86da-77300b68f8bb', message: 'call transferred' });

describe('Plivo transfer', () => {
  it('transfers the caller leg to dunbot’s dial XML, and reports bridged when the target answers', async () => {
    const { api, adapter, hook } = await setUp(transferred, { callerId: '+15550001111' });
    const test = testHandoff(providerPacket('plivo', CALL_UUID), TARGET, 20_000);
    const outcome = adapter.onEscalate(test.handoff);

    const request = await api.received(1);
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`/v1/Account/${AUTH_ID}/Call/${CALL_UUID}/`);
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${AUTH_ID}:${AUTH_TOKEN}`).toString('base64')}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({ legs: 'aleg', aleg_url: hook('dial'), aleg_method: 'POST' });

    // Plivo fetches the new XML for the caller's leg.
    const dial = await plivoPost(hook('dial'), callFields);
    expect(dial.status).toBe(200);
    expect(dial.contentType).toMatch(/^text\/xml/);
    expect(dial.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        `<Dial timeout="20" callerId="15550001111" action="${hook('result')}" method="POST" callbackUrl="${hook('events')}" callbackMethod="POST">` +
        '<Number>15551234567</Number></Dial></Response>',
    );

    const answered = await plivoPost(hook('events'), { ...callFields, Event: 'DialAnswer', DialAction: 'answer', DialBLegStatus: 'answer', DialBLegUUID: 'b-leg-uuid', DialALegUUID: CALL_UUID });
    expect(answered.status).toBe(200);
    await expect(outcome).resolves.toEqual({ state: 'bridged', target: TARGET });
    expect(test.reports).toEqual([{ state: 'moving' }, { state: 'ringing', detail: 'Plivo is moving the call to the dial XML' }]);

    // When the agent's call ends, Plivo calls the Dial's action; it is still answered, with a hang-up.
    const result = await plivoPost(hook('result'), { ...callFields, DialStatus: 'completed', DialALegUUID: CALL_UUID, DialBLegUUID: 'b-leg-uuid' });
    expect(result.status).toBe(200);
    expect(result.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>');
  });

  it('dials a SIP target as a <User>', async () => {
    const { adapter, hook, api } = await setUp(transferred);
    const outcome = adapter.onEscalate(testHandoff(providerPacket('plivo', CALL_UUID), 'sip:desk@pbx.example.com').handoff);
    await api.received(1);
    const dial = await plivoPost(hook('dial'), callFields);
    expect(dial.body).toContain('<User>sip:desk@pbx.example.com</User>');
    expect(dial.body).not.toContain('callerId');
    await plivoPost(hook('result'), { ...callFields, DialStatus: 'completed' });
    await expect(outcome).resolves.toEqual({ state: 'bridged', target: 'sip:desk@pbx.example.com' });
  });

  it('gives Plivo only the ring time left when it fetches the dial, so it stops ringing by dunbot’s deadline', async () => {
    const { adapter, hook, api, scheduler } = await setUp(transferred);
    const test = testHandoff(providerPacket('plivo', CALL_UUID), TARGET, 20_000);
    const outcome = adapter.onEscalate(test.handoff);
    await api.received(1);
    scheduler.increment(3_500);
    expect((await plivoPost(hook('dial'), callFields)).body).toContain('<Dial timeout="16" ');
    test.controller.abort(ringTimeout());
    await expect(outcome).resolves.toMatchObject({ state: 'no_answer' });
  });

  it.each([
    ['busy', { state: 'busy', reason: 'Plivo DialStatus busy (USER_BUSY)' }],
    ['no-answer', { state: 'no_answer', reason: 'Plivo DialStatus no-answer (USER_BUSY)' }],
    ['failed', { state: 'failed', reason: 'Plivo DialStatus failed (USER_BUSY)' }],
  ])('reports the Dial’s %s status', async (status, expected) => {
    const { adapter, hook, api } = await setUp(transferred);
    const outcome = adapter.onEscalate(testHandoff(providerPacket('plivo', CALL_UUID), TARGET).handoff);
    await api.received(1);
    await plivoPost(hook('dial'), callFields);
    const result = await plivoPost(hook('result'), { ...callFields, DialStatus: status, DialHangupCause: 'USER_BUSY' });
    expect(result.body).toContain('<Hangup/>');
    await expect(outcome).resolves.toEqual(expected);
  });

  it('refuses callbacks without a valid X-Plivo-Signature-V3', async () => {
    const { adapter, hook, api, app } = await setUp(transferred);
    const test = testHandoff(providerPacket('plivo', CALL_UUID), TARGET);
    const outcome = adapter.onEscalate(test.handoff);
    await api.received(1);
    const answer = { ...callFields, DialAction: 'answer' };
    const refusals = await Promise.all([
      plivoPost(hook('events'), answer, { token: 'another-accounts-token' }),
      plivoPost(hook('events'), answer, { signedUrl: hook('dial') }),
      plivoPost(hook('events'), answer, { signedUrl: `http://evil.example.com/handoff/plivo/${HANDOFF_ID}/events` }),
      postCallback(hook('events'), { 'content-type': 'application/x-www-form-urlencoded' }, new URLSearchParams(answer).toString()),
      plivoPost(`${app.url}/handoff/plivo/hof_other/events`, answer),
    ]);
    expect(refusals.map((refusal) => refusal.status)).toEqual([403, 403, 403, 403, 403]);
    // A tampered body: signed for one DialAction, sent with another.
    const nonce = '99999999999999999999';
    const tampered = await postCallback(hook('events'), { 'content-type': 'application/x-www-form-urlencoded', 'x-plivo-signature-v3': plivoSign(hook('events'), { ...callFields, DialAction: 'hangup' }, nonce), 'x-plivo-signature-v3-nonce': nonce }, new URLSearchParams(answer).toString());
    expect(tampered.status).toBe(403);
    test.controller.abort(ringTimeout());
    await expect(outcome).resolves.toEqual({ state: 'no_answer', reason: 'nobody answered the Plivo transfer within the ring timeout' });
  });

  it('reports failed with Plivo’s error when the transfer is refused', async () => {
    const { adapter, app } = await setUp(() => jsonAnswer(404, { api_id: 'c7b69074-58be-11e1-86da-adf28403fe48', error: 'call not found' }));
    const test = testHandoff(providerPacket('plivo', CALL_UUID), TARGET);
    await expect(adapter.onEscalate(test.handoff)).resolves.toEqual({ state: 'failed', reason: 'Plivo answered HTTP 404: call not found' });
    expect(test.reports).toEqual([{ state: 'moving' }]);
    // The refused transfer no longer waits; its callbacks are still answered (Plivo never sends them here).
    expect((await plivoPost(`${app.url}/handoff/plivo/${HANDOFF_ID}/dial`, callFields)).status).toBe(200);
  });

  it('reports failed on a server error and on a validation error with fields', async () => {
    const { adapter } = await setUp(() => ({ status: 500, body: 'Internal Server Error', contentType: 'text/plain' }));
    await expect(adapter.onEscalate(testHandoff(providerPacket('plivo', CALL_UUID), TARGET).handoff)).resolves.toEqual({ state: 'failed', reason: 'Plivo answered HTTP 500: Internal Server Error' });
    const invalid = await setUp(() => jsonAnswer(400, { api_id: 'x', error: { aleg_url: ['must be a valid URL'] } }));
    await expect(invalid.adapter.onEscalate(testHandoff(providerPacket('plivo', CALL_UUID), TARGET).handoff)).resolves.toEqual({ state: 'failed', reason: 'Plivo answered HTTP 400: {"aleg_url":["must be a valid URL"]}' });
  });

  it('fails without a request when the stream named no CallUUID', async () => {
    const { adapter, api } = await setUp(transferred);
    const result = await adapter.onEscalate(testHandoff(providerPacket('plivo', undefined), TARGET).handoff);
    expect(result).toEqual({ state: 'failed', reason: 'no plivo CallUUID for this call (the media stream did not carry one), so there is no call to transfer' });
    expect(api.requests).toEqual([]);
  });

  it('refuses to start without a public URL or credentials', () => {
    const attempt = (settings: PlivoHandoffSettings): unknown => {
      try {
        createPlivoHandoff(settings);
        return undefined;
      } catch (error) {
        return error;
      }
    };
    expect(isDunbotError(attempt({ authId: AUTH_ID, authToken: AUTH_TOKEN, publicUrl: '' }), 'DUN_ERR_CONFIG_INVALID')).toBe(true);
    expect(isDunbotError(attempt({ authId: AUTH_ID, authToken: '', publicUrl: 'https://bot.example.com' }), 'DUN_ERR_CONFIG_INVALID')).toBe(true);
  });

  it('maps every DialStatus', () => {
    expect(plivoDialOutcome('timeout', undefined, TARGET)).toEqual({ state: 'no_answer', reason: 'Plivo DialStatus timeout' });
    expect(plivoDialOutcome('cancel', undefined, TARGET)).toEqual({ state: 'cancelled', reason: 'Plivo DialStatus cancel' });
    expect(plivoDialOutcome(undefined, undefined, TARGET)).toEqual({ state: 'failed', reason: 'Plivo DialStatus missing' });
  });
});

describe('Plivo signature V3', () => {
  const url = 'https://bot.example.com/handoff/plivo/h1/dial';

  it('signs a POST as the SDKs do: url, ?, sorted name+value pairs, then the nonce', () => {
    const params = plivoParams('To=%2B18005550100&CallUUID=abc&From=%2B14155550111');
    expect(plivoSignedText('POST', url, 'n1', params)).toBe(`${url}?CallUUIDabcFrom+14155550111To+18005550100.n1`);
    expect(computePlivoSignatureV3('POST', url, 'n1', params, 'tok')).toBe(createHmac('sha256', 'tok').update(`${url}?CallUUIDabcFrom+14155550111To+18005550100.n1`).digest('base64'));
  });

  it('puts a query string first, sorted, then a dot before the body', () => {
    expect(plivoSignedText('POST', `${url}?b=2&a=1`, 'n1', plivoParams('x=9'))).toBe(`${url}?a=1&b=2.x9.n1`);
    expect(plivoSignedText('GET', `${url}?b=2&a=1`, 'n1', {})).toBe(`${url}?a=1&b=2.n1`);
    expect(plivoSignedText('POST', url, 'n1', {})).toBe(`${url}.n1`);
  });

  it('accepts any of several comma-separated signatures, and none without a nonce', () => {
    const params = plivoParams('CallUUID=abc');
    const good = computePlivoSignatureV3('POST', url, 'n1', params, 'tok');
    expect(isValidPlivoSignatureV3(`bogus,${good}`, 'n1', 'POST', url, params, 'tok')).toBe(true);
    expect(isValidPlivoSignatureV3(good, '', 'POST', url, params, 'tok')).toBe(false);
    expect(isValidPlivoSignatureV3(good, 'n2', 'POST', url, params, 'tok')).toBe(false);
  });
});
