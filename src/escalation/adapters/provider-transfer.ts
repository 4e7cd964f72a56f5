import { DunbotError } from '../../errors.js';
import { silentLogger, type Logger } from '../../log/logger.js';
import type { Clock } from '../../time/clock.js';
import { systemScheduler, type Scheduler } from '../../time/scheduler.js';
import { isTransferTarget, type CallTransfer } from '../call-transfer.js';
import type { HandoffAdapter, HandoffPacket, HandoffResult } from '../handoff.js';
import { abortOutcome } from './abort-outcome.js';
import { sharedTransferCallbacks, type TransferCallbacks, type WaitingTransfer } from './transfer-callbacks.js';

/*
 * What the Telnyx, Plivo, Vonage and jambonz transfers share: the options a transfer takes beyond
 * the CallTransfer contract, the hand-off adapter that wraps a transfer, and the small checks every
 * one of them makes (settings, ring time, what an abort means).
 */

/** What a provider transfer may be told beyond CallTransfer's arguments. */
export interface TransferOptions {
  /** How long the target may ring, in ms; the provider is told to stop ringing after it. */
  readonly ringTimeoutMs?: number;
  /** Called once the provider accepted the request (the adapter reports `ringing` then). */
  readonly onAccepted?: (detail: string) => void;
}

/**
 * A CallTransfer that also takes TransferOptions. CallTransfer's `transfer` has no ring time and
 * no way to say "accepted", so these come as an optional fourth argument: called with three, as
 * the webhook adapter does, the settings' ring time applies and nothing is reported.
 */
export interface ProviderCallTransfer extends CallTransfer {
  transfer(target: string, packet: HandoffPacket, signal: AbortSignal, options?: TransferOptions): Promise<HandoffResult>;
}

/** What the provider factories take besides their settings; everything has a default. */
export interface ProviderHandoffDeps {
  /** Where requests and outcomes are logged, with the hand-off's ids only. Default: nowhere. */
  readonly logger?: Logger;
  /** Times the API requests and reads the clock for signatures. Default: real time. */
  readonly scheduler?: Scheduler;
  /**
   * Where a transfer waits for the provider's callbacks, shared with the routes that receive them
   * (see transfer-callback-routes.ts). Default: the process's one registry, so the adapters and
   * the routes meet without the composition root carrying it from one to the other.
   */
  readonly callbacks?: TransferCallbacks;
}

/** The settings every provider transfer has, on top of its credentials. */
export interface CommonTransferSettings {
  /** The caller ID the target sees (DUNBOT_HANDOFF_CALLER_ID), E.164; each provider has its own default. */
  readonly callerId?: string;
  /** Ring time when a transfer is asked without one (by the webhook adapter), in s. Default 30. */
  readonly ringTimeoutS?: number;
  /** Longest wait for the provider's answer to the transfer request, in ms. Default 10 000. */
  readonly requestTimeoutMs?: number;
}

/** The ring time used when none is given, in s. */
export const DEFAULT_RING_TIMEOUT_S = 30;
/** The longest wait for a provider's API to answer, in ms. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/** Ring times are sent as whole seconds in this range: Telnyx refuses fewer than 5 and more than 600. */
const MIN_RING_S = 5;
const MAX_RING_S = 600;

/**
 * The whole seconds left until the hand-off's deadline, as a provider takes a ring time. Rounded
 * down and counted from when it is asked: the provider must stop ringing no later than dunbot
 * gives up, or a target who answers at the last moment is put through while the hand-off is
 * recorded `no_answer`. Plivo and jambonz ask when they fetch the dial, so their fetch counts too.
 * Never below 5 (Telnyx's minimum) nor above 600.
 */
export function ringSecondsLeft(clock: Clock, ringTimeoutMs: number | undefined, fallbackS: number): () => number {
  const ringMs = ringTimeoutMs !== undefined && Number.isFinite(ringTimeoutMs) && ringTimeoutMs > 0 ? ringTimeoutMs : fallbackS * 1000;
  const deadlineMs = clock.nowMs() + ringMs;
  return () => Math.min(MAX_RING_S, Math.max(MIN_RING_S, Math.floor((deadlineMs - clock.nowMs()) / 1000)));
}

/**
 * The outcome when dunbot ended the hand-off itself: `no_answer` for the ring timeout (the
 * runtime aborts with a TimeoutError, or the reason `'no_answer'`), `cancelled` otherwise (the
 * caller hung up). The runtime ignores what comes after an abort; this keeps the record honest.
 */
export function abortedResult(signal: AbortSignal, provider: string): HandoffResult {
  return abortOutcome(signal) === 'no_answer'
    ? { state: 'no_answer', reason: `nobody answered the ${provider} transfer within the ring timeout` }
    : { state: 'cancelled', reason: `the hand-off was cancelled before the ${provider} transfer connected` };
}

/** Waits for the transfer's outcome from the provider's callbacks, or for dunbot's abort, whichever comes first. */
export async function awaitOutcome(waiting: WaitingTransfer, signal: AbortSignal, provider: string): Promise<HandoffResult> {
  const onAbort = (): void => waiting.settle(abortedResult(signal, provider));
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await waiting.outcome;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

/** The call id the provider's API needs, when the call came over that provider and its stream named one. */
export function providerCallId(packet: HandoffPacket, provider: string): string | undefined {
  const telephony = packet.telephony;
  if (telephony === undefined || telephony.provider !== provider) return undefined;
  return telephony.callId !== undefined && telephony.callId !== '' ? telephony.callId : undefined;
}

/** Why there is no call to transfer: a text call, another provider's call, or a stream without the id. */
export function missingCallIdReason(packet: HandoffPacket, provider: string, idName: string): string {
  const telephony = packet.telephony;
  if (telephony === undefined) return `a text call has no ${provider} call to transfer`;
  if (telephony.provider !== provider) return `the call came over ${telephony.provider}, not ${provider}, so the ${provider} transfer cannot move it`;
  return `no ${provider} ${idName} for this call (the media stream did not carry one), so there is no call to transfer`;
}

/** The reason for a target the transfer refuses to dial. */
export const BAD_TARGET_REASON = 'transfer target is neither an E.164 phone number nor a sip:/sips: URI';

/** A target without its leading `+`, as Plivo and Vonage write phone numbers; SIP URIs unchanged. */
export function digitsOnly(target: string): string {
  return target.startsWith('+') ? target.slice(1) : target;
}

/**
 * A path segment with only what RFC 3986 forbids there encoded: provider ids such as Telnyx's
 * `v3:…` keep their colon, as the providers' own SDKs send them.
 */
export function encodePathSegment(value: string): string {
  return value.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@]+/g, (run) => encodeURIComponent(run));
}

/** An http(s) base URL from the settings, without a trailing slash; `setting` names it in the error. */
export function checkBaseUrl(value: string, setting: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DunbotError('DUN_ERR_CONFIG_INVALID', `${setting} is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new DunbotError('DUN_ERR_CONFIG_INVALID', `${setting} must be http: or https:, got ${url.protocol}`);
  if (url.username !== '' || url.password !== '') throw new DunbotError('DUN_ERR_CONFIG_INVALID', `${setting} must not carry credentials`);
  if (url.search !== '' || url.hash !== '') throw new DunbotError('DUN_ERR_CONFIG_INVALID', `${setting} must not have a query or fragment`);
  return url.href.replace(/\/+$/, '');
}

/** A credential that must be present; `setting` names it in the error, never its value. */
export function checkSecret(value: string | undefined, setting: string): string {
  if (value === undefined || value.trim() === '') throw new DunbotError('DUN_ERR_CONFIG_INVALID', `${setting} is required`);
  return value.trim();
}

/** The caller ID setting, checked to be E.164 when present. */
export function checkCallerId(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\+[1-9]\d{6,14}$/.test(value)) throw new DunbotError('DUN_ERR_CONFIG_INVALID', 'hand-off caller ID (DUNBOT_HANDOFF_CALLER_ID) must be an E.164 number such as +15551234567');
  return value;
}

/** The URL of one of dunbot's callback routes for a hand-off: `<public>/handoff/<provider>/<id>/<hook>`. */
export function callbackUrl(publicBase: string, provider: string, handoffId: string, hook: string): string {
  return `${publicBase}/handoff/${provider}/${encodeURIComponent(handoffId)}/${hook}`;
}

/** The resolved common settings and deps a provider transfer runs with. */
export interface TransferRuntime {
  readonly logger: Logger;
  readonly scheduler: Scheduler;
  readonly callbacks: TransferCallbacks;
  readonly callerId: string | undefined;
  readonly ringTimeoutS: number;
  readonly requestTimeoutMs: number;
}

/** Checks the common settings and fills in the defaults of the deps. */
export function transferRuntime(settings: CommonTransferSettings, deps: ProviderHandoffDeps): TransferRuntime {
  const ringTimeoutS = settings.ringTimeoutS ?? DEFAULT_RING_TIMEOUT_S;
  if (!Number.isInteger(ringTimeoutS) || ringTimeoutS < MIN_RING_S || ringTimeoutS > MAX_RING_S) throw new DunbotError('DUN_ERR_CONFIG_INVALID', `hand-off ring timeout must be a whole number of seconds from ${MIN_RING_S} to ${MAX_RING_S}`);
  const requestTimeoutMs = settings.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  if (!Number.isFinite(requestTimeoutMs) || requestTimeoutMs <= 0) throw new DunbotError('DUN_ERR_CONFIG_INVALID', 'provider request timeout must be a positive number of ms');
  return {
    logger: deps.logger ?? silentLogger,
    scheduler: deps.scheduler ?? systemScheduler,
    callbacks: deps.callbacks ?? sharedTransferCallbacks,
    callerId: checkCallerId(settings.callerId),
    ringTimeoutS,
    requestTimeoutMs,
  };
}

/**
 * The hand-off adapter over a provider transfer: puts the caller through to the configured target
 * (DUNBOT_HANDOFF_TARGET), tells the runtime the caller's leg is about to move, reports `ringing`
 * once the provider accepted the request, and resolves with the transfer's outcome. Never rejects.
 *
 * @example
 * const adapter = createTransferHandoff('telnyx', createTelnyxCallTransfer(settings, deps));
 * await adapter.onEscalate(handoff); // → { state: 'bridged', target: '+15551234567' }
 */
export function createTransferHandoff(name: string, transfer: ProviderCallTransfer): HandoffAdapter {
  return {
    name,
    onEscalate: async (handoff) => {
      const target = handoff.target;
      if (target === undefined || target === '') return { state: 'failed', reason: 'no hand-off target is configured (DUNBOT_HANDOFF_TARGET)' };
      if (!isTransferTarget(target)) return { state: 'failed', reason: BAD_TARGET_REASON };
      try {
        // The request about to be sent moves the caller's leg: the media stream's end that follows is not a hang-up.
        handoff.movingCaller();
        return await transfer.transfer(target, handoff.packet, handoff.signal, {
          ringTimeoutMs: handoff.ringTimeoutMs,
          onAccepted: (detail) => handoff.report('ringing', detail),
        });
      } catch (error) {
        // The transfers resolve on every path; this only guards the contract "never rejects".
        return { state: 'failed', reason: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}
