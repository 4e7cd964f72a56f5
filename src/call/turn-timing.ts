import type { DebtorInput, TurnStage, TurnStageTimes } from '../store/call-record.js';

/**
 * The instants that bound the stages of one turn, on the call's clock, in the order a turn meets
 * them. Each stage is the time between two consecutive instants, so the stages of a turn add up to
 * the whole of it by construction, whatever any one of them measured.
 */
export interface TurnInstants {
  /** The caller's last speech frame as the VAD saw it (when it arrived); a key press; a no-input timeout firing. */
  readonly lastInputAtMs: number;
  /** The decision that the caller is done: the VAD's hangover run out, an utterance cut for length, a keyed entry's `#` or pause, the recognizer's own final. */
  readonly endOfInputAtMs: number;
  /** The final transcript reached turn-taking. */
  readonly transcriptAtMs: number;
  /** Understanding returned its reading of the words (a turn without words: the transcript's instant). */
  readonly understoodAtMs: number;
  /** The flow said the first line of its answer. */
  readonly chosenAtMs: number;
  /** That line's audio was synthesized and queued to be sent (text calls: when it was said). */
  readonly readyAtMs: number;
  /** Its first frame left for the caller (text calls: when it was said). */
  readonly firstFrameAtMs: number;
}

/** What the caller's side of a turn knows of its instants before the turn reaches the call session. */
export type InputInstants = Pick<TurnInstants, 'lastInputAtMs' | 'endOfInputAtMs' | 'transcriptAtMs'>;

/**
 * How long each stage of a turn took, and the whole. Instants are taken in whole milliseconds and
 * never before the one before them (a clock read in another order, or a recognizer's final that
 * beat the VAD, costs a stage nothing rather than making it negative), so the stages are whole,
 * non-negative and add up exactly to `totalMs`.
 */
export function turnStages(instants: TurnInstants): { readonly stages: TurnStageTimes; readonly totalMs: number } {
  const order = [instants.lastInputAtMs, instants.endOfInputAtMs, instants.transcriptAtMs, instants.understoodAtMs, instants.chosenAtMs, instants.readyAtMs, instants.firstFrameAtMs];
  const at: number[] = [];
  for (const ms of order) at.push(Math.max(at.at(-1) ?? Number.NEGATIVE_INFINITY, Math.round(ms)));
  const span = (from: number): number => (at[from + 1] ?? 0) - (at[from] ?? 0);
  return {
    stages: { endpointingMs: span(0), recognitionMs: span(1), understandingMs: span(2), flowMs: span(3), synthesisMs: span(4), firstFrameMs: span(5) },
    totalMs: (at[6] ?? 0) - (at[0] ?? 0),
  };
}

/** The stages a spoken turn goes through before its answer exists. */
const SPOKEN: readonly TurnStage[] = ['endpointing', 'recognition', 'understanding', 'flow'];
/** The stages of an answer heard as audio. */
const AUDIO: readonly TurnStage[] = ['synthesis', 'firstFrame'];

/**
 * The stages a turn went through, by how it came and whether its answer was audio: a call's
 * summary takes each stage over these turns only, so a key press (no recognition) or a typed
 * line (no audio) does not pull a stage's median towards 0. A keyed entry's wait for its pause is
 * in the turn's own endpointing, but not in the call's endpointing, which is the VAD's.
 */
export function stagesThrough(input: DebtorInput, audible: boolean): readonly TurnStage[] {
  const before: readonly TurnStage[] = input === 'speech' ? SPOKEN : input === 'text' ? ['understanding', 'flow'] : ['flow'];
  return audible ? [...before, ...AUDIO] : before;
}
