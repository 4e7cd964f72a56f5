import type { KeyObject } from 'node:crypto';
import { z } from 'zod';
import type { Logger } from '../../log/logger.js';
import type { Clock } from '../../time/clock.js';
import type { HandoffAdapter, HandoffPacket, HandoffResult } from '../handoff.js';
import { callToMove, moveCallerLeg } from './move-caller-leg.js';
import { stringField } from './provider-api.js';
import {
  callbackUrl,
  checkBaseUrl,
  checkSecret,
  createTransferHandoff,
  encodePathSegment,
  ringSecondsLeft,
  transferRuntime,
  type CommonTransferSettings,
  type ProviderCallTransfer,
  type ProviderHandoffDeps,
  type TransferOptions,
  type TransferRuntime,
} from './provider-transfer.js';
import { isValidTelnyxSignature, parseTelnyxPublicKey } from './telnyx-signature.js';
import type { TransferCallbackHandler } from './transfer-callbacks.js';

/*
 * Telnyx Call Control v2: `POST /v2/calls/{call_control_id}/actions/transfer` dials the target
 * and bridges the caller to it when it answers. Telnyx reports the new leg by webhook: with a
 * public URL and Telnyx's public key, dunbot asks for those webhooks (`webhook_url`) at
 * `/handoff/telnyx/<handoffId>/events`, checks their Ed25519 signature, and reads the outcome
 * (call.answered → bridged; call.hangup → busy, no_answer, declined…). Without them, a 200 to the
 * command is all dunbot learns, and it reports `bridged` then.
 *
 * The stream's `start.call_control_id` is the id the command takes (telnyx-serializer.ts).
 */

/** Telnyx's API; DUNBOT_TELNYX_API_URL overrides it (a proxy, a test server). */
export const TELNYX_API_URL = 'https://api.telnyx.com';

/** How `createTelnyxHandoff` and `createTelnyxCallTransfer` are set up. */
export interface TelnyxHandoffSettings extends CommonTransferSettings {
  /** A Telnyx API key (TELNYX_API_KEY), sent as a Bearer token. Never logged. */
  readonly apiKey: string;
  /** Base URL of the API, without `/v2` (DUNBOT_TELNYX_API_URL). Default TELNYX_API_URL. */
  readonly apiUrl?: string;
  /** Telnyx's webhook public key (TELNYX_PUBLIC_KEY), base64 Ed25519. With `publicUrl`, the transfer's outcome is reported. */
  readonly publicKey?: string;
  /** dunbot's public base URL (DUNBOT_PUBLIC_URL), where Telnyx sends the transfer's webhooks. */
  readonly publicUrl?: string;
}

/** The webhook envelope, as far as the outcome needs it. */
const webhookSchema = z.object({
  data: z.object({
    event_type: z.string(),
    payload: z
      .looseObject({
        call_control_id: z.string().optional(),
        client_state: z.string().nullish(),
        hangup_cause: z.string().nullish(),
        sip_hangup_cause: z.string().nullish(),
      })
      .optional(),
  }),
});

/** The outcome of the new leg's `call.hangup` before it was answered, from Telnyx's `hangup_cause`. */
export function telnyxHangupOutcome(cause: string | undefined, sipCause: string | undefined): HandoffResult {
  const detail = `Telnyx hangup_cause ${cause ?? 'unknown'}${sipCause !== undefined ? ` (SIP ${sipCause})` : ''}`;
  switch (cause) {
    case 'user_busy':
      return { state: 'busy', reason: detail };
    case 'timeout':
    case 'no_answer':
      return { state: 'no_answer', reason: detail };
    case 'call_rejected':
      return { state: 'declined', reason: detail };
    case 'originator_cancel':
      return { state: 'cancelled', reason: detail };
    default:
      return { state: 'failed', reason: detail };
  }
}

/** Telnyx's error body `{ errors: [{ code, title, detail }] }` as one line. */
function telnyxErrorMessage(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || !('errors' in body) || !Array.isArray(body.errors)) return undefined;
  const first: unknown = body.errors[0];
  const code = stringField(first, 'code');
  const text = [stringField(first, 'title'), stringField(first, 'detail')].filter((part) => part !== undefined).join(': ');
  if (text === '') return code;
  return code !== undefined ? `${text} (code ${code})` : text;
}

/** What the event callbacks of one transfer need to know. */
interface TelnyxEvents {
  readonly publicKey: KeyObject;
  readonly clock: Clock;
  /** The caller's leg: its webhooks are told apart from the new leg's by this id. */
  readonly callerLegId: string;
  /** Sent as `target_leg_client_state`; Telnyx echoes it on every webhook of the new leg. */
  readonly clientState: string;
  readonly target: string;
  readonly log: Logger;
}

function telnyxEventsHandler(events: TelnyxEvents): TransferCallbackHandler {
  return {
    provider: 'telnyx',
    handle: (callback, settle) => {
      const signature = callback.headers['telnyx-signature-ed25519'];
      const timestamp = callback.headers['telnyx-timestamp'];
      if (typeof signature !== 'string' || typeof timestamp !== 'string') return undefined;
      if (!isValidTelnyxSignature(signature, timestamp, callback.body, events.publicKey, Math.floor(events.clock.nowMs() / 1000))) return undefined;
      if (callback.hook !== 'events') return { status: 404 };
      let parsed: z.infer<typeof webhookSchema>;
      try {
        parsed = webhookSchema.parse(JSON.parse(callback.body.toString('utf8')));
      } catch {
        // Authentic but unreadable: answered 200 all the same, since a retry would not read better.
        events.log.warn('telnyx webhook not understood');
        return { status: 200 };
      }
      const { event_type: eventType, payload } = parsed.data;
      const isCallerLeg = payload?.call_control_id === events.callerLegId && payload.client_state !== events.clientState;
      events.log.info('telnyx transfer webhook', { eventType, leg: isCallerLeg ? 'caller' : 'target' });
      // call.bridged is not read: Telnyx may bridge early media before the target answers.
      if (eventType === 'call.answered' && !isCallerLeg) settle({ state: 'bridged', target: events.target });
      if (eventType === 'call.hangup') {
        settle(isCallerLeg ? { state: 'cancelled', reason: 'the caller hung up before the transfer connected' } : telnyxHangupOutcome(payload?.hangup_cause ?? undefined, payload?.sip_hangup_cause ?? undefined));
      }
      return { status: 200 };
    },
  };
}

class TelnyxCallTransfer implements ProviderCallTransfer {
  readonly provider = 'telnyx';
  readonly #apiUrl: string;
  readonly #authorization: string;
  readonly #events: { readonly publicKey: KeyObject; readonly publicUrl: string } | undefined;
  readonly #runtime: TransferRuntime;

  constructor(settings: TelnyxHandoffSettings, deps: ProviderHandoffDeps) {
    this.#apiUrl = checkBaseUrl(settings.apiUrl ?? TELNYX_API_URL, 'Telnyx API URL (DUNBOT_TELNYX_API_URL)');
    this.#authorization = `Bearer ${checkSecret(settings.apiKey, 'Telnyx API key (TELNYX_API_KEY)')}`;
    this.#runtime = transferRuntime(settings, deps);
    const publicKey = settings.publicKey === undefined || settings.publicKey === '' ? undefined : parseTelnyxPublicKey(settings.publicKey);
    const publicUrl = settings.publicUrl === undefined || settings.publicUrl === '' ? undefined : checkBaseUrl(settings.publicUrl, 'public URL (DUNBOT_PUBLIC_URL)');
    this.#events = publicKey !== undefined && publicUrl !== undefined ? { publicKey, publicUrl } : undefined;
    if (this.#events === undefined) {
      this.#runtime.logger.warn('telnyx transfers report bridged when Telnyx accepts the command: set TELNYX_PUBLIC_KEY and DUNBOT_PUBLIC_URL to hear whether the target answered');
    }
  }

  async transfer(target: string, packet: HandoffPacket, signal: AbortSignal, options: TransferOptions = {}): Promise<HandoffResult> {
    const { logger, scheduler, callbacks, callerId, ringTimeoutS } = this.#runtime;
    const log = logger.child({ transfer: 'telnyx', handoffId: packet.handoffId, callId: packet.callId });
    const call = callToMove(target, packet, 'telnyx', 'call_control_id');
    if ('refused' in call) return call.refused;
    const callControlId = call.callId;

    const events = this.#events;
    const clientState = Buffer.from(`dunbot-handoff:${packet.handoffId}`, 'utf8').toString('base64');
    // Waiting before the command is sent: Telnyx's first webhook may arrive before its 200 does.
    const waiting =
      events === undefined
        ? undefined
        : callbacks.open(packet.handoffId, telnyxEventsHandler({ publicKey: events.publicKey, clock: scheduler, callerLegId: callControlId, clientState, target, log }));
    if (events !== undefined && waiting === undefined) return { state: 'failed', reason: 'a transfer of this hand-off is already waiting for Telnyx' };

    const body = {
      to: target,
      ...(callerId !== undefined ? { from: callerId } : {}),
      timeout_secs: ringSecondsLeft(scheduler, options.ringTimeoutMs, ringTimeoutS)(),
      // Telnyx ignores a command repeated with the same command_id within 60 s.
      command_id: packet.handoffId,
      ...(events !== undefined
        ? { webhook_url: callbackUrl(events.publicUrl, 'telnyx', packet.handoffId, 'events'), webhook_url_method: 'POST', target_leg_client_state: clientState }
        : {}),
    };
    const request = {
      method: 'POST',
      url: `${this.#apiUrl}/v2/calls/${encodePathSegment(callControlId)}/actions/transfer`,
      headers: { Authorization: this.#authorization, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    } as const;
    return moveCallerLeg({ provider: 'Telnyx', request, errorMessage: telnyxErrorMessage, acceptedDetail: 'Telnyx is dialling the target', target, ...(waiting !== undefined ? { waiting } : {}) }, signal, options, this.#runtime, log);
  }
}

/**
 * The Telnyx call transfer alone, for the webhook adapter or a registry that pairs transfers with
 * providers.
 */
export function createTelnyxCallTransfer(settings: TelnyxHandoffSettings, deps: ProviderHandoffDeps = {}): ProviderCallTransfer {
  return new TelnyxCallTransfer(settings, deps);
}

/**
 * Hands a Telnyx call to a person with Call Control's transfer command. With `publicKey` and
 * `publicUrl`, the outcome comes from Telnyx's signed webhooks (mount the callback routes, see
 * transfer-callback-routes.ts); without, `bridged` once Telnyx accepts the command.
 *
 * @example
 * const adapter = createTelnyxHandoff({ apiKey, publicKey, publicUrl: 'https://bot.example.com' }, { logger });
 * await adapter.onEscalate(handoff); // → { state: 'busy', reason: 'Telnyx hangup_cause user_busy (SIP 486)' }
 */
export function createTelnyxHandoff(settings: TelnyxHandoffSettings, deps: ProviderHandoffDeps = {}): HandoffAdapter {
  return createTransferHandoff('telnyx', createTelnyxCallTransfer(settings, deps));
}
