import type { Locale } from '../domain/locale.js';
import { DunbotError } from '../errors.js';
import { silentLogger, type Logger } from '../log/logger.js';
import type { Scheduler } from '../time/scheduler.js';
import type { Answerer } from './answerer.js';
import type { GroundingFacts } from './grounding-facts.js';

/** How `Answering` is built. */
export interface AnsweringOptions {
  readonly answerer: Answerer;
  /** Time for one answer, in ms of `scheduler` time: the turn's budget. */
  readonly budgetMs: number;
  readonly scheduler: Scheduler;
  /** Where an answerer that failed is logged. Default: nowhere. */
  readonly logger?: Logger;
}

/**
 * Answering as a stage of the call: asks the answerer within the turn's budget and never fails.
 * When the budget runs out the answerer is aborted and there is no answer; so is it when the
 * answerer rejects (logged). No answer is an ordinary outcome: the flow says its scripted line.
 *
 * @example
 * const answering = new Answering({ answerer, budgetMs: 1500, scheduler });
 * await answering.answer('is this the loan from my dealership?', facts, 'en-US'); // → a short answer, or undefined
 */
export class Answering {
  private readonly answerer: Answerer;
  private readonly budgetMs: number;
  private readonly scheduler: Scheduler;
  private readonly logger: Logger;

  constructor(options: AnsweringOptions) {
    if (!Number.isFinite(options.budgetMs) || options.budgetMs <= 0) throw new DunbotError('DUN_ERR_CONFIG_INVALID', `answering budget must be a positive number of ms, got ${options.budgetMs}`);
    this.answerer = options.answerer;
    this.budgetMs = options.budgetMs;
    this.scheduler = options.scheduler;
    this.logger = options.logger ?? silentLogger;
  }

  /** An answer to `question` from `facts`, or undefined; never rejects. */
  async answer(question: string, facts: GroundingFacts, locale: Locale): Promise<string | undefined> {
    const controller = new AbortController();
    const expired = new Promise<undefined>((resolve) => controller.signal.addEventListener('abort', () => resolve(undefined), { once: true }));
    // The timer aborts at once, not when the turn resumes, so the answerer stops as the budget ends.
    const timer = this.scheduler.setTimeout(() => controller.abort(new DOMException('answer budget ran out', 'TimeoutError')), this.budgetMs);
    try {
      const answer = await Promise.race([this.answerer.answer(question, facts, locale, controller.signal), expired]);
      if (controller.signal.aborted) {
        this.logger.info('answer budget ran out', { answerer: this.answerer.name, budgetMs: this.budgetMs });
        return undefined;
      }
      return typeof answer === 'string' && answer.trim() !== '' ? answer : undefined;
    } catch (error) {
      this.logger.warn('answerer failed: no answer this turn', { answerer: this.answerer.name, pii: { error: error instanceof Error ? error.message : String(error) } });
      return undefined;
    } finally {
      this.scheduler.clearTimeout(timer);
    }
  }
}
