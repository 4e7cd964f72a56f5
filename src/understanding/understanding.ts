import { DunbotError, isDunbotError } from '../errors.js';
import { silentLogger, type Logger } from '../log/logger.js';
import type { NluResult } from '../nlu/index.js';
import type { Scheduler, TimerHandle } from '../time/scheduler.js';
import { NluResultSchema } from '../nlu/nlu-result-schema.js';
import type { TurnContext } from './turn-context.js';
import type { Understander, Understood } from './understander.js';

/**
 * Below this an answer is not final and the next understander is asked. The rules NLU names an
 * intent with 0.55–0.98 when its cues agree (a bare amount or date: 0.6) and drops towards 0.3
 * only when several intents compete, so 0.5 lets a later understander judge just those
 * contested utterances. With the rules alone the threshold changes nothing: an answer not
 * accepted is still the best one.
 */
export const DEFAULT_ACCEPT_CONFIDENCE = 0.5;

/** `Understood.source` when the time budget ran out before any understander answered. */
export const BUDGET_SOURCE = 'budget';

/** `Understood.source` when every understander failed before the budget ran out. */
export const NO_ANSWER_SOURCE = 'none';

/** How `Understanding` is built. */
export interface UnderstandingOptions {
  /** Asked in this order, one at a time, until one gives an acceptable answer. */
  readonly understanders: readonly Understander[];
  /** Time for the whole turn, in ms of `scheduler` time. */
  readonly budgetMs: number;
  /** Runs the budget timer (so tests and replays control time). */
  readonly scheduler: Scheduler;
  /** A non-unknown answer at least this confident (0–1) ends the turn. Default `DEFAULT_ACCEPT_CONFIDENCE`. */
  readonly acceptConfidence?: number;
  /** Where failed understanders and budgets that ran out are logged. Default: nowhere. */
  readonly logger?: Logger;
}

const RESERVED_SOURCES: ReadonlySet<string> = new Set([BUDGET_SOURCE, NO_ANSWER_SOURCE]);

function unknownFrom(source: string): Understood {
  return { intent: 'unknown', confidence: 0, entities: {}, source };
}

/** The better of two answers: one that names an intent beats unknown, then the more confident; a tie keeps the earlier. */
function better(current: Understood | undefined, candidate: Understood): Understood {
  if (current === undefined) return candidate;
  const currentKnown = current.intent !== 'unknown';
  const candidateKnown = candidate.intent !== 'unknown';
  if (currentKnown !== candidateKnown) return candidateKnown ? candidate : current;
  return candidate.confidence > current.confidence ? candidate : current;
}

/**
 * A later answer keeps what earlier understanders heard and it did not: entities it lacks (a
 * learned model names intents only) and their signals.
 */
function withEarlierReadings(answer: Understood, earlier: Understood | undefined): Understood {
  if (earlier === undefined) return answer;
  const signals = [...new Set([...(answer.signals ?? []), ...(earlier.signals ?? [])])];
  return { ...answer, entities: { ...earlier.entities, ...answer.entities }, ...(signals.length > 0 ? { signals } : {}) };
}

/** The time budget of one turn: `controller` aborts, and `expired` resolves, when it runs out. */
interface TurnBudget {
  readonly controller: AbortController;
  readonly expired: Promise<typeof BUDGET_SOURCE>;
  readonly timer: TimerHandle;
}

/**
 * Understanding as a stage of the call: asks its understanders in order within one time budget
 * per turn and never fails. The first answer that names an intent with at least
 * `acceptConfidence` is taken; otherwise the best answer of those that came. When the budget runs
 * out, the understander still working is aborted and the best answer so far is taken (or unknown
 * from `'budget'`). An understander that fails is logged (`DUN_ERR_UNDERSTANDER_FAILED`) and skipped.
 *
 * @example
 * const understanding = new Understanding({ understanders: [new RulesUnderstander()], budgetMs: 1500, scheduler });
 * const understood = await understanding.understand('i can pay two hundred on friday', context);
 * // → { intent: 'promise_to_pay', confidence: 0.9, entities: { amount: 200, date: '2026-03-13' }, source: 'rules' }
 */
export class Understanding {
  private readonly understanders: readonly Understander[];
  private readonly budgetMs: number;
  private readonly scheduler: Scheduler;
  private readonly acceptConfidence: number;
  private readonly logger: Logger;

  constructor(options: UnderstandingOptions) {
    const acceptConfidence = options.acceptConfidence ?? DEFAULT_ACCEPT_CONFIDENCE;
    if (options.understanders.length === 0) throw new DunbotError('DUN_ERR_CONFIG_INVALID', 'understanding needs at least one understander');
    const reserved = options.understanders.find((understander) => RESERVED_SOURCES.has(understander.name));
    if (reserved !== undefined) throw new DunbotError('DUN_ERR_CONFIG_INVALID', `understander name "${reserved.name}" is reserved`);
    if (!Number.isFinite(options.budgetMs) || options.budgetMs <= 0) {
      throw new DunbotError('DUN_ERR_CONFIG_INVALID', `understanding budget must be a positive number of ms, got ${options.budgetMs}`);
    }
    if (!(acceptConfidence >= 0 && acceptConfidence <= 1)) {
      throw new DunbotError('DUN_ERR_CONFIG_INVALID', `acceptConfidence must be within 0..1, got ${acceptConfidence}`);
    }
    this.understanders = options.understanders;
    this.budgetMs = options.budgetMs;
    this.scheduler = options.scheduler;
    this.acceptConfidence = acceptConfidence;
    this.logger = options.logger ?? silentLogger;
  }

  /** Understands one utterance within the budget; never rejects. */
  async understand(utterance: string, context: TurnContext): Promise<Understood> {
    const budget = this.startBudget();
    const resting: string[] = [];
    const noting = (understood: Understood): Understood => (resting.length > 0 ? { ...understood, unavailable: resting } : understood);
    let best: Understood | undefined;
    try {
      for (const understander of this.understanders) {
        if (budget.controller.signal.aborted) break;
        const answer = await Promise.race([this.ask(understander, utterance, context, budget.controller.signal, resting), budget.expired]);
        if (answer === BUDGET_SOURCE) {
          this.logger.info('understanding budget ran out', { understander: understander.name, budgetMs: this.budgetMs });
          break;
        }
        if (answer === undefined) continue;
        const understood: Understood = withEarlierReadings({ ...answer, source: understander.name }, best);
        if (this.isFinal(understood)) return noting(understood);
        best = better(best, understood);
      }
    } finally {
      this.scheduler.clearTimeout(budget.timer);
    }
    return noting(best ?? unknownFrom(budget.controller.signal.aborted ? BUDGET_SOURCE : NO_ANSWER_SOURCE));
  }

  /**
   * An answer ends the turn when it names an intent confidently, or when it heard something
   * specific (a signal: a request to repeat, "how do I pay?", hesitation): a later understander
   * that only names intents would otherwise replace a precise reading with a guess.
   */
  private isFinal(understood: Understood): boolean {
    if ((understood.signals?.length ?? 0) > 0) return true;
    return understood.intent !== 'unknown' && understood.confidence >= this.acceptConfidence;
  }

  private startBudget(): TurnBudget {
    const controller = new AbortController();
    const expired = new Promise<typeof BUDGET_SOURCE>((resolve) => {
      controller.signal.addEventListener('abort', () => resolve(BUDGET_SOURCE), { once: true });
    });
    // The timer aborts at once, not when the turn resumes, so the understander stops as the budget ends.
    const timer = this.scheduler.setTimeout(() => controller.abort(new DOMException('understanding budget ran out', 'TimeoutError')), this.budgetMs);
    return { controller, expired, timer };
  }

  /** One understander's checked answer, or undefined when it failed (logged) or the budget aborted it. */
  private async ask(understander: Understander, utterance: string, context: TurnContext, signal: AbortSignal, resting: string[]): Promise<NluResult | undefined> {
    try {
      const answer = await understander.understand(utterance, context, signal);
      if (signal.aborted) return undefined;
      const checked = NluResultSchema.safeParse(answer);
      // The checked copy, so fields an understander adds beyond NluResult do not travel on.
      if (checked.success) return checked.data;
      this.logFailure(understander, 'malformed result', { problems: checked.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) });
    } catch (error) {
      if (signal.aborted) return undefined;
      if (isDunbotError(error, 'DUN_ERR_LLM_UNAVAILABLE')) resting.push(understander.name);
      const cause = isDunbotError(error) ? { cause: error.code } : {};
      this.logFailure(understander, 'threw', { ...cause, pii: { error: error instanceof Error ? error.message : String(error) } });
    }
    return undefined;
  }

  private logFailure(understander: Understander, failure: string, fields: Record<string, unknown>): void {
    this.logger.warn('understander failed: skipped this turn', { code: 'DUN_ERR_UNDERSTANDER_FAILED', understander: understander.name, failure, ...fields });
  }
}
