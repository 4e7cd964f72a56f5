import type { EscalationEvidence, EscalationReason, EscalationTrigger, TurnEvent } from '../flow/events.js';
import type { FlowContext } from '../flow/flow-context.js';

/** The smoothed emotion scores an escalation's evidence keeps: enough to see the climb. */
const TREND_TURNS = 5;

/**
 * What set off an escalation for `reason`, read from the turn that did (`event`) and the context
 * after that turn was counted: the rule, the words as understood, and the counts or the emotion
 * trajectory the rule read. Every escalation the flow kit makes carries it, so a reviewer can tell
 * a threat from a misunderstanding without replaying the call.
 */
export function escalationEvidence(reason: EscalationReason, context: FlowContext, event: TurnEvent): EscalationEvidence {
  const trend = context.emotion.smoothed.slice(-TREND_TURNS);
  const heard = heardOf(event);
  const trigger = triggerOf(reason, context, event);
  return {
    trigger,
    ...heard,
    ...(trend.length > 0 ? { emotionTrend: trend } : {}),
    ...(reason === 'not_understood' ? { notUnderstoodInARow: context.notUnderstoodInARow, recognitionFailuresInARow: context.recognitionFailuresInARow } : {}),
  };
}

/** The turn as heard and understood: words, intent, confidence, signals and emotion, or the key. */
function heardOf(event: TurnEvent): Omit<EscalationEvidence, 'trigger'> {
  if (event.type === 'user.dtmf') return { digit: event.digit };
  if (event.type !== 'user.said') return {};
  const { intent, confidence, signals } = event.nlu;
  return {
    utterance: event.text,
    intent,
    confidence,
    ...(signals !== undefined && signals.length > 0 ? { signals } : {}),
    ...(event.emotion !== undefined ? { emotion: event.emotion } : {}),
  };
}

function triggerOf(reason: EscalationReason, context: FlowContext, event: TurnEvent): EscalationTrigger {
  const signals = event.type === 'user.said' ? (event.nlu.signals ?? []) : [];
  const policy = context.options.escalation;
  switch (reason) {
    case 'distress':
      return signals.includes('self_harm') ? 'self_harm_signal' : 'distress_intent';
    case 'violence_threat':
      return 'violence_threat_signal';
    case 'vulnerable':
      return 'vulnerable_signal';
    case 'complaint':
      return 'complaint_signal';
    case 'request_human':
      return event.type === 'user.dtmf' ? 'request_human_key' : 'request_human_intent';
    case 'abusive':
      return 'abuse_after_deescalation';
    case 'not_understood':
      if (policy.recognitionFailuresInARow !== false && context.recognitionFailuresInARow >= policy.recognitionFailuresInARow) return 'recognition_failures_in_a_row';
      if (policy.notUnderstoodInARow !== false && context.notUnderstoodInARow >= policy.notUnderstoodInARow) return 'not_understood_in_a_row';
      return 'not_understood_at_question';
    case 'emotion':
      return 'emotion_rising';
    case 'dispute':
      return 'dispute_intent';
    case 'beyond_authority':
      return 'beyond_authority';
  }
}
