import type { Scheduler } from '../../time/scheduler.js';
import { sendProviderRequest, stringField, type ProviderReply } from './provider-api.js';

/** Twilio's REST API; overridable (DUNBOT_TWILIO_API_URL) for a regional edge or a local test server. */
export const TWILIO_API_URL = 'https://api.twilio.com';

/** A Twilio account SID, as the API's paths take it. */
export const TWILIO_ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
/** A Twilio CallSid: checked, not only encoded, before it goes into a request path. */
export const TWILIO_CALL_SID = /^CA[0-9a-fA-F]{32}$/;

/** What a request to Twilio's Calls API came to: the resource Twilio returned, or why there is none. */
export type TwilioCallsReply = { readonly ok: true; readonly call: TwilioCallResource } | { readonly ok: false; readonly reason: string };

/** The fields of a Call resource dunbot reads. */
export interface TwilioCallResource {
  readonly sid?: string;
  readonly status?: string;
  readonly to?: string;
  readonly from?: string;
  /** `inbound`, `outbound-api` or `outbound-dial`. */
  readonly direction?: string;
}

/** The fields of a Call resource that are read, all text. */
const CALL_FIELDS = ['sid', 'status', 'to', 'from', 'direction'] as const satisfies readonly (keyof TwilioCallResource)[];

/** How to reach the Calls API of one account. */
export interface TwilioCallsApiOptions {
  /** `https://api.twilio.com`, or a stand-in for tests and staging. */
  readonly apiUrl: string;
  readonly accountSid: string;
  readonly authToken: string;
  /** Longest time one request may take, answer included. */
  readonly requestTimeoutMs: number;
  readonly scheduler: Scheduler;
}

/** Twilio's error body `{ code, message, status, more_info }` as one line. */
function twilioErrorMessage(body: unknown): string | undefined {
  const message = stringField(body, 'message');
  const code: unknown = typeof body === 'object' && body !== null && 'code' in body ? body.code : undefined;
  const codeText = typeof code === 'number' || typeof code === 'string' ? ` (error ${code})` : '';
  return message === undefined ? undefined : `${message}${codeText}`;
}

/** The Call resource's fields from a JSON reply; none when it is not one. */
function callResource(body: Buffer | undefined): TwilioCallResource {
  let parsed: unknown;
  try {
    parsed = body === undefined ? undefined : JSON.parse(body.toString('utf8'));
  } catch {
    // Not JSON (a proxy's page): the status alone says what happened.
    return {};
  }
  return Object.fromEntries(CALL_FIELDS.flatMap((name): [string, string][] => {
    const value = stringField(parsed, name);
    return value === undefined ? [] : [[name, value]];
  }));
}

/**
 * The requests the Twilio hand-offs make to the Calls API (`/2010-04-01/Accounts/{sid}/Calls`):
 * create a call, update a call (new TwiML, or hang it up) and read one. HTTP basic auth with the
 * account SID and auth token, through the one request path every provider API shares (bounded in
 * time, never following a redirect). Every request resolves — a refusal, a timeout or an
 * unreachable API is a reply with a reason, never a rejection — because a transfer must always
 * come to an outcome.
 */
export class TwilioCallsApi {
  private readonly callsUrl: string;
  private readonly authorization: string;

  constructor(private readonly options: TwilioCallsApiOptions) {
    this.callsUrl = `${options.apiUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(options.accountSid)}/Calls`;
    this.authorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;
  }

  /**
   * `POST Calls.json`: dials a new call. Not cut short by the hand-off's end: a dial request cut off
   * mid-way may still have created the call, whose CallSid is then needed to hang it up.
   */
  createCall(form: URLSearchParams): Promise<TwilioCallsReply> {
    return this.request('POST', `${this.callsUrl}.json`, form);
  }

  /** `POST Calls/{CallSid}.json`: gives a live call new TwiML, or ends it (`Status`); `signal` cuts the wait short. */
  updateCall(callSid: string, form: URLSearchParams, signal?: AbortSignal): Promise<TwilioCallsReply> {
    return this.request('POST', `${this.callsUrl}/${encodeURIComponent(callSid)}.json`, form, signal);
  }

  /** `GET Calls/{CallSid}.json`: reads a call. */
  fetchCall(callSid: string): Promise<TwilioCallsReply> {
    return this.request('GET', `${this.callsUrl}/${encodeURIComponent(callSid)}.json`);
  }

  private async request(method: 'GET' | 'POST', url: string, form?: URLSearchParams, signal?: AbortSignal): Promise<TwilioCallsReply> {
    const reply: ProviderReply = await sendProviderRequest(
      {
        provider: 'Twilio',
        method,
        url,
        headers: { Authorization: this.authorization, ...(form !== undefined ? { 'Content-Type': 'application/x-www-form-urlencoded' } : {}) },
        ...(form !== undefined ? { body: form.toString() } : {}),
      },
      { signal, scheduler: this.options.scheduler, timeoutMs: this.options.requestTimeoutMs, errorMessage: twilioErrorMessage, readReply: true },
    );
    switch (reply.kind) {
      case 'accepted':
        return { ok: true, call: callResource(reply.body) };
      case 'aborted':
        return { ok: false, reason: 'the hand-off ended before Twilio answered' };
      default:
        return { ok: false, reason: reply.reason };
    }
  }
}
