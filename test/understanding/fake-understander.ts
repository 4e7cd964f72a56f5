import type { NluResult } from '../../src/nlu/index.js';
import type { TurnContext, Understander } from '../../src/understanding/index.js';

/** What a fake understander does when asked. */
export type FakeBehaviour =
  | { readonly answer: NluResult }
  | { readonly rejectWith: unknown }
  | { readonly throwWith: unknown }
  | { readonly returns: unknown }
  | 'never';

/** An understander for tests: answers, rejects, throws or never answers, and records each call. */
export class FakeUnderstander implements Understander {
  readonly calls: { utterance: string; context: TurnContext; signal: AbortSignal }[] = [];
  private calledResolve: (() => void) | undefined;
  /** Resolves when the understander is first asked, so a test can move time while it works. */
  readonly called: Promise<void> = new Promise((resolve) => {
    this.calledResolve = resolve;
  });

  constructor(readonly name: string, private readonly behaviour: FakeBehaviour) {}

  /** The signal of the last call; fails the test when the understander was never asked. */
  get lastSignal(): AbortSignal {
    const call = this.calls.at(-1);
    if (call === undefined) throw new Error(`${this.name} was never asked`);
    return call.signal;
  }

  understand(utterance: string, context: TurnContext, signal: AbortSignal): Promise<NluResult> {
    this.calls.push({ utterance, context, signal });
    this.calledResolve?.();
    const behaviour = this.behaviour;
    if (behaviour === 'never') return new Promise<NluResult>(() => undefined);
    if ('throwWith' in behaviour) throw behaviour.throwWith;
    if ('rejectWith' in behaviour) return Promise.reject(behaviour.rejectWith);
    // A misbehaving understander: its declared type says NluResult, its value says otherwise.
    if ('returns' in behaviour) return Promise.resolve(behaviour.returns as NluResult);
    return Promise.resolve(behaviour.answer);
  }
}

/** A fake that answers `intent` with `confidence` and no entities. */
export function answering(name: string, intent: NluResult['intent'], confidence: number, entities: NluResult['entities'] = {}): FakeUnderstander {
  return new FakeUnderstander(name, { answer: { intent, confidence, entities } });
}

/** Wednesday 2026-03-11 15:00 UTC, the instant of the labeled NLU sets. */
export const NOW_MS = Date.parse('2026-03-11T15:00:00Z');

/** A turn at a question expecting a promise, in `locale` and the usual zone of its debtors. */
export function turnContextFor(locale: TurnContext['locale']): TurnContext {
  return {
    locale,
    nowMs: NOW_MS,
    timeZone: locale === 'en-US' ? 'America/New_York' : 'Asia/Shanghai',
    expected: { intents: ['affirm', 'promise_to_pay'], slots: ['amount', 'date'] },
    debtorNames: locale === 'en-US' ? ['John Smith', 'John'] : ['张伟', '张先生'],
    lastPrompt: { id: 'promise.ask_amount', text: 'How much can you pay?' },
  };
}
