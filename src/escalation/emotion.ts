import type { VoiceFeatures } from '../audio/voice-features.js';
import type { Locale } from '../domain/locale.js';
import type { EmotionEscalation } from './escalation-policy.js';
import { wordEmotion } from './emotion-words.js';

/** What the voice path measured of one debtor turn: the voice itself, and how often the caller talked over the bot. */
export interface VoiceCues {
  /** Absent when the utterance held no voice the meter could measure. */
  readonly features?: VoiceFeatures;
  /** Barge-ins since the caller's previous turn: prompts the caller cut short to say this. */
  readonly bargeIns: number;
}

/**
 * The emotion of one caller over a call, turn by turn: each turn is scored from its words and, on a
 * voice call, its voice compared with the caller's own first turns — some people are loud, fast or
 * animated by nature, so only a change from how they began counts. One instance per call.
 */
export class CallerEmotion {
  private readonly locale: Locale;
  private readonly baseline: VoiceBaseline = { turns: 0, loudnessDb: 0, pitchSpread: 0, rate: 0 };

  constructor(locale: Locale) {
    this.locale = locale;
  }

  /** The turn's score, 0 (calm) – 1 (furious or desperate); `voice` on a voice call. */
  score(text: string, voice?: VoiceCues): number {
    const words = wordEmotion(text, this.locale);
    if (voice === undefined) return words;
    const arousal = this.voiceArousal(text, voice);
    // The voice raises what the words say; alone (a loud "okay") it stays below what anger in words reaches.
    return round3(1 - (1 - words) * (1 - VOICE_SHARE * arousal));
  }

  /** How far the voice is from the caller's own start, 0–1: louder, more pitch movement, faster, talking over the bot. */
  private voiceArousal(text: string, voice: VoiceCues): number {
    const bargeIns = Math.min(1, voice.bargeIns / 2);
    const features = voice.features;
    if (features === undefined || features.voicedMs < MIN_VOICED_MS) return WEIGHTS.bargeIns * bargeIns;
    const rate = speechRate(text, this.locale, features.voicedMs);
    const baseline = this.baseline;
    let arousal = WEIGHTS.bargeIns * bargeIns;
    if (baseline.turns > 0) {
      arousal += WEIGHTS.loudness * ramp(features.loudnessDb - baseline.loudnessDb, 2, 10);
      if (features.pitchSpreadSemitones !== undefined) arousal += WEIGHTS.pitch * ramp(features.pitchSpreadSemitones - baseline.pitchSpread, 0.5, 3.5);
      if (rate > 0 && baseline.rate > 0) arousal += WEIGHTS.rate * ramp(rate / baseline.rate, 1.15, 1.6);
    }
    if (baseline.turns < BASELINE_TURNS) this.learn(features, rate);
    return Math.min(1, arousal);
  }

  /** The caller's first voiced turns set how they sound when the call begins. */
  private learn(features: VoiceFeatures, rate: number): void {
    const baseline = this.baseline;
    const n = baseline.turns;
    baseline.loudnessDb = (baseline.loudnessDb * n + features.loudnessDb) / (n + 1);
    baseline.pitchSpread = (baseline.pitchSpread * n + (features.pitchSpreadSemitones ?? baseline.pitchSpread)) / (n + 1);
    baseline.rate = rate > 0 ? (baseline.rate * n + rate) / (n + 1) : baseline.rate;
    baseline.turns = n + 1;
  }
}

interface VoiceBaseline {
  turns: number;
  loudnessDb: number;
  pitchSpread: number;
  /** Words (en-US) or characters (zh-CN) per voiced second. */
  rate: number;
}

/** How the caller's first voiced turns set the baseline. */
const BASELINE_TURNS = 2;
/** Shorter than this ("yes", "no"), an utterance says little about the voice. */
const MIN_VOICED_MS = 400;
/** How much of a turn's score the voice alone can make. */
const VOICE_SHARE = 0.6;
const WEIGHTS = { loudness: 0.35, pitch: 0.25, rate: 0.2, bargeIns: 0.2 } as const;

/** Words per voiced second (en-US), or Han characters — syllables — per voiced second (zh-CN). */
export function speechRate(text: string, locale: Locale, voicedMs: number): number {
  if (voicedMs <= 0) return 0;
  const units = locale === 'zh-CN' ? (text.match(/\p{Script=Han}/gu) ?? []).length : text.split(/\s+/).filter((word) => /[a-z0-9]/i.test(word)).length;
  return units / (voicedMs / 1000);
}

/** 0 at `from`, 1 at `to`, straight between. */
function ramp(value: number, from: number, to: number): number {
  return Math.max(0, Math.min(1, (value - from) / (to - from)));
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** The emotion of a call so far: each scored turn's own score and the smoothed score after it. */
export interface EmotionTrajectory {
  readonly scores: readonly number[];
  readonly smoothed: readonly number[];
}

/** A call before any turn was scored. */
export const NO_EMOTION: EmotionTrajectory = { scores: [], smoothed: [] };

/** The trajectory after one more turn scored `score`, smoothed with the rule's weight for the newest turn. */
export function withTurnEmotion(trajectory: EmotionTrajectory, score: number, rule: Pick<EmotionEscalation, 'smoothing'>): EmotionTrajectory {
  const turn = Math.max(0, Math.min(1, score));
  const previous = trajectory.smoothed.at(-1) ?? 0;
  const smoothed = round3(previous + rule.smoothing * (turn - previous));
  return { scores: [...trajectory.scores, turn], smoothed: [...trajectory.smoothed, smoothed] };
}

/**
 * True when the call should go to a person for its emotion: the smoothed score has been at or above
 * the threshold for the rule's number of turns in a row, and it rose on the last one. A heated turn
 * that is calming down, or a single outburst, never qualifies.
 */
export function emotionCallsForPerson(trajectory: EmotionTrajectory, rule: EmotionEscalation): boolean {
  const { smoothed } = trajectory;
  if (smoothed.length < Math.max(2, rule.turns)) return false;
  const recent = smoothed.slice(-rule.turns);
  const last = smoothed.at(-1) ?? 0;
  const before = smoothed.at(-2) ?? 0;
  return recent.every((value) => value >= rule.threshold) && last > before;
}
