import { isDunbotError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { CallStore } from '../store/call-store.js';
import { inspectRecord, isFinished, type RecordInspector } from './inspect-record.js';
import type { CallInspection } from './inspector.js';

/** Where the server counts inspections (Prometheus in `dunbot serve`). */
export interface QaMetrics {
  /** A call was inspected. */
  qaInspected(inspection: CallInspection): void;
  /** A call could not be inspected (its record unreadable or incomplete, a fault in a check). */
  qaFailed(): void;
}

/** What inspecting calls as they end needs. */
export interface LiveInspectionDeps {
  readonly inspector: RecordInspector;
  readonly store: Pick<CallStore, 'getCall'>;
  readonly metrics: QaMetrics;
  readonly logger: Logger;
}

/**
 * Inspects each call once it has ended and its record is complete, off the call's path: the call
 * is over before it starts, nothing waits for it, and a failure is logged and counted, never thrown.
 */
export class LiveInspection {
  private readonly deps: LiveInspectionDeps;
  private readonly pending = new Set<Promise<void>>();

  constructor(deps: LiveInspectionDeps) {
    this.deps = deps;
  }

  /** The call `callId` has ended with its record written: inspect it in the background. */
  callEnded(callId: string): void {
    const run: Promise<void> = this.inspect(callId)
      .catch((error: unknown) => {
        this.deps.metrics.qaFailed();
        this.deps.logger.error('quality inspection failed', { callId, code: isDunbotError(error) ? error.code : 'unknown', error: error instanceof Error ? error.message : String(error) });
      })
      .finally(() => this.pending.delete(run));
    this.pending.add(run);
  }

  /** Resolves once every inspection started so far is done: shutdown waits for it before the store closes. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  private async inspect(callId: string): Promise<void> {
    const record = await this.deps.store.getCall(callId);
    if (record === undefined) throw new Error(`no record of call ${callId}`);
    if (!isFinished(record)) throw new Error(`the record of call ${callId} has no outcome`);
    const inspection = await inspectRecord(record, this.deps.inspector);
    this.deps.metrics.qaInspected(inspection);
    const failed = inspection.findings.filter((finding) => !finding.passed).map((finding) => finding.ruleId);
    if (inspection.vetoed) this.deps.logger.warn('call vetoed by quality inspection', { callId, score: inspection.score, failed });
    else this.deps.logger.info('call inspected', { callId, score: inspection.score, failed });
  }
}
