import type { Locale } from '../domain/locale.js';
import type { GroundingFacts } from './grounding-facts.js';

/**
 * Answers a question the scripts do not cover, from the call's facts and nothing else (a model,
 * a knowledge service, a lookup table). It resolves `undefined` whenever it has no answer it can
 * stand behind: the facts do not hold one, the answer failed its checks, the service failed or is
 * resting, or `signal` aborted (the turn's budget ran out; stop work then). A rejection is treated
 * as no answer. Whatever it returns still passes the compliance guard before it is said.
 */
export interface Answerer {
  /** Names the answerer in logs. */
  readonly name: string;
  answer(question: string, facts: GroundingFacts, locale: Locale, signal: AbortSignal): Promise<string | undefined>;
}
