import { DunbotError } from '../../errors.js';
import { silentLogger, type Logger } from '../../log/logger.js';
import { scheduledWait } from '../../time/scheduled-wait.js';
import type { Scheduler } from '../../time/scheduler.js';
import { dunbotUserAgent } from '../../util/package-version.js';
import { isTransferTarget, type CallTransfer } from '../call-transfer.js';
import type { Handoff, HandoffAdapter, HandoffResult } from '../handoff.js';
import { abortOutcome } from './abort-outcome.js';
import { readCappedBody, type CappedBody } from './capped-body.js';
import { fetchFailureReason } from './fetch-failure.js';
import { backoffDelayMs, DEFAULT_BACKOFF, retryAfterMs, type BackoffPolicy } from './retry-timing.js';
import { readWebhookReply, type WebhookReply } from './webhook-reply.js';
import { signWebhookBody, WEBHOOK_SIGNATURE_HEADER } from './webhook-signature.js';

/** The largest reply body read from the webhook; a larger one makes the hand-off fail. */
export const WEBHOOK_MAX_REPLY_BYTES = 64 * 1024;

/** The shortest secret accepted: the same floor as the stream-token secret. */
const MIN_SECRET_CHARS = 16;

/** How `createWebhookHandoff` is built. */
export interface WebhookHandoffOptions {
  /** Where the packet is POSTed (DUNBOT_HANDOFF_WEBHOOK_URL), http: or https:. */
  readonly url: string;
  /** The HMAC key of the signature (DUNBOT_HANDOFF_SECRET), at least 16 characters. Never logged. */
  readonly secret: string;
  /** Runs the retry waits and the adapter's own ring-timeout backstop. */
  readonly scheduler: Scheduler;
  /** Unix seconds for the signature's timestamp. Default: the scheduler's time. */
  readonly now?: () => number;
  /** Where attempts and outcomes are logged, with the packet's ids only. Default: nowhere. */
  readonly logger?: Logger;
  /**
   * Moves a voice call to the target the webhook names, through the call's own telephony provider:
   * one transfer, or one per provider the server takes calls from (chosen by the packet's
   * `telephony.provider`). A voice call with none for its provider fails; a text call needs none.
   */
  readonly transfer?: CallTransfer | readonly CallTransfer[];
  /** The waits between attempts when the webhook sends no Retry-After. */
  readonly backoff?: BackoffPolicy;
}

/** One POST of the packet, as far as deciding what comes next needs. */
type Attempt =
  | { readonly kind: 'reply'; readonly reply: WebhookReply }
  | { readonly kind: 'final'; readonly result: HandoffResult }
  /** Worth another try; `busy` when the webhook said so (429), `retryAfterMs` when it said when. */
  | { readonly kind: 'retry'; readonly reason: string; readonly busy: boolean; readonly retryAfterMs?: number };

/** The hand-off's time: one signal for "stop now", aborted by the runtime or by the adapter's own deadline. */
interface RingBudget {
  readonly signal: AbortSignal;
  readonly deadlineMs: number;
  dispose(): void;
}

function ringBudget(scheduler: Scheduler, handoff: Handoff): RingBudget {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort(handoff.signal.reason);
  if (handoff.signal.aborted) controller.abort(handoff.signal.reason);
  else handoff.signal.addEventListener('abort', onAbort, { once: true });
  // The runtime enforces the ring timeout too; this backstop keeps the adapter bounded on its own.
  const bounded = Number.isFinite(handoff.ringTimeoutMs) && handoff.ringTimeoutMs > 0;
  const timer = bounded ? scheduler.setTimeout(() => controller.abort(new DOMException('ring timeout', 'TimeoutError')), handoff.ringTimeoutMs) : undefined;
  return {
    signal: controller.signal,
    deadlineMs: bounded ? scheduler.nowMs() + handoff.ringTimeoutMs : Number.POSITIVE_INFINITY,
    dispose: () => {
      if (timer !== undefined) scheduler.clearTimeout(timer);
      handoff.signal.removeEventListener('abort', onAbort);
    },
  };
}

/** Settles with `work`, or with `undefined` as soon as `signal` aborts, whichever comes first. */
async function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return undefined;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<undefined>((resolve) => {
    onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    if (onAbort !== undefined) signal.removeEventListener('abort', onAbort);
  }
}

/** The outcome once the hand-off was ended from dunbot's side, while waiting for `phase`. */
function endedEarly(signal: AbortSignal, phase: 'webhook' | 'transfer', ringTimeoutMs: number): HandoffResult {
  if (abortOutcome(signal) === 'no_answer') return { state: 'no_answer', reason: `${phase === 'webhook' ? 'no reply from the webhook' : 'the transfer was not confirmed'} within the ring timeout (${ringTimeoutMs} ms)` };
  return { state: 'cancelled', reason: `the hand-off was cancelled before ${phase === 'webhook' ? 'the webhook replied' : 'the transfer was confirmed'}` };
}

function checkOptions(options: WebhookHandoffOptions): URL {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new DunbotError('DUN_ERR_CONFIG_INVALID', 'hand-off webhook URL (DUNBOT_HANDOFF_WEBHOOK_URL) is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new DunbotError('DUN_ERR_CONFIG_INVALID', `hand-off webhook URL (DUNBOT_HANDOFF_WEBHOOK_URL) must be http: or https:, got ${url.protocol}`);
  if (url.username !== '' || url.password !== '') throw new DunbotError('DUN_ERR_CONFIG_INVALID', 'hand-off webhook URL (DUNBOT_HANDOFF_WEBHOOK_URL) must not carry credentials; requests are authenticated by their signature');
  if (options.secret.length < MIN_SECRET_CHARS) throw new DunbotError('DUN_ERR_CONFIG_INVALID', `hand-off secret (DUNBOT_HANDOFF_SECRET) must be at least ${MIN_SECRET_CHARS} characters`);
  return url;
}

/** The transfers by provider; two for one provider would leave it unclear which moves the call. */
function transfersByProvider(transfer: CallTransfer | readonly CallTransfer[] | undefined): ReadonlyMap<string, CallTransfer> {
  const list: readonly CallTransfer[] = transfer === undefined ? [] : 'transfer' in transfer ? [transfer] : transfer;
  const byProvider = new Map<string, CallTransfer>();
  for (const item of list) {
    if (byProvider.has(item.provider)) throw new DunbotError('DUN_ERR_CONFIG_INVALID', `the webhook hand-off was given two call transfers for ${item.provider}`);
    byProvider.set(item.provider, item);
  }
  return byProvider;
}

/**
 * Hands a call to a person through any system that takes an HTTPS request: the hand-off packet is
 * POSTed as JSON, signed (`X-Dunbot-Signature`, see webhook-signature.ts) and keyed by its
 * hand-off id (`Idempotency-Key`, the same on every retry, so a receiver that saw the first attempt
 * can answer the retry without paging a second person). The receiver answers when someone takes
 * the call: `{"accepted": true, "target": "+15551234567" | "sip:…"}` puts the caller through
 * there (through `transfer`, reporting `ringing`), `{"accepted": false, "reason": "…"}` declines.
 *
 * Network errors, 5xx and 429 are retried with backoff (or after Retry-After), but only while the
 * ring timeout leaves time for the wait; a wait that would not fit ends the hand-off at once
 * (`busy` after 429, else `failed`) rather than idling until the timeout. Any other status, a
 * redirect, and a reply that cannot be read are `failed` with the reason. The ring timeout bounds
 * the whole hand-off, transfer included: when it passes (or the runtime's signal aborts) the
 * request in flight is aborted and the result is `no_answer` (`cancelled` when the caller hung
 * up). Never rejects.
 *
 * @example
 * const adapter = createWebhookHandoff({ url: 'https://desk.example.com/dunbot', secret, scheduler: systemScheduler, transfer: twilioTransfer });
 * await adapter.onEscalate(handoff); // → { state: 'bridged', target: '+15551234567' }
 */
export function createWebhookHandoff(options: WebhookHandoffOptions): HandoffAdapter {
  const url = checkOptions(options);
  const { scheduler, secret } = options;
  const transfers = transfersByProvider(options.transfer);
  const now = options.now ?? (() => Math.floor(scheduler.nowMs() / 1000));
  const logger = options.logger ?? silentLogger;
  const backoff = options.backoff ?? DEFAULT_BACKOFF;
  const userAgent = dunbotUserAgent();

  async function post(handoff: Handoff, body: Buffer, signal: AbortSignal, log: Logger, attempt: number): Promise<Attempt> {
    const timestampS = now();
    const headers = {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'User-Agent': userAgent,
      'Idempotency-Key': handoff.packet.handoffId,
      // Signed afresh on each attempt: a retry minutes later must not look like a replay.
      [WEBHOOK_SIGNATURE_HEADER]: signWebhookBody(secret, timestampS, body),
    };
    if (attempt === 1) handoff.report('briefing', `webhook ${url.host}`);
    log.info('hand-off webhook request sent', { attempt });
    let response: Response;
    try {
      // A redirect is not followed: it would resend a signed packet to a URL nobody configured.
      response = await fetch(url, { method: 'POST', headers, body, signal, redirect: 'manual' });
    } catch (error) {
      if (signal.aborted) throw error;
      return { kind: 'retry', reason: `webhook unreachable (${fetchFailureReason(error)})`, busy: false };
    }
    const status = response.status;
    log.info('hand-off webhook answered', { attempt, status });
    if (status >= 200 && status < 300) {
      let read: CappedBody;
      try {
        read = await readCappedBody(response, WEBHOOK_MAX_REPLY_BYTES);
      } catch (error) {
        if (signal.aborted) throw error;
        return { kind: 'retry', reason: `webhook reply cut short (${fetchFailureReason(error)})`, busy: false };
      }
      if (!read.ok) return { kind: 'final', result: { state: 'failed', reason: `webhook reply is larger than ${WEBHOOK_MAX_REPLY_BYTES / 1024} KiB` } };
      return { kind: 'reply', reply: readWebhookReply(read.bytes) };
    }
    await response.body?.cancel().catch(() => undefined);
    const retryAfter = retryAfterMs(response.headers.get('retry-after'), now());
    const after = retryAfter !== undefined ? { retryAfterMs: retryAfter } : {};
    if (status === 429) return { kind: 'retry', reason: 'webhook busy (HTTP 429)', busy: true, ...after };
    if (status >= 500) return { kind: 'retry', reason: `webhook answered HTTP ${status}`, busy: false, ...after };
    if (status >= 300 && status < 400) return { kind: 'final', result: { state: 'failed', reason: `webhook answered HTTP ${status} (a redirect, not followed); configure its final URL` } };
    return { kind: 'final', result: { state: 'failed', reason: `webhook answered HTTP ${status}` } };
  }

  /** POSTs until the webhook answers for good or the budget cannot fit another wait; `undefined` once aborted. */
  async function deliver(handoff: Handoff, budget: RingBudget, log: Logger): Promise<WebhookReply | HandoffResult | undefined> {
    const body = Buffer.from(JSON.stringify(handoff.packet), 'utf8');
    for (let attempt = 1; ; attempt++) {
      if (budget.signal.aborted) return undefined;
      const outcome = await post(handoff, body, budget.signal, log, attempt);
      if (outcome.kind === 'reply') return outcome.reply;
      if (outcome.kind === 'final') return outcome.result;
      // Retry-After is respected as a minimum; the backoff still applies, so "Retry-After: 0" cannot spin.
      const delayMs = Math.max(backoffDelayMs(attempt, backoff), outcome.retryAfterMs ?? 0);
      const remainingMs = budget.deadlineMs - scheduler.nowMs();
      if (delayMs >= remainingMs) {
        const why = outcome.retryAfterMs !== undefined && outcome.retryAfterMs >= remainingMs ? `asked to retry after ${Math.ceil(outcome.retryAfterMs / 1000)} s, beyond the ring timeout` : 'no time left to retry within the ring timeout';
        const reason = `${outcome.reason} on ${attempt} attempt${attempt === 1 ? '' : 's'}; ${why}`;
        return { state: outcome.busy ? 'busy' : 'failed', reason };
      }
      log.warn('hand-off webhook request will be retried', { attempt, reason: outcome.reason, delayMs });
      if (!(await scheduledWait(scheduler, delayMs, budget.signal))) return undefined;
    }
  }

  /** Puts the caller through to `target` once the webhook accepted. */
  async function connect(handoff: Handoff, target: string, signal: AbortSignal, log: Logger): Promise<HandoffResult | undefined> {
    const telephony = handoff.packet.telephony;
    // A text call has no line to move: the person who accepted takes it over from the record.
    if (telephony === undefined) return { state: 'bridged', target };
    const transfer = transfers.get(telephony.provider);
    if (transfer === undefined) return { state: 'failed', reason: `webhook accepted, but no call transfer is configured for ${telephony.provider} calls` };
    handoff.report('ringing', target);
    // The transfer moves the caller's leg off the media stream: its end is not a hang-up.
    handoff.movingCaller();
    log.info('transferring the call', { provider: transfer.provider, targetKind: target.startsWith('+') ? 'number' : 'sip', pii: { target } });
    // Through a promise chain, so a transfer that throws instead of resolving is a failure like any other.
    const transferred = Promise.resolve()
      .then(() => transfer.transfer(target, handoff.packet, signal))
      .catch((error: unknown): HandoffResult => ({ state: 'failed', reason: `call transfer failed: ${error instanceof Error ? error.message : String(error)}` }));
    const result = await unlessAborted(transferred, signal);
    if (result === undefined) return undefined;
    return result.state === 'bridged' && result.target === undefined ? { ...result, target } : result;
  }

  async function onEscalate(handoff: Handoff): Promise<HandoffResult> {
    const log = logger.child({ handoffAdapter: 'webhook', handoffId: handoff.packet.handoffId, callId: handoff.packet.callId, webhookHost: url.host });
    const budget = ringBudget(scheduler, handoff);
    const ended = (phase: 'webhook' | 'transfer'): HandoffResult => endedEarly(budget.signal, phase, handoff.ringTimeoutMs);
    try {
      const delivered = await deliver(handoff, budget, log);
      if (delivered === undefined) return ended('webhook');
      let result: HandoffResult;
      if ('state' in delivered) result = delivered;
      else if (delivered.kind === 'malformed') result = { state: 'failed', reason: delivered.reason };
      else if (delivered.kind === 'declined') result = { state: 'declined', reason: delivered.reason };
      else {
        const target = delivered.target ?? handoff.target;
        if (target === undefined) result = { state: 'failed', reason: 'webhook accepted but named no target, and no hand-off target is configured' };
        else if (!isTransferTarget(target)) result = { state: 'failed', reason: 'the configured hand-off target is neither an E.164 phone number nor a sip:/sips: URI' };
        else result = (await connect(handoff, target, budget.signal, log)) ?? ended('transfer');
      }
      log[result.state === 'bridged' ? 'info' : 'warn']('hand-off webhook finished', { state: result.state, ...(result.reason !== undefined ? { reason: result.reason } : {}) });
      return result;
    } catch (error) {
      if (budget.signal.aborted) return ended('webhook');
      const reason = `hand-off webhook failed: ${error instanceof Error ? error.message : String(error)}`;
      log.error('hand-off webhook failed', { reason });
      return { state: 'failed', reason };
    } finally {
      budget.dispose();
    }
  }

  return { name: 'webhook', onEscalate };
}
