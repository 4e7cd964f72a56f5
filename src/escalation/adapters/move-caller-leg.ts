import type { Logger } from '../../log/logger.js';
import { isTransferTarget } from '../call-transfer.js';
import type { HandoffPacket, HandoffResult } from '../handoff.js';
import { sendProviderRequest, unacceptedResult, type ProviderRequest } from './provider-api.js';
import { awaitOutcome, BAD_TARGET_REASON, missingCallIdReason, providerCallId, type TransferOptions, type TransferRuntime } from './provider-transfer.js';
import type { WaitingTransfer } from './transfer-callbacks.js';

/*
 * The steps every provider transfer takes in the same order: check what it was asked to move,
 * send the one request that moves the caller's leg, and come to the outcome — from the provider's
 * callbacks when it reports them, or `bridged` on its acceptance when it does not.
 */

/** The provider's id of the call to move, or the outcome when there is nothing to move. */
export type CallToMove = { readonly callId: string } | { readonly refused: HandoffResult };

/**
 * The call a transfer to `target` moves: refused for a target no provider dials, and for a call
 * that did not come over `provider` (or whose stream did not name its `idName`).
 */
export function callToMove(target: string, packet: HandoffPacket, provider: string, idName: string): CallToMove {
  if (!isTransferTarget(target)) return { refused: { state: 'failed', reason: BAD_TARGET_REASON } };
  const callId = providerCallId(packet, provider);
  return callId === undefined ? { refused: { state: 'failed', reason: missingCallIdReason(packet, provider, idName) } } : { callId };
}

/** The request that moves the caller's leg, and how its outcome is learned. */
export interface LegMove {
  /** The provider as reasons name it ("Telnyx"). */
  readonly provider: string;
  readonly request: Omit<ProviderRequest, 'provider'>;
  /** The provider's message from its parsed JSON error body. */
  readonly errorMessage: (body: unknown) => string | undefined;
  /** What `ringing` says once the provider accepted the request. */
  readonly acceptedDetail: string;
  /** Where the provider's callbacks bring the outcome; without it, an accepted request is `bridged`. */
  readonly waiting?: WaitingTransfer;
  readonly target: string;
}

/**
 * Sends the request that moves the caller's leg and resolves with the transfer's outcome; never
 * rejects. A request the provider does not accept ends the wait for callbacks too, so a late
 * callback finds the transfer finished.
 */
export async function moveCallerLeg(move: LegMove, signal: AbortSignal, options: TransferOptions, runtime: TransferRuntime, log: Logger): Promise<HandoffResult> {
  log.info('transfer requested', { pii: { target: move.target } });
  const reply = await sendProviderRequest({ provider: move.provider, ...move.request }, { signal, scheduler: runtime.scheduler, timeoutMs: runtime.requestTimeoutMs, errorMessage: move.errorMessage });
  if (reply.kind !== 'accepted') {
    const result = unacceptedResult(reply, signal, move.provider);
    log.warn('transfer not accepted', { state: result.state, reason: result.reason });
    move.waiting?.settle(result);
    return result;
  }
  options.onAccepted?.(move.acceptedDetail);
  if (move.waiting === undefined) {
    // As far as the provider reports: it runs the transfer; whether the target answers is not seen.
    log.info('transfer accepted', { status: reply.status });
    return { state: 'bridged', target: move.target };
  }
  const result = await awaitOutcome(move.waiting, signal, move.provider);
  log.info('transfer ended', { state: result.state, reason: result.reason });
  return result;
}
