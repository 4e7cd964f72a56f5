import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { DISPOSITIONS } from '../domain/dispositions.js';
import { LOCALES } from '../domain/locale.js';
import { DunbotError } from '../errors.js';
import { NluResultSchema } from '../nlu/nlu-result-schema.js';
import { IN_BAND_DTMF_SETTINGS } from '../call/voice-call-options.js';

/** The fixture format's version: a file names it, and a replay refuses any other. */
export const FIXTURE_VERSION = 1;

/** μ-law at 8 kHz: one 20 ms Twilio media frame is 160 bytes. */
export const FRAME_BYTES = 160;
export const FRAME_MS = 20;

const nonNegativeMs = z.number().int().min(0);
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'expected base64');

/**
 * What the caller's side sent, in order, at call time `atMs` (ms since the stream's start):
 * a run of audio (consecutive 20 ms μ-law frames, sent one every 20 ms from `atMs`), a key,
 * or the end of the stream. Mark echoes are not kept: the replayed line echoes the bot's marks
 * as the provider does, so a changed bot is heard as it would be.
 */
const CallerEventSchema = z.discriminatedUnion('event', [
  z.object({ atMs: nonNegativeMs, event: z.literal('audio'), payload: base64 }).strict(),
  z.object({ atMs: nonNegativeMs, event: z.literal('dtmf'), digit: z.string().regex(/^[0-9*#A-D]$/, 'expected one DTMF digit') }).strict(),
  z.object({ atMs: nonNegativeMs, event: z.literal('stop') }).strict(),
]);

/** One recognition as it happened: the results of one utterance, each `afterMs` after the audio ended. */
const AsrUtteranceSchema = z.object({
  results: z.array(z.object({ afterMs: nonNegativeMs, text: z.string(), confidence: z.number().min(0).max(1), isFinal: z.boolean() }).strict()),
  /** The recognizer failed on this utterance instead, with this message. */
  error: z.string().optional(),
}).strict();

/** A line as synthesized: its text and how long it sounded (the replayed synthesizer gives it that length). */
const SpokenSchema = z.object({ text: z.string(), durationMs: nonNegativeMs, synthesisMs: nonNegativeMs.default(0) }).strict();

/** What the language model answered for an utterance, when it was the understander that answered. */
const UnderstoodSchema = z.object({ utterance: z.string(), result: NluResultSchema, source: z.string().min(1) }).strict();

const AnswerSchema = z.object({ question: z.string(), answer: z.string().nullable() }).strict();

const HandoffStateSchema = z.enum(['briefing', 'ringing']);
const HandoffOutcomeSchema = z.enum(['bridged', 'declined', 'no_answer', 'busy', 'failed', 'cancelled']);
/** A hand-off as the adapter played it: what it reported and when, then its outcome. */
const HandoffRunSchema = z.object({
  reports: z.array(z.object({ afterMs: nonNegativeMs, state: HandoffStateSchema, detail: z.string().optional() }).strict()),
  /** When the adapter said it was moving the caller's leg off the stream, if it did. */
  movedCallerAfterMs: nonNegativeMs.optional(),
  /** Absent when the call ended before the adapter answered (the runtime then ended it itself). */
  outcome: z.object({ afterMs: nonNegativeMs, state: HandoffOutcomeSchema, reason: z.string().optional(), target: z.string().optional() }).strict().optional(),
}).strict();

/** The server settings that change how a call goes; everything else is the deployment's. */
export const FixtureConfigSchema = z.object({
  noInputMs: z.number().int().positive(),
  maxCallMs: z.number().int().positive(),
  inBandDtmf: z.enum(IN_BAND_DTMF_SETTINGS),
  understanders: z.array(z.string().min(1)).min(1),
  handoff: z.string().min(1),
  handoffTarget: z.string(),
  handoffRingTimeoutS: z.number().int().positive(),
}).partial().strict();

const LatencyBudgetSchema = z.object({
  /** The most any turn may take, from the caller's last speech to the answer's first frame. */
  turnMs: z.number().positive().optional(),
  /** The most each stage of a turn may take (see the record's `turn.timing`). */
  stages: z.record(z.string(), z.number().positive()).optional(),
}).strict();

/**
 * What a replay must find. Every field is optional: a fixture asserts what matters to it.
 * `states` is an ordered subset of the states the call passed through; `intents` lists the
 * intent of each debtor turn with words, in order (null: any).
 */
export const ExpectationsSchema = z.object({
  disposition: z.enum(DISPOSITIONS),
  promise: z.object({ amount: z.number(), date: z.string(), kind: z.string().optional(), installments: z.number().int().optional() }).strict().nullable(),
  flags: z.array(z.object({ kind: z.string(), detail: z.string().optional() }).strict()),
  escalationReason: z.string().nullable(),
  handoffState: z.string().nullable(),
  states: z.array(z.string().min(1)),
  intents: z.array(z.string().nullable()),
  said: z.array(z.string().min(1)),
  notSaid: z.array(z.string().min(1)),
  latency: LatencyBudgetSchema,
}).partial().strict();

export const FixtureSchema = z.object({
  dunbotFixture: z.literal(FIXTURE_VERSION),
  name: z.string().min(1),
  description: z.string().optional(),
  call: z.object({
    /** The telephony protocol the caller's frames are replayed in. */
    provider: z.literal('twilio'),
    /** When the call started: the replay's clock starts here, so dates and call windows resolve as they did. */
    startedAt: z.iso.datetime({ offset: true }),
    /** The debtor record as it was for this call (validated as any debtor record is). */
    debtor: z.record(z.string(), z.unknown()),
    flow: z.string().min(1).optional(),
    locale: z.enum(LOCALES).optional(),
    callSid: z.string().min(1).optional(),
    config: FixtureConfigSchema.default({}),
  }).strict(),
  caller: z.object({
    events: z.array(CallerEventSchema),
    /**
     * The caller's audio as a WAV file instead of (or beside) audio events: any sample rate, mono
     * 16-bit PCM, sent as continuous 20 ms frames from `atMs`. `file` is relative to the fixture.
     */
    wav: z.object({ file: z.string().min(1), atMs: nonNegativeMs.default(0) }).strict().optional(),
  }).strict(),
  /** The results of the providers that are not deterministic, as they happened. */
  providers: z.object({
    asr: z.array(AsrUtteranceSchema).default([]),
    tts: z.array(SpokenSchema).default([]),
    understanding: z.array(UnderstoodSchema).default([]),
    answers: z.array(AnswerSchema).default([]),
    handoff: z.array(HandoffRunSchema).default([]),
  }).strict().default({ asr: [], tts: [], understanding: [], answers: [], handoff: [] }),
  expect: ExpectationsSchema.default({}),
  /**
   * What the recorded call did, kept for a person reading the fixture: the bot's audio, marks and
   * clears as they left, and the transcript. A replay does not use it; it produces its own.
   */
  recorded: z.object({
    bot: z.array(z.discriminatedUnion('event', [
      z.object({ atMs: nonNegativeMs, event: z.literal('audio'), durationMs: nonNegativeMs }).strict(),
      z.object({ atMs: nonNegativeMs, event: z.literal('mark'), name: z.string() }).strict(),
      z.object({ atMs: nonNegativeMs, event: z.literal('clear') }).strict(),
    ])),
    transcript: z.array(z.object({ atMs: nonNegativeMs, speaker: z.enum(['bot', 'debtor']), text: z.string() }).strict()),
  }).strict().optional(),
}).strict().superRefine((fixture, context) => {
  let lastMs = -1;
  fixture.caller.events.forEach((event, index) => {
    if (event.atMs < lastMs) context.addIssue({ code: 'custom', path: ['caller', 'events', index, 'atMs'], message: `goes back in time (${event.atMs} after ${lastMs})` });
    lastMs = event.atMs;
    if (event.event === 'audio') {
      const bytes = Buffer.from(event.payload, 'base64').length;
      if (bytes === 0 || bytes % FRAME_BYTES !== 0) context.addIssue({ code: 'custom', path: ['caller', 'events', index, 'payload'], message: `holds ${bytes} bytes of audio: whole 20 ms μ-law frames (${FRAME_BYTES} bytes each) expected` });
    }
  });
});

/** A fixture, parsed and validated. */
export type Fixture = z.infer<typeof FixtureSchema>;
export type FixtureInput = z.input<typeof FixtureSchema>;
export type CallerEvent = Fixture['caller']['events'][number];
export type Expectations = z.infer<typeof ExpectationsSchema>;
export type AsrUtterance = Fixture['providers']['asr'][number];
export type HandoffRun = Fixture['providers']['handoff'][number];
export type FixtureConfig = z.infer<typeof FixtureConfigSchema>;
export type HandoffRunInput = z.input<typeof HandoffRunSchema>;
export type UnderstoodInput = z.input<typeof UnderstoodSchema>;

/** Validates an untrusted fixture, throwing DUN_ERR_FIXTURE_INVALID with every problem and where it is. */
export function parseFixture(value: unknown, source = 'fixture'): Fixture {
  if (typeof value === 'object' && value !== null && 'dunbotFixture' in value && value.dunbotFixture !== FIXTURE_VERSION) {
    throw new DunbotError('DUN_ERR_FIXTURE_INVALID', `${source} is fixture format version ${String(value.dunbotFixture)}; this dunbot reads version ${FIXTURE_VERSION}`, { details: { problems: [`dunbotFixture: expected ${FIXTURE_VERSION}`] } });
  }
  const result = FixtureSchema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new DunbotError('DUN_ERR_FIXTURE_INVALID', `${source} is not a valid call fixture: ${problems.join('; ')}`, { details: { problems } });
}

/** Reads and validates a fixture file. */
export function loadFixture(path: string): Fixture {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new DunbotError('DUN_ERR_FIXTURE_INVALID', `fixture ${path} could not be read: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new DunbotError('DUN_ERR_FIXTURE_INVALID', `fixture ${path} is not JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const fixture = parseFixture(value, `fixture ${path}`);
  const wav = fixture.caller.wav;
  return wav === undefined ? fixture : { ...fixture, caller: { ...fixture.caller, wav: { ...wav, file: resolve(dirname(path), wav.file) } } };
}
