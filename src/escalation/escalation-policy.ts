/**
 * When a call goes to a person, per flow. Some reasons are not a matter of policy and always hand
 * the call over at once, because a person must act on them: self-harm or distress, a threat of
 * violence, a request for a person, a vulnerable caller (serious illness, a recent bereavement,
 * confusion, a minor), a complaint. Abuse goes after one de-escalation. The rest is this policy.
 */
export interface EscalationPolicy {
  /**
   * A dispute ("that's not my loan") goes to a person (reason `dispute`) instead of ending the call
   * `DISPUTE` with the written-notice acknowledgement. Off by default: the lawful answer to a
   * dispute is to stop collecting and send the details in writing, which needs no person on the line.
   */
  readonly dispute: boolean;
  /**
   * Terms the bot may not grant (more instalments than the policy allows, a settlement below its
   * ratio, a reduction) go to a person (reason `beyond_authority`). Off, the bot asks instead what
   * first payment the debtor can manage, within its policy.
   */
  readonly beyondAuthority: boolean;
  /**
   * Answers not understood in a row, across questions, before the call goes to a person (reason
   * `not_understood`); any understood answer starts the count again. `false`: only each question's
   * own limit applies (FlowOptions.maxNoMatch / onNotUnderstood).
   */
  readonly notUnderstoodInARow: number | false;
  /**
   * Turns in a row in which speech was heard but the recognizer returned no words, before the call
   * goes to a person (reason `not_understood`): a line or a recognizer that cannot carry this caller.
   */
  readonly recognitionFailuresInARow: number | false;
  /** When rising emotion over several turns hands the call over (reason `emotion`); `false`: never. */
  readonly emotion: EmotionEscalation | false;
}

/**
 * The emotion rule: each turn's score (0 calm – 1 furious or desperate) is smoothed over the call
 * (an exponential moving average), and the call goes to a person only when the smoothed score has
 * been at or above `threshold` for `turns` turns in a row and rose on the last one. One loud or
 * angry sentence never does it: smoothing halves it, and it must last and keep climbing.
 */
export interface EmotionEscalation {
  /** Smoothed score at or above which a turn counts as heated, 0–1. */
  readonly threshold: number;
  /** Heated turns in a row needed (at least 2). */
  readonly turns: number;
  /** Weight of the newest turn in the moving average, 0–1 (higher follows the caller faster). */
  readonly smoothing: number;
}

/** The emotion rule of the default policy: heated (0.4 smoothed) for two turns in a row and rising. */
export const DEFAULT_EMOTION_ESCALATION: EmotionEscalation = { threshold: 0.4, turns: 2, smoothing: 0.6 };

/** Defaults: disputes end DISPUTE, terms beyond authority go to a person, three misunderstandings or unrecognized turns in a row do, and so does emotion that keeps rising. */
export const DEFAULT_ESCALATION_POLICY: EscalationPolicy = {
  dispute: false,
  beyondAuthority: true,
  notUnderstoodInARow: 3,
  recognitionFailuresInARow: 3,
  emotion: DEFAULT_EMOTION_ESCALATION,
};

/**
 * The policy with `overrides` applied, checked: counts are whole numbers of at least 1, and the
 * emotion rule needs at least two turns (never one sentence) and weights within 0–1.
 */
export function resolveEscalationPolicy(overrides: Partial<EscalationPolicy> | undefined): EscalationPolicy {
  if (overrides === undefined) return DEFAULT_ESCALATION_POLICY;
  const policy: EscalationPolicy = { ...DEFAULT_ESCALATION_POLICY, ...overrides };
  for (const key of ['notUnderstoodInARow', 'recognitionFailuresInARow'] as const) {
    const count = policy[key];
    if (count !== false && !(Number.isInteger(count) && count >= 1)) throw new RangeError(`escalation policy: ${key} is a whole number of at least 1 or false, got ${String(count)}`);
  }
  const emotion = policy.emotion;
  if (emotion !== false) {
    if (!(Number.isInteger(emotion.turns) && emotion.turns >= 2)) throw new RangeError(`escalation policy: emotion.turns is a whole number of at least 2, got ${emotion.turns}`);
    if (!(emotion.threshold > 0 && emotion.threshold <= 1)) throw new RangeError(`escalation policy: emotion.threshold is within (0, 1], got ${emotion.threshold}`);
    if (!(emotion.smoothing > 0 && emotion.smoothing <= 1)) throw new RangeError(`escalation policy: emotion.smoothing is within (0, 1], got ${emotion.smoothing}`);
  }
  return policy;
}
