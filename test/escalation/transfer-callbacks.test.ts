import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { abortedResult, ringSecondsLeft } from '../../src/escalation/adapters/provider-transfer.js';
import { ManualClock } from '../../src/time/clock.js';
import { mountTransferCallbackRoutes } from '../../src/escalation/adapters/transfer-callback-routes.js';
import { TransferCallbacks, type TransferCallbackHandler } from '../../src/escalation/adapters/transfer-callbacks.js';
import { postCallback } from './provider-test-kit.js';

/** A handler that takes callbacks carrying `x-test-key: good` and settles bridged on the `answered` hook. */
function testHandler(provider = 'telnyx'): TransferCallbackHandler {
  return {
    provider,
    handle: (callback, settle) => {
      if (callback.headers['x-test-key'] !== 'good') return undefined;
      if (callback.hook === 'answered') settle({ state: 'bridged', target: '+15551234567' });
      return { status: 200, contentType: 'text/plain', body: `${callback.hook}:${callback.body.toString('utf8')}${callback.search}` };
    },
  };
}

const callback = (hook: string, key = 'good') => ({ hook, method: 'POST', search: '', headers: { 'x-test-key': key }, body: Buffer.from('b') });

describe('TransferCallbacks', () => {
  it('settles once, with the first outcome', async () => {
    const callbacks = new TransferCallbacks();
    const waiting = callbacks.open('h1', testHandler());
    expect(waiting).toBeDefined();
    expect(callbacks.dispatch('telnyx', 'h1', callback('answered'))).toEqual({ kind: 'answered', reply: { status: 200, contentType: 'text/plain', body: 'answered:b' } });
    waiting?.settle({ state: 'no_answer' });
    await expect(waiting?.outcome).resolves.toEqual({ state: 'bridged', target: '+15551234567' });
    expect(callbacks.waitingCount).toBe(0);
  });

  it('keys transfers by provider, refuses a second wait for the same hand-off, and bounds how many wait', () => {
    const callbacks = new TransferCallbacks(2, 10);
    expect(callbacks.open('h1', testHandler())).toBeDefined();
    expect(callbacks.open('h1', testHandler())).toBeUndefined();
    expect(callbacks.open('h1', testHandler('plivo'))).toBeDefined();
    expect(callbacks.open('h2', testHandler())).toBeUndefined();
    expect(callbacks.dispatch('jambonz', 'h1', callback('dial'))).toEqual({ kind: 'unknown' });
    expect(callbacks.dispatch('telnyx', 'h1', callback('dial', 'bad'))).toEqual({ kind: 'refused' });
  });

  it('answers callbacks of finished transfers until newer ones push them out', () => {
    const callbacks = new TransferCallbacks(10, 2);
    for (const id of ['h1', 'h2', 'h3']) callbacks.open(id, testHandler())?.settle({ state: 'failed' });
    expect(callbacks.dispatch('telnyx', 'h1', callback('result'))).toEqual({ kind: 'unknown' });
    expect(callbacks.dispatch('telnyx', 'h3', callback('result')).kind).toBe('answered');
    // A finished hand-off may be transferred again.
    expect(callbacks.open('h3', testHandler())).toBeDefined();
  });
});

describe('callback routes', () => {
  async function serve(app: express.Express): Promise<{ readonly url: string; readonly stop: () => Promise<void> }> {
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  it('hands the raw body and query string to the transfer, and counts refusals', async () => {
    const callbacks = new TransferCallbacks();
    callbacks.open('hof 1', testHandler());
    const refused: string[] = [];
    const app = express();
    mountTransferCallbackRoutes(app, { callbacks, metrics: { refusedRequest: (route, reason) => refused.push(`${route}:${reason}`) } });
    app.use(express.json());
    const { url, stop } = await serve(app);
    try {
      const answered = await postCallback(`${url}/handoff/telnyx/hof%201/dial?x=1`, { 'x-test-key': 'good', 'content-type': 'application/json' }, '{"a": 1}');
      expect(answered).toEqual({ status: 200, contentType: 'text/plain; charset=utf-8', body: 'dial:{"a": 1}?x=1' });
      expect((await postCallback(`${url}/handoff/telnyx/hof%201/dial`, { 'x-test-key': 'bad' }, '')).status).toBe(403);
      expect((await postCallback(`${url}/handoff/telnyx/nope/dial`, { 'x-test-key': 'good' }, '')).status).toBe(403);
      // Counted alike: the public metrics must not tell which hand-off ids exist.
      expect(refused).toEqual(['handoff:bad_signature', 'handoff:bad_signature']);
      expect((await fetch(`${url}/handoff/telnyx/hof%201/dial`)).status).toBe(404);
    } finally {
      await stop();
    }
  });

  it('fails loudly when an app-wide body parser ran first', async () => {
    const callbacks = new TransferCallbacks();
    callbacks.open('h1', testHandler());
    const app = express();
    app.use(express.json());
    mountTransferCallbackRoutes(app, { callbacks });
    const { url, stop } = await serve(app);
    try {
      const answer = await postCallback(`${url}/handoff/telnyx/h1/dial`, { 'x-test-key': 'good', 'content-type': 'application/json' }, '{"a":1}');
      expect(answer.status).toBe(500);
    } finally {
      await stop();
    }
  });
});

describe('transfer helpers', () => {
  it('counts the whole ring seconds left to the deadline, within what the providers take', () => {
    const clock = new ManualClock(1_000_000);
    const left = ringSecondsLeft(clock, 20_000, 30);
    expect(left()).toBe(20);
    clock.increment(1);
    expect(left()).toBe(19);
    clock.increment(16_000);
    expect(left()).toBe(5);
    clock.increment(10_000);
    expect(left()).toBe(5);
    expect(ringSecondsLeft(clock, 3_600_000, 30)()).toBe(600);
    expect(ringSecondsLeft(clock, undefined, 30)()).toBe(30);
  });

  it('reads the abort: a ring timeout is no_answer, anything else cancelled', () => {
    const aborted = (reason?: unknown): AbortSignal => {
      const controller = new AbortController();
      controller.abort(reason);
      return controller.signal;
    };
    expect(abortedResult(aborted(new DOMException('ring timeout', 'TimeoutError')), 'Plivo').state).toBe('no_answer');
    expect(abortedResult(aborted('no_answer'), 'Plivo').state).toBe('no_answer');
    expect(abortedResult(aborted(), 'Plivo').state).toBe('cancelled');
    expect(abortedResult(aborted('cancelled'), 'Plivo').state).toBe('cancelled');
  });
});
