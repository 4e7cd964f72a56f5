import { systemClock, type Clock } from '../../time/clock.js';

/**
 * One Twilio warm transfer in progress, as Twilio's callbacks reach it. The HTTP routes
 * authenticate each callback and check that it names the agent leg; the transfer decides what
 * the callback means.
 */
export interface PendingTwilioHandoff {
  /** The CallSid of the agent leg dunbot created; undefined until Twilio has answered the dial request. */
  readonly agentCallSid: string | undefined;
  /** The agent answered and Twilio asks what to play: TwiML that briefs them and asks for a key. */
  agentAnswered(): string;
  /** The agent's key, or none when they pressed nothing: TwiML for the agent leg. */
  agentChose(digits: string | undefined): Promise<string>;
  /** A status callback of the agent leg (Twilio's CallStatus, and ErrorCode when it failed). */
  agentStatus(callStatus: string, errorCode: string | undefined): void;
}

/** Where Twilio's callbacks for a hand-off arrive: `/handoff/twilio/<handoffId>/<step>`. */
export const TWILIO_HANDOFF_PATH = '/handoff/twilio';

/** The callbacks of one hand-off: the agent's TwiML, the agent's key, and the agent leg's status. */
export const TWILIO_HANDOFF_STEPS = ['agent', 'accept', 'status'] as const;

/** One of the callbacks of a hand-off. */
export type TwilioHandoffStep = (typeof TWILIO_HANDOFF_STEPS)[number];

/** The longest hand-off id taken into a URL; a longer one is not a hand-off dunbot made. */
export const MAX_HANDOFF_ID_CHARS = 128;

/** The path of one callback of a hand-off, the id encoded as a path segment. */
export function twilioHandoffPath(handoffId: string, step: TwilioHandoffStep): string {
  return `${TWILIO_HANDOFF_PATH}/${encodeURIComponent(handoffId)}/${step}`;
}

/** Pending hand-offs beyond which a new one is refused: far more than one process holds calls. */
export const MAX_PENDING_TWILIO_HANDOFFS = 10_000;

interface Entry {
  readonly handoff: PendingTwilioHandoff;
  readonly expiresAtMs: number;
}

/**
 * The Twilio warm transfers waiting for Twilio's callbacks, by hand-off id: where the adapter
 * that dials the agent and the routes that hear back from Twilio meet. In memory, so Twilio's
 * callbacks must reach the process that dialled (one process, or sticky routing by path).
 *
 * Each entry expires, so one whose transfer never finished cannot pile up; expired entries are
 * dropped when the registry is next used, without timers of its own.
 */
export class TwilioHandoffRegistry {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly maxEntries: number = MAX_PENDING_TWILIO_HANDOFFS,
  ) {}

  /** Adds a pending hand-off for `ttlMs`; false when the id is taken or the registry is full. */
  add(handoffId: string, handoff: PendingTwilioHandoff, ttlMs: number): boolean {
    this.dropExpired();
    if (this.entries.has(handoffId) || this.entries.size >= this.maxEntries) return false;
    this.entries.set(handoffId, { handoff, expiresAtMs: this.clock.nowMs() + ttlMs });
    return true;
  }

  /** The pending hand-off with this id, unless it is unknown, finished or expired. */
  get(handoffId: string): PendingTwilioHandoff | undefined {
    const entry = this.entries.get(handoffId);
    if (entry === undefined) return undefined;
    if (entry.expiresAtMs <= this.clock.nowMs()) {
      this.entries.delete(handoffId);
      return undefined;
    }
    return entry.handoff;
  }

  /** Removes a finished hand-off; only `handoff` itself, never another one that reuses the id. */
  delete(handoffId: string, handoff: PendingTwilioHandoff): void {
    if (this.entries.get(handoffId)?.handoff === handoff) this.entries.delete(handoffId);
  }

  /** How many hand-offs are pending. */
  get size(): number {
    this.dropExpired();
    return this.entries.size;
  }

  private dropExpired(): void {
    const nowMs = this.clock.nowMs();
    for (const [handoffId, entry] of this.entries) {
      if (entry.expiresAtMs <= nowMs) this.entries.delete(handoffId);
    }
  }
}

/**
 * The process's one registry: the adapter and the routes use it unless given another, so they
 * meet without the composition root having to carry it from one to the other.
 */
export const sharedTwilioHandoffs = new TwilioHandoffRegistry();
