import type { Scheduler } from '../../time/scheduler.js';
import { dunbotUserAgent } from '../../util/package-version.js';
import type { HandoffResult } from '../handoff.js';
import { readCappedBody } from './capped-body.js';
import { fetchFailureReason } from './fetch-failure.js';
import { abortedResult } from './provider-transfer.js';

/** One request to a provider's call-control API. */
export interface ProviderRequest {
  /** The provider as it appears in reasons ("Telnyx"). */
  readonly provider: string;
  readonly method: 'GET' | 'POST' | 'PUT';
  readonly url: string;
  /** Authorization and Content-Type; User-Agent and Accept are added. */
  readonly headers: Readonly<Record<string, string>>;
  /** None for a GET. */
  readonly body?: string;
}

/** How the provider answered: it took the request, refused it, or could not be asked. */
export type ProviderReply =
  /** `body` is read only when asked for (`readReply`), up to MAX_REPLY_BYTES. */
  | { readonly kind: 'accepted'; readonly status: number; readonly body?: Buffer }
  /** Any status but 2xx; `reason` has the provider's own message when its body had one. */
  | { readonly kind: 'refused'; readonly status: number; readonly reason: string }
  | { readonly kind: 'unreachable'; readonly reason: string }
  /** dunbot's signal aborted first. */
  | { readonly kind: 'aborted' };

/** How a request is bounded and how the provider's error body is read. */
export interface ProviderRequestOptions {
  /** Cuts the request short when it aborts; absent for a request that must run to its answer. */
  readonly signal?: AbortSignal | undefined;
  readonly scheduler: Scheduler;
  readonly timeoutMs: number;
  /** The provider's message from its parsed JSON error body, when there is one. */
  readonly errorMessage: (body: unknown) => string | undefined;
  /** Reads the body of a 2xx answer too (the resource the provider returns); it is discarded otherwise. */
  readonly readReply?: boolean;
}

/** The most of an answer read: enough for any provider's resource or message, never a whole page. */
export const MAX_REPLY_BYTES = 64 * 1024;
/** The longest provider message kept in a reason, which goes into the call record. */
const MAX_MESSAGE_CHARS = 300;

function cut(text: string): string {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  return trimmed.length > MAX_MESSAGE_CHARS ? `${trimmed.slice(0, MAX_MESSAGE_CHARS)}…` : trimmed;
}

function refusalReason(provider: string, status: number, body: Buffer | undefined, errorMessage: (body: unknown) => string | undefined): string {
  const prefix = `${provider} answered HTTP ${status}`;
  if (body === undefined || body.byteLength === 0) return prefix;
  const text = body.toString('utf8');
  let message: string | undefined;
  try {
    message = errorMessage(JSON.parse(text));
  } catch {
    // Not JSON (a proxy's page, a plain-text error): the text itself, if it is short and not markup.
    message = text.trimStart().startsWith('<') ? undefined : text;
  }
  return message === undefined || message.trim() === '' ? prefix : `${prefix}: ${cut(message)}`;
}

/**
 * Sends one request and tells what came of it; never rejects. One attempt only: the caller is
 * waiting, and a refused transfer (a call that ended, a bad target) does not get better by
 * repeating it. Redirects are not followed (they would resend the credentials to a URL nobody
 * configured). The request is cut off after `timeoutMs` or when `signal` aborts.
 */
export async function sendProviderRequest(request: ProviderRequest, options: ProviderRequestOptions): Promise<ProviderReply> {
  const { signal, scheduler, timeoutMs } = options;
  // A function, not a narrowed field: the signal may abort while the request is out.
  const aborted = (): boolean => signal?.aborted ?? false;
  if (aborted()) return { kind: 'aborted' };
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(signal?.reason);
  // Listened to only when given: one shared never-aborting signal would gather a listener per request in flight.
  signal?.addEventListener('abort', onAbort, { once: true });
  let timedOut = false;
  const timer = scheduler.setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    const response = await fetch(request.url, {
      method: request.method,
      headers: { ...request.headers, Accept: 'application/json', 'User-Agent': dunbotUserAgent() },
      ...(request.body !== undefined ? { body: request.body } : {}),
      signal: controller.signal,
      redirect: 'manual',
    });
    if (response.status >= 200 && response.status < 300) {
      if (options.readReply !== true) {
        await response.body?.cancel().catch(() => undefined);
        return { kind: 'accepted', status: response.status };
      }
      // Accepted is accepted: a reply that cannot be read whole only leaves its fields unknown.
      const reply = await readCappedBody(response, MAX_REPLY_BYTES).catch(() => undefined);
      return { kind: 'accepted', status: response.status, ...(reply?.ok === true ? { body: reply.bytes } : {}) };
    }
    const read = await readCappedBody(response, MAX_REPLY_BYTES).catch(() => undefined);
    if (aborted()) return { kind: 'aborted' };
    const body = read?.ok === true ? read.bytes : undefined;
    return { kind: 'refused', status: response.status, reason: refusalReason(request.provider, response.status, body, options.errorMessage) };
  } catch (error) {
    if (aborted()) return { kind: 'aborted' };
    if (timedOut) return { kind: 'unreachable', reason: `${request.provider} did not answer within ${timeoutMs} ms` };
    return { kind: 'unreachable', reason: `${request.provider} unreachable (${fetchFailureReason(error)})` };
  } finally {
    scheduler.clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** The hand-off outcome of a reply that was not accepted. */
export function unacceptedResult(reply: Exclude<ProviderReply, { kind: 'accepted' }>, signal: AbortSignal, provider: string): HandoffResult {
  return reply.kind === 'aborted' ? abortedResult(signal, provider) : { state: 'failed', reason: reply.reason };
}

/** A string field of a JSON object, when it is one. */
export function stringField(value: unknown, name: string): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const field: unknown = Reflect.get(value, name);
  return typeof field === 'string' && field !== '' ? field : undefined;
}
