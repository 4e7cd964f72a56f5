import { generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TransferCallbacks } from '../../src/escalation/adapters/transfer-callbacks.js';
import { createVonageCallTransfer, createVonageHandoff, type VonageHandoffSettings } from '../../src/escalation/adapters/vonage-transfer.js';
import { isDunbotError } from '../../src/errors.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { FakeProviderApi, jsonAnswer, providerPacket, testHandoff, type ApiAnswer, type ApiRequest } from './provider-test-kit.js';

const APPLICATION_ID = 'aaaaaaaa-bbbb-cccc-dddd-0123456789ab';
const CALL_UUID = '63f61863-4a51-4f6b-86e1-46edebcf9356';
const TARGET = '+15551234567';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** The JWT of a request, checked as Vonage checks it: RS256 with the application's public key. */
function verifiedClaims(request: ApiRequest, key: KeyObject = publicKey): Record<string, unknown> {
  const authorization = request.headers.authorization ?? '';
  expect(authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
  const [header = '', claims = '', signature = ''] = authorization.slice('Bearer '.length).split('.');
  expect(JSON.parse(Buffer.from(header, 'base64url').toString('utf8'))).toEqual({ alg: 'RS256', typ: 'JWT' });
  expect(verify('sha256', Buffer.from(`${header}.${claims}`), key, Buffer.from(signature, 'base64url'))).toBe(true);
  return JSON.parse(Buffer.from(claims, 'base64url').toString('utf8')) as Record<string, unknown>;
}

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

async function setUp(answer: () => ApiAnswer, settings: Partial<VonageHandoffSettings> = {}) {
  const api = await FakeProviderApi.start(answer);
  stops.push(() => api.stop());
  // A clock that stands still, so the ring seconds sent are exact; it starts at the real time, as the token's iat shows.
  const adapter = createVonageHandoff({ applicationId: APPLICATION_ID, privateKey: privatePem, apiUrl: api.url, ...settings }, { callbacks: new TransferCallbacks(), scheduler: new ManualScheduler(Date.now()) });
  return { api, adapter };
}

const noContent = (): ApiAnswer => ({ status: 204 });

describe('Vonage transfer', () => {
  it('transfers the call to a connect NCCO with a signed JWT, and reports bridged on 204', async () => {
    const { api, adapter } = await setUp(noContent, { callerId: '+15550001111' });
    const test = testHandoff(providerPacket('vonage', CALL_UUID), TARGET, 20_000);
    const beforeS = Math.floor(Date.now() / 1000);
    await expect(adapter.onEscalate(test.handoff)).resolves.toEqual({ state: 'bridged', target: TARGET });
    expect(test.reports).toEqual([{ state: 'moving' }, { state: 'ringing', detail: 'Vonage is connecting the target' }]);

    const request = await api.received(1);
    expect(request.method).toBe('PUT');
    expect(request.path).toBe(`/v1/calls/${CALL_UUID}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request.body)).toEqual({
      action: 'transfer',
      destination: { type: 'ncco', ncco: [{ action: 'connect', timeout: 20, from: '15550001111', endpoint: [{ type: 'phone', number: '15551234567' }] }] },
    });
    const claims = verifiedClaims(request);
    expect(claims).toEqual({ application_id: APPLICATION_ID, iat: expect.any(Number), exp: expect.any(Number), jti: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(claims.iat).toBeGreaterThanOrEqual(beforeS);
    expect(claims.iat).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(claims.exp).toBe((claims.iat as number) + 300);
  });

  it('connects a SIP target as a sip endpoint, with a new token each time', async () => {
    const { api, adapter } = await setUp(noContent);
    await adapter.onEscalate(testHandoff(providerPacket('vonage', CALL_UUID), 'sip:desk@pbx.example.com').handoff);
    await adapter.onEscalate(testHandoff(providerPacket('vonage', CALL_UUID), 'sip:desk@pbx.example.com').handoff);
    const [first, second] = [await api.received(1), await api.received(2)];
    expect(JSON.parse(first.body)).toEqual({ action: 'transfer', destination: { type: 'ncco', ncco: [{ action: 'connect', timeout: 20, endpoint: [{ type: 'sip', uri: 'sip:desk@pbx.example.com' }] }] } });
    expect(verifiedClaims(first).jti).not.toBe(verifiedClaims(second).jti);
  });

  it('signs with the key read from VONAGE_PRIVATE_KEY_PATH, and a token the wrong key cannot verify', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dunbot-vonage-'));
    stops.push(async () => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'private.key');
    writeFileSync(path, privatePem);
    const api = await FakeProviderApi.start(noContent);
    stops.push(() => api.stop());
    const transfer = createVonageCallTransfer({ applicationId: APPLICATION_ID, privateKeyPath: path, apiUrl: api.url });
    await expect(transfer.transfer(TARGET, providerPacket('vonage', CALL_UUID), new AbortController().signal)).resolves.toEqual({ state: 'bridged', target: TARGET });
    const request = await api.received(1);
    expect(verifiedClaims(request).application_id).toBe(APPLICATION_ID);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    const [header = '', claims = '', signature = ''] = (request.headers.authorization ?? '').slice('Bearer '.length).split('.');
    expect(verify('sha256', Buffer.from(`${header}.${claims}`), other, Buffer.from(signature, 'base64url'))).toBe(false);
  });

  it('reports failed with Vonage’s problem details when the transfer is refused', async () => {
    const { adapter } = await setUp(() => jsonAnswer(404, { type: 'https://developer.nexmo.com/api-errors#not-found', title: 'Not Found', detail: `Call ${CALL_UUID} doesn't exist.`, instance: 'bf0ca0bf927b3b52e3cb03217e1a1ddf' }));
    const test = testHandoff(providerPacket('vonage', CALL_UUID), TARGET);
    await expect(adapter.onEscalate(test.handoff)).resolves.toEqual({ state: 'failed', reason: `Vonage answered HTTP 404: Not Found: Call ${CALL_UUID} doesn't exist.` });
    expect(test.reports).toEqual([{ state: 'moving' }]);
  });

  it('reports failed on a bad request with its invalid parameters, a refused token and a server error', async () => {
    const invalid = await setUp(() => jsonAnswer(400, { type: 'https://developer.nexmo.com/api-errors#validation', title: 'Bad Request', detail: 'The request failed due to validation errors', invalid_parameters: [{ name: 'destination.ncco[0].endpoint[0].number', reason: 'Invalid number' }] }));
    const bad = await invalid.adapter.onEscalate(testHandoff(providerPacket('vonage', CALL_UUID), TARGET).handoff);
    expect(bad).toEqual({ state: 'failed', reason: 'Vonage answered HTTP 400: Bad Request: The request failed due to validation errors [{"name":"destination.ncco[0].endpoint[0].number","reason":"Invalid number"}]' });
    const unauthorized = await setUp(() => jsonAnswer(401, { title: 'Unauthorized', detail: 'Invalid Token' }));
    await expect(unauthorized.adapter.onEscalate(testHandoff(providerPacket('vonage', CALL_UUID), TARGET).handoff)).resolves.toEqual({ state: 'failed', reason: 'Vonage answered HTTP 401: Unauthorized: Invalid Token' });
    const broken = await setUp(() => ({ status: 502 }));
    await expect(broken.adapter.onEscalate(testHandoff(providerPacket('vonage', CALL_UUID), TARGET).handoff)).resolves.toEqual({ state: 'failed', reason: 'Vonage answered HTTP 502' });
  });

  it('fails without a request while the stream carries no call uuid, as Vonage’s does today', async () => {
    const { api, adapter } = await setUp(noContent);
    await expect(adapter.onEscalate(testHandoff(providerPacket('vonage', undefined), TARGET).handoff)).resolves.toEqual({
      state: 'failed',
      reason: 'no vonage call uuid for this call (the media stream did not carry one), so there is no call to transfer',
    });
    expect(api.requests).toEqual([]);
  });

  it('ends as cancelled when the caller hangs up before Vonage answers', async () => {
    const { api, adapter } = await setUp(() => ({ status: 204, hang: true }));
    const test = testHandoff(providerPacket('vonage', CALL_UUID), TARGET);
    const outcome = adapter.onEscalate(test.handoff);
    await api.received(1);
    test.controller.abort();
    await expect(outcome).resolves.toEqual({ state: 'cancelled', reason: 'the hand-off was cancelled before the Vonage transfer connected' });
  });

  it('refuses a missing or non-RSA private key at start', () => {
    const attempt = (settings: VonageHandoffSettings): unknown => {
      try {
        createVonageHandoff(settings);
        return undefined;
      } catch (error) {
        return error;
      }
    };
    const ed25519 = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(isDunbotError(attempt({ applicationId: APPLICATION_ID }), 'DUN_ERR_CONFIG_INVALID')).toBe(true);
    expect(isDunbotError(attempt({ applicationId: APPLICATION_ID, privateKeyPath: join(tmpdir(), 'no-such-dunbot-key.pem') }), 'DUN_ERR_CONFIG_INVALID')).toBe(true);
    expect(isDunbotError(attempt({ applicationId: APPLICATION_ID, privateKey: ed25519 }), 'DUN_ERR_CONFIG_INVALID')).toBe(true);
    expect(isDunbotError(attempt({ applicationId: '', privateKey: privatePem }), 'DUN_ERR_CONFIG_INVALID')).toBe(true);
  });
});
