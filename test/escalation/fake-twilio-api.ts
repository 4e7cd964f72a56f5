import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Twilio's REST Calls API and its request signing, written from Twilio's
 * documentation rather than from dunbot's code, so that the tests check dunbot against Twilio.
 */

export const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
export const AUTH_TOKEN = 'twilio-auth-token-0123';
export const BASIC_AUTH = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`;
export const CALLS_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls`;

/** Twilio's request signature, computed here from Twilio's documented algorithm rather than dunbot's code. */
export function twilioSignature(url: string, params: Readonly<Record<string, string>>, authToken = AUTH_TOKEN): string {
  let data = url;
  for (const name of Object.keys(params).sort()) data += name + (params[name] ?? '');
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}

/** One request the fake REST API received. */
export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  /** Every form field, repeated ones in order. */
  readonly form: Record<string, string[]>;
}

export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
}

export const newCallSid = (): string => `CA${randomBytes(16).toString('hex')}`;

/** What Twilio's REST API answers by default: a queued call on create, the call on update and read. */
export function twilioAnswer(request: ApiRequest): ApiAnswer {
  if (request.method === 'POST' && request.path === `${CALLS_PATH}.json`) {
    return { status: 201, body: { sid: newCallSid(), account_sid: ACCOUNT_SID, status: 'queued', to: request.form['To']?.[0], from: request.form['From']?.[0], direction: 'outbound-api' } };
  }
  const sid = new RegExp(`^${CALLS_PATH}/(CA[0-9a-f]{32})\\.json$`).exec(request.path)?.[1];
  if (sid !== undefined && request.method === 'POST') return { status: 200, body: { sid, status: request.form['Status']?.[0] ?? 'in-progress' } };
  if (sid !== undefined && request.method === 'GET') return { status: 200, body: { sid, status: 'in-progress', to: '+15550177', from: '+15550111', direction: 'outbound-api' } };
  return { status: 404, body: { code: 20404, message: 'The requested resource was not found', status: 404 } };
}

/** A local server standing in for Twilio's REST API: records each request, answers like Twilio. */
export class FakeTwilioApi {
  readonly requests: ApiRequest[] = [];
  /** What was answered to each request, once it was. */
  readonly answers = new Map<ApiRequest, Promise<ApiAnswer>>();
  answer: (request: ApiRequest) => ApiAnswer | Promise<ApiAnswer> = twilioAnswer;
  private readonly server: Server;
  private read = 0;
  private waiter: (() => void) | undefined;

  constructor() {
    this.server = createServer((request, response) => void this.receive(request, response));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** The next request not yet looked at, waiting for it if need be. */
  async next(): Promise<ApiRequest> {
    while (this.read >= this.requests.length) await new Promise<void>((resolve) => (this.waiter = resolve));
    const request = this.requests[this.read];
    this.read += 1;
    if (request === undefined) throw new Error('no request');
    return request;
  }

  /** Requests not yet looked at. */
  get unread(): ApiRequest[] {
    return this.requests.slice(this.read);
  }

  /** Marks every request so far as looked at. */
  skipUnread(): void {
    this.read = this.requests.length;
  }

  private async receive(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const form: Record<string, string[]> = {};
    for (const [name, value] of new URLSearchParams(Buffer.concat(chunks).toString('utf8'))) (form[name] ??= []).push(value);
    const recorded: ApiRequest = { method: request.method ?? '', path: request.url ?? '', authorization: request.headers.authorization, contentType: request.headers['content-type'], form };
    const answered = Promise.resolve(this.answer(recorded));
    this.answers.set(recorded, answered);
    this.requests.push(recorded);
    this.waiter?.();
    const answer = await answered;
    response.writeHead(answer.status, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
  }
}
