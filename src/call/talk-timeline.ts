import type { VadDecision } from '../audio/vad.js';
import type { CallTalk } from '../store/call-record.js';

/** What turn-taking tells of the caller's voice: every frame, as the VAD judged it. */
export interface CallerVoice {
  /** One frame of `frameMs` that arrived at `atMs` (its audio ends then), and the VAD's decision on it. */
  callerFrame(atMs: number, frameMs: number, decision: VadDecision): void;
}

/** What playback tells of the bot's voice: the audio it sends, and where the provider's buffer was cleared. */
export interface BotVoice {
  /**
   * `durationMs` of the bot's speech left at `atMs`; the provider plays it after what it still
   * holds. `startsLine`: the first frame of a line (a prompt), not the rest of one.
   */
  botAudio(atMs: number, durationMs: number, startsLine: boolean): void;
  /** A clear: whatever the provider still held is not played, from `atMs`. */
  botCut(atMs: number): void;
}

/** Who talked when over a call, for its summary. */
export interface TalkMeasure {
  /** Lines the bot began while the bot was quiet and the VAD said the caller was speaking. */
  readonly botOverCaller: number;
  /** The caller's and the bot's talk between two instants of the call's clock. */
  talkBetween(fromMs: number, untilMs: number): CallTalk;
}

interface Interval {
  readonly startMs: number;
  endMs: number;
}

/**
 * A gap shorter than one frame is not silence anyone hears: a timer a few ms late between two bursts
 * of a line does not start a new stretch of the bot's talk.
 */
const BOT_GAP_TOLERANCE_MS = 20;

/**
 * Who spoke when on one voice call, on the call's clock: the caller's speech as the VAD heard it,
 * from the first voiced frame of the run that started speech to the last voiced frame before the VAD
 * ended it (its hangover is the caller being quiet, so it is not talk); the bot's speech as its
 * audio plays, each burst after what was sent before it, until a clear cuts it. Hold audio is not
 * the bot talking and is never given here. It keeps a few intervals per turn, and per frame only a
 * few comparisons.
 */
export class TalkTimeline implements CallerVoice, BotVoice, TalkMeasure {
  private readonly caller: Interval[] = [];
  /** The caller's stretch of speech the VAD has not ended yet. */
  private callerOpen: Interval | undefined;
  /** Where the run of voiced frames going on began (the VAD declares speech a few frames into it). */
  private voicedSinceMs: number | undefined;
  /** The VAD says speech (its hangover included). */
  private callerSpeaking = false;
  private readonly bot: Interval[] = [];
  /** When the audio the bot has sent so far will have played. */
  private botUntilMs = Number.NEGATIVE_INFINITY;
  private linesOverCaller = 0;

  get botOverCaller(): number {
    return this.linesOverCaller;
  }

  callerFrame(atMs: number, frameMs: number, decision: VadDecision): void {
    if (!decision.voiced) this.voicedSinceMs = undefined;
    else this.voicedSinceMs ??= atMs - frameMs;
    if (decision.speechStarted) this.callerOpen = { startMs: this.voicedSinceMs ?? atMs - frameMs, endMs: atMs };
    else if (decision.voiced && this.callerOpen !== undefined) this.callerOpen.endMs = atMs;
    if (decision.speechEnded && this.callerOpen !== undefined) {
      this.caller.push(this.callerOpen);
      this.callerOpen = undefined;
    }
    this.callerSpeaking = decision.speech;
  }

  botAudio(atMs: number, durationMs: number, startsLine: boolean): void {
    const last = this.bot.at(-1);
    if (last === undefined || atMs > this.botUntilMs + BOT_GAP_TOLERANCE_MS) {
      // The bot was quiet: a new stretch of its talk, which may begin over the caller.
      if (startsLine && this.callerSpeaking) this.linesOverCaller += 1;
      this.bot.push({ startMs: atMs, endMs: atMs + durationMs });
      this.botUntilMs = atMs + durationMs;
      return;
    }
    last.endMs = Math.max(last.endMs, this.botUntilMs) + durationMs;
    this.botUntilMs = last.endMs;
  }

  botCut(atMs: number): void {
    const last = this.bot.at(-1);
    if (last !== undefined && last.endMs > atMs) last.endMs = Math.max(last.startMs, atMs);
    this.botUntilMs = Math.min(this.botUntilMs, atMs);
  }

  talkBetween(fromMs: number, untilMs: number): CallTalk {
    const durationMs = Math.max(0, untilMs - fromMs);
    const caller = clip([...this.caller, ...(this.callerOpen !== undefined ? [this.callerOpen] : [])], fromMs, untilMs);
    const bot = clip(this.bot, fromMs, untilMs);
    const callerMs = lengthOf(caller);
    const botMs = lengthOf(bot);
    const overlapMs = overlapOf(caller, bot);
    const silenceMs = Math.max(0, durationMs - (callerMs + botMs - overlapMs));
    // Each share is rounded down, so the four never add up to more than the call.
    const share = (ms: number): number => (durationMs === 0 ? 0 : Math.floor((ms / durationMs) * 10_000) / 10_000);
    return {
      durationMs: Math.round(durationMs),
      callerMs: Math.round(callerMs),
      botMs: Math.round(botMs),
      overlapMs: Math.round(overlapMs),
      silenceMs: Math.round(silenceMs),
      shares: { callerOnly: share(callerMs - overlapMs), botOnly: share(botMs - overlapMs), overlap: share(overlapMs), silence: share(silenceMs) },
    };
  }
}

/** The parts of ordered, disjoint intervals that fall between two instants. */
function clip(intervals: readonly Interval[], fromMs: number, untilMs: number): Interval[] {
  const clipped: Interval[] = [];
  for (const { startMs, endMs } of intervals) {
    const start = Math.max(startMs, fromMs);
    const end = Math.min(endMs, untilMs);
    if (end > start) clipped.push({ startMs: start, endMs: end });
  }
  return clipped;
}

function lengthOf(intervals: readonly Interval[]): number {
  let total = 0;
  for (const { startMs, endMs } of intervals) total += endMs - startMs;
  return total;
}

/** How long two lists of ordered, disjoint intervals overlap. */
function overlapOf(a: readonly Interval[], b: readonly Interval[]): number {
  let total = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i];
    const y = b[j];
    if (x === undefined || y === undefined) break;
    total += Math.max(0, Math.min(x.endMs, y.endMs) - Math.max(x.startMs, y.startMs));
    if (x.endMs < y.endMs) i += 1;
    else j += 1;
  }
  return total;
}
