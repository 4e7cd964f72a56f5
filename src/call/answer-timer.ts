import type { CallRecordEvent, DebtorInput } from '../store/call-record.js';
import type { SpeechProgress } from './session-ports.js';
import { turnStages, type InputInstants } from './turn-timing.js';

/** A turn's timing as the record keeps it. */
export type TurnTimingEntry = Extract<CallRecordEvent, { type: 'turn.timing' }>;

/** The debtor turn an answer is timed for, as its `debtor.turn` entry recorded it. */
export interface TimedTurn {
  /** Its place among the call's `debtor.turn` entries, from 1. */
  readonly turn: number;
  readonly state: string;
  readonly input: DebtorInput;
}

/**
 * The timing of the answer to one debtor turn, completed as the answer's first line is said, its
 * audio is ready and its first frame leaves (see SpeechProgress). An answer that never reaches the
 * caller — the flow said nothing, the line was cut or dropped before its first frame — is not
 * timed: there was no answer to measure.
 */
export class AnswerTimer implements SpeechProgress {
  private readonly turn: TimedTurn;
  private readonly heard: InputInstants & { readonly understoodAtMs: number };
  private readonly onTimed: (entry: TurnTimingEntry) => void;
  private said: { readonly prompt: string; readonly atMs: number } | undefined;
  private readyAtMs: number | undefined;
  private over = false;
  private settle: () => void = () => undefined;
  /** Resolves once the answer has been timed, or will never be. */
  readonly settled: Promise<void>;

  constructor(turn: TimedTurn, heard: InputInstants & { readonly understoodAtMs: number }, onTimed: (entry: TurnTimingEntry) => void) {
    this.turn = turn;
    this.heard = heard;
    this.onTimed = onTimed;
    this.settled = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  /** True once the flow has said the first line of the answer. */
  get answered(): boolean {
    return this.said !== undefined;
  }

  /** True once the answer has been timed, or never will be. */
  get done(): boolean {
    return this.over;
  }

  /** The flow said the first line of its answer (later lines of the same answer are not this one's). */
  chosen(prompt: string, atMs: number): void {
    this.said ??= { prompt, atMs };
  }

  ready(atMs: number): void {
    if (!this.over) this.readyAtMs ??= atMs;
  }

  started(atMs: number): void {
    const said = this.said;
    if (this.over || said === undefined) return;
    const instants = { ...this.heard, chosenAtMs: said.atMs, readyAtMs: this.readyAtMs ?? atMs, firstFrameAtMs: atMs };
    const { stages, totalMs } = turnStages(instants);
    this.finish();
    this.onTimed({ type: 'turn.timing', atMs, turn: this.turn.turn, state: this.turn.state, input: this.turn.input, prompt: said.prompt, stages, totalMs });
  }

  /** The answer is out the moment it is said: a text call, where nothing is synthesized or sent. */
  delivered(): void {
    if (this.said !== undefined) this.started(this.said.atMs);
  }

  dropped(): void {
    this.finish();
  }

  private finish(): void {
    if (this.over) return;
    this.over = true;
    this.settle();
  }
}
