import type { Locale } from '../../domain/locale.js';
import { DunbotError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import { HANGUP_TWIML, TWIML_DECLARATION } from '../../telephony/twiml.js';
import { systemScheduler, type Scheduler, type TimerHandle } from '../../time/scheduler.js';
import { isTransferTarget } from '../call-transfer.js';
import type { Handoff, HandoffAdapter, HandoffResult } from '../handoff.js';
import { abortOutcome } from './abort-outcome.js';
import { TWILIO_ACCOUNT_SID, TWILIO_API_URL, TWILIO_CALL_SID, TwilioCallsApi } from './twilio-calls-api.js';
import { MAX_HANDOFF_ID_CHARS, sharedTwilioHandoffs, twilioHandoffPath, type PendingTwilioHandoff, type TwilioHandoffRegistry, type TwilioHandoffStep } from './twilio-handoff-registry.js';
import { briefingTwiml, callerGoneTwiml, conferenceTwiml, DECISION_GATHER_S, DEFAULT_AGENT_VOICES, type TwimlVoice } from './twilio-handoff-twiml.js';

/** The adapter's name, as configuration (DUNBOT_HANDOFF) and the call record name it. */
export const TWILIO_WARM_TRANSFER = 'twilio';

/** What the warm transfer is configured with; the environment variable each comes from is in brackets. */
export interface TwilioWarmTransferSettings {
  /** (DUNBOT_PUBLIC_URL) Where Twilio reaches dunbot: its origin starts every callback URL. Required. */
  readonly publicUrl?: string | undefined;
  /** (TWILIO_ACCOUNT_SID) The account whose Calls API dials the agent. Required. */
  readonly accountSid?: string | undefined;
  /** (TWILIO_AUTH_TOKEN) The API password, and the key Twilio signs its callbacks with. Required. */
  readonly authToken?: string | undefined;
  /** (DUNBOT_TWILIO_API_URL) Twilio's own API (TWILIO_API_URL) unless a stand-in for tests or staging is named. */
  readonly apiUrl?: string | undefined;
  /**
   * The number the agent's phone shows: a Twilio number or verified caller id of the account. Unset,
   * the Twilio number of the caller's own call is used (its `To` when the caller dialled in, its
   * `From` when dunbot's dialer called out), read from Twilio at each hand-off.
   */
  readonly callerId?: string | undefined;
  /** The `<Say>` voice for the agent's briefing, by the summary's locale (DEFAULT_AGENT_VOICES otherwise). */
  readonly voices?: Partial<Record<Locale, TwimlVoice>> | undefined;
  /** After the ring time, how long the briefing and the agent's choice may take before the transfer gives up. */
  readonly decisionTimeoutMs?: number | undefined;
  /** The longest one request to Twilio's API may take. */
  readonly requestTimeoutMs?: number | undefined;
}

/** The server settings the warm transfer reads (ServerConfig has them). */
export interface TwilioWarmTransferConfig {
  readonly publicUrl?: string | undefined;
  readonly twilioAccountSid?: string | undefined;
  readonly twilioAuthToken?: string | undefined;
  readonly twilioApiUrl?: string | undefined;
  /** DUNBOT_HANDOFF_CALLER_ID, when the configuration has it. */
  readonly handoffCallerId?: string | undefined;
}

/** The warm transfer's settings from the server configuration. */
export function twilioWarmTransferSettingsFrom(config: TwilioWarmTransferConfig): TwilioWarmTransferSettings {
  return { publicUrl: config.publicUrl, accountSid: config.twilioAccountSid, authToken: config.twilioAuthToken, apiUrl: config.twilioApiUrl, callerId: config.handoffCallerId };
}

/** What the warm transfer runs on. */
export interface TwilioWarmTransferDeps {
  readonly logger: Logger;
  /** Timers and the clock; real time by default. */
  readonly scheduler?: Scheduler;
  /** Where the HTTP routes find transfers in progress; the process's shared registry by default. */
  readonly handoffs?: TwilioHandoffRegistry;
}

const DEFAULT_DECISION_TIMEOUT_MS = 120_000;
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** Twilio rings a dialled call for at most 600 s. */
const MAX_RING_S = 600;

/** The agent leg's progress events Twilio posts to the status callback. */
const STATUS_CALLBACK_EVENTS = ['initiated', 'ringing', 'answered', 'completed'] as const;

interface ValidSettings {
  readonly origin: string;
  readonly accountSid: string;
  readonly authToken: string;
  readonly apiUrl: string;
  readonly callerId: string | undefined;
  readonly voices: Readonly<Record<Locale, TwimlVoice>>;
  readonly decisionTimeoutMs: number;
  readonly requestTimeoutMs: number;
}

function httpUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Checks the settings at start, every problem at once, naming the variable to set. */
function validSettings(settings: TwilioWarmTransferSettings): ValidSettings {
  const problems: string[] = [];
  const publicUrl = settings.publicUrl === undefined ? undefined : httpUrl(settings.publicUrl);
  if (settings.publicUrl === undefined) problems.push('DUNBOT_PUBLIC_URL is required: Twilio calls dunbot back at it');
  else if (publicUrl === undefined) problems.push('DUNBOT_PUBLIC_URL must be an http(s) URL');
  if (settings.accountSid === undefined) problems.push('TWILIO_ACCOUNT_SID is required: the agent is dialled with the account\'s Calls API');
  else if (!TWILIO_ACCOUNT_SID.test(settings.accountSid)) problems.push('TWILIO_ACCOUNT_SID must be AC followed by 32 hex digits');
  if (settings.authToken === undefined || settings.authToken === '') problems.push('TWILIO_AUTH_TOKEN is required: it authenticates the API requests and Twilio\'s callbacks');
  const apiUrl = settings.apiUrl ?? TWILIO_API_URL;
  if (httpUrl(apiUrl) === undefined) problems.push('DUNBOT_TWILIO_API_URL must be an http(s) URL');
  if (settings.callerId !== undefined && !isTransferTarget(settings.callerId)) problems.push('DUNBOT_HANDOFF_CALLER_ID must be a number in E.164 form (+15551234567) or a sip: URI');
  const positive = (value: number | undefined, name: string): void => {
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) problems.push(`${name} must be a whole number of ms above 0`);
  };
  positive(settings.decisionTimeoutMs, 'decisionTimeoutMs');
  positive(settings.requestTimeoutMs, 'requestTimeoutMs');
  if (problems.length > 0 || publicUrl === undefined || settings.accountSid === undefined || settings.authToken === undefined) {
    throw new DunbotError('DUN_ERR_CONFIG_INVALID', `the ${TWILIO_WARM_TRANSFER} hand-off is not configured: ${problems.join('; ')}`, { details: { problems } });
  }
  return {
    origin: publicUrl.origin,
    accountSid: settings.accountSid,
    authToken: settings.authToken,
    apiUrl,
    callerId: settings.callerId,
    voices: { ...DEFAULT_AGENT_VOICES, ...settings.voices },
    decisionTimeoutMs: settings.decisionTimeoutMs ?? DEFAULT_DECISION_TIMEOUT_MS,
    requestTimeoutMs: settings.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
  };
}

/** Where a transfer is: dialling (no CallSid yet), ringing, briefing the agent, moving the caller, or over. */
type Phase = 'dialing' | 'ringing' | 'briefing' | 'accepting' | 'done';

/** What every transfer of one adapter shares. */
interface TransferContext {
  readonly settings: ValidSettings;
  readonly api: TwilioCallsApi;
  readonly scheduler: Scheduler;
  readonly registry: TwilioHandoffRegistry;
  readonly logger: Logger;
}

/**
 * One warm transfer: dials the agent, briefs them when they answer, and moves the caller into a
 * conference with them only once they press 1. Until then the caller stays on dunbot's media
 * stream, so the bot remains in control. Twilio's callbacks reach it through the registry.
 */
class WarmTransfer implements PendingTwilioHandoff {
  agentCallSid: string | undefined;
  readonly result: Promise<HandoffResult>;
  private phase: Phase = 'dialing';
  private agentPickedUp = false;
  private ringingReported = false;
  private deadline: TimerHandle | undefined;
  private resolve: (result: HandoffResult) => void = () => undefined;
  /** An outcome reached before Twilio named the agent leg: applied once it has, after hanging the leg up. */
  private outcomeWhileDialing: HandoffResult | undefined;
  private readonly room: string;
  private readonly locale: Locale;
  private readonly logger: Logger;

  constructor(
    private readonly context: TransferContext,
    private readonly handoff: Handoff,
    private readonly callerCallSid: string,
    private readonly target: string,
    private readonly callerId: string,
  ) {
    this.result = new Promise((resolve) => (this.resolve = resolve));
    this.room = `handoff-${handoff.packet.handoffId}`;
    this.locale = handoff.packet.summary.locale;
    this.logger = context.logger.child({ handoffId: handoff.packet.handoffId });
  }

  /** How long the transfer may take in all: the ring time, then the briefing and the agent's choice. */
  get lifetimeMs(): number {
    return this.handoff.ringTimeoutMs + this.context.settings.decisionTimeoutMs;
  }

  async run(): Promise<HandoffResult> {
    const { api, scheduler } = this.context;
    this.handoff.signal.addEventListener('abort', this.onAbort, { once: true });
    this.deadline = scheduler.setTimeout(() => this.giveUp(), this.lifetimeMs);
    const ringS = Math.min(MAX_RING_S, Math.max(1, Math.ceil(this.handoff.ringTimeoutMs / 1000)));
    const form: [string, string][] = [
      ['To', this.target],
      ['From', this.callerId],
      ['Url', this.url('agent')],
      ['Method', 'POST'],
      ['Timeout', String(ringS)],
      ['StatusCallback', this.url('status')],
      // Repeated, one event a field, as Twilio's API takes a list.
      ...STATUS_CALLBACK_EVENTS.map((event): [string, string] => ['StatusCallbackEvent', event]),
      ['StatusCallbackMethod', 'POST'],
    ];
    const created = await api.createCall(new URLSearchParams(form));
    const sid = created.ok ? created.call.sid : undefined;
    if (sid === undefined || !TWILIO_CALL_SID.test(sid)) {
      const reason = created.ok ? 'Twilio created no call it named' : created.reason;
      this.logger.warn('handoff: the agent could not be dialled', { reason });
      this.close({ state: 'failed', reason: `the agent could not be dialled: ${reason}` }, false);
      if (this.outcomeWhileDialing !== undefined) this.resolve(this.outcomeWhileDialing);
      return this.result;
    }
    this.agentCallSid = sid;
    this.logger.info('handoff: dialling the agent', { agentCallSid: sid });
    if (this.outcomeWhileDialing !== undefined) {
      // Aborted while the dial request was out: the call exists now, so it is hung up before it rings on.
      await this.hangUpAgent();
      this.resolve(this.outcomeWhileDialing);
      return this.result;
    }
    this.phase = 'ringing';
    if (created.ok && created.call.status === 'ringing') this.reportRinging();
    return this.result;
  }

  agentAnswered(): string {
    if (this.phase !== 'ringing' && this.phase !== 'briefing') return HANGUP_TWIML;
    if (this.phase === 'ringing') {
      this.phase = 'briefing';
      this.agentPickedUp = true;
      this.handoff.report('briefing');
    }
    const { summary } = this.handoff.packet;
    return briefingTwiml(summary.text, summary.locale, this.voice, this.url('accept'));
  }

  async agentChose(digits: string | undefined): Promise<string> {
    if (this.phase !== 'briefing') return HANGUP_TWIML;
    if (digits !== '1') {
      const reason = digits === undefined || digits === '' ? `the agent pressed no key within ${DECISION_GATHER_S} s` : /^[0-9*#]$/.test(digits) ? `the agent pressed ${digits}` : 'the agent declined';
      // The <Hangup/> answered here ends the agent leg; nothing else to hang up.
      this.close({ state: 'declined', reason }, false);
      return HANGUP_TWIML;
    }
    // Accepted: nothing may undo it now, neither the abort (the caller is being moved) nor the deadline.
    this.phase = 'accepting';
    // The caller is moved first, so that an agent never waits in a conference the caller cannot join.
    this.handoff.movingCaller();
    const moved = await this.context.api.updateCall(this.callerCallSid, new URLSearchParams({ Twiml: conferenceTwiml(this.room) }));
    if (!moved.ok) {
      this.logger.warn('handoff: the caller could not be moved to the agent', { reason: moved.reason });
      this.close({ state: 'failed', reason: `the caller could not be put through: ${moved.reason}` }, false);
      return callerGoneTwiml(this.locale, this.voice);
    }
    this.logger.info('handoff: bridged', { agentCallSid: this.agentCallSid });
    this.close({ state: 'bridged', target: this.target }, false);
    return `${TWIML_DECLARATION}${conferenceTwiml(this.room)}`;
  }

  agentStatus(callStatus: string, errorCode: string | undefined): void {
    if (this.phase === 'done' || this.phase === 'accepting') return;
    switch (callStatus) {
      case 'ringing':
        this.reportRinging();
        return;
      case 'in-progress':
        this.agentPickedUp = true;
        return;
      case 'busy':
        this.close({ state: 'busy', reason: 'the agent\'s line was busy' }, false);
        return;
      case 'no-answer':
        this.close({ state: 'no_answer', reason: 'the agent did not answer' }, false);
        return;
      case 'failed':
        this.close({ state: 'failed', reason: errorCode !== undefined && /^\d{1,10}$/.test(errorCode) ? `the agent call failed: Twilio error ${errorCode}` : 'the agent call failed' }, false);
        return;
      case 'canceled':
        this.close({ state: 'cancelled', reason: 'the agent call was canceled' }, false);
        return;
      case 'completed':
        this.close({ state: 'declined', reason: 'the agent hung up before accepting' }, false);
        return;
      default:
        // queued, initiated: nothing to report yet.
        return;
    }
  }

  private get voice(): TwimlVoice {
    return this.context.settings.voices[this.locale];
  }

  private url(step: TwilioHandoffStep): string {
    return `${this.context.settings.origin}${twilioHandoffPath(this.handoff.packet.handoffId, step)}`;
  }

  private reportRinging(): void {
    if (this.phase !== 'ringing' || this.ringingReported) return;
    this.ringingReported = true;
    // The agent leg's CallSid, to find the call in Twilio's console.
    this.handoff.report('ringing', `agent call ${this.agentCallSid ?? ''}`);
  }

  private readonly onAbort = (): void => {
    // Once the agent accepted the caller is being moved; how that ends is the outcome.
    if (this.phase === 'accepting' || this.phase === 'done') return;
    const state = abortOutcome(this.handoff.signal);
    this.logger.info('handoff: stopped by the runtime, hanging up the agent leg', { state });
    this.close({ state, reason: state === 'no_answer' ? 'nobody accepted within the ring timeout' : 'the hand-off was called off' }, true);
  };

  private giveUp(): void {
    if (this.phase === 'accepting' || this.phase === 'done') return;
    const result: HandoffResult = this.phase === 'briefing' ? { state: 'declined', reason: 'the agent made no choice in time' } : { state: 'no_answer', reason: 'Twilio reported no answer in time' };
    this.logger.warn('handoff: no outcome from Twilio in time, hanging up the agent leg', { state: result.state });
    this.close(result, true);
  }

  /**
   * Ends the transfer with `result`, once. With `hangUp`, the agent leg is ended first (if Twilio
   * has named it yet; otherwise `run` does it when it has).
   */
  private close(result: HandoffResult, hangUp: boolean): void {
    if (this.phase === 'done') return;
    const dialing = this.phase === 'dialing';
    this.phase = 'done';
    this.handoff.signal.removeEventListener('abort', this.onAbort);
    if (this.deadline !== undefined) this.context.scheduler.clearTimeout(this.deadline);
    this.context.registry.delete(this.handoff.packet.handoffId, this);
    if (dialing && hangUp) {
      this.outcomeWhileDialing = result;
      return;
    }
    if (!hangUp) {
      this.resolve(result);
      return;
    }
    void this.hangUpAgent().then(() => this.resolve(result));
  }

  /** Ends the agent leg: canceled while it is still queued or ringing, completed once answered. */
  private async hangUpAgent(): Promise<void> {
    const sid = this.agentCallSid;
    if (sid === undefined) return;
    let reply = await this.context.api.updateCall(sid, new URLSearchParams({ Status: this.agentPickedUp ? 'completed' : 'canceled' }));
    // Cancelling leaves a call that was answered unnoticed (its callback still on the way) going.
    if (!this.agentPickedUp && (!reply.ok || reply.call.status === 'in-progress')) reply = await this.context.api.updateCall(sid, new URLSearchParams({ Status: 'completed' }));
    if (!reply.ok) this.logger.warn('handoff: the agent leg could not be hung up', { agentCallSid: sid, reason: reply.reason });
  }
}

/**
 * The Twilio warm transfer: dunbot stays in control of the call until an agent accepts it.
 *
 * 1. The agent is dialled with Twilio's Calls API, with callbacks to dunbot; `ringing` is reported
 *    when Twilio says the phone rings.
 * 2. When the agent answers, Twilio fetches the agent TwiML: the call's summary is read to them
 *    (`briefing`), then "press 1 to take the call".
 * 3. On 1, the caller's call is given new TwiML that joins the conference `handoff-<id>`, and the
 *    agent joins it too: `bridged`. Another key or none hangs up on the agent: `declined`.
 * 4. Busy, no answer, a failure, or the agent hanging up first end it (`busy`, `no_answer`,
 *    `failed`, `declined`); so does the runtime's abort (ring timeout, caller gone), which cancels
 *    or hangs up the agent leg.
 *
 * The callbacks come in through `createTwilioHandoffRoutes` (src/server/twilio-handoff-routes.ts),
 * which must be mounted on the server Twilio reaches at DUNBOT_PUBLIC_URL and share `handoffs`.
 * Throws DUN_ERR_CONFIG_INVALID at start when a setting is missing or malformed.
 */
export function createTwilioWarmTransfer(settings: TwilioWarmTransferSettings, deps: TwilioWarmTransferDeps): HandoffAdapter {
  const valid = validSettings(settings);
  const scheduler = deps.scheduler ?? systemScheduler;
  const logger = deps.logger.child({ handoffAdapter: TWILIO_WARM_TRANSFER });
  const api = new TwilioCallsApi({ apiUrl: valid.apiUrl, accountSid: valid.accountSid, authToken: valid.authToken, requestTimeoutMs: valid.requestTimeoutMs, scheduler });
  const context: TransferContext = { settings: valid, api, scheduler, registry: deps.handoffs ?? sharedTwilioHandoffs, logger };

  /** The number the agent sees: the configured one, else the Twilio number of the caller's call. */
  const callerIdFor = async (callerCallSid: string): Promise<{ ok: true; callerId: string } | { ok: false; reason: string }> => {
    if (valid.callerId !== undefined) return { ok: true, callerId: valid.callerId };
    const reply = await api.fetchCall(callerCallSid);
    if (!reply.ok) return { ok: false, reason: `the caller's call could not be read for a caller id: ${reply.reason}` };
    // dunbot's side of the call is its To when the debtor dialled in, its From when the dialer called out.
    const own = reply.call.direction === 'inbound' ? reply.call.to : reply.call.from;
    return own !== undefined && own !== '' ? { ok: true, callerId: own } : { ok: false, reason: 'the caller\'s call names no number to use as caller id; set DUNBOT_HANDOFF_CALLER_ID' };
  };

  return {
    name: TWILIO_WARM_TRANSFER,
    onEscalate: async (handoff) => {
      const { packet, target, signal } = handoff;
      const callerCallSid = packet.telephony?.provider === 'twilio' ? packet.telephony.callId : undefined;
      // Checked, not only encoded: the CallSid goes into a request path.
      if (callerCallSid === undefined || !TWILIO_CALL_SID.test(callerCallSid)) return { state: 'failed', reason: 'not a Twilio call: there is no CallSid to put the caller through with' };
      if (target === undefined || !isTransferTarget(target)) return { state: 'failed', reason: 'no agent to dial: DUNBOT_HANDOFF_TARGET must be a number in E.164 form or a sip: URI' };
      if (packet.handoffId === '' || packet.handoffId.length > MAX_HANDOFF_ID_CHARS) return { state: 'failed', reason: 'the hand-off id does not fit in a callback URL' };
      if (signal.aborted) return { state: abortOutcome(signal) };
      const callerId = await callerIdFor(callerCallSid);
      if (!callerId.ok) return { state: 'failed', reason: callerId.reason };
      if (signal.aborted) return { state: abortOutcome(signal) };
      const transfer = new WarmTransfer(context, handoff, callerCallSid, target, callerId.callerId);
      // Kept past its own deadline long enough for a caller being moved to get there.
      if (!context.registry.add(packet.handoffId, transfer, transfer.lifetimeMs + 2 * valid.requestTimeoutMs)) {
        return { state: 'failed', reason: 'another hand-off with this id is in progress, or too many are' };
      }
      return transfer.run();
    },
  };
}
