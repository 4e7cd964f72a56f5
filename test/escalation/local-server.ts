import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { realNowS, SECRET, TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN } from './handoff-fixtures.js';
import { verifySignature, type Verdict } from './signature-verifier.js';

/** One request as a local server received it. */
export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The exact bytes received. */
  readonly raw: Buffer;
  /** When the whole request had arrived, in `performance.now()` ms. */
  readonly atMs: number;
  /** The webhook receiver's signature check of this request. */
  verdict?: Verdict;
  /** True when the client closed the connection before the answer was written. */
  clientAborted: boolean;
}

/** What the server answers to one request. */
export interface Answer {
  readonly status: number;
  readonly body?: string | Buffer;
  readonly headers?: Readonly<Record<string, string>>;
  /** Held this long before answering (never answered if the client leaves first). */
  readonly delayMs?: number;
}

export const json = (status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): Answer => ({ status, body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });

/** A node:http server on 127.0.0.1 at a free port that records every request and answers as told. */
export class LocalServer {
  readonly requests: ReceivedRequest[] = [];
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  private constructor(private readonly server: Server) {}

  static async start(respond: (request: ReceivedRequest, index: number) => Answer): Promise<LocalServer> {
    let instance: LocalServer | undefined;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const self = instance;
        if (self === undefined) return;
        const received: ReceivedRequest = { method: request.method ?? '', path: request.url ?? '', headers: request.headers, raw: Buffer.concat(chunks), atMs: performance.now(), clientAborted: false };
        self.requests.push(received);
        const answer = respond(received, self.requests.length - 1);
        response.on('close', () => {
          if (!response.writableFinished) received.clientAborted = true;
        });
        const send = (): void => {
          response.writeHead(answer.status, answer.headers ?? {});
          response.end(answer.body);
        };
        if (answer.delayMs === undefined) return send();
        const timer = setTimeout(() => {
          self.timers.delete(timer);
          if (!response.destroyed) send();
        }, answer.delayMs);
        self.timers.add(timer);
      });
    });
    instance = new LocalServer(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return instance;
  }

  get port(): number {
    const address = this.server.address();
    if (address === null || typeof address === 'string') throw new Error('not listening on a TCP port');
    return address.port;
  }

  url(path = '/'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * The receiving end of the hand-off webhook: every request's signature is checked by the
 * independent verifier against the real clock, and one that fails gets 401 (and is recorded
 * with its verdict, so a test can assert every request verified). Answers are given in order;
 * the last one repeats.
 */
export function startWebhookReceiver(...answers: Answer[]): Promise<LocalServer> {
  return LocalServer.start((request, index) => {
    const header = request.headers['x-dunbot-signature'];
    request.verdict = verifySignature(typeof header === 'string' ? header : undefined, request.raw, SECRET, realNowS());
    if (!request.verdict.ok) return { status: 401, body: request.verdict.why };
    return answers[Math.min(index, answers.length - 1)] ?? { status: 500 };
  });
}

/** The path of the Calls update for one call of the test account. */
export function twilioCallPath(callSid: string): string {
  return `/2010-04-01/Accounts/${TWILIO_ACCOUNT_SID}/Calls/${callSid}.json`;
}

/**
 * Twilio's REST API as far as a call update goes: anything but a form POST with the test
 * account's basic auth is refused the way Twilio refuses it; a correct request gets `answer`.
 */
export function startTwilioApi(answer: Answer): Promise<LocalServer> {
  const expectedAuth = `Basic ${Buffer.from(`${TWILIO_ACCOUNT_SID}:${TWILIO_AUTH_TOKEN}`).toString('base64')}`;
  return LocalServer.start((request) => {
    if (request.headers.authorization !== expectedAuth) return json(401, { code: 20003, message: 'Authenticate', status: 401 });
    if (request.method !== 'POST') return json(405, { code: 20004, message: 'Method not allowed', status: 405 });
    if (request.headers['content-type'] !== 'application/x-www-form-urlencoded') return json(400, { code: 20001, message: 'Bad content type', status: 400 });
    return answer;
  });
}

/** A URL where nothing listens: a port just freed. */
export async function refusedUrl(): Promise<string> {
  const server = await LocalServer.start(() => ({ status: 200 }));
  const url = server.url('/handoff');
  await server.close();
  return url;
}
