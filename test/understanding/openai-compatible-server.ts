import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';

function portOf(server: Server): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('server is not listening on a TCP port');
  return address.port;
}

/** What the server answers to one request to POST /v1/chat/completions. */
export type ScriptedReply =
  /** A message whose content is `content`; streamed as SSE chunks when the request asks `stream: true`. */
  | { readonly content: string; readonly delayMs?: number }
  /** A message that calls the function `name` with `arguments` (a JSON string, as OpenAI sends it). */
  | { readonly toolCall: { readonly name: string; readonly arguments: string }; readonly delayMs?: number }
  /** An error status with OpenAI's error body and the given headers (`retry-after`). */
  | { readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly delayMs?: number };

/** One request as the server saw it. */
export interface SeenRequest {
  readonly body: Record<string, unknown>;
  readonly headers: IncomingHttpHeaders;
  /** The raw body, to search for what must not be sent. */
  readonly text: string;
  /** True when the client closed the connection before the answer was written. */
  abortedByClient: boolean;
}

/** How the server behaves. */
export interface ServerOptions {
  /** Refuse `stream: true` with 400, like a server that only answers JSON. */
  readonly jsonOnly?: boolean;
}

/**
 * A local OpenAI-compatible chat-completions server for tests: answers scripted replies in order
 * (500 when none is left) as plain JSON or, when asked to stream, as SSE `data:` chunks ending in
 * `[DONE]`, and records every request.
 */
export class OpenAiCompatibleServer {
  readonly requests: SeenRequest[] = [];
  private readonly replies: ScriptedReply[] = [];
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  private constructor(private readonly server: Server, private readonly options: ServerOptions) {}

  /** Starts a server on 127.0.0.1 at a free port. */
  static async start(options: ServerOptions = {}): Promise<OpenAiCompatibleServer> {
    let instance: OpenAiCompatibleServer | undefined;
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => instance?.handle(request.method ?? '', request.url ?? '', request.headers, Buffer.concat(chunks).toString('utf8'), response));
    });
    instance = new OpenAiCompatibleServer(server, options);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return instance;
  }

  /** The base URL to give the client, with its `/v1`. */
  get baseUrl(): string {
    return `http://127.0.0.1:${portOf(this.server)}/v1`;
  }

  /** Queues replies, answered in order. */
  reply(...replies: ScriptedReply[]): void {
    this.replies.push(...replies);
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(method: string, url: string, headers: IncomingHttpHeaders, text: string, response: ServerResponse): void {
    if (method !== 'POST' || url !== '/v1/chat/completions') return this.sendError(response, 404, {});
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return this.sendError(response, 400, {});
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return this.sendError(response, 400, {});
    const body: Record<string, unknown> = { ...parsed };
    const seen: SeenRequest = { body, headers, text, abortedByClient: false };
    this.requests.push(seen);
    response.on('close', () => {
      if (!response.writableFinished) seen.abortedByClient = true;
    });
    const reply = this.replies.shift() ?? { status: 500 };
    const answer = (): void => this.answer(body, reply, response);
    if (reply.delayMs === undefined) return answer();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!response.destroyed) answer();
    }, reply.delayMs);
    this.timers.add(timer);
  }

  private answer(body: Record<string, unknown>, reply: ScriptedReply, response: ServerResponse): void {
    if ('status' in reply) return this.sendError(response, reply.status, reply.headers ?? {});
    const stream = body.stream === true;
    if (stream && this.options.jsonOnly === true) return this.sendError(response, 400, {});
    const model = typeof body.model === 'string' ? body.model : 'unknown';
    const message = 'content' in reply
      ? { role: 'assistant', content: reply.content, refusal: null }
      : { role: 'assistant', content: null, refusal: null, tool_calls: [{ id: 'call_1', type: 'function', function: reply.toolCall }] };
    const finishReason = 'content' in reply ? 'stop' : 'tool_calls';
    if (stream && 'content' in reply) return this.stream(response, model, reply.content);
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({
      id: 'chatcmpl-test',
      object: 'chat.completion',
      created: 1_773_241_200,
      model,
      choices: [{ index: 0, message, finish_reason: finishReason, logprobs: null }],
      usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
    }));
  }

  /** The content as OpenAI streams it: a role chunk, content pieces, a finish chunk, then `[DONE]`. */
  private stream(response: ServerResponse, model: string, content: string): void {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const chunk = (delta: Record<string, unknown>, finishReason: string | null): string =>
      `data: ${JSON.stringify({ id: 'chatcmpl-test', object: 'chat.completion.chunk', created: 1_773_241_200, model, choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
    response.write(chunk({ role: 'assistant', content: '' }, null));
    for (let start = 0; start < content.length; start += 16) response.write(chunk({ content: content.slice(start, start + 16) }, null));
    response.write(chunk({}, 'stop'));
    response.end('data: [DONE]\n\n');
  }

  private sendError(response: ServerResponse, status: number, headers: Readonly<Record<string, string>>): void {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify({ error: { message: `scripted ${status}`, type: status === 429 ? 'rate_limit_exceeded' : 'server_error', param: null, code: null } }));
  }
}

/** A base URL where nothing listens: a port that was just freed. */
export async function closedPortBaseUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = portOf(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}
