/**
 * dunbot's public API: the flow kit, the shipped flows, the call runtime and its composition root,
 * understanding, grounded answers, NLU, scripts library, compliance checks and call stores.
 */
export { DunbotError, ERROR_CODES, isDunbotError, type ErrorCode } from './errors.js';
export { DebtorSchema, PolicySchema, parseDebtor, stageForDaysPastDue, type Debtor, type Policy, type Stage } from './domain/debtor.js';
export { DISPOSITIONS, isDisposition, type Disposition } from './domain/dispositions.js';
export { LOCALES, isLocale, type Locale } from './domain/locale.js';
export * from './flow/index.js';
export { FLOWS, FLOW_NAMES, isFlowName, SHIPPED_FLOWS, earlyStageFlow, midStageFlow, lateStageFlow } from '../flows/index.js';
export { CallSession, type CallSessionOptions, type HandoffReport } from './call/call-session.js';
export type { TranscriptEntry } from './call/transcript.js';
export type { CallEffects, CallHandoff, TelephonyIds, TurnAnswering, TurnUnderstanding } from './call/session-ports.js';
export type { CallParts, SpeechProviders, VoiceCallParts } from './call/call-parts.js';
export { composeRuntime, voiceCallParts, type ComposeOptions, type DunbotRuntime, type RuntimeOverrides } from './app/compose-runtime.js';
export { loadServerConfig, ServerConfigSchema, type ServerConfig } from './server/server-config.js';
export { startDunbotServer, type DunbotServer, type DunbotServerOptions } from './server/dunbot-server.js';
export {
  HANDOFF_OUTCOMES,
  HANDOFF_STATES,
  isHandoffOutcome,
  type Handoff,
  type HandoffAdapter,
  type HandoffEvidence,
  type HandoffOutcomeState,
  type HandoffPacket,
  type HandoffResult,
  type HandoffState,
  type HandoffTurn,
} from './escalation/handoff.js';
export { HANDOFF_ADAPTERS, NO_HANDOFF, createHandoffAdapter, isLiveHandoff, recordOnlyHandoff, type HandoffAdapterDeps, type HandoffAdapterFactory } from './escalation/handoff-adapters.js';
export { runHandoff, type HandoffRun, type HandoffRunOptions, type HandoffRunResult, type HandoffStep } from './escalation/handoff-runner.js';
export { buildHandoffPacket, type HandoffFacts, type HandoffPacketOptions } from './escalation/handoff-packet.js';
export { summarizeForAgent } from './escalation/handoff-summary.js';
export { DEFAULT_ESCALATION_POLICY, DEFAULT_EMOTION_ESCALATION, resolveEscalationPolicy, type EmotionEscalation, type EscalationPolicy } from './escalation/escalation-policy.js';
export { CallerEmotion, emotionCallsForPerson, withTurnEmotion, NO_EMOTION, type EmotionTrajectory, type VoiceCues } from './escalation/emotion.js';
export { wordEmotion } from './escalation/emotion-words.js';
export { ManualScheduler, systemScheduler, type Scheduler, type TimerHandle } from './time/scheduler.js';
export { DEFAULT_CALLER_PROFILES } from './call/caller-profile.js';
export { ManualClock, systemClock, type Clock } from './time/clock.js';
export { DTMF_DIGIT, type DebtorTurn } from './call/debtor-turn.js';
export { createLogger, silentLogger, type Logger, type LogFields, type LogLevel, type LoggerOptions } from './log/logger.js';
export { addDays, todayInZone, type IsoDate } from './domain/calendar.js';
export * from './nlu/index.js';
export * from './understanding/index.js';
export * from './answering/index.js';
export * from './scripts/index.js';
export * from './compliance/index.js';
export * from './store/index.js';
