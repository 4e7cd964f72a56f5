import type { Scheduler, TimerHandle } from '../time/scheduler.js';
import { HANDOFF_OUTCOMES, type Handoff, type HandoffAdapter, type HandoffOutcomeState, type HandoffPacket, type HandoffResult, type HandoffState } from './handoff.js';

/** One state of a hand-off as it happened, with its call-clock time. */
export interface HandoffStep {
  readonly state: HandoffState;
  readonly atMs: number;
  /** What the adapter said with a state on the way (`briefing`, `ringing`). */
  readonly detail?: string;
  /** Why an outcome other than `bridged` came about. */
  readonly reason?: string;
  /** Who the caller was put through to (`bridged`), or who was to be reached (`requested`). */
  readonly target?: string;
}

/** How a hand-off ended, and everything it went through. */
export interface HandoffRunResult {
  readonly outcome: HandoffResult;
  /** Every state in order: `requested` first, then what the adapter reported, then the one outcome. */
  readonly history: readonly HandoffStep[];
}

/** A hand-off in progress. */
export interface HandoffRun {
  /** Resolves once the hand-off has its outcome; never rejects. */
  readonly result: Promise<HandoffRunResult>;
  /** True once the outcome is known. */
  readonly settled: boolean;
  /**
   * Ends the hand-off `cancelled` now, from dunbot's side (the caller hung up, the call ended):
   * the adapter's signal is aborted, and the outcome is recorded before this returns.
   */
  cancel(reason: string): void;
}

/** What runs one hand-off. */
export interface HandoffRunOptions {
  readonly adapter: HandoffAdapter;
  readonly packet: HandoffPacket;
  /** Who to reach (DUNBOT_HANDOFF_TARGET), when configured. */
  readonly target?: string;
  /** How long the agent's phone may ring, in ms, counted from the adapter's first `ringing`. */
  readonly ringTimeoutMs: number;
  /**
   * How long the adapter may take before anyone's phone rings (a webhook's reply, a dial request),
   * in ms. Default: the ring timeout.
   */
  readonly setupTimeoutMs?: number;
  /** How long an agent who answered may take to accept once briefed, in ms. Default BRIEFING_TIMEOUT_MS. */
  readonly briefingTimeoutMs?: number;
  /** The call's scheduler: the time limits run on it, and every state is timed by it. */
  readonly scheduler: Scheduler;
  /** Each state as it happens, `requested` included, before the next one can. */
  readonly onStep?: (step: HandoffStep) => void;
  /** The adapter is moving the caller's leg off the media stream (see Handoff.movingCaller); called once. */
  readonly onCallerMoving?: () => void;
}

/**
 * How long an agent who picked up may be briefed and decide, by default: the summary read aloud
 * and a key to press take well under a minute, and the caller is on hold meanwhile.
 */
export const BRIEFING_TIMEOUT_MS = 120_000;

/**
 * Which time limit applies: before any phone rings (`setup`), while it rings (`ringing`), and
 * once the agent picked up and is being briefed (`answered`).
 */
type RunPhase = 'setup' | 'ringing' | 'answered';

/** True when an adapter's answer names an outcome (a JavaScript adapter may return anything). */
function isOutcome(value: unknown): value is HandoffOutcomeState {
  return typeof value === 'string' && (HANDOFF_OUTCOMES as readonly string[]).includes(value);
}

function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message === '' ? 'the hand-off adapter failed' : message;
}

/**
 * Runs one hand-off through `adapter`: records `requested`, calls the adapter, records what it
 * reports on the way and then exactly one outcome. The runtime keeps the promises the contract
 * makes to the caller whatever the adapter does: every phase has a time limit, and when one passes
 * first the adapter's signal is aborted and the hand-off ends — `no_answer` when no phone rang
 * within the setup time or nobody answered within the ring timeout (counted from the first
 * `ringing`, so that preparing the call and briefing the agent never eat into the agent's ring
 * time), `declined` when an agent who picked up did not accept within the briefing time.
 * `cancel()` ends it `cancelled`; a rejection (or a throw, or an answer that names no outcome)
 * ends it `failed` with its message. Whatever the adapter reports or returns after the outcome is
 * ignored.
 *
 * @example
 * const run = runHandoff({ adapter, packet, ringTimeoutMs: 25_000, scheduler });
 * const { outcome, history } = await run.result; // → { state: 'bridged', target: '+15551234567' }, [requested, ringing, bridged]
 */
export function runHandoff(options: HandoffRunOptions): HandoffRun {
  const { adapter, packet, scheduler, ringTimeoutMs } = options;
  const history: HandoffStep[] = [];
  const controller = new AbortController();
  let settled = false;
  let timer: TimerHandle | undefined;
  let resolve: (result: HandoffRunResult) => void = () => undefined;
  const result = new Promise<HandoffRunResult>((done) => {
    resolve = done;
  });

  const step = (entry: Omit<HandoffStep, 'atMs'>): void => {
    const timed: HandoffStep = { ...entry, atMs: scheduler.nowMs() };
    history.push(timed);
    options.onStep?.(timed);
  };

  const end = (outcome: HandoffResult, abort: boolean): void => {
    if (settled) return;
    settled = true;
    if (timer !== undefined) scheduler.clearTimeout(timer);
    // The adapter stops dialling only when dunbot gave up on it; an outcome it reported itself
    // (a bridge above all) must not be undone by an abort.
    if (abort) controller.abort(new DOMException(outcome.reason ?? outcome.state, outcome.state === 'no_answer' ? 'TimeoutError' : 'AbortError'));
    step({ state: outcome.state, ...(outcome.reason !== undefined ? { reason: outcome.reason } : {}), ...(outcome.target !== undefined ? { target: outcome.target } : {}) });
    resolve({ outcome, history: [...history] });
  };

  let phase: RunPhase = 'setup';
  let callerMoving = false;
  /** Replaces the running time limit: when `limitMs` passes first, the hand-off ends with `outcome`. */
  const limit = (limitMs: number, outcome: HandoffResult): void => {
    if (timer !== undefined) scheduler.clearTimeout(timer);
    timer = scheduler.setTimeout(() => {
      timer = undefined;
      end(outcome, true);
    }, limitMs);
  };
  const seconds = (ms: number): number => Math.round(ms / 1000);
  const setupTimeoutMs = options.setupTimeoutMs ?? ringTimeoutMs;
  const briefingTimeoutMs = options.briefingTimeoutMs ?? BRIEFING_TIMEOUT_MS;

  step({ state: 'requested', ...(options.target !== undefined ? { target: options.target } : {}) });
  // Worded as the ring timeout's: to the caller and in the record, nobody answered either way, and
  // an adapter that never reports ringing (a webhook desk) keeps the reason it always had.
  limit(setupTimeoutMs, { state: 'no_answer', reason: `no one answered within ${seconds(setupTimeoutMs)} s` });

  /** The phase a reported state moves the hand-off to: ringing starts the ring time, a briefing after it stops it. */
  const enter = (state: 'briefing' | 'ringing'): void => {
    if (state === 'ringing' && phase === 'setup') {
      phase = 'ringing';
      limit(ringTimeoutMs, { state: 'no_answer', reason: `no one answered within ${seconds(ringTimeoutMs)} s` });
    } else if (state === 'briefing' && phase === 'ringing') {
      // A briefing before any ringing (a webhook told, a summary prepared) is still setup.
      phase = 'answered';
      limit(briefingTimeoutMs, { state: 'declined', reason: `the agent did not take the call within ${seconds(briefingTimeoutMs)} s of answering` });
    }
  };

  const handoff: Handoff = {
    packet,
    ...(options.target !== undefined ? { target: options.target } : {}),
    ringTimeoutMs,
    signal: controller.signal,
    report: (state: 'briefing' | 'ringing', detail?: string): void => {
      if (settled || (state !== 'briefing' && state !== 'ringing')) return;
      enter(state);
      step({ state, ...(detail !== undefined ? { detail } : {}) });
    },
    movingCaller: (): void => {
      if (settled || callerMoving) return;
      callerMoving = true;
      options.onCallerMoving?.();
    },
  };
  // Read as unknown: an adapter written in JavaScript may answer anything.
  const answered = (answer: unknown): void => {
    const { state, reason, target } = (typeof answer === 'object' && answer !== null ? answer : {}) as Partial<Record<keyof HandoffResult, unknown>>;
    if (!isOutcome(state)) {
      end({ state: 'failed', reason: `the hand-off adapter "${adapter.name}" answered without an outcome` }, false);
      return;
    }
    end({ state, ...(typeof reason === 'string' ? { reason } : {}), ...(typeof target === 'string' ? { target } : {}) }, false);
  };
  try {
    Promise.resolve(adapter.onEscalate(handoff)).then(answered, (error: unknown) => end({ state: 'failed', reason: describeFailure(error) }, false));
  } catch (error) {
    // An adapter that throws instead of rejecting fails the same way.
    end({ state: 'failed', reason: describeFailure(error) }, false);
  }

  return {
    result,
    get settled() {
      return settled;
    },
    cancel: (reason) => end({ state: 'cancelled', reason }, true),
  };
}
