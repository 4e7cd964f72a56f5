import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTwilioCallTransfer, transferTwiml } from '../../src/escalation/adapters/twilio-call-transfer.js';
import { backoffDelayMs, DEFAULT_BACKOFF, retryAfterMs } from '../../src/escalation/adapters/retry-timing.js';
import { createWebhookHandoff } from '../../src/escalation/adapters/webhook-handoff.js';
import { readWebhookReply } from '../../src/escalation/adapters/webhook-reply.js';
import { signWebhookBody } from '../../src/escalation/adapters/webhook-signature.js';
import { isDunbotError } from '../../src/errors.js';
import { systemScheduler } from '../../src/time/scheduler.js';
import { packet, SECRET, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN } from './handoff-fixtures.js';
import { json, refusedUrl, startTwilioApi } from './local-server.js';
import { verifySignature } from './signature-verifier.js';

const NOW_S = 1_773_241_445;
const BODY = Buffer.from(JSON.stringify(packet()), 'utf8');

describe('the webhook signature', () => {
  it('verifies with a receiver\'s own HMAC over the raw bytes', () => {
    expect(verifySignature(signWebhookBody(SECRET, NOW_S, BODY), BODY, SECRET, NOW_S)).toEqual({ ok: true, timestampS: NOW_S });
    expect(signWebhookBody(SECRET, NOW_S, BODY)).toMatch(/^t=1773241445,v1=[0-9a-f]{64}$/);
  });

  it.each([
    ['a stale timestamp (301 s old)', signWebhookBody(SECRET, NOW_S - 301, BODY), BODY, SECRET, 'stale timestamp'],
    ['a timestamp from the future', signWebhookBody(SECRET, NOW_S + 301, BODY), BODY, SECRET, 'stale timestamp'],
    ['a changed body', signWebhookBody(SECRET, NOW_S, BODY), Buffer.concat([BODY, Buffer.from(' ')]), SECRET, 'no matching v1'],
    ['another secret', signWebhookBody('another-secret-0123456789', NOW_S, BODY), BODY, SECRET, 'no matching v1'],
    ['a timestamp swapped in', signWebhookBody(SECRET, NOW_S, BODY).replace(`t=${NOW_S}`, `t=${NOW_S - 1}`), BODY, SECRET, 'no matching v1'],
  ])('is refused by the receiver for %s', (_name, header, body, secret, why) => {
    expect(verifySignature(header, body, secret, NOW_S)).toEqual({ ok: false, why });
  });

  it('is still good at the edge of the receiver\'s 300 s tolerance', () => {
    expect(verifySignature(signWebhookBody(SECRET, NOW_S - 300, BODY), BODY, SECRET, NOW_S).ok).toBe(true);
  });
});

describe('the verifier in docs/handoff-webhook.md', () => {
  type DocVerifier = (header: string | undefined, rawBody: Buffer, secret: string, nowS?: number, toleranceS?: number) => boolean;
  let folder: string;
  let verify: DocVerifier;

  beforeAll(async () => {
    // The first ```js block of the page, run as written.
    const page = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'handoff-webhook.md'), 'utf8');
    const code = /```js\n([\s\S]*?)```/.exec(page)?.[1];
    if (code === undefined) throw new Error('no js example in docs/handoff-webhook.md');
    folder = mkdtempSync(join(tmpdir(), 'dunbot-doc-verifier-'));
    const file = join(folder, 'verify.mjs');
    writeFileSync(file, code);
    ({ verifyDunbotSignature: verify } = (await import(pathToFileURL(file).href)) as { verifyDunbotSignature: DocVerifier });
  });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('accepts what dunbot signs and refuses a stale, changed or foreign request', () => {
    expect(verify(signWebhookBody(SECRET, NOW_S, BODY), BODY, SECRET, NOW_S)).toBe(true);
    expect(verify(signWebhookBody(SECRET, NOW_S - 301, BODY), BODY, SECRET, NOW_S)).toBe(false);
    expect(verify(signWebhookBody(SECRET, NOW_S, BODY), Buffer.concat([BODY, Buffer.from('x')]), SECRET, NOW_S)).toBe(false);
    expect(verify(signWebhookBody('another-secret-0123456789', NOW_S, BODY), BODY, SECRET, NOW_S)).toBe(false);
    expect(verify(undefined, BODY, SECRET, NOW_S)).toBe(false);
    expect(verify('garbage', BODY, SECRET, NOW_S)).toBe(false);
  });
});

describe('retry timing', () => {
  it('doubles the backoff up to its cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((retry) => backoffDelayMs(retry, DEFAULT_BACKOFF))).toEqual([250, 500, 1000, 2000, 2000, 2000]);
  });

  it('reads Retry-After as seconds or as an HTTP date, and ignores anything else', () => {
    expect(retryAfterMs('3', NOW_S)).toBe(3000);
    expect(retryAfterMs(' 0 ', NOW_S)).toBe(0);
    expect(retryAfterMs(new Date((NOW_S + 7) * 1000).toUTCString(), NOW_S)).toBe(7000);
    expect(retryAfterMs(new Date((NOW_S - 7) * 1000).toUTCString(), NOW_S)).toBe(0);
    expect(retryAfterMs(null, NOW_S)).toBeUndefined();
    expect(retryAfterMs('-1', NOW_S)).toBeUndefined();
    expect(retryAfterMs('soon', NOW_S)).toBeUndefined();
  });
});

describe('the webhook reply', () => {
  const bytes = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));

  it('ignores fields it does not know', () => {
    expect(readWebhookReply(bytes({ accepted: true, target: 'sips:agent@pbx.example.com', agent: { name: 'Ana' } }))).toEqual({ kind: 'accepted', target: 'sips:agent@pbx.example.com' });
  });

  it('declines with a default reason when none is given, and keeps a long one short', () => {
    expect(readWebhookReply(bytes({ accepted: false }))).toEqual({ kind: 'declined', reason: 'declined by the webhook' });
    const reply = readWebhookReply(bytes({ accepted: false, reason: 'r'.repeat(2000) }));
    expect(reply.kind === 'declined' && reply.reason.length).toBe(501);
  });

  it('is malformed when it is not UTF-8', () => {
    expect(readWebhookReply(Buffer.from([0x7b, 0xff, 0x7d]))).toEqual({ kind: 'malformed', reason: 'webhook reply is not JSON' });
  });
});

describe('the Twilio call transfer', () => {
  const transferTo = (apiUrl: string) => createTwilioCallTransfer({ accountSid: TWILIO_ACCOUNT_SID, authToken: TWILIO_AUTH_TOKEN, apiUrl });
  const never = new AbortController().signal;

  it('escapes the target in the TwiML', () => {
    expect(transferTwiml('+15551234567')).toBe('<Response><Dial><Number>+15551234567</Number></Dial></Response>');
    expect(transferTwiml("sip:a@b.com?x='1'&y")).toBe('<Response><Dial><Sip>sip:a@b.com?x=&apos;1&apos;&amp;y</Sip></Dial></Response>');
  });

  it('fails without a Twilio call to move, before any request', async () => {
    const transfer = transferTo('http://127.0.0.1:9');
    expect(await transfer.transfer('+15551234567', packet({ telephony: undefined }), never)).toEqual({ state: 'failed', reason: 'no Twilio CallSid for this call, so there is no call to transfer' });
    expect((await transfer.transfer('+15551234567', packet({ telephony: { provider: 'telnyx', callId: 'v3:abc' } }), never)).state).toBe('failed');
    expect((await transfer.transfer('+15551234567', packet({ telephony: { provider: 'twilio', callId: '../../Accounts' } }), never)).state).toBe('failed');
    expect((await transfer.transfer('5551234567', packet(), never)).reason).toBe('transfer target is neither an E.164 phone number nor a sip:/sips: URI');
  });

  it('fails with the status when Twilio\'s error is not JSON, and when Twilio cannot be reached', async () => {
    const api = await startTwilioApi({ status: 502, body: '<html>Bad Gateway</html>' });
    try {
      expect(await transferTo(api.url('')).transfer('+15551234567', packet(), never)).toEqual({ state: 'failed', reason: 'Twilio answered HTTP 502' });
    } finally {
      await api.close();
    }
    expect(await transferTo(await refusedUrl()).transfer('+15551234567', packet(), never)).toEqual({ state: 'failed', reason: 'Twilio unreachable (ECONNREFUSED)' });
  });

  it('stops when the hand-off ends, as no_answer at the ring timeout and cancelled when the caller left', async () => {
    const api = await startTwilioApi({ ...json(200, {}), delayMs: 5000 });
    try {
      for (const [reason, state] of [[new DOMException('ring timeout', 'TimeoutError'), 'no_answer'], [new DOMException('caller hung up', 'AbortError'), 'cancelled']] as const) {
        const controller = new AbortController();
        const pending = transferTo(api.url('')).transfer('+15551234567', packet(), controller.signal);
        setTimeout(() => controller.abort(reason), 50);
        expect(await pending).toEqual({ state, reason: 'the hand-off ended before Twilio confirmed the transfer' });
      }
    } finally {
      await api.close();
    }
  });

  it('is refused with bad settings', () => {
    expect(() => createTwilioCallTransfer({ accountSid: 'AC123', authToken: TWILIO_AUTH_TOKEN })).toThrow(/account SID/);
    expect(() => createTwilioCallTransfer({ accountSid: TWILIO_ACCOUNT_SID, authToken: '' })).toThrow(/auth token/);
    expect(() => createTwilioCallTransfer({ accountSid: TWILIO_ACCOUNT_SID, authToken: TWILIO_AUTH_TOKEN, apiUrl: 'ftp://api' })).toThrow(/http: or https:/);
  });

  it('uses the path Twilio documents for a call update', async () => {
    const api = await startTwilioApi(json(200, {}));
    try {
      await transferTo(`${api.url('')}/`).transfer('+15551234567', packet(), never);
      expect(api.requests[0]?.path).toBe(`/2010-04-01/Accounts/${TWILIO_ACCOUNT_SID}/Calls/${packet().telephony?.callId}.json`);
    } finally {
      await api.close();
    }
  });
});

describe('the webhook hand-off settings', () => {
  const make = (url: string, secret = SECRET) => () => createWebhookHandoff({ url, secret, scheduler: systemScheduler });

  it('are checked when the adapter is made, as DUN_ERR_CONFIG_INVALID, never echoing the secret', () => {
    for (const build of [make('not a url'), make('ftp://desk.example.com/'), make('https://user:pass@desk.example.com/'), make('https://desk.example.com/', 'short-secret')]) {
      let thrown: unknown;
      try {
        build();
      } catch (error) {
        thrown = error;
      }
      expect(isDunbotError(thrown, 'DUN_ERR_CONFIG_INVALID')).toBe(true);
      expect(String((thrown as Error).message)).not.toContain('short-secret');
    }
    expect(make('https://desk.example.com/dunbot')().name).toBe('webhook');
  });
});
