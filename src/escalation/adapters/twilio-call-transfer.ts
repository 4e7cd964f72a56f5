import { DunbotError } from '../../errors.js';
import { silentLogger, type Logger } from '../../log/logger.js';
import { systemScheduler, type Scheduler } from '../../time/scheduler.js';
import { isTransferTarget, type CallTransfer } from '../call-transfer.js';
import type { HandoffPacket, HandoffResult } from '../handoff.js';
import { abortOutcome } from './abort-outcome.js';
import { BAD_TARGET_REASON, checkBaseUrl, checkSecret, DEFAULT_REQUEST_TIMEOUT_MS } from './provider-transfer.js';
import { TWILIO_ACCOUNT_SID, TWILIO_API_URL, TWILIO_CALL_SID, TwilioCallsApi } from './twilio-calls-api.js';

/** How `createTwilioCallTransfer` is built. */
export interface TwilioCallTransferOptions {
  /** The account the calls belong to (`AC…`). */
  readonly accountSid: string;
  /** The account's auth token (TWILIO_AUTH_TOKEN). Never logged. */
  readonly authToken: string;
  /** Base URL of the REST API, without a path. Default `TWILIO_API_URL`. */
  readonly apiUrl?: string;
  readonly logger?: Logger;
  /** Times the request. Default: real time. */
  readonly scheduler?: Scheduler;
  /** Longest wait for Twilio's answer, in ms. Default 10 000. */
  readonly requestTimeoutMs?: number;
}

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => XML_ESCAPES[char] ?? char);
}

/** The TwiML that replaces the call's media stream: dial the target, as a SIP URI or a number. */
export function transferTwiml(target: string): string {
  const noun = /^sips?:/i.test(target) ? 'Sip' : 'Number';
  return `<Response><Dial><${noun}>${escapeXml(target)}</${noun}></Dial></Response>`;
}

/**
 * Puts a Twilio call through to a person by replacing its TwiML: the Calls REST update with
 * `<Dial>` ends the media stream to dunbot and dials the target from the same call, so the caller
 * never hangs up. A 2xx means Twilio took the new instructions (`bridged`); Twilio then rings the
 * target on its own, and whether that person answers is no longer dunbot's to see. Any other
 * status is `failed` with Twilio's error code and message. One attempt: the caller is waiting,
 * and a refused update (a call already ended, a bad target) does not get better by repeating it.
 * The update goes through TwilioCallsApi, the one way dunbot talks to Twilio's Calls API.
 */
export function createTwilioCallTransfer(options: TwilioCallTransferOptions): CallTransfer {
  if (!TWILIO_ACCOUNT_SID.test(options.accountSid)) throw new DunbotError('DUN_ERR_CONFIG_INVALID', 'Twilio account SID (TWILIO_ACCOUNT_SID) must be AC followed by 32 hex digits');
  const api = new TwilioCallsApi({
    apiUrl: checkBaseUrl(options.apiUrl ?? TWILIO_API_URL, 'Twilio API URL (DUNBOT_TWILIO_API_URL)'),
    accountSid: options.accountSid,
    authToken: checkSecret(options.authToken, 'Twilio auth token (TWILIO_AUTH_TOKEN)'),
    requestTimeoutMs: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    scheduler: options.scheduler ?? systemScheduler,
  });
  const logger = options.logger ?? silentLogger;

  async function transfer(target: string, packet: HandoffPacket, signal: AbortSignal): Promise<HandoffResult> {
    const log = logger.child({ transfer: 'twilio', handoffId: packet.handoffId, callId: packet.callId });
    if (!isTransferTarget(target)) return { state: 'failed', reason: BAD_TARGET_REASON };
    const callSid = packet.telephony?.provider === 'twilio' ? packet.telephony.callId : undefined;
    if (callSid === undefined || !TWILIO_CALL_SID.test(callSid)) return { state: 'failed', reason: 'no Twilio CallSid for this call, so there is no call to transfer' };
    const moved = await api.updateCall(callSid, new URLSearchParams({ Twiml: transferTwiml(target) }), signal);
    if (signal.aborted) return { state: abortOutcome(signal), reason: 'the hand-off ended before Twilio confirmed the transfer' };
    if (!moved.ok) {
      log.warn('twilio call transfer failed', { reason: moved.reason, callSid });
      return { state: 'failed', reason: moved.reason };
    }
    log.info('twilio call transferred', { callSid });
    return { state: 'bridged', target };
  }

  return { provider: 'twilio', transfer };
}
