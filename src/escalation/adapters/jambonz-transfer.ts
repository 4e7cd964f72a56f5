import { z } from 'zod';
import type { Logger } from '../../log/logger.js';
import type { Clock } from '../../time/clock.js';
import type { HandoffAdapter, HandoffPacket, HandoffResult } from '../handoff.js';
import { isValidJambonzSignature } from './jambonz-signature.js';
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
import type { TransferCallbackHandler, TransferCallbackReply } from './transfer-callbacks.js';

/*
 * jambonz: the REST API's call update (`PUT /v1/Accounts/{account_sid}/Calls/{call_sid}`) with a
 * new `call_hook` replaces the call's application (ending the `listen` stream to dunbot) with the
 * verbs dunbot answers at `/handoff/jambonz/<id>/dial`: a `dial` of the target.
 *
 * Why `dial` and not `sip:refer`: a REFER hands the call back to the carrier or PBX upstream, which
 * must support it, and jambonz then only learns whether the REFER was accepted, never whether the
 * target answered. `dial` works with any carrier and reports what happened: its `confirmHook`
 * (`/answered`) runs when the target answers, before the bridge (→ bridged), and its `actionHook`
 * (`/result`) gives `dial_call_status` when the dial ends (busy, no-answer, failed…). Every
 * callback must carry a valid Jambonz-Signature (the account's webhook secret).
 *
 * The stream's first frame carries `callSid`, which the update takes (jambonz-serializer.ts).
 */

/** jambonz cloud's API; DUNBOT_JAMBONZ_API_URL points at a self-hosted one. */
export const JAMBONZ_API_URL = 'https://api.jambonz.cloud';

/** How `createJambonzHandoff` and `createJambonzCallTransfer` are set up. */
export interface JambonzHandoffSettings extends CommonTransferSettings {
  /** The account's SID (JAMBONZ_ACCOUNT_SID). */
  readonly accountSid: string;
  /** An account-level API key (JAMBONZ_API_KEY), sent as a Bearer token. Never logged. */
  readonly apiKey: string;
  /** The account's webhook secret (JAMBONZ_WEBHOOK_SECRET), which signs jambonz's callbacks. Never logged. */
  readonly webhookSecret: string;
  /** Base URL of the API, without `/v1` (DUNBOT_JAMBONZ_API_URL). Default JAMBONZ_API_URL. */
  readonly apiUrl?: string;
  /** dunbot's public base URL (DUNBOT_PUBLIC_URL), where jambonz fetches the dial verb and reports the outcome. */
  readonly publicUrl: string;
}

/** A `dial` target, as the verb takes it. */
type JambonzTarget = { readonly type: 'phone'; readonly number: string } | { readonly type: 'sip'; readonly sipUri: string };

/** The verbs the call runs instead of its application: dial the target, confirm and report to dunbot. */
export function jambonzDialVerbs(options: { readonly target: string; readonly timeoutS: number; readonly callerId?: string; readonly answeredUrl: string; readonly resultUrl: string }): readonly Record<string, unknown>[] {
  const target: JambonzTarget = /^sips?:/i.test(options.target) ? { type: 'sip', sipUri: options.target } : { type: 'phone', number: options.target };
  return [
    {
      verb: 'dial',
      target: [target],
      timeout: options.timeoutS,
      ...(options.callerId !== undefined ? { callerId: options.callerId } : {}),
      confirmHook: options.answeredUrl,
      actionHook: options.resultUrl,
    },
  ];
}

/** The outcome of a finished dial, from jambonz's `dial_call_status`. */
export function jambonzDialOutcome(status: string | undefined, sipStatus: number | undefined, target: string): HandoffResult {
  const detail = `jambonz dial_call_status ${status ?? 'missing'}${sipStatus !== undefined ? ` (SIP ${sipStatus})` : ''}`;
  switch (status) {
    case 'completed':
      return { state: 'bridged', target };
    case 'busy':
      return { state: 'busy', reason: detail };
    case 'no-answer':
      return { state: 'no_answer', reason: detail };
    default:
      return { state: 'failed', reason: detail };
  }
}

const actionHookSchema = z.looseObject({ dial_call_status: z.string().optional(), dial_sip_status: z.union([z.number().int(), z.string().regex(/^\d{3}$/).transform(Number)]).optional() });

/** jambonz's error body `{ msg }` (or `{ message }`). */
function jambonzErrorMessage(body: unknown): string | undefined {
  return stringField(body, 'msg') ?? stringField(body, 'message') ?? stringField(body, 'error');
}

/** What the callbacks of one transfer need to know. */
interface JambonzCallbacks {
  readonly webhookSecret: string;
  readonly clock: Clock;
  readonly urlOf: (hook: string) => string;
  readonly target: string;
  /** The ring time to send when the dial is fetched. */
  readonly secondsLeft: () => number;
  readonly callerId: string | undefined;
  readonly log: Logger;
}

function jambonzCallbackHandler(jambonz: JambonzCallbacks): TransferCallbackHandler {
  const verbs = (list: readonly Record<string, unknown>[]): TransferCallbackReply => ({ status: 200, contentType: 'application/json', body: JSON.stringify(list) });
  return {
    provider: 'jambonz',
    handle: (callback, settle) => {
      const signature = callback.headers['jambonz-signature'];
      if (typeof signature !== 'string' || !isValidJambonzSignature(signature, callback.body, jambonz.webhookSecret, Math.floor(jambonz.clock.nowMs() / 1000))) return undefined;
      switch (callback.hook) {
        case 'dial':
          jambonz.log.info('jambonz fetched the dial verb');
          return verbs(jambonzDialVerbs({ target: jambonz.target, timeoutS: jambonz.secondsLeft(), answeredUrl: jambonz.urlOf('answered'), resultUrl: jambonz.urlOf('result'), ...(jambonz.callerId !== undefined ? { callerId: jambonz.callerId } : {}) }));
        case 'answered':
          // The target picked up; no verbs to run on its leg, so jambonz bridges it at once.
          settle({ state: 'bridged', target: jambonz.target });
          return verbs([]);
        case 'result': {
          let status: string | undefined;
          let sipStatus: number | undefined;
          try {
            const parsed = actionHookSchema.parse(JSON.parse(callback.body.toString('utf8')));
            status = parsed.dial_call_status;
            sipStatus = parsed.dial_sip_status;
          } catch {
            // Unreadable: reported as failed with the status missing.
          }
          const result = jambonzDialOutcome(status, sipStatus, jambonz.target);
          jambonz.log.info('jambonz dial ended', { state: result.state, reason: result.reason });
          settle(result);
          // No verbs after the dial: the application ends, and the call with it.
          return verbs([]);
        }
        default:
          return { status: 404 };
      }
    },
  };
}

class JambonzCallTransfer implements ProviderCallTransfer {
  readonly provider = 'jambonz';
  readonly #callsUrl: string;
  readonly #authorization: string;
  readonly #webhookSecret: string;
  readonly #publicUrl: string;
  readonly #runtime: TransferRuntime;

  constructor(settings: JambonzHandoffSettings, deps: ProviderHandoffDeps) {
    const apiUrl = checkBaseUrl(settings.apiUrl ?? JAMBONZ_API_URL, 'jambonz API URL (DUNBOT_JAMBONZ_API_URL)');
    const accountSid = checkSecret(settings.accountSid, 'jambonz account SID (JAMBONZ_ACCOUNT_SID)');
    this.#authorization = `Bearer ${checkSecret(settings.apiKey, 'jambonz API key (JAMBONZ_API_KEY)')}`;
    this.#webhookSecret = checkSecret(settings.webhookSecret, 'jambonz webhook secret (JAMBONZ_WEBHOOK_SECRET)');
    this.#publicUrl = checkBaseUrl(checkSecret(settings.publicUrl, 'public URL (DUNBOT_PUBLIC_URL) for jambonz transfers'), 'public URL (DUNBOT_PUBLIC_URL)');
    this.#callsUrl = `${apiUrl}/v1/Accounts/${encodePathSegment(accountSid)}/Calls`;
    this.#runtime = transferRuntime(settings, deps);
  }

  async transfer(target: string, packet: HandoffPacket, signal: AbortSignal, options: TransferOptions = {}): Promise<HandoffResult> {
    const { logger, scheduler, callbacks, callerId, ringTimeoutS } = this.#runtime;
    const log = logger.child({ transfer: 'jambonz', handoffId: packet.handoffId, callId: packet.callId });
    const call = callToMove(target, packet, 'jambonz', 'callSid');
    if ('refused' in call) return call.refused;

    const urlOf = (hook: string): string => callbackUrl(this.#publicUrl, 'jambonz', packet.handoffId, hook);
    const secondsLeft = ringSecondsLeft(scheduler, options.ringTimeoutMs, ringTimeoutS);
    // Waiting before the request is sent: jambonz may fetch the verbs before its 202 arrives.
    const waiting = callbacks.open(packet.handoffId, jambonzCallbackHandler({ webhookSecret: this.#webhookSecret, clock: scheduler, urlOf, target, secondsLeft, callerId, log }));
    if (waiting === undefined) return { state: 'failed', reason: 'a transfer of this hand-off is already waiting for jambonz' };

    const request = {
      method: 'PUT',
      url: `${this.#callsUrl}/${encodePathSegment(call.callId)}`,
      headers: { Authorization: this.#authorization, 'Content-Type': 'application/json' },
      body: JSON.stringify({ call_hook: { url: urlOf('dial'), method: 'POST' } }),
    } as const;
    return moveCallerLeg({ provider: 'jambonz', request, errorMessage: jambonzErrorMessage, acceptedDetail: 'jambonz is moving the call to the dial verb', target, waiting }, signal, options, this.#runtime, log);
  }
}

/** The jambonz call transfer alone, for the webhook adapter or a registry that pairs transfers with providers. */
export function createJambonzCallTransfer(settings: JambonzHandoffSettings, deps: ProviderHandoffDeps = {}): ProviderCallTransfer {
  return new JambonzCallTransfer(settings, deps);
}

/**
 * Hands a jambonz call to a person: the call's application is replaced by a `dial` served by
 * dunbot, and the outcome comes from jambonz's signed dial callbacks (mount the callback routes,
 * see transfer-callback-routes.ts).
 *
 * @example
 * const adapter = createJambonzHandoff({ accountSid, apiKey, webhookSecret, publicUrl: 'https://bot.example.com' }, { logger });
 * await adapter.onEscalate(handoff); // → { state: 'bridged', target: 'sip:desk@pbx.example.com' }
 */
export function createJambonzHandoff(settings: JambonzHandoffSettings, deps: ProviderHandoffDeps = {}): HandoffAdapter {
  return createTransferHandoff('jambonz', createJambonzCallTransfer(settings, deps));
}
