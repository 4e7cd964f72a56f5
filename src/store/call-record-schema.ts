import { z } from 'zod';
import { DISPOSITIONS } from '../domain/dispositions.js';
import { LOCALES } from '../domain/locale.js';
import { NluResultSchema } from '../nlu/nlu-result-schema.js';
import { INTENTS, SIGNALS } from '../nlu/intents.js';
import { ESCALATION_REASONS, ESCALATION_TRIGGERS } from '../flow/events.js';
import { ACCOUNT_FLAG_KINDS } from '../domain/account-flags.js';
import { HANDOFF_OUTCOMES, HANDOFF_STATES } from '../escalation/handoff.js';
import type { CallOutcome, CallRecordEvent, CallStart } from './call-record.js';

const escalationReason = z.enum(ESCALATION_REASONS);
/** A turn's emotion score, 0 (calm) – 1 (furious or desperate). */
const emotionScore = z.number().min(0).max(1);
/** What set off an escalation: the rule, and the turn that did as it was heard and understood (see EscalationEvidence). */
const escalationEvidence = z.object({
  trigger: z.enum(ESCALATION_TRIGGERS),
  utterance: z.string().optional(),
  intent: z.enum(INTENTS).optional(),
  confidence: z.number().min(0).max(1).optional(),
  signals: z.array(z.enum(SIGNALS)).readonly().optional(),
  digit: z.string().optional(),
  emotion: emotionScore.optional(),
  emotionTrend: z.array(emotionScore).readonly().optional(),
  notUnderstoodInARow: z.number().int().min(0).optional(),
  recognitionFailuresInARow: z.number().int().min(0).optional(),
});
const promiseKind = z.enum(['single', 'plan', 'settlement']);
const disposition = z.enum(DISPOSITIONS);
/** The telephony provider of a voice call and its own ids for the call and its stream; absent for text calls. */
const providerIds = {
  provider: z.string().min(1).optional(),
  providerCallId: z.string().min(1).optional(),
  providerStreamId: z.string().min(1).optional(),
};

/** What was understood of a debtor turn: the same shape every understander must return. */
const nluResult = NluResultSchema;
const debtorInput = z.enum(['text', 'speech', 'dtmf', 'silence']);

/** A duration in whole milliseconds. */
const wholeMs = z.number().int().min(0);
/** How long each stage of a turn took (TurnStageTimes). */
const turnStageTimes = z.object({
  endpointingMs: wholeMs,
  recognitionMs: wholeMs,
  understandingMs: wholeMs,
  flowMs: wholeMs,
  synthesisMs: wholeMs,
  firstFrameMs: wholeMs,
});
/** One stage over the turns that went through it (StageStats). */
const stageStats = z.object({ turns: z.number().int().min(1), p50Ms: wholeMs, maxMs: wholeMs });
/** A share of a call's duration, 0–1. */
const share = z.number().min(0).max(1);
/** Who talked how long (CallTalk). */
const callTalk = z.object({
  durationMs: wholeMs,
  callerMs: wholeMs,
  botMs: wholeMs,
  overlapMs: wholeMs,
  silenceMs: wholeMs,
  shares: z.object({ callerOnly: share, botOnly: share, overlap: share, silence: share }),
});

/** The sum of a turn's stages: it must be the whole turn. */
function stagesAddUp(entry: { readonly stages: z.infer<typeof turnStageTimes>; readonly totalMs: number }): boolean {
  const { endpointingMs, recognitionMs, understandingMs, flowMs, synthesisMs, firstFrameMs } = entry.stages;
  return endpointingMs + recognitionMs + understandingMs + flowMs + synthesisMs + firstFrameMs === entry.totalMs;
}

/** A call's shares of its duration never add up to more than the whole call. */
function sharesFit(talk: z.infer<typeof callTalk>): boolean {
  const { callerOnly, botOnly, overlap, silence } = talk.shares;
  // Each share is rounded down to 4 decimals; the tolerance only absorbs floating-point addition.
  return callerOnly + botOnly + overlap + silence <= 1 + 1e-9;
}

/** The schema of one call record entry, checked when an entry is written and when it is read back. */
export const CallRecordEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('call.started'), atMs: z.number(), flow: z.string(), locale: z.enum(LOCALES), debtorId: z.string(), state: z.string(), ...providerIds }),
  z.object({
    type: z.literal('bot.said'),
    atMs: z.number(),
    state: z.string(),
    prompt: z.string(),
    text: z.string(),
    vars: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
    generated: z.literal(true).optional(),
  }),
  z.object({
    type: z.literal('debtor.turn'),
    atMs: z.number(),
    state: z.string(),
    input: debtorInput,
    text: z.string(),
    nlu: nluResult.optional(),
    digit: z.string().optional(),
    emotion: emotionScore.optional(),
  }),
  z.object({ type: z.literal('state.changed'), atMs: z.number(), from: z.string(), to: z.string(), cause: z.string() }),
  z.object({
    type: z.literal('promise.captured'),
    atMs: z.number(),
    amount: z.number(),
    date: z.string(),
    kind: promiseKind,
    installments: z.number().int().optional(),
  }),
  z.object({ type: z.literal('escalation.requested'), atMs: z.number(), reason: escalationReason, state: z.string(), evidence: escalationEvidence.optional() }),
  z.object({
    type: z.literal('handoff.state'),
    atMs: z.number(),
    handoffId: z.string().min(1),
    state: z.enum(HANDOFF_STATES),
    adapter: z.string().optional(),
    target: z.string().optional(),
    reason: z.string().optional(),
    detail: z.string().optional(),
    sinceTriggerMs: z.number().min(0).optional(),
  }),
  z.object({ type: z.literal('handoff.hold'), atMs: z.number(), handoffId: z.string().min(1), prompt: z.string(), sinceTriggerMs: z.number().min(0) }),
  z.object({ type: z.literal('event.rejected'), atMs: z.number(), code: z.string(), message: z.string() }),
  z.object({ type: z.literal('bot.interrupted'), atMs: z.number(), state: z.string(), prompt: z.string(), heardMs: z.number(), durationMs: z.number() }),
  z.object({ type: z.literal('call.note'), atMs: z.number(), code: z.string(), message: z.string() }),
  z
    .object({
      type: z.literal('turn.timing'),
      atMs: z.number(),
      turn: z.number().int().min(1),
      state: z.string(),
      input: debtorInput,
      prompt: z.string(),
      stages: turnStageTimes,
      totalMs: wholeMs,
    })
    .refine(stagesAddUp, { message: 'the stages must add up to totalMs', path: ['totalMs'] }),
  z.object({
    type: z.literal('call.metrics'),
    atMs: z.number(),
    turns: z.number().int().min(0),
    stages: z.object({
      endpointing: stageStats.optional(),
      recognition: stageStats.optional(),
      understanding: stageStats.optional(),
      flow: stageStats.optional(),
      synthesis: stageStats.optional(),
      firstFrame: stageStats.optional(),
    }),
    total: stageStats.optional(),
    interruptions: z.object({ byCaller: z.number().int().min(0), byBot: z.number().int().min(0) }),
    talk: callTalk.refine(sharesFit, { message: 'the shares must add up to at most 1', path: ['shares'] }).optional(),
    noInput: z.number().int().min(0),
    notUnderstood: z.number().int().min(0),
  }),
  z.object({ type: z.literal('call.ended'), atMs: z.number(), disposition, state: z.string() }),
]);

/** The schema of what is known about a call when it starts. */
export const CallStartSchema = z.object({
  callId: z.string().min(1),
  debtorId: z.string(),
  flow: z.string(),
  locale: z.enum(LOCALES),
  channel: z.enum(['text', 'voice']),
  startedAtMs: z.number(),
  ...providerIds,
});

/** The schema of a finished call's outcome. */
export const CallOutcomeSchema = z.object({
  disposition,
  endedAtMs: z.number(),
  promise: z.object({ amount: z.number(), date: z.string(), kind: promiseKind, installments: z.number().int().optional() }).optional(),
  escalation: z.object({ reason: escalationReason, handoff: z.object({ state: z.enum(HANDOFF_OUTCOMES), reason: z.string().optional() }).optional() }).optional(),
  flags: z.array(z.object({ kind: z.enum(ACCOUNT_FLAG_KINDS), detail: z.string().optional() })).readonly().optional(),
});

/** What the schemas accept; each record type must fit it, which `satisfies` checks at compile time. */
type EventInput = z.input<typeof CallRecordEventSchema>;
type StartInput = z.input<typeof CallStartSchema>;
type OutcomeInput = z.input<typeof CallOutcomeSchema>;

/** Problems found by a schema, one line each, with the path of every bad field. */
function describeIssues(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

/** The result of checking a value against one of the record schemas. */
export type SchemaCheck<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

function check<T>(schema: z.ZodType<T>, value: unknown): SchemaCheck<T> {
  const result = schema.safeParse(value);
  return result.success ? { ok: true, value: result.data } : { ok: false, error: describeIssues(result.error) };
}

/** Checks an entry a caller wants to write; the copy it returns has no unknown fields. */
export function checkCallRecordEvent(event: CallRecordEvent): SchemaCheck<CallRecordEvent> {
  return check(CallRecordEventSchema, event satisfies EventInput);
}

/** Checks an entry read back from storage. */
export function checkStoredEvent(value: unknown): SchemaCheck<CallRecordEvent> {
  return check(CallRecordEventSchema, value);
}

/** Checks a call start a caller wants to write. */
export function checkCallStart(start: CallStart): SchemaCheck<CallStart> {
  return check(CallStartSchema, start satisfies StartInput);
}

/** Checks an outcome a caller wants to write. */
export function checkCallOutcome(outcome: CallOutcome): SchemaCheck<CallOutcome> {
  return check(CallOutcomeSchema, outcome satisfies OutcomeInput);
}

/** Checks an outcome read back from storage. */
export function checkStoredOutcome(value: unknown): SchemaCheck<CallOutcome> {
  return check(CallOutcomeSchema, value);
}
