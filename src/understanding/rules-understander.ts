import { RulesNlu, type Nlu, type NluResult } from '../nlu/index.js';
import { readInContext } from './contextual-reading.js';
import type { TurnContext } from './turn-context.js';
import type { Understander } from './understander.js';

/**
 * The rule-based NLU as an understander: deterministic, no model, done in a few milliseconds.
 * Wraps any `Nlu` (default `RulesNlu`) and reads its answer in the turn's context (see
 * `readInContext`): the question asked, the debtor's names.
 *
 * @example
 * const rules = new RulesUnderstander();
 * await rules.understand('i can pay two hundred on friday', context, signal);
 * // → { intent: 'promise_to_pay', confidence: 0.9, entities: { amount: 200, date: '2026-03-13' } }
 */
export class RulesUnderstander implements Understander {
  readonly name = 'rules';

  constructor(private readonly nlu: Nlu = new RulesNlu()) {}

  async understand(utterance: string, context: TurnContext, signal: AbortSignal): Promise<NluResult> {
    signal.throwIfAborted();
    const nluContext = { now: new Date(context.nowMs), timeZone: context.timeZone };
    if (this.nlu instanceof RulesNlu) {
      const reading = this.nlu.read(utterance, context.locale, nluContext);
      return readInContext(reading.result, { utterance, normalized: reading.normalized, heard: reading.heard, bare: reading.bare }, context);
    }
    return readInContext(this.nlu.classify(utterance, context.locale, nluContext), { utterance }, context);
  }
}
