import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import type { Handoff, HandoffPacket } from '../../src/escalation/handoff.js';
import { mountTransferCallbackRoutes } from '../../src/escalation/adapters/transfer-callback-routes.js';
import type { TransferCallbacks } from '../../src/escalation/adapters/transfer-callbacks.js';

/** A hand-off packet of a voice call over `provider` whose stream named `callId` (none: the stream carried no id). */
export function providerPacket(provider: string, callId: string | undefined, overrides: Partial<HandoffPacket> = {}): HandoffPacket {
  const nlu = { intent: 'request_human' as const, confidence: 0.95, entities: {} };
  return {
    version: 1,
    handoffId: 'hof_01HV7Z3K8Q2M4N6P8R0T2V4X6Z',
    callId: 'call_5e1f0a',
    flow: 'early',
    state: 'askPayment',
    reason: 'request_human',
    evidence: { utterance: 'get me a real person', nlu, atMs: 30_000 },
    debtor: { id: 'D-2002', name: 'Mary Jones', phone: '+14155550111', locale: 'en-US', creditor: 'Acme Auto Finance', product: 'car loan', currency: 'USD', balance: 980, daysPastDue: 20 },
    verified: true,
    transcript: [{ speaker: 'debtor', text: 'get me a real person', state: 'askPayment', intent: 'request_human' }],
    turns: [{ atMs: 30_000, text: 'get me a real person', nlu }],
    flags: [],
    emotion: [{ atMs: 30_000, score: 0.3 }],
    telephony: { provider, ...(callId !== undefined ? { callId } : {}), streamId: 'stream-1' },
    summary: { locale: 'en-US', text: 'Mary Jones, verified, asked for a person.', source: 'template' },
    requestedAt: '2026-03-11T15:04:05.000Z',
    ...overrides,
  };
}

/** A hand-off as the runtime gives it, with the reports collected and the signal in the test's hands. */
export interface TestHandoff {
  readonly handoff: Handoff;
  readonly reports: { readonly state: string; readonly detail?: string }[];
  readonly controller: AbortController;
}

export function testHandoff(packet: HandoffPacket, target: string | undefined, ringTimeoutMs = 20_000): TestHandoff {
  const controller = new AbortController();
  const reports: { state: string; detail?: string }[] = [];
  const handoff: Handoff = {
    packet,
    ...(target !== undefined ? { target } : {}),
    ringTimeoutMs,
    signal: controller.signal,
    report: (state, detail) => reports.push({ state, ...(detail !== undefined ? { detail } : {}) }),
    movingCaller: () => reports.push({ state: 'moving' }),
  };
  return { handoff, reports, controller };
}

/** The ring timeout as the runtime aborts with it. */
export function ringTimeout(): DOMException {
  return new DOMException('ring timeout', 'TimeoutError');
}

/** One request the fake provider API received. */
export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** What the fake API answers. */
export interface ApiAnswer {
  readonly status: number;
  readonly body?: string;
  readonly contentType?: string;
  /** Never answer (the client's own timeout or abort ends it). */
  readonly hang?: boolean;
}

export const jsonAnswer = (status: number, body: unknown): ApiAnswer => ({ status, body: JSON.stringify(body), contentType: 'application/json' });

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** A node:http server on 127.0.0.1 that plays a provider's API: records each request and answers as told. */
export class FakeProviderApi {
  readonly requests: ApiRequest[] = [];
  private readonly waiters: (() => void)[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(respond: (request: ApiRequest) => ApiAnswer): Promise<FakeProviderApi> {
    let api: FakeProviderApi | undefined;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const received: ApiRequest = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
        api?.requests.push(received);
        for (const wake of api?.waiters.splice(0) ?? []) wake();
        const answer = respond(received);
        if (answer.hang === true) return;
        response.writeHead(answer.status, answer.contentType !== undefined ? { 'content-type': answer.contentType } : {});
        response.end(answer.body);
      });
    });
    const url = await listen(server);
    api = new FakeProviderApi(server, url);
    return api;
  }

  /** Resolves once `count` requests have arrived. */
  async received(count: number): Promise<ApiRequest> {
    while (this.requests.length < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
    const request = this.requests[count - 1];
    if (request === undefined) throw new Error('no request');
    return request;
  }

  stop(): Promise<void> {
    return close(this.server);
  }
}

/** dunbot's callback routes on a real socket, mounted before the app-wide body parsers as the server does. */
export class CallbackApp {
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(callbacks: TransferCallbacks): Promise<CallbackApp> {
    const app = express();
    mountTransferCallbackRoutes(app, { callbacks });
    app.use(express.urlencoded({ extended: false, limit: '16kb' }));
    app.use(express.json({ limit: '16kb' }));
    const server = createServer(app);
    return new CallbackApp(server, await listen(server));
  }

  stop(): Promise<void> {
    return close(this.server);
  }
}

/** What a callback POST got back. */
export interface CallbackAnswer {
  readonly status: number;
  readonly contentType: string | null;
  readonly body: string;
}

/** POSTs `body` to `url` as a provider does. */
export async function postCallback(url: string, headers: Readonly<Record<string, string>>, body: string): Promise<CallbackAnswer> {
  const response = await fetch(url, { method: 'POST', headers, body });
  return { status: response.status, contentType: response.headers.get('content-type'), body: await response.text() };
}

/** A port nothing listens on: a server started and stopped. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  const url = await listen(server);
  await close(server);
  return url;
}
