export { say, sayAnswer, escalate, finish, note, intentIs, dtmfIs, flag, signalIs } from './actions.js';
export { ask, decide, DEFAULT_DTMF, STANDARD_ANSWERS, type Answer, type AnswerSpec, type AskOptions } from './ask.js';
export { ENDING } from './endings.js';
export { outcome, escalation, standardEndings, CALL_ENDINGS } from './outcome.js';
export { HANDOFF_ENDING, handoffEndings, holdState, holdStateOf } from './handoff-endings.js';
export { routeEscalationsThroughHandoff } from './handoff-routing.js';
export { flowSetup, flowContext, flowOutput, type FlowStateMeta } from './flow-setup.js';
export type { FlowMachineConfig, FlowStateConfig, FlowTransition, FlowAction, FlowGuard } from './flow-config.js';
export {
  createFlowContext,
  computeOffers,
  promptVariables,
  DEFAULT_FLOW_OPTIONS,
  type CallerProfile,
  type FlowContext,
  type FlowInput,
  type FlowOptions,
  type FlowOptionsInput,
  type FlowOutput,
  type EscalationOutcome,
  type Offers,
  type PromiseSlots,
} from './flow-context.js';
export {
  TURN_EVENT_TYPES,
  type TurnEvent,
  type UserSaidEvent,
  type UserDtmfEvent,
  type UserSilentEvent,
  type UserBargedInEvent,
  type CallHungUpEvent,
  type CallVoicemailEvent,
  type HandoffEndedEvent,
  type FlowEffect,
  type SayEffect,
  type EscalateEffect,
  type HangUpEffect,
  type PromiseEffect,
  type PromiseKind,
  type EscalationReason,
  type EscalationEvidence,
  type EscalationTrigger,
  type PromptVariables,
} from './events.js';
export { ESCALATION_REASONS, ESCALATION_TRIGGERS } from './events.js';
export { STATE } from './blocks/state-keys.js';
export { negotiationAnswers, REFUSAL, HARDSHIP, DISPUTE, type Answers } from './blocks/negotiation.js';
export { rightPartyVerification } from './blocks/right-party-verification.js';
export { promiseCapture } from './blocks/promise-capture.js';
export { planOffer } from './blocks/plan-offer.js';
export { objectionHandling } from './blocks/objections.js';
export type { FlowMachine } from './flow-machine.js';
export { flowToMermaid } from './flow-mermaid.js';
export { checkFlow, formatFlowCheckReports, type FlowCheckReport, type FlowProblem, type PromptCatalog } from './check/check-flow.js';
export { probeEvents, probeEventsFor, probeInputs } from './check/probe-inputs.js';
export { isFlowEffect, FLOW_EFFECT_TYPES, GENERATED_ANSWER_PROMPT } from './events.js';
export { createFlowRegistry, type FlowChoice, type FlowRegistry } from './flow-registry.js';
export { SLOTS, IDENTIFIER_SLOTS, isSlot, isIdentifierSlot, slotsOfIntents, type IdentifierSlot, type Slot } from './slots.js';
export { identifierMatches } from './identity-check.js';
export { expectationsAt, NO_EXPECTATIONS, type QuestionExpectations } from './question-expectations.js';
