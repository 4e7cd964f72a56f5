import { randomUUID, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DunbotError } from '../../errors.js';
import type { HandoffAdapter, HandoffPacket, HandoffResult } from '../handoff.js';
import { callToMove, moveCallerLeg } from './move-caller-leg.js';
import { stringField } from './provider-api.js';
import {
  checkBaseUrl,
  checkSecret,
  createTransferHandoff,
  digitsOnly,
  encodePathSegment,
  ringSecondsLeft,
  transferRuntime,
  type CommonTransferSettings,
  type ProviderCallTransfer,
  type ProviderHandoffDeps,
  type TransferOptions,
  type TransferRuntime,
} from './provider-transfer.js';
import { createVonageJwt, parseVonagePrivateKey } from './vonage-jwt.js';

/*
 * Vonage Voice API: `PUT /v1/calls/{uuid}` with `action: transfer` gives the caller's leg a new
 * NCCO, a `connect` to the target. Vonage answers 204 and runs it; whether the target answers
 * would come to an event URL as `status` events, which Vonage signs only in a preview feature, so
 * dunbot does not ask for them: a 204 is reported `bridged`.
 *
 * The call's uuid does not reach dunbot on its own: Vonage's `websocket:connected` carries no call
 * id (vonage-serializer.ts), so `packet.telephony.callId` is empty and every Vonage transfer fails
 * with that reason until the stream is given the uuid (see docs/handoff-providers.md).
 */

/** Vonage's API; DUNBOT_VONAGE_API_URL overrides it (a regional endpoint, a test server). */
export const VONAGE_API_URL = 'https://api.nexmo.com';

/** How `createVonageHandoff` and `createVonageCallTransfer` are set up. */
export interface VonageHandoffSettings extends CommonTransferSettings {
  /** The Vonage application's id (VONAGE_APPLICATION_ID), the JWT's `application_id`. */
  readonly applicationId: string;
  /** Path of the application's private key file (VONAGE_PRIVATE_KEY_PATH), read once at start. */
  readonly privateKeyPath?: string;
  /** The private key itself (PEM), instead of a path. Never logged. */
  readonly privateKey?: string;
  /** Base URL of the API, without `/v1` (DUNBOT_VONAGE_API_URL). Default VONAGE_API_URL. */
  readonly apiUrl?: string;
}

/** A `connect` endpoint, as the NCCO takes it. */
type VonageEndpoint = { readonly type: 'phone'; readonly number: string } | { readonly type: 'sip'; readonly uri: string };

/** The NCCO the caller's leg runs: connect to the target, ringing at most `timeoutS`. */
export function vonageTransferNcco(options: { readonly target: string; readonly timeoutS: number; readonly callerId?: string }): readonly Record<string, unknown>[] {
  // Vonage writes numbers without the `+`.
  const endpoint: VonageEndpoint = /^sips?:/i.test(options.target) ? { type: 'sip', uri: options.target } : { type: 'phone', number: digitsOnly(options.target) };
  return [{ action: 'connect', timeout: options.timeoutS, ...(options.callerId !== undefined ? { from: digitsOnly(options.callerId) } : {}), endpoint: [endpoint] }];
}

/** Vonage's error body `{ type, title, detail, invalid_parameters }` (or the older `error_title`). */
function vonageErrorMessage(body: unknown): string | undefined {
  const title = stringField(body, 'title') ?? stringField(body, 'error_title');
  const detail = stringField(body, 'detail');
  const text = [title, detail].filter((part) => part !== undefined).join(': ');
  const invalid: unknown = typeof body === 'object' && body !== null && 'invalid_parameters' in body ? body.invalid_parameters : undefined;
  const extra = Array.isArray(invalid) && invalid.length > 0 ? ` ${JSON.stringify(invalid)}` : '';
  return text === '' ? undefined : `${text}${extra}`;
}

function readPrivateKey(settings: VonageHandoffSettings): KeyObject {
  if (settings.privateKey !== undefined && settings.privateKey !== '') return parseVonagePrivateKey(settings.privateKey);
  const path = checkSecret(settings.privateKeyPath, 'Vonage private key path (VONAGE_PRIVATE_KEY_PATH)');
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new DunbotError('DUN_ERR_CONFIG_INVALID', `Vonage private key (VONAGE_PRIVATE_KEY_PATH) could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseVonagePrivateKey(pem);
}

class VonageCallTransfer implements ProviderCallTransfer {
  readonly provider = 'vonage';
  readonly #callsUrl: string;
  readonly #applicationId: string;
  readonly #privateKey: KeyObject;
  readonly #runtime: TransferRuntime;

  constructor(settings: VonageHandoffSettings, deps: ProviderHandoffDeps) {
    this.#callsUrl = `${checkBaseUrl(settings.apiUrl ?? VONAGE_API_URL, 'Vonage API URL (DUNBOT_VONAGE_API_URL)')}/v1/calls`;
    this.#applicationId = checkSecret(settings.applicationId, 'Vonage application ID (VONAGE_APPLICATION_ID)');
    this.#privateKey = readPrivateKey(settings);
    this.#runtime = transferRuntime(settings, deps);
  }

  async transfer(target: string, packet: HandoffPacket, signal: AbortSignal, options: TransferOptions = {}): Promise<HandoffResult> {
    const { logger, scheduler, callerId, ringTimeoutS } = this.#runtime;
    const log = logger.child({ transfer: 'vonage', handoffId: packet.handoffId, callId: packet.callId });
    const call = callToMove(target, packet, 'vonage', 'call uuid');
    if ('refused' in call) return call.refused;

    const ncco = vonageTransferNcco({ target, timeoutS: ringSecondsLeft(scheduler, options.ringTimeoutMs, ringTimeoutS)(), ...(callerId !== undefined ? { callerId } : {}) });
    // A fresh token per request: it expires in minutes, and a call may wait longer than that.
    const token = createVonageJwt(this.#applicationId, this.#privateKey, Math.floor(scheduler.nowMs() / 1000), randomUUID());
    const request = {
      method: 'PUT',
      url: `${this.#callsUrl}/${encodePathSegment(call.callId)}`,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ action: 'transfer', destination: { type: 'ncco', ncco } }),
    } as const;
    // No callbacks to wait for (see above): Vonage's acceptance is the outcome.
    return moveCallerLeg({ provider: 'Vonage', request, errorMessage: vonageErrorMessage, acceptedDetail: 'Vonage is connecting the target', target }, signal, options, this.#runtime, log);
  }
}

/** The Vonage call transfer alone, for the webhook adapter or a registry that pairs transfers with providers. */
export function createVonageCallTransfer(settings: VonageHandoffSettings, deps: ProviderHandoffDeps = {}): ProviderCallTransfer {
  return new VonageCallTransfer(settings, deps);
}

/**
 * Hands a Vonage call to a person by transferring it to an NCCO that connects the target.
 * `bridged` once Vonage accepts the transfer; busy and no-answer are not reported.
 *
 * @example
 * const adapter = createVonageHandoff({ applicationId, privateKeyPath: './private.key' }, { logger });
 * await adapter.onEscalate(handoff); // → { state: 'bridged', target: '+15551234567' }
 */
export function createVonageHandoff(settings: VonageHandoffSettings, deps: ProviderHandoffDeps = {}): HandoffAdapter {
  return createTransferHandoff('vonage', createVonageCallTransfer(settings, deps));
}
