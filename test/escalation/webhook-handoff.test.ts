import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTwilioCallTransfer } from '../../src/escalation/adapters/twilio-call-transfer.js';
import { createWebhookHandoff, type WebhookHandoffOptions } from '../../src/escalation/adapters/webhook-handoff.js';
import type { HandoffResult } from '../../src/escalation/handoff.js';
import { createLogger } from '../../src/log/logger.js';
import { ManualScheduler, systemScheduler } from '../../src/time/scheduler.js';
import { packet, realNowS, SECRET, startHandoff, TRANSCRIPT_MARKER, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_CALL_SID } from './handoff-fixtures.js';
import { json, LocalServer, refusedUrl, startTwilioApi, startWebhookReceiver, twilioCallPath, type ReceivedRequest } from './local-server.js';

const VERSION = (JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
const FAST_BACKOFF = { initialDelayMs: 50, maxDelayMs: 200 };

let servers: LocalServer[];
let logLines: string[];

beforeEach(() => {
  servers = [];
  logLines = [];
});

afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  // Whatever happened, nothing secret and nothing the debtor said reached the log.
  const log = logLines.join('\n');
  for (const secret of [SECRET, TWILIO_AUTH_TOKEN, TRANSCRIPT_MARKER, 'John Smith', 'let me talk to a real person']) expect(log).not.toContain(secret);
});

async function webhook(...answers: Parameters<typeof startWebhookReceiver>): Promise<LocalServer> {
  const server = await startWebhookReceiver(...answers);
  servers.push(server);
  return server;
}

async function twilioApi(answer: Parameters<typeof startTwilioApi>[0]): Promise<LocalServer> {
  const server = await startTwilioApi(answer);
  servers.push(server);
  return server;
}

function twilioTransfer(api: LocalServer) {
  return createTwilioCallTransfer({ accountSid: TWILIO_ACCOUNT_SID, authToken: TWILIO_AUTH_TOKEN, apiUrl: api.url(''), logger: logger() });
}

function logger() {
  return createLogger({ level: 'debug', write: (line) => logLines.push(line) });
}

function adapter(url: string, options: Partial<WebhookHandoffOptions> = {}) {
  return createWebhookHandoff({ url, secret: SECRET, scheduler: systemScheduler, now: realNowS, logger: logger(), backoff: FAST_BACKOFF, ...options });
}

/** Runs one hand-off and measures how long the adapter took to resolve, in real ms. */
async function run(url: string, handoffOptions: Parameters<typeof startHandoff>[0], options: Partial<WebhookHandoffOptions> = {}) {
  const test = startHandoff(handoffOptions);
  const startedAt = performance.now();
  try {
    const result = await adapter(url, options).onEscalate(test.handoff);
    return { result, elapsedMs: performance.now() - startedAt, reports: test.reports };
  } finally {
    test.dispose();
  }
}

function signatureTimestamp(request: ReceivedRequest): string | undefined {
  return /(?:^|,)t=(\d+)/.exec(String(request.headers['x-dunbot-signature']))?.[1];
}

async function until(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const startedAt = performance.now();
  while (!check()) {
    if (performance.now() - startedAt > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('the webhook hand-off, accepted', () => {
  it('POSTs the signed packet, then puts a Twilio call through to the phone number the reply names', async () => {
    const receiver = await webhook(json(200, { accepted: true, target: '+15551234567' }));
    const api = await twilioApi(json(200, { sid: TWILIO_CALL_SID, status: 'in-progress' }));

    const { result, reports } = await run(receiver.url('/handoff'), { ringTimeoutMs: 3000 }, { transfer: twilioTransfer(api) });

    expect(result).toEqual({ state: 'bridged', target: '+15551234567' });
    expect(reports.map(({ state, detail }) => ({ state, detail }))).toEqual([
      { state: 'briefing', detail: `webhook 127.0.0.1:${receiver.port}` },
      { state: 'ringing', detail: '+15551234567' },
      // Said right before the transfer request: the caller's stream ends with the move.
      { state: 'moving', detail: undefined },
    ]);
    const [request] = receiver.requests;
    expect(receiver.requests).toHaveLength(1);
    expect(request?.verdict).toMatchObject({ ok: true });
    expect(request?.method).toBe('POST');
    expect(request?.path).toBe('/handoff');
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.headers['user-agent']).toBe(`dunbot/${VERSION}`);
    expect(request?.headers['idempotency-key']).toBe(packet().handoffId);
    expect(JSON.parse(request?.raw.toString('utf8') ?? '')).toEqual(packet());

    const [transfer] = api.requests;
    expect(api.requests).toHaveLength(1);
    expect(transfer?.method).toBe('POST');
    expect(transfer?.path).toBe(twilioCallPath(TWILIO_CALL_SID));
    expect(transfer?.headers.authorization).toBe(`Basic ${Buffer.from(`${TWILIO_ACCOUNT_SID}:${TWILIO_AUTH_TOKEN}`).toString('base64')}`);
    expect(transfer?.raw.toString('utf8')).toBe('Twiml=%3CResponse%3E%3CDial%3E%3CNumber%3E%2B15551234567%3C%2FNumber%3E%3C%2FDial%3E%3C%2FResponse%3E');
  });

  it('dials a sip: target with <Sip>, the URI XML-escaped', async () => {
    const target = 'sip:desk@agents.example.com;transport=tls?x-queue=a&b';
    const receiver = await webhook(json(200, { accepted: true, target }));
    const api = await twilioApi(json(200, { sid: TWILIO_CALL_SID }));

    const { result } = await run(receiver.url(), { ringTimeoutMs: 3000 }, { transfer: twilioTransfer(api) });

    expect(result).toEqual({ state: 'bridged', target });
    const form = new URLSearchParams(api.requests[0]?.raw.toString('utf8'));
    expect([...form.keys()]).toEqual(['Twiml']);
    expect(form.get('Twiml')).toBe('<Response><Dial><Sip>sip:desk@agents.example.com;transport=tls?x-queue=a&amp;b</Sip></Dial></Response>');
  });

  it('fails with Twilio\'s code and message when Twilio refuses the update (404: the call is gone)', async () => {
    const receiver = await webhook(json(200, { accepted: true, target: '+15551234567' }));
    const message = `The requested resource ${twilioCallPath(TWILIO_CALL_SID)} was not found`;
    const api = await twilioApi(json(404, { code: 20404, message, more_info: 'https://www.twilio.com/docs/errors/20404', status: 404 }));

    const { result, reports } = await run(receiver.url(), { ringTimeoutMs: 3000 }, { transfer: twilioTransfer(api) });

    expect(result).toEqual({ state: 'failed', reason: `Twilio answered HTTP 404: ${message} (error 20404)` });
    expect(reports.map((report) => report.state)).toEqual(['briefing', 'ringing', 'moving']);
    expect(api.requests).toHaveLength(1);
  });

  it('bridges a text call without a transfer: there is no line to move', async () => {
    const receiver = await webhook(json(200, { accepted: true, target: '+15551234567' }));

    const { result, reports } = await run(receiver.url(), { packet: packet({ telephony: undefined }), ringTimeoutMs: 3000 });

    expect(result).toEqual({ state: 'bridged', target: '+15551234567' });
    expect(reports.map((report) => report.state)).toEqual(['briefing']);
  });

  it('fails a voice call it has no transfer for, rather than claim a bridge the caller never got', async () => {
    const receiver = await webhook(json(200, { accepted: true, target: '+15551234567' }));

    const { result } = await run(receiver.url(), { ringTimeoutMs: 3000 });

    expect(result).toEqual({ state: 'failed', reason: 'webhook accepted, but no call transfer is configured for twilio calls' });
  });

  it('uses the configured target when the reply accepts without naming one', async () => {
    const receiver = await webhook(json(200, { accepted: true }));
    const api = await twilioApi(json(200, { sid: TWILIO_CALL_SID }));

    const { result } = await run(receiver.url(), { ringTimeoutMs: 3000, target: 'sip:queue@pbx.example.com' }, { transfer: twilioTransfer(api) });

    expect(result).toEqual({ state: 'bridged', target: 'sip:queue@pbx.example.com' });
    expect(new URLSearchParams(api.requests[0]?.raw.toString('utf8')).get('Twiml')).toBe('<Response><Dial><Sip>sip:queue@pbx.example.com</Sip></Dial></Response>');
  });
});

describe('the webhook hand-off, declined or unreadable', () => {
  it('is declined with the reply\'s reason, and nothing is dialled', async () => {
    const receiver = await webhook(json(200, { accepted: false, reason: 'no agent free in the hardship team' }));
    const api = await twilioApi(json(200, {}));

    const { result, reports } = await run(receiver.url(), { ringTimeoutMs: 3000 }, { transfer: twilioTransfer(api) });

    expect(result).toEqual({ state: 'declined', reason: 'no agent free in the hardship team' });
    expect(reports.map((report) => report.state)).toEqual(['briefing']);
    expect(api.requests).toHaveLength(0);
  });

  it.each([
    ['not JSON', { status: 200, body: '<html>OK</html>' }, 'webhook reply is not JSON'],
    ['empty', { status: 200, body: '' }, 'webhook reply is empty, expected JSON'],
    ['not an object', json(200, [true]), 'webhook reply is not a JSON object'],
    ['"accepted" not a boolean', json(200, { accepted: 'yes', target: '+15551234567' }), 'webhook reply has no boolean "accepted"'],
    ['"target" not a string', json(200, { accepted: true, target: 15551234567 }), 'webhook reply "target" is not a string'],
    ['"reason" not a string', json(200, { accepted: false, reason: { text: 'busy' } }), 'webhook reply "reason" is not a string'],
    ['a target without the +', json(200, { accepted: true, target: '15551234567' }), 'webhook reply target "15551234567" is neither an E.164 phone number nor a sip:/sips: URI'],
    ['a tel: target', json(200, { accepted: true, target: 'tel:+15551234567' }), 'webhook reply target "tel:+15551234567" is neither an E.164 phone number nor a sip:/sips: URI'],
    ['a target with markup', json(200, { accepted: true, target: 'sip:x@y.com"><Play>' }), 'is neither an E.164 phone number nor a sip:/sips: URI'],
  ])('fails on a reply that is %s, and dials nothing', async (_name, answer, reason) => {
    const receiver = await webhook(answer);
    const api = await twilioApi(json(200, {}));

    const { result } = await run(receiver.url(), { ringTimeoutMs: 3000 }, { transfer: twilioTransfer(api) });

    expect(result.state).toBe('failed');
    expect(result.reason).toContain(reason);
    expect(api.requests).toHaveLength(0);
  });

  it('fails on a reply over 64 KiB', async () => {
    const receiver = await webhook(json(200, { accepted: false, reason: 'x'.repeat(70 * 1024) }));

    const { result } = await run(receiver.url(), { ringTimeoutMs: 3000 });

    expect(result).toEqual({ state: 'failed', reason: 'webhook reply is larger than 64 KiB' });
  });

  it('fails on 400 with the status, without retrying', async () => {
    const receiver = await webhook({ status: 400, body: 'bad packet' });

    const { result } = await run(receiver.url(), { ringTimeoutMs: 3000 });

    expect(result).toEqual({ state: 'failed', reason: 'webhook answered HTTP 400' });
    expect(receiver.requests).toHaveLength(1);
  });

  it('does not follow a redirect with the signed packet', async () => {
    const receiver = await webhook({ status: 307, headers: { location: '/elsewhere' } });

    const { result } = await run(receiver.url('/handoff'), { ringTimeoutMs: 3000 });

    expect(result.state).toBe('failed');
    expect(result.reason).toMatch(/HTTP 307 \(a redirect, not followed\)/);
    expect(receiver.requests.map((request) => request.path)).toEqual(['/handoff']);
  });
});

describe('the webhook hand-off, retried', () => {
  it('retries a 500 with the same Idempotency-Key, the same body and a fresh signature', async () => {
    const receiver = await webhook({ status: 500 }, json(200, { accepted: true, target: '+15551234567' }));
    let tick = 0;
    const api = await twilioApi(json(200, {}));

    const { result } = await run(receiver.url(), { ringTimeoutMs: 3000 }, { transfer: twilioTransfer(api), now: () => realNowS() + tick++ });

    expect(result).toEqual({ state: 'bridged', target: '+15551234567' });
    const [first, second] = receiver.requests;
    expect(receiver.requests).toHaveLength(2);
    expect(receiver.requests.every((request) => request.verdict?.ok === true)).toBe(true);
    expect(second?.headers['idempotency-key']).toBe(first?.headers['idempotency-key']);
    expect(second?.raw.equals(first?.raw ?? Buffer.alloc(0))).toBe(true);
    expect(signatureTimestamp(second!)).not.toBe(signatureTimestamp(first!));
    expect(second?.headers['x-dunbot-signature']).not.toBe(first?.headers['x-dunbot-signature']);
  });

  it('waits on the scheduler between attempts: the retry goes out only when its time comes', async () => {
    const receiver = await webhook({ status: 503 }, json(200, { accepted: false, reason: 'closed' }));
    const scheduler = new ManualScheduler(Date.now());
    const test = startHandoff({ ringTimeoutMs: 3000 });
    const pending = adapter(receiver.url(), { scheduler }).onEscalate(test.handoff);

    // The ring-timeout backstop and the first retry wait.
    await until(() => scheduler.pendingTimers === 2);
    scheduler.increment(FAST_BACKOFF.initialDelayMs - 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(receiver.requests).toHaveLength(1);
    scheduler.increment(1);

    expect(await pending).toEqual({ state: 'declined', reason: 'closed' });
    expect(receiver.requests).toHaveLength(2);
    expect(scheduler.pendingTimers).toBe(0);
    test.dispose();
  });

  it('waits as long as a 429\'s Retry-After says', async () => {
    const receiver = await webhook({ status: 429, headers: { 'retry-after': '1' } }, json(200, { accepted: false, reason: 'later' }));

    const { result } = await run(receiver.url(), { ringTimeoutMs: 3000 });

    expect(result).toEqual({ state: 'declined', reason: 'later' });
    const [first, second] = receiver.requests;
    expect((second?.atMs ?? 0) - (first?.atMs ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('is busy at once when a 429 asks for a wait beyond the ring timeout', async () => {
    const receiver = await webhook({ status: 429, headers: { 'retry-after': '120' } });

    const { result, elapsedMs } = await run(receiver.url(), { ringTimeoutMs: 3000 });

    expect(result).toEqual({ state: 'busy', reason: 'webhook busy (HTTP 429) on 1 attempt; asked to retry after 120 s, beyond the ring timeout' });
    expect(elapsedMs).toBeLessThan(1000);
    expect(receiver.requests).toHaveLength(1);
  });

  it('fails on 5xx that goes on, within the ring timeout', async () => {
    const receiver = await webhook({ status: 503 });

    const { result, elapsedMs } = await run(receiver.url(), { ringTimeoutMs: 600 });

    expect(result.state).toBe('failed');
    expect(result.reason).toMatch(/^webhook answered HTTP 503 on \d+ attempts; no time left to retry within the ring timeout$/);
    expect(receiver.requests.length).toBeGreaterThanOrEqual(3);
    expect(elapsedMs).toBeLessThan(700);
  });

  it('retries a refused connection, then fails by the time budget', async () => {
    const { result, elapsedMs } = await run(await refusedUrl(), { ringTimeoutMs: 500, runnerAbortsAfterMs: 500 });

    expect(result.state).toBe('failed');
    expect(result.reason).toMatch(/^webhook unreachable \(ECONNREFUSED\) on \d+ attempts; no time left to retry within the ring timeout$/);
    expect(logLines.filter((line) => line.includes('hand-off webhook request sent')).length).toBeGreaterThanOrEqual(2);
    expect(elapsedMs).toBeLessThan(600);
  });
});

describe('the webhook hand-off, out of time', () => {
  const RING_MS = 300;

  it('is no_answer promptly when the runner\'s signal aborts a request the webhook sits on, and the request is abandoned', async () => {
    const receiver = await webhook({ ...json(200, { accepted: true, target: '+15551234567' }), delayMs: 5000 });
    // A manual scheduler whose time stands still: only the runner's signal can end this.
    const scheduler = new ManualScheduler(Date.now());

    const { result, elapsedMs } = await run(receiver.url(), { ringTimeoutMs: RING_MS, runnerAbortsAfterMs: RING_MS }, { scheduler });

    expect(result).toEqual({ state: 'no_answer', reason: `no reply from the webhook within the ring timeout (${RING_MS} ms)` });
    expect(elapsedMs).toBeLessThan(RING_MS + 100);
    await until(() => receiver.requests[0]?.clientAborted === true);
    expect(scheduler.pendingTimers).toBe(0);
  });

  it('is no_answer by its own deadline when nothing else ends the wait', async () => {
    const receiver = await webhook({ ...json(200, { accepted: true, target: '+15551234567' }), delayMs: 5000 });

    const { result, elapsedMs } = await run(receiver.url(), { ringTimeoutMs: RING_MS });

    expect(result.state).toBe('no_answer');
    expect(elapsedMs).toBeGreaterThanOrEqual(RING_MS - 5);
    expect(elapsedMs).toBeLessThan(RING_MS + 100);
  });

  it('stops waiting for the transfer when the hand-off ends', async () => {
    const receiver = await webhook(json(200, { accepted: true, target: '+15551234567' }));
    const api = await twilioApi({ ...json(200, {}), delayMs: 5000 });

    const { result, elapsedMs, reports } = await run(receiver.url(), { ringTimeoutMs: RING_MS, runnerAbortsAfterMs: RING_MS }, { transfer: twilioTransfer(api) });

    expect(result).toEqual<HandoffResult>({ state: 'no_answer', reason: `the transfer was not confirmed within the ring timeout (${RING_MS} ms)` });
    expect(reports.map((report) => report.state)).toEqual(['briefing', 'ringing', 'moving']);
    expect(elapsedMs).toBeLessThan(RING_MS + 100);
  });

  it('resolves at once when the caller hangs up during the request', async () => {
    const receiver = await webhook({ ...json(200, { accepted: true, target: '+15551234567' }), delayMs: 5000 });
    const test = startHandoff({ ringTimeoutMs: 3000 });
    const pending = adapter(receiver.url()).onEscalate(test.handoff);
    await until(() => receiver.requests.length === 1);

    const hungUpAt = performance.now();
    test.controller.abort(new DOMException('caller hung up', 'AbortError'));
    const result = await pending;

    expect(performance.now() - hungUpAt).toBeLessThan(100);
    expect(result).toEqual({ state: 'cancelled', reason: 'the hand-off was cancelled before the webhook replied' });
    await until(() => receiver.requests[0]?.clientAborted === true);
    test.dispose();
  });
});
