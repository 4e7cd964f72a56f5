import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/log/logger.js';
import type { DunbotServer } from '../../src/server/dunbot-server.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import type { CallRecord } from '../../src/store/call-record.js';
import { ScriptedAsr, ToneTts } from '../../src/testing/scripted-speech.js';
import { TwilioPhone } from '../../src/testing/twilio-phone.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { ACCOUNT_SID, AUTH_TOKEN, BASIC_AUTH, CALLS_PATH, FakeTwilioApi, newCallSid, twilioSignature, type ApiRequest } from '../escalation/fake-twilio-api.js';
import { advance, lastCallRecord, noteCodes, quiet, settle, speech, startTestServer } from './harness.js';

/**
 * A whole phone call in Twilio's protocols through the real server: the caller's Media Stream over
 * a WebSocket, dunbot's requests to Twilio's REST API (a local stand-in that checks each one), and
 * Twilio's signed callbacks about the agent's leg posted to dunbot's HTTP routes. The debtor asks
 * for a person; the caller hears the hold line and hold audio while the agent is dialled; then the
 * agent accepts (the caller is moved into the conference) or the transfer fails and the bot takes
 * a callback time.
 */

const SECRET = 'twilio-warm-transfer-call-secret-0123';
const START_MS = Date.parse('2026-03-11T15:00:00Z');
const PUBLIC_URL = 'https://bot.example.com';
const TARGET = '+15550142';
const CALLER_ID = '+15550100';
const RING_TIMEOUT_S = 25;
/** μ-law at 8 kHz: a byte a sample. */
const BYTES_PER_MS = 8;

let api: FakeTwilioApi;
let apiUrl: string;
let server: DunbotServer | undefined;

beforeAll(async () => {
  api = new FakeTwilioApi();
  apiUrl = await api.start();
});

afterAll(async () => {
  await api.close();
});

afterEach(async () => {
  await server?.close();
  server = undefined;
  api.skipUnread();
});

interface LiveCall {
  readonly phone: TwilioPhone;
  readonly scheduler: ManualScheduler;
  readonly dbPath: string;
  readonly base: string;
  /** The dial request for the agent's leg, and what it names. */
  readonly dial: ApiRequest;
  readonly handoffId: string;
  readonly agentSid: string;
}

/** Starts the server with the Twilio warm transfer pointed at the local API, and holds a call until dunbot dials the agent. */
async function callUntilAgentDialled(replies: readonly string[]): Promise<LiveCall> {
  const dir = mkdtempSync(join(tmpdir(), 'dunbot-warm-transfer-'));
  const scheduler = new ManualScheduler(START_MS);
  const config = loadServerConfig({}, undefined, {
    port: 0,
    tokenSecret: SECRET,
    dbPath: join(dir, 'calls.db'),
    noInputMs: 6000,
    shutdownGraceMs: 0,
    understanders: ['rules'],
    handoff: 'twilio',
    handoffTarget: TARGET,
    handoffCallerId: CALLER_ID,
    handoffRingTimeoutS: RING_TIMEOUT_S,
    publicUrl: PUBLIC_URL,
    twilioAccountSid: ACCOUNT_SID,
    twilioAuthToken: AUTH_TOKEN,
    twilioApiUrl: apiUrl,
  });
  server = await startTestServer(config, { asr: () => new ScriptedAsr(replies), tts: new ToneTts() }, silentLogger, scheduler);
  const base = `http://127.0.0.1:${server.port}`;
  // Twilio fetches the call's TwiML with a signed webhook, then opens the stream it names with a signed upgrade.
  const callSid = newCallSid();
  const webhook = { AccountSid: ACCOUNT_SID, CallSid: callSid, From: '+15550177', To: CALLER_ID, Direction: 'inbound', debtor: 'D-1001' };
  const twiml = await (await fetch(`${base}/twiml/stream`, { method: 'POST', body: new URLSearchParams(webhook), headers: { 'x-twilio-signature': twilioSignature(`${PUBLIC_URL}/twiml/stream`, webhook) } })).text();
  const streamUrl = /<Stream url="([^"]+)">/.exec(twiml)?.[1] ?? '';
  const token = /<Parameter name="token" value="([^"]+)"\/>/.exec(twiml)?.[1] ?? '';
  expect(streamUrl).toBe('wss://bot.example.com/media/twilio');
  const phone = new TwilioPhone(`ws://127.0.0.1:${server.port}/media/twilio`, { 'x-twilio-signature': twilioSignature(streamUrl, {}) }, { callSid });
  await phone.start({ token });
  await advance(scheduler, 8000);
  // The debtor confirms who they are, then asks for a person, each after the bot has finished.
  for (let turn = 0; turn < 2 && api.unread.length === 0; turn += 1) {
    await say(phone, scheduler);
    await advance(scheduler, 12_000);
  }
  const dial = await api.next();
  const answer = await api.answers.get(dial);
  const agentSid = (answer?.body as { sid?: string } | undefined)?.sid ?? '';
  const handoffId = /\/handoff\/twilio\/([^/]+)\/agent$/.exec(dial.form['Url']?.[0] ?? '')?.[1] ?? '';
  return { phone, scheduler, dbPath: config.dbPath, base, dial, handoffId, agentSid };
}

/** The caller says something (the scripted recognizer knows what), then pauses. */
async function say(phone: TwilioPhone, scheduler: ManualScheduler): Promise<void> {
  phone.sendAudio(speech(600));
  phone.sendAudio(quiet(500));
  await settle();
  await advance(scheduler, 20);
}

/** How much of the bot's audio the phone has received, in ms. */
function heardMs(phone: TwilioPhone): number {
  return phone.heard.reduce((total, payload) => total + payload.length, 0) / BYTES_PER_MS;
}

/** Twilio calling dunbot: a form POST signed for the public URL, delivered to the local server. */
async function twilioPosts(call: LiveCall, step: 'agent' | 'accept' | 'status', extra: Record<string, string>): Promise<{ status: number; body: string }> {
  const path = `/handoff/twilio/${call.handoffId}/${step}`;
  const params = { AccountSid: ACCOUNT_SID, ApiVersion: '2010-04-01', CallSid: call.agentSid, Called: TARGET, Caller: CALLER_ID, Direction: 'outbound-api', From: CALLER_ID, To: TARGET, ...extra };
  const response = await fetch(`${call.base}${path}`, { method: 'POST', body: new URLSearchParams(params), headers: { 'x-twilio-signature': twilioSignature(`${PUBLIC_URL}${path}`, params) } });
  return { status: response.status, body: await response.text() };
}

const agentStatus = (call: LiveCall, callStatus: string) => twilioPosts(call, 'status', { CallStatus: callStatus, CallbackSource: 'call-progress-events', SequenceNumber: '0' });

/** The hand-off states the record keeps, in order. */
function handoffStates(record: CallRecord | undefined): string[] {
  return (record?.events ?? []).flatMap((event) => (event.type === 'handoff.state' ? [event.state] : []));
}

function promptsSaid(record: CallRecord | undefined): string[] {
  return (record?.events ?? []).flatMap((event) => (event.type === 'bot.said' ? [event.prompt] : []));
}

async function closedRecord(call: LiveCall): Promise<CallRecord | undefined> {
  await server?.close();
  server = undefined;
  return lastCallRecord(call.dbPath);
}

describe('a Twilio phone call handed to a person with the warm transfer, through the real server', () => {
  it('dials the agent as Twilio expects, keeps the caller hearing the hold line and hold audio, and bridges when the agent presses 1', async () => {
    const call = await callUntilAgentDialled(['yes speaking', 'can i talk to a real person']);
    // The request that left dunbot: the agent dialled with the account's credentials and callbacks to dunbot.
    expect(call.dial).toMatchObject({ method: 'POST', path: `${CALLS_PATH}.json`, authorization: BASIC_AUTH, contentType: 'application/x-www-form-urlencoded' });
    expect(call.dial.form).toMatchObject({ To: [TARGET], From: [CALLER_ID], Timeout: [String(RING_TIMEOUT_S)], StatusCallback: [`${PUBLIC_URL}/handoff/twilio/${call.handoffId}/status`] });

    // While the agent's phone rings, the caller hears audio in every 20 ms slot: never silence.
    expect(await agentStatus(call, 'ringing')).toMatchObject({ status: 200 });
    const heardBefore = heardMs(call.phone);
    await advance(call.scheduler, 5000);
    expect(heardMs(call.phone) - heardBefore).toBeGreaterThanOrEqual(5000 - 100);

    // The agent answers and is briefed with the summary before anything else; the caller still waits on dunbot's stream.
    const briefing = await twilioPosts(call, 'agent', { CallStatus: 'in-progress' });
    expect(briefing.status).toBe(200);
    expect(briefing.body).toMatch(/<Say[^>]*>Caller: John Smith, [^<]*can i talk to a real person[^<]*verified[^<]*<\/Say>/);
    expect(briefing.body).toContain(`action="${PUBLIC_URL}/handoff/twilio/${call.handoffId}/accept"`);
    expect(api.unread).toEqual([]);

    // The agent presses 1: the caller's live call is given the conference, then the agent joins it.
    const joined = twilioPosts(call, 'accept', { CallStatus: 'in-progress', Digits: '1', FinishedOnKey: '' });
    const move = await api.next();
    expect(move).toMatchObject({ method: 'POST', path: `${CALLS_PATH}/${call.phone.callSid}.json`, authorization: BASIC_AUTH });
    expect(move.form['Twiml']?.[0]).toContain(`<Conference startConferenceOnEnter="true" endConferenceOnExit="true">handoff-${call.handoffId}</Conference>`);
    expect((await joined).body).toContain(`handoff-${call.handoffId}</Conference>`);

    // dunbot leaves the stream to Twilio, which ends it when the moved call leaves the <Connect>.
    await advance(call.scheduler, 500);
    expect(call.phone.closeCode).toBeUndefined();
    call.phone.hangUp();
    await call.phone.closed;
    await advance(call.scheduler, 200);
    const record = await closedRecord(call);
    expect(record?.disposition).toBe('ESCALATED');
    expect(handoffStates(record)).toEqual(['requested', 'ringing', 'briefing', 'bridged']);
    expect(record?.outcome?.escalation).toMatchObject({ reason: 'request_human', handoff: { state: 'bridged' } });
    expect(record?.events).toContainEqual(expect.objectContaining({ type: 'handoff.state', state: 'requested', adapter: 'twilio', target: TARGET, handoffId: call.handoffId }));
    expect(record?.events).toContainEqual(expect.objectContaining({ type: 'handoff.hold', prompt: 'escalation.handoff' }));
  }, 60_000);

  it.each([
    ['the agent\'s line is busy', 'busy', async (call: LiveCall) => agentStatus(call, 'busy')],
    ['nobody answers the agent\'s phone', 'no_answer', async (call: LiveCall) => agentStatus(call, 'no-answer')],
    ['the agent declines after the briefing', 'declined', async (call: LiveCall) => {
      await twilioPosts(call, 'agent', { CallStatus: 'in-progress' });
      return twilioPosts(call, 'accept', { CallStatus: 'in-progress', Digits: '2', FinishedOnKey: '' });
    }],
  ] as const)('when %s, takes the call back on the same stream, says so, takes a callback time and ends ESCALATION_FAILED', async (_, state, agentLegEnds) => {
    const call = await callUntilAgentDialled(['yes speaking', 'can i talk to a real person', 'tomorrow at 10am']);
    await agentStatus(call, 'ringing');
    await advance(call.scheduler, 3000);
    await agentLegEnds(call);
    // The apology and the question for a callback time, then the debtor's answer.
    await advance(call.scheduler, 12_000);
    await say(call.phone, call.scheduler);
    await advance(call.scheduler, 12_000);
    await call.phone.closed;
    const record = await closedRecord(call);
    expect(handoffStates(record)).toEqual(['requested', 'ringing', ...(state === 'declined' ? ['briefing'] : []), state]);
    expect(promptsSaid(record)).toEqual(expect.arrayContaining(['escalation.handoff', 'escalation.handoff_failed', 'escalation.ask_callback_time']));
    expect(record?.disposition).toBe('ESCALATION_FAILED');
    expect(record?.outcome).toMatchObject({ escalation: { reason: 'request_human', handoff: { state } }, flags: [{ kind: 'callback', detail: '2026-03-12T10:00:00-04:00' }] });
    // Nothing asked Twilio to move the caller: only the dial request (and no hang-up of a leg Twilio ended itself).
    expect(api.unread).toEqual([]);
    expect(noteCodes(record?.events)).not.toContain('DUN_NOTE_CALLER_MOVED');
  }, 60_000);
});
