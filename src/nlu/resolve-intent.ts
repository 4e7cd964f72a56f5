import { INTENT_PRECEDENCE, type Intent } from './intents.js';

// The spec orders the intents that drive the call; for "the rest" we rank an insult first (the bot
// must react to it), then questions, then bare yes/no answers.
const REST_ORDER: readonly Intent[] = ['abusive', 'ask_caller_identity', 'ask_balance', 'deny', 'affirm'];
const ORDER: readonly Intent[] = [...INTENT_PRECEDENCE, ...REST_ORDER];

/** Weights below this are weak cues: they decide only when no strong cue is present. */
export const WEAK_WEIGHT = 0.6;

/** The winning intent of scored candidates, and how sure we are of it. */
export interface ResolvedIntent {
  readonly intent: Intent;
  readonly confidence: number;
}

/**
 * Picks the dominant intent by the spec's precedence among strong candidates (weak ones only when
 * nothing strong matched). Each competing candidate lowers the confidence.
 */
export function resolveIntent(scores: ReadonlyMap<Intent, number>): ResolvedIntent | undefined {
  const strong = [...scores].filter(([, weight]) => weight >= WEAK_WEIGHT);
  const pool = new Map(strong.length > 0 ? strong : scores);
  // "是 不是", "yes no": a yes and a no with nothing else is no answer at all.
  if (pool.size === 2 && pool.has('affirm') && pool.has('deny')) return undefined;
  const intent = ORDER.find((candidate) => pool.has(candidate));
  if (intent === undefined) return undefined;
  const weight = pool.get(intent) ?? 0;
  const competitors = pool.size - 1;
  const confidence = Math.max(0.3, Math.min(0.98, weight - 0.08 * competitors));
  return { intent, confidence: Math.round(confidence * 100) / 100 };
}
