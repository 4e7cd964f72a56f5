import type { IncomingHttpHeaders } from 'node:http';
import type { HandoffResult } from '../handoff.js';

/** One provider callback, as the route received it (`POST /handoff/<provider>/<handoffId>/<hook>`). */
export interface TransferCallback {
  /** The last path segment: which of the transfer's callback URLs was called. */
  readonly hook: string;
  readonly method: string;
  /** The query string as received, `?…` or empty: part of what some providers sign. */
  readonly search: string;
  readonly headers: IncomingHttpHeaders;
  /** The exact bytes of the body: what the signatures cover. */
  readonly body: Buffer;
}

/** What the route answers to an authentic callback. */
export interface TransferCallbackReply {
  readonly status: number;
  readonly contentType?: string;
  readonly body?: string;
}

/**
 * How one transfer answers its provider's callbacks: it checks the provider's signature with its
 * own credentials (so the route needs none), answers (the XML or verbs to run, or a bare 200),
 * and may end the hand-off with `settle`, where only the first outcome counts.
 */
export interface TransferCallbackHandler {
  readonly provider: string;
  /** The reply to an authentic callback, or `undefined` when the callback is not authentic. */
  handle(callback: TransferCallback, settle: (result: HandoffResult) => void): TransferCallbackReply | undefined;
}

/** A transfer waiting for its outcome. */
export interface WaitingTransfer {
  /** Resolves with the first outcome settled, from a callback or from `settle`. */
  readonly outcome: Promise<HandoffResult>;
  /** Ends the wait with `result`, unless an outcome came first. */
  settle(result: HandoffResult): void;
}

/** What became of a callback. */
export type CallbackDispatch =
  | { readonly kind: 'answered'; readonly reply: TransferCallbackReply }
  /** No transfer with that provider and hand-off id is waiting or recently finished. */
  | { readonly kind: 'unknown' }
  /** The transfer exists, but the callback's signature is not its provider's. */
  | { readonly kind: 'refused' };

/** Transfers waiting at once beyond which a new one is refused: far more than one process holds calls. */
export const MAX_WAITING_TRANSFERS = 10_000;
/**
 * Finished transfers whose callbacks are still answered: providers call back after the outcome
 * (the end of the agent's call, a duplicate webhook), and an unanswered callback makes them retry
 * and raise alerts. The oldest is forgotten first.
 */
export const MAX_FINISHED_TRANSFERS = 1000;

interface Entry {
  readonly handler: TransferCallbackHandler;
  readonly settle: (result: HandoffResult) => void;
}

/**
 * The provider transfers waiting for callbacks, by provider and hand-off id: where a transfer that
 * sent the request and the route that hears back from the provider meet. In memory, so the
 * provider's callbacks must reach the process that asked for the transfer (one process, or routing
 * that keeps a call's requests on one process).
 */
export class TransferCallbacks {
  readonly #waiting = new Map<string, Entry>();
  /** Insertion-ordered, so the first key is the oldest. */
  readonly #finished = new Map<string, Entry>();

  constructor(
    private readonly maxWaiting: number = MAX_WAITING_TRANSFERS,
    private readonly maxFinished: number = MAX_FINISHED_TRANSFERS,
  ) {}

  /**
   * Starts waiting for the callbacks of one transfer; `undefined` when a transfer with this id is
   * already waiting (a hand-off is transferred once at a time) or too many are.
   */
  open(handoffId: string, handler: TransferCallbackHandler): WaitingTransfer | undefined {
    const key = keyOf(handler.provider, handoffId);
    if (this.#waiting.has(key) || this.#waiting.size >= this.maxWaiting) return undefined;
    this.#finished.delete(key);
    let resolve: (result: HandoffResult) => void = () => undefined;
    const outcome = new Promise<HandoffResult>((done) => {
      resolve = done;
    });
    let settled = false;
    const entry: Entry = {
      handler,
      settle: (result) => {
        if (settled) return;
        settled = true;
        this.#finish(key, entry);
        resolve(result);
      },
    };
    this.#waiting.set(key, entry);
    return { outcome, settle: entry.settle };
  }

  /** Hands one callback to the transfer it names. */
  dispatch(provider: string, handoffId: string, callback: TransferCallback): CallbackDispatch {
    const key = keyOf(provider, handoffId);
    const entry = this.#waiting.get(key) ?? this.#finished.get(key);
    if (entry === undefined) return { kind: 'unknown' };
    const reply = entry.handler.handle(callback, entry.settle);
    return reply === undefined ? { kind: 'refused' } : { kind: 'answered', reply };
  }

  /** How many transfers are waiting for an outcome. */
  get waitingCount(): number {
    return this.#waiting.size;
  }

  #finish(key: string, entry: Entry): void {
    if (this.#waiting.get(key) === entry) this.#waiting.delete(key);
    this.#finished.delete(key);
    this.#finished.set(key, entry);
    while (this.#finished.size > this.maxFinished) {
      const oldest = this.#finished.keys().next();
      if (oldest.done === true) break;
      this.#finished.delete(oldest.value);
    }
  }
}

function keyOf(provider: string, handoffId: string): string {
  return `${provider}\n${handoffId}`;
}

/**
 * The process's one registry: the adapters and the routes use it unless given another, so they
 * meet without the composition root having to carry it from one to the other.
 */
export const sharedTransferCallbacks = new TransferCallbacks();
