import { TURN_STAGES, type CallMetrics, type CallTalk, type StageStats, type TurnStage } from '../store/call-record.js';
import type { TurnTimingEntry } from './answer-timer.js';
import { stagesThrough } from './turn-timing.js';

/**
 * What one call measured of itself, gathered as it happens, for the summary recorded once as it
 * ends (`call.metrics`): each turn's stages, the interruptions, the silences and the answers not
 * understood. Talk is measured by the voice path (TalkMeasure) and given at the end.
 */
export class CallMeasures {
  private readonly byStage = new Map<TurnStage, number[]>();
  private readonly totals: number[] = [];
  private callerBargeIns = 0;
  private silences = 0;
  private misunderstood = 0;

  /** A turn's answer was timed; `audible`: it was heard as audio, so synthesis and the first frame apply. */
  turnTimed(entry: TurnTimingEntry, audible: boolean): void {
    for (const stage of stagesThrough(entry.input, audible)) {
      const list = this.byStage.get(stage) ?? [];
      list.push(entry.stages[`${stage}Ms`]);
      this.byStage.set(stage, list);
    }
    this.totals.push(entry.totalMs);
  }

  /** The caller cut the bot short (a `bot.interrupted` entry). */
  callerBargedIn(): void {
    this.callerBargeIns += 1;
  }

  /** The caller said nothing before the no-input timeout (a silence turn). */
  noInput(): void {
    this.silences += 1;
  }

  /** The question could not use the caller's answer (the flow kit's count of answers not understood rose). */
  notUnderstood(): void {
    this.misunderstood += 1;
  }

  /**
   * The call's summary, or undefined when nothing was measured (no turn, no talk, nothing counted):
   * a call that ended before anything happened has nothing to sum up.
   */
  summary(voice: { readonly talk: CallTalk; readonly botOverCaller: number } | undefined): CallMetrics | undefined {
    const talk = voice?.talk;
    const botOverCaller = voice?.botOverCaller ?? 0;
    const talked = talk !== undefined && (talk.callerMs > 0 || talk.botMs > 0);
    const counted = this.callerBargeIns + botOverCaller + this.silences + this.misunderstood > 0;
    if (this.totals.length === 0 && !talked && !counted) return undefined;
    const stages: Partial<Record<TurnStage, StageStats>> = {};
    for (const stage of TURN_STAGES) {
      const stats = statsOf(this.byStage.get(stage) ?? []);
      if (stats !== undefined) stages[stage] = stats;
    }
    const total = statsOf(this.totals);
    return {
      turns: this.totals.length,
      stages,
      ...(total !== undefined ? { total } : {}),
      interruptions: { byCaller: this.callerBargeIns, byBot: botOverCaller },
      ...(talk !== undefined ? { talk } : {}),
      noInput: this.silences,
      notUnderstood: this.misunderstood,
    };
  }
}

/** The median (nearest rank: always a value one turn had) and the largest; undefined for no turns. */
function statsOf(values: readonly number[]): StageStats | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return { turns: sorted.length, p50Ms: sorted[Math.ceil(sorted.length / 2) - 1] ?? 0, maxMs: sorted.at(-1) ?? 0 };
}
