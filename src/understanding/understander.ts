import type { NluResult } from '../nlu/index.js';
import type { TurnContext } from './turn-context.js';

/**
 * One way of understanding what the debtor said (rules, a model, a service). An understander
 * throws or rejects when it fails; `Understanding` logs it and goes on without it.
 */
export interface Understander {
  /** Names the understander in configuration, logs and `Understood.source`. */
  readonly name: string;
  /**
   * Understands one utterance. `signal` aborts when the turn's time budget runs out: stop work
   * then (cancel requests); whatever is returned afterwards is ignored.
   */
  understand(utterance: string, context: TurnContext, signal: AbortSignal): Promise<NluResult>;
}

/** An NLU result and where it came from: an understander's name, `'budget'` or `'none'` (see `Understanding`). */
export type Understood = NluResult & {
  readonly source: string;
  /** Understanders that were not asked this turn because they are resting after failures (a circuit breaker). */
  readonly unavailable?: readonly string[];
};
