import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Locale } from '../../src/domain/locale.js';
import { sharedTwilioHandoffs } from '../../src/escalation/adapters/twilio-handoff-registry.js';
import { createTwilioWarmTransfer, TWILIO_WARM_TRANSFER, twilioWarmTransferSettingsFrom, type TwilioWarmTransferSettings } from '../../src/escalation/adapters/twilio-warm-transfer.js';
import type { HandoffAdapterFactory } from '../../src/escalation/handoff-adapters.js';
import type { HandoffAdapter, HandoffPacket, HandoffResult } from '../../src/escalation/handoff.js';
import { silentLogger } from '../../src/log/logger.js';
import type { DunbotServer } from '../../src/server/dunbot-server.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import { ScriptedAsr, ToneTts } from '../../src/testing/scripted-speech.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { startTestServer } from '../server/harness.js';
import { ACCOUNT_SID, AUTH_TOKEN, BASIC_AUTH, CALLS_PATH, FakeTwilioApi, newCallSid, twilioAnswer, twilioSignature, type ApiRequest } from './fake-twilio-api.js';

const PUBLIC_URL = 'https://bot.example.com';
const CALLER_SID = 'CAfedcba9876543210fedcba9876543210';
const TARGET = '+15550142';
const CALLER_ID = '+15550100';
const SUMMARY = 'Dana Reyes, car loan, $1,240 45 days past due. Verified. Asked for a person & said "call me <after> 5".';
const SUMMARY_IN_TWIML = 'Dana Reyes, car loan, $1,240 45 days past due. Verified. Asked for a person &amp; said &quot;call me &lt;after&gt; 5&quot;.';
const HANGUP = '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>';

let api: FakeTwilioApi;
let apiUrl: string;
let server: DunbotServer;
let base: string;

beforeAll(async () => {
  api = new FakeTwilioApi();
  apiUrl = await api.start();
  const dir = mkdtempSync(join(tmpdir(), 'dunbot-handoff-'));
  const config = loadServerConfig({}, undefined, { port: 0, tokenSecret: 'handoff-test-secret-0123456789', dbPath: join(dir, 'calls.db'), shutdownGraceMs: 0, publicUrl: PUBLIC_URL, twilioAuthToken: AUTH_TOKEN });
  server = await startTestServer(config, { asr: () => new ScriptedAsr([]), tts: new ToneTts() }, silentLogger, new ManualScheduler(Date.parse('2026-03-11T15:00:00Z')));
  base = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server.close();
  await api.close();
});

beforeEach(() => {
  api.answer = twilioAnswer;
  api.skipUnread();
});

function settings(overrides: Partial<TwilioWarmTransferSettings> = {}): TwilioWarmTransferSettings {
  return { publicUrl: PUBLIC_URL, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiUrl, callerId: CALLER_ID, ...overrides };
}

function packet(handoffId: string, locale: Locale = 'en-US', summary = SUMMARY): HandoffPacket {
  return {
    version: 1,
    handoffId,
    callId: 'call-1',
    flow: 'early',
    state: 'askPayment',
    reason: 'request_human',
    evidence: { utterance: 'let me talk to a person', atMs: 41_000 },
    debtor: { id: 'D-1001', name: 'Dana Reyes', phone: '+15550177', locale, creditor: 'Acme Auto Finance', product: 'car loan', currency: 'USD', balance: 1240, daysPastDue: 45 },
    verified: true,
    transcript: [],
    turns: [],
    flags: [],
    emotion: [],
    telephony: { provider: 'twilio', callId: CALLER_SID, streamId: 'MZ0123456789abcdef0123456789abcdef' },
    summary: { locale, text: summary, source: 'template' },
    requestedAt: '2026-03-11T15:00:41.000Z',
  };
}

/** One hand-off under way, as the runtime would start it. */
function escalate(adapter: HandoffAdapter, options: { ringTimeoutMs?: number; signal?: AbortSignal; locale?: Locale; summary?: string } = {}) {
  const handoffId = `h-${randomBytes(6).toString('hex')}`;
  const reports: string[] = [];
  const controller = new AbortController();
  const result: Promise<HandoffResult> = adapter.onEscalate({
    packet: packet(handoffId, options.locale, options.summary),
    target: TARGET,
    ringTimeoutMs: options.ringTimeoutMs ?? 20_000,
    signal: options.signal ?? controller.signal,
    report: (state) => reports.push(state),
    movingCaller: () => reports.push('moving'),
  });
  return { handoffId, reports, controller, result };
}

/** Waits for the dial request, and for the adapter to hold the agent leg's CallSid the fake API gave it. */
async function dialled(handoffId: string): Promise<{ request: ApiRequest; agentSid: string }> {
  const request = await api.next();
  const answer = await api.answers.get(request);
  const agentSid = (answer?.body as { sid?: string } | undefined)?.sid ?? '';
  await vi.waitFor(() => expect(sharedTwilioHandoffs.get(handoffId)?.agentCallSid).toBe(agentSid), { timeout: 2000, interval: 5 });
  return { request, agentSid };
}

/** Twilio calling dunbot: a signed form POST to the public URL, delivered to the local server. */
async function twilioPosts(publicUrl: string, params: Record<string, string>, signature: string | null = twilioSignature(publicUrl, params)): Promise<{ status: number; type: string; body: string }> {
  const url = new URL(publicUrl);
  const response = await fetch(`${base}${url.pathname}${url.search}`, { method: 'POST', body: new URLSearchParams(params), headers: signature === null ? {} : { 'x-twilio-signature': signature } });
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
}

const urlOf = (handoffId: string, step: 'agent' | 'accept' | 'status') => `${PUBLIC_URL}/handoff/twilio/${handoffId}/${step}`;

/** The parameters Twilio posts about the agent leg. */
function legParams(agentSid: string, extra: Record<string, string>): Record<string, string> {
  return { AccountSid: ACCOUNT_SID, ApiVersion: '2010-04-01', CallSid: agentSid, Called: TARGET, Caller: CALLER_ID, Direction: 'outbound-api', From: CALLER_ID, To: TARGET, ...extra };
}

const status = (handoffId: string, agentSid: string, callStatus: string, extra: Record<string, string> = {}) =>
  twilioPosts(urlOf(handoffId, 'status'), legParams(agentSid, { CallStatus: callStatus, CallbackSource: 'call-progress-events', SequenceNumber: '0', Timestamp: 'Wed, 11 Mar 2026 15:00:42 +0000', ...extra }));
const agentAnswers = (handoffId: string, agentSid: string) => twilioPosts(urlOf(handoffId, 'agent'), legParams(agentSid, { CallStatus: 'in-progress' }));
const agentPresses = (handoffId: string, agentSid: string, digits: string) => twilioPosts(urlOf(handoffId, 'accept'), legParams(agentSid, { CallStatus: 'in-progress', Digits: digits, FinishedOnKey: '' }));

async function refusedCount(reason: string): Promise<number> {
  const metrics = await (await fetch(`${base}/metrics`)).text();
  const match = new RegExp(`dunbot_refused_requests_total\\{route="twilio_handoff",reason="${reason}"\\} (\\d+)`).exec(metrics);
  return Number(match?.[1] ?? 0);
}

const conference = (handoffId: string) => `<Response><Dial><Conference startConferenceOnEnter="true" endConferenceOnExit="true">handoff-${handoffId}</Conference></Dial></Response>`;

describe('Twilio warm transfer', () => {
  it('dials the agent, briefs them when they answer, and moves the caller into a conference with them once they press 1', async () => {
    const adapter = createTwilioWarmTransfer(settings(), { logger: silentLogger });
    const { handoffId, reports, result } = escalate(adapter, { ringTimeoutMs: 25_000 });

    const { request: dial, agentSid } = await dialled(handoffId);
    expect(dial).toEqual({
      method: 'POST',
      path: `${CALLS_PATH}.json`,
      authorization: BASIC_AUTH,
      contentType: 'application/x-www-form-urlencoded',
      form: {
        To: [TARGET],
        From: [CALLER_ID],
        Url: [`${PUBLIC_URL}/handoff/twilio/${handoffId}/agent`],
        Method: ['POST'],
        Timeout: ['25'],
        StatusCallback: [`${PUBLIC_URL}/handoff/twilio/${handoffId}/status`],
        StatusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
        StatusCallbackMethod: ['POST'],
      },
    });
    expect(sharedTwilioHandoffs.get(handoffId)?.agentCallSid).toBe(agentSid);

    expect((await status(handoffId, agentSid, 'initiated')).status).toBe(200);
    expect(reports).toEqual([]);
    expect((await status(handoffId, agentSid, 'ringing')).status).toBe(200);
    expect(reports).toEqual(['ringing']);
    await status(handoffId, agentSid, 'in-progress');

    const briefing = await agentAnswers(handoffId, agentSid);
    expect(briefing.status).toBe(200);
    expect(briefing.type).toMatch(/^text\/xml/);
    expect(briefing.body).toBe(
      '<?xml version="1.0" encoding="UTF-8"?><Response>' +
        `<Gather input="dtmf" numDigits="1" action="${PUBLIC_URL}/handoff/twilio/${handoffId}/accept" method="POST" timeout="8" actionOnEmptyResult="true">` +
        `<Say voice="Polly.Joanna" language="en-US">${SUMMARY_IN_TWIML}</Say>` +
        '<Say voice="Polly.Joanna" language="en-US">Press 1 to take the call. Press any other key to decline.</Say>' +
        '</Gather><Hangup/></Response>',
    );
    expect(reports).toEqual(['ringing', 'briefing']);
    // Nothing has touched the caller's call yet: it is still on dunbot's stream.
    expect(api.unread).toEqual([]);

    const accepted = await agentPresses(handoffId, agentSid, '1');
    const moveCaller = await api.next();
    expect(moveCaller).toEqual({ method: 'POST', path: `${CALLS_PATH}/${CALLER_SID}.json`, authorization: BASIC_AUTH, contentType: 'application/x-www-form-urlencoded', form: { Twiml: [conference(handoffId)] } });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toBe(`<?xml version="1.0" encoding="UTF-8"?>${conference(handoffId)}`);
    expect(await result).toEqual({ state: 'bridged', target: TARGET });
    // The caller's stream ends as the call moves to the conference: the runtime was told first.
    expect(reports).toEqual(['ringing', 'briefing', 'moving']);

    // The hand-off is over: Twilio's later callbacks change nothing and get a harmless hang-up.
    expect(sharedTwilioHandoffs.get(handoffId)).toBeUndefined();
    expect((await status(handoffId, agentSid, 'completed')).body).toBe(HANGUP);
    expect((await agentPresses(handoffId, agentSid, '1')).body).toBe(HANGUP);
    expect(api.unread).toEqual([]);
  });

  it('briefs a zh-CN summary in Mandarin', async () => {
    const adapter = createTwilioWarmTransfer(settings(), { logger: silentLogger });
    const { handoffId, controller, result } = escalate(adapter, { locale: 'zh-CN', summary: '张先生要求转人工，已核实身份。' });
    const { agentSid } = await dialled(handoffId);
    const briefing = await agentAnswers(handoffId, agentSid);
    expect(briefing.body).toContain('<Say voice="Polly.Zhiyu" language="cmn-CN">张先生要求转人工，已核实身份。</Say>');
    expect(briefing.body).toContain('<Say voice="Polly.Zhiyu" language="cmn-CN">接听请按1，拒绝请按其他任意键。</Say>');
    controller.abort();
    await result;
    await api.next();
  });

  it.each([
    ['busy', {}, { state: 'busy', reason: "the agent's line was busy" }],
    ['no-answer', {}, { state: 'no_answer', reason: 'the agent did not answer' }],
    ['failed', { ErrorCode: '13224' }, { state: 'failed', reason: 'the agent call failed: Twilio error 13224' }],
    ['canceled', {}, { state: 'cancelled', reason: 'the agent call was canceled' }],
    ['completed', {}, { state: 'declined', reason: 'the agent hung up before accepting' }],
  ])('ends on the status callback %s', async (callStatus, extra, expected) => {
    const adapter = createTwilioWarmTransfer(settings(), { logger: silentLogger });
    const { handoffId, result, reports } = escalate(adapter);
    const { agentSid } = await dialled(handoffId);
    await status(handoffId, agentSid, 'ringing');
    expect((await status(handoffId, agentSid, callStatus, extra)).status).toBe(200);
    expect(await result).toEqual(expected);
    expect(reports).toEqual(['ringing']);
    // Twilio ended the agent leg itself; the caller was never touched.
    expect(api.unread).toEqual([]);
  });

  it.each([
    ['2', 'the agent pressed 2'],
    ['', 'the agent pressed no key within 8 s'],
  ])('hangs up on an agent who presses %j and ends declined, the caller still with the bot', async (digits, reason) => {
    const adapter = createTwilioWarmTransfer(settings(), { logger: silentLogger });
    const { handoffId, result } = escalate(adapter);
    const { agentSid } = await dialled(handoffId);
    await agentAnswers(handoffId, agentSid);
    const answer = await agentPresses(handoffId, agentSid, digits);
    expect(answer.body).toBe(HANGUP);
    expect(await result).toEqual({ state: 'declined', reason });
    expect(api.unread).toEqual([]);
    expect((await status(handoffId, agentSid, 'completed')).body).toBe(HANGUP);
  });

  it('at the ring timeout, cancels the ringing agent leg on Twilio and ends no_answer', async () => {
    const adapter = createTwilioWarmTransfer(settings(), { logger: silentLogger });
    const { handoffId, reports, result } = escalate(adapter, { ringTimeoutMs: 500, signal: AbortSignal.timeout(500) });
    const { request: dial, agentSid } = await dialled(handoffId);
    expect(dial.form['Timeout']).toEqual(['1']);
    await status(handoffId, agentSid, 'ringing');
    const cancel = await api.next();
    expect(cancel).toEqual({ method: 'POST', path: `${CALLS_PATH}/${agentSid}.json`, authorization: BASIC_AUTH, contentType: 'application/x-www-form-urlencoded', form: { Status: ['canceled'] } });
    expect(await result).toEqual({ state: 'no_answer', reason: 'nobody accepted within the ring timeout' });
    expect(reports).toEqual(['ringing']);
    // The agent's answer after the fact finds nothing to take: a hang-up.
    expect((await agentAnswers(handoffId, agentSid)).body).toBe(HANGUP);
    expect((await status(handoffId, agentSid, 'canceled')).body).toBe(HANGUP);
  });

  it('hangs up an agent leg that cancelling did not end: answered before its callback arrived', async () => {
    const adapter = createTwilioWarmTransfer(settings(), { logger: silentLogger });
    const { handoffId, controller, result } = escalate(adapter);
    const { agentSid } = await dialled(handoffId);
    api.answer = (request) => (request.form['Status']?.[0] === 'canceled' ? { status: 200, body: { sid: agentSid, status: 'in-progress' } } : twilioAnswer(request));
    controller.abort();
    expect((await api.next()).form).toEqual({ Status: ['canceled'] });
    expect(await api.next()).toMatchObject({ path: `${CALLS_PATH}/${agentSid}.json`, form: { Status: ['completed'] } });
    expect(await result).toMatchObject({ state: 'cancelled' });
  });

  it('when the caller leaves while the agent is being briefed, hangs up the answered agent leg and ends cancelled', async () => {
    const adapter = createTwilioWarmTransfer(settings(), { logger: silentLogger });
    const { handoffId, controller, result } = escalate(adapter);
    const { agentSid } = await dialled(handoffId);
    await agentAnswers(handoffId, agentSid);
    controller.abort();
    const hangUp = await api.next();
    expect(hangUp).toMatchObject({ method: 'POST', path: `${CALLS_PATH}/${agentSid}.json`, form: { Status: ['completed'] } });
    expect(await result).toEqual({ state: 'cancelled', reason: 'the hand-off was called off' });
    expect((await agentPresses(handoffId, agentSid, '1')).body).toBe(HANGUP);
    expect(api.unread).toEqual([]);
  });

  it('when aborted while the dial request is still out, hangs the new leg up as soon as Twilio names it', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    api.answer = async (request) => {
      await held;
      return twilioAnswer(request);
    };
    const adapter = createTwilioWarmTransfer(settings(), { logger: silentLogger });
    const { controller, result } = escalate(adapter);
    const dial = await api.next();
    expect(dial.path).toBe(`${CALLS_PATH}.json`);
    controller.abort();
    api.answer = twilioAnswer;
    release();
    const cancel = await api.next();
    expect(cancel.form).toEqual({ Status: ['canceled'] });
    expect(cancel.path).toMatch(new RegExp(`^${CALLS_PATH}/CA[0-9a-f]{32}\\.json$`));
    expect(await result).toEqual({ state: 'cancelled', reason: 'the hand-off was called off' });
  });

  it('refuses unsigned and wrongly signed callbacks with the TwiML route\'s 403, counts them, and changes nothing', async () => {
    const adapter = createTwilioWarmTransfer(settings(), { logger: silentLogger });
    const { handoffId, reports, result } = escalate(adapter);
    const { agentSid } = await dialled(handoffId);
    const before = await refusedCount('bad_signature');
    const busy = legParams(agentSid, { CallStatus: 'busy' });
    const pressOne = legParams(agentSid, { CallStatus: 'in-progress', Digits: '1' });
    const answers = [
      await twilioPosts(urlOf(handoffId, 'status'), busy, null),
      await twilioPosts(urlOf(handoffId, 'status'), busy, twilioSignature(urlOf(handoffId, 'status'), busy, 'another-auth-token')),
      // Signed over the address behind the proxy, not the public one Twilio was given.
      await twilioPosts(urlOf(handoffId, 'status'), busy, twilioSignature(`${base}/handoff/twilio/${handoffId}/status`, busy)),
      // A parameter changed after signing.
      await twilioPosts(urlOf(handoffId, 'status'), busy, twilioSignature(urlOf(handoffId, 'status'), { ...busy, CallStatus: 'ringing' })),
      // Signed for another hand-off's URL.
      await twilioPosts(urlOf(handoffId, 'agent'), legParams(agentSid, { CallStatus: 'in-progress' }), twilioSignature(urlOf('h-other', 'agent'), legParams(agentSid, { CallStatus: 'in-progress' }))),
      await twilioPosts(urlOf(handoffId, 'accept'), pressOne, null),
    ];
    const twimlRefusal = await fetch(`${base}/twiml/stream`, { method: 'POST', body: new URLSearchParams({ debtor: 'D-1001', CallSid: 'CA1' }) });
    expect(twimlRefusal.status).toBe(403);
    const refusalBody = await twimlRefusal.text();
    for (const answer of answers) expect(answer).toMatchObject({ status: 403, body: refusalBody });
    expect(await refusedCount('bad_signature')).toBe(before + answers.length);

    // Nothing changed: no report, no request to Twilio, the hand-off still waiting.
    expect(reports).toEqual([]);
    expect(api.unread).toEqual([]);
    expect(sharedTwilioHandoffs.get(handoffId)).toBeDefined();
    await status(handoffId, agentSid, 'busy');
    expect(await result).toMatchObject({ state: 'busy' });
  });

  it('refuses a body Twilio never sends before looking anything up, and bounds its size', async () => {
    const url = `${base}/handoff/twilio/h-any/status`;
    const repeated = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'CallStatus=busy&CallStatus=ringing' });
    expect(repeated.status).toBe(403);
    const oversized = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `CallStatus=${'x'.repeat(64 * 1024)}` });
    expect(oversized.status).toBe(413);
    expect(await oversized.text()).not.toMatch(/at .*\.js:\d+|node_modules|Error:/);
  });

  it('answers a signed callback for an unknown hand-off, or for another call than the agent leg, with a harmless hang-up', async () => {
    for (const step of ['agent', 'accept', 'status'] as const) {
      const answer = await twilioPosts(urlOf('h-unknown', step), legParams(newCallSid(), { CallStatus: 'in-progress', Digits: '1' }));
      expect(answer).toMatchObject({ status: 200, body: HANGUP });
      expect(answer.type).toMatch(/^text\/xml/);
    }
    const tooLong = await twilioPosts(urlOf('h'.repeat(300), 'status'), legParams(newCallSid(), { CallStatus: 'busy' }));
    expect(tooLong).toMatchObject({ status: 200, body: HANGUP });

    const adapter = createTwilioWarmTransfer(settings(), { logger: silentLogger });
    const { handoffId, reports, result } = escalate(adapter);
    const { agentSid } = await dialled(handoffId);
    const before = await refusedCount('wrong_call');
    const otherCall = newCallSid();
    expect((await agentAnswers(handoffId, otherCall)).body).toBe(HANGUP);
    expect((await agentPresses(handoffId, otherCall, '1')).body).toBe(HANGUP);
    expect((await status(handoffId, otherCall, 'busy')).body).toBe(HANGUP);
    expect(await refusedCount('wrong_call')).toBe(before + 3);
    expect(reports).toEqual([]);
    expect(api.unread).toEqual([]);
    await status(handoffId, agentSid, 'no-answer');
    expect(await result).toMatchObject({ state: 'no_answer' });
  });

  it('tells the agent and ends failed when the caller cannot be moved any more', async () => {
    const adapter = createTwilioWarmTransfer(settings(), { logger: silentLogger });
    const { handoffId, result } = escalate(adapter);
    const { agentSid } = await dialled(handoffId);
    await agentAnswers(handoffId, agentSid);
    api.answer = () => ({ status: 400, body: { code: 21220, message: 'Call is not in-progress. Cannot redirect.', status: 400 } });
    const answer = await agentPresses(handoffId, agentSid, '1');
    expect((await api.next()).path).toBe(`${CALLS_PATH}/${CALLER_SID}.json`);
    expect(answer.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="Polly.Joanna" language="en-US">The caller is no longer on the line. Goodbye.</Say><Hangup/></Response>');
    expect(await result).toEqual({ state: 'failed', reason: 'the caller could not be put through: Twilio answered HTTP 400: Call is not in-progress. Cannot redirect. (error 21220)' });
  });

  it('ends failed with Twilio\'s error when the dial request is refused', async () => {
    api.answer = () => ({ status: 400, body: { code: 21217, message: 'Phone number does not appear to be valid', status: 400 } });
    const adapter = createTwilioWarmTransfer(settings(), { logger: silentLogger });
    const { handoffId, result } = escalate(adapter);
    await api.next();
    expect(await result).toEqual({ state: 'failed', reason: 'the agent could not be dialled: Twilio answered HTTP 400: Phone number does not appear to be valid (error 21217)' });
    expect(sharedTwilioHandoffs.get(handoffId)).toBeUndefined();
  });

  it.each([
    ['outbound-api', '+15550111'],
    ['inbound', '+15550177'],
  ])('without a caller id set, calls the agent from the Twilio number of the caller\'s %s call', async (direction, expected) => {
    api.answer = (request) => (request.method === 'GET' ? { status: 200, body: { sid: CALLER_SID, status: 'in-progress', to: '+15550177', from: '+15550111', direction } } : twilioAnswer(request));
    const adapter = createTwilioWarmTransfer(settings({ callerId: undefined }), { logger: silentLogger });
    const { handoffId, controller, result } = escalate(adapter);
    const read = await api.next();
    expect(read).toMatchObject({ method: 'GET', path: `${CALLS_PATH}/${CALLER_SID}.json`, authorization: BASIC_AUTH });
    const { request: dial } = await dialled(handoffId);
    expect(dial.form['From']).toEqual([expected]);
    controller.abort();
    await result;
    await api.next();
  });

  it('fails a hand-off it cannot carry out without asking Twilio: no Twilio call, no valid target', async () => {
    const adapter = createTwilioWarmTransfer(settings(), { logger: silentLogger });
    const common = { packet: packet('h-x'), ringTimeoutMs: 1000, signal: new AbortController().signal, report: () => undefined, movingCaller: () => undefined };
    expect(await adapter.onEscalate({ ...common, packet: { ...packet('h-x'), telephony: { provider: 'telnyx', callId: 'v3:abc' } }, target: TARGET })).toMatchObject({ state: 'failed' });
    expect(await adapter.onEscalate({ ...common, target: 'agent desk' })).toMatchObject({ state: 'failed' });
    expect(await adapter.onEscalate({ ...common })).toMatchObject({ state: 'failed' });
    expect(api.unread).toEqual([]);
  });
});

describe('Twilio warm transfer settings', () => {
  function configError(make: () => unknown): string {
    try {
      make();
    } catch (error) {
      expect(error).toMatchObject({ code: 'DUN_ERR_CONFIG_INVALID' });
      return error instanceof Error ? error.message : String(error);
    }
    throw new Error('expected DUN_ERR_CONFIG_INVALID');
  }

  it('refuses to start without DUNBOT_PUBLIC_URL, the account or the auth token, naming each', () => {
    expect(configError(() => createTwilioWarmTransfer(settings({ publicUrl: undefined }), { logger: silentLogger }))).toContain('DUNBOT_PUBLIC_URL');
    const message = configError(() => createTwilioWarmTransfer({}, { logger: silentLogger }));
    for (const name of ['DUNBOT_PUBLIC_URL', 'TWILIO_ACCOUNT_SID', 'TWILIO_AUTH_TOKEN']) expect(message).toContain(name);
    expect(configError(() => createTwilioWarmTransfer(settings({ accountSid: 'AC123' }), { logger: silentLogger }))).toContain('TWILIO_ACCOUNT_SID');
    expect(configError(() => createTwilioWarmTransfer(settings({ apiUrl: 'ftp://twilio' }), { logger: silentLogger }))).toContain('DUNBOT_TWILIO_API_URL');
    expect(configError(() => createTwilioWarmTransfer(settings({ callerId: '555-0100' }), { logger: silentLogger }))).toContain('DUNBOT_HANDOFF_CALLER_ID');
  });

  it('is built from the server configuration as the adapter registry builds it, and stops the start without DUNBOT_PUBLIC_URL', () => {
    const factory: HandoffAdapterFactory = (config, deps) => createTwilioWarmTransfer(twilioWarmTransferSettingsFrom(config), deps);
    const deps = { scheduler: new ManualScheduler(0), logger: silentLogger };
    const env = { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN };
    expect(factory(loadServerConfig({ ...env, DUNBOT_PUBLIC_URL: PUBLIC_URL }), deps).name).toBe(TWILIO_WARM_TRANSFER);
    const message = configError(() => factory(loadServerConfig(env), deps));
    expect(message).toContain('DUNBOT_PUBLIC_URL');
    expect(message).not.toContain('TWILIO_ACCOUNT_SID');
  });

  it('reads TWILIO_ACCOUNT_SID and DUNBOT_TWILIO_API_URL from the server configuration', () => {
    const config = loadServerConfig({ DUNBOT_PUBLIC_URL: PUBLIC_URL, TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN, DUNBOT_TWILIO_API_URL: 'http://127.0.0.1:4010' });
    expect(twilioWarmTransferSettingsFrom(config)).toMatchObject({ publicUrl: PUBLIC_URL, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiUrl: 'http://127.0.0.1:4010' });
    expect(loadServerConfig({}).twilioApiUrl).toBe('https://api.twilio.com');
    expect(configError(() => loadServerConfig({ TWILIO_ACCOUNT_SID: 'not-a-sid' }))).toContain('TWILIO_ACCOUNT_SID');
  });
});
