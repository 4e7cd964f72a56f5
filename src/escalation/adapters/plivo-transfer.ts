import type { Logger } from '../../log/logger.js';
import type { HandoffAdapter, HandoffPacket, HandoffResult } from '../handoff.js';
import { isValidPlivoSignatureV3, plivoParams } from './plivo-signature.js';
import { callToMove, moveCallerLeg } from './move-caller-leg.js';
import { stringField } from './provider-api.js';
import {
  callbackUrl,
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
import type { TransferCallbackHandler, TransferCallbackReply } from './transfer-callbacks.js';

/*
 * Plivo: the Call API's transfer (`POST /v1/Account/{auth_id}/Call/{call_uuid}/`, `legs: aleg`)
 * moves the caller's leg to new XML, fetched from dunbot at `/handoff/plivo/<id>/dial`, which
 * dials the target. That ends the <Stream> to dunbot. Plivo then reports the new leg at two more
 * URLs: `events` (the Dial's callbackUrl: DialAction `answer` → bridged) and `result` (the Dial's
 * action: DialStatus busy, no-answer, timeout, failed…), answered with <Hangup/> because nothing
 * brings the caller back to the bot. Every callback must carry a valid X-Plivo-Signature-V3.
 *
 * The stream's `start.callId` is the call's CallUUID, which the transfer takes (plivo-serializer.ts).
 */

/** Plivo's API; DUNBOT_PLIVO_API_URL overrides it (a proxy, a test server). */
export const PLIVO_API_URL = 'https://api.plivo.com';

/** How `createPlivoHandoff` and `createPlivoCallTransfer` are set up. */
export interface PlivoHandoffSettings extends CommonTransferSettings {
  /** The account's auth ID (PLIVO_AUTH_ID), `MA…` or `SA…`. */
  readonly authId: string;
  /** The account's auth token (PLIVO_AUTH_TOKEN): API basic auth and the key of Plivo's signatures. Never logged. */
  readonly authToken: string;
  /** Base URL of the API, without `/v1` (DUNBOT_PLIVO_API_URL). Default PLIVO_API_URL. */
  readonly apiUrl?: string;
  /** dunbot's public base URL (DUNBOT_PUBLIC_URL), where Plivo fetches the Dial XML and reports the outcome. */
  readonly publicUrl: string;
}

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => XML_ESCAPES[char] ?? char);
}

/** The XML the caller's leg runs: dial the target, report to `events` and `result`. */
export function plivoDialXml(options: { readonly target: string; readonly timeoutS: number; readonly callerId?: string; readonly eventsUrl: string; readonly resultUrl: string }): string {
  // Plivo writes numbers without the `+`; a SIP URI is a <User>.
  const noun = /^sips?:/i.test(options.target) ? `<User>${escapeXml(options.target)}</User>` : `<Number>${escapeXml(digitsOnly(options.target))}</Number>`;
  const attributes = [
    `timeout="${options.timeoutS}"`,
    ...(options.callerId !== undefined ? [`callerId="${escapeXml(digitsOnly(options.callerId))}"`] : []),
    `action="${escapeXml(options.resultUrl)}"`,
    'method="POST"',
    `callbackUrl="${escapeXml(options.eventsUrl)}"`,
    'callbackMethod="POST"',
  ];
  return `<?xml version="1.0" encoding="UTF-8"?><Response><Dial ${attributes.join(' ')}>${noun}</Dial></Response>`;
}

/** What the caller's leg does after the Dial: hang up, since it cannot go back to the bot's stream. */
const HANGUP_XML = '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>';

/** The outcome of a finished Dial, from Plivo's DialStatus. */
export function plivoDialOutcome(dialStatus: string | undefined, hangupCause: string | undefined, target: string): HandoffResult {
  const detail = `Plivo DialStatus ${dialStatus ?? 'missing'}${hangupCause !== undefined ? ` (${hangupCause})` : ''}`;
  switch (dialStatus) {
    case 'completed':
      return { state: 'bridged', target };
    case 'busy':
      return { state: 'busy', reason: detail };
    case 'no-answer':
    case 'timeout':
      return { state: 'no_answer', reason: detail };
    case 'cancel':
      return { state: 'cancelled', reason: detail };
    default:
      return { state: 'failed', reason: detail };
  }
}

/** Plivo's error body `{ api_id, error }` (a string, or fields with their problems). */
function plivoErrorMessage(body: unknown): string | undefined {
  const error: unknown = typeof body === 'object' && body !== null && 'error' in body ? body.error : undefined;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null) return JSON.stringify(error);
  return stringField(body, 'message');
}

/** What the callbacks of one transfer need to know. */
interface PlivoCallbacks {
  readonly authToken: string;
  /** The callback URL of `hook`, exactly as given to Plivo: what Plivo signs. */
  readonly urlOf: (hook: string) => string;
  readonly target: string;
  /** The ring time to send when the dial is fetched. */
  readonly secondsLeft: () => number;
  readonly callerId: string | undefined;
  readonly log: Logger;
}

function plivoCallbackHandler(plivo: PlivoCallbacks): TransferCallbackHandler {
  const xml = (body: string): TransferCallbackReply => ({ status: 200, contentType: 'text/xml', body });
  return {
    provider: 'plivo',
    handle: (callback, settle) => {
      const signature = callback.headers['x-plivo-signature-v3'];
      const nonce = callback.headers['x-plivo-signature-v3-nonce'];
      if (typeof signature !== 'string' || typeof nonce !== 'string' || callback.method !== 'POST') return undefined;
      const form = plivoParams(callback.body.toString('utf8'));
      if (!isValidPlivoSignatureV3(signature, nonce, 'POST', `${plivo.urlOf(callback.hook)}${callback.search}`, form, plivo.authToken)) return undefined;
      const field = (name: string): string | undefined => form[name]?.[0];
      switch (callback.hook) {
        case 'dial':
          plivo.log.info('plivo fetched the dial xml');
          return xml(plivoDialXml({ target: plivo.target, timeoutS: plivo.secondsLeft(), eventsUrl: plivo.urlOf('events'), resultUrl: plivo.urlOf('result'), ...(plivo.callerId !== undefined ? { callerId: plivo.callerId } : {}) }));
        case 'events': {
          const action = field('DialAction');
          plivo.log.info('plivo dial event', { dialAction: action });
          if (action === 'answer' || action === 'connected') settle({ state: 'bridged', target: plivo.target });
          return { status: 200 };
        }
        case 'result': {
          const result = plivoDialOutcome(field('DialStatus'), field('DialHangupCause') ?? field('DialBLegHangupCause'), plivo.target);
          plivo.log.info('plivo dial ended', { state: result.state, reason: result.reason });
          settle(result);
          return xml(HANGUP_XML);
        }
        default:
          return { status: 404 };
      }
    },
  };
}

class PlivoCallTransfer implements ProviderCallTransfer {
  readonly provider = 'plivo';
  readonly #callUrl: string;
  readonly #authorization: string;
  readonly #authToken: string;
  readonly #publicUrl: string;
  readonly #runtime: TransferRuntime;

  constructor(settings: PlivoHandoffSettings, deps: ProviderHandoffDeps) {
    const apiUrl = checkBaseUrl(settings.apiUrl ?? PLIVO_API_URL, 'Plivo API URL (DUNBOT_PLIVO_API_URL)');
    const authId = checkSecret(settings.authId, 'Plivo auth ID (PLIVO_AUTH_ID)');
    this.#authToken = checkSecret(settings.authToken, 'Plivo auth token (PLIVO_AUTH_TOKEN)');
    this.#publicUrl = checkBaseUrl(checkSecret(settings.publicUrl, 'public URL (DUNBOT_PUBLIC_URL) for Plivo transfers'), 'public URL (DUNBOT_PUBLIC_URL)');
    this.#callUrl = `${apiUrl}/v1/Account/${encodePathSegment(authId)}/Call`;
    this.#authorization = `Basic ${Buffer.from(`${authId}:${this.#authToken}`, 'utf8').toString('base64')}`;
    this.#runtime = transferRuntime(settings, deps);
  }

  async transfer(target: string, packet: HandoffPacket, signal: AbortSignal, options: TransferOptions = {}): Promise<HandoffResult> {
    const { logger, scheduler, callbacks, callerId, ringTimeoutS } = this.#runtime;
    const log = logger.child({ transfer: 'plivo', handoffId: packet.handoffId, callId: packet.callId });
    const call = callToMove(target, packet, 'plivo', 'CallUUID');
    if ('refused' in call) return call.refused;

    const urlOf = (hook: string): string => callbackUrl(this.#publicUrl, 'plivo', packet.handoffId, hook);
    const secondsLeft = ringSecondsLeft(scheduler, options.ringTimeoutMs, ringTimeoutS);
    // Waiting before the request is sent: Plivo may fetch the XML before its 202 arrives.
    const waiting = callbacks.open(packet.handoffId, plivoCallbackHandler({ authToken: this.#authToken, urlOf, target, secondsLeft, callerId, log }));
    if (waiting === undefined) return { state: 'failed', reason: 'a transfer of this hand-off is already waiting for Plivo' };

    const request = {
      method: 'POST',
      url: `${this.#callUrl}/${encodePathSegment(call.callId)}/`,
      headers: { Authorization: this.#authorization, 'Content-Type': 'application/json' },
      body: JSON.stringify({ legs: 'aleg', aleg_url: urlOf('dial'), aleg_method: 'POST' }),
    } as const;
    return moveCallerLeg({ provider: 'Plivo', request, errorMessage: plivoErrorMessage, acceptedDetail: 'Plivo is moving the call to the dial XML', target, waiting }, signal, options, this.#runtime, log);
  }
}

/** The Plivo call transfer alone, for the webhook adapter or a registry that pairs transfers with providers. */
export function createPlivoCallTransfer(settings: PlivoHandoffSettings, deps: ProviderHandoffDeps = {}): ProviderCallTransfer {
  return new PlivoCallTransfer(settings, deps);
}

/**
 * Hands a Plivo call to a person with the Call API's transfer and a <Dial> served by dunbot; the
 * outcome comes from Plivo's signed Dial callbacks (mount the callback routes, see
 * transfer-callback-routes.ts).
 *
 * @example
 * const adapter = createPlivoHandoff({ authId, authToken, publicUrl: 'https://bot.example.com' }, { logger });
 * await adapter.onEscalate(handoff); // → { state: 'no_answer', reason: 'Plivo DialStatus no-answer' }
 */
export function createPlivoHandoff(settings: PlivoHandoffSettings, deps: ProviderHandoffDeps = {}): HandoffAdapter {
  return createTransferHandoff('plivo', createPlivoCallTransfer(settings, deps));
}
