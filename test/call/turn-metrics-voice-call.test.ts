import { describe, expect, it } from 'vitest';
import { composeRuntime, voiceCallParts } from '../../src/app/compose-runtime.js';
import type { TurnAnswering, TurnUnderstanding } from '../../src/call/session-ports.js';
import type { VoiceCall } from '../../src/call/voice-call.js';
import { NO_VOICE_METRICS, type VoiceMetrics } from '../../src/call/voice-metrics.js';
import type { Locale } from '../../src/domain/locale.js';
import { silentLogger } from '../../src/log/logger.js';
import type { AsrHints, AsrListener, AsrProvider, AsrStream } from '../../src/providers/asr/asr.js';
import type { TtsProvider, TtsRequest } from '../../src/providers/tts/tts.js';
import type { PcmAudio } from '../../src/audio/audio-format.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import type { CallRecord, CallRecordEvent, TurnStageTimes } from '../../src/store/call-record.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { connectTwilioLine, type TwilioLine } from '../../src/testing/twilio-line.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { quiet, speech } from '../server/harness.js';

const START_MS = Date.parse('2026-03-11T15:00:00Z');
/** The VAD's hangover: 15 quiet frames of 20 ms after the last voiced one end an utterance. */
const ENDPOINTING_MS = 300;
/** How long each stage takes in these calls, in the call's time (whole frames, so every instant falls on a frame). */
const RECOGNITION_MS = 240;
const UNDERSTANDING_MS = 60;
const ANSWERING_MS = 140;
const SYNTHESIS_MS = 100;
/** How long every line the bot says lasts (whole bursts of 200 ms). */
const LINE_MS = 1000;
/** How long the caller lets the bot be quiet before answering. */
const ANSWER_AFTER_QUIET_MS = 600;

/** Lets what is pending (promises, record writes) settle without moving the clock. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** Resolves `ms` of the scheduler's time from now. */
function after(scheduler: ManualScheduler, ms: number): Promise<void> {
  return new Promise((resolve) => scheduler.setTimeout(() => resolve(), ms));
}

/** A recognizer whose final result for each utterance comes RECOGNITION_MS after it is told the speech ended. */
class TimedAsr implements AsrProvider {
  readonly name = 'timed';
  readonly locales: readonly Locale[] = ['en-US', 'zh-CN'];
  readonly sampleRateHz = 8000;
  private readonly scheduler: ManualScheduler;
  private readonly script: readonly string[];
  private next = 0;

  constructor(scheduler: ManualScheduler, script: readonly string[]) {
    this.scheduler = scheduler;
    this.script = script;
  }

  async open(_options: { readonly locale: Locale; readonly hints: AsrHints }, listener: AsrListener): Promise<AsrStream> {
    let samples = 0;
    let closed = false;
    return {
      write: (chunk) => {
        samples += chunk.length;
      },
      finish: () =>
        new Promise<void>((resolve) => {
          // The result is given inside the timer, so it carries the timer's instant exactly.
          this.scheduler.setTimeout(() => {
            if (!closed && samples > 0) listener.onResult({ text: this.script[this.next++] ?? '', isFinal: true, confidence: 0.9 });
            resolve();
          }, RECOGNITION_MS);
        }),
      close: () => {
        closed = true;
      },
    };
  }
}

/** A synthesizer that takes SYNTHESIS_MS of the call's time for every line, each LINE_MS of a quiet tone. */
class TimedTts implements TtsProvider {
  readonly name = 'timed';
  private readonly scheduler: ManualScheduler;

  constructor(scheduler: ManualScheduler) {
    this.scheduler = scheduler;
  }

  defaultVoice(): string {
    return 'timed';
  }

  async synthesize(_request: TtsRequest): Promise<PcmAudio> {
    await after(this.scheduler, SYNTHESIS_MS);
    const samples = new Int16Array(LINE_MS * 8);
    for (let i = 0; i < samples.length; i += 1) samples[i] = Math.round(800 * Math.sin((2 * Math.PI * 440 * i) / 8000));
    return { samples, sampleRateHz: 8000 };
  }
}

/** Turn latencies as the server's histogram would get them. */
class LatencyProbe implements VoiceMetrics {
  readonly latencies: number[] = [];
  readonly bargeIns: number[] = [];
  callStarted = NO_VOICE_METRICS.callStarted;
  callEnded = NO_VOICE_METRICS.callEnded;
  frameIn = NO_VOICE_METRICS.frameIn;
  framesOut = NO_VOICE_METRICS.framesOut;
  badFrame = NO_VOICE_METRICS.badFrame;
  asrError = NO_VOICE_METRICS.asrError;
  ttsError = NO_VOICE_METRICS.ttsError;
  storeError = NO_VOICE_METRICS.storeError;
  lineWithheld = NO_VOICE_METRICS.lineWithheld;
  callEndedByRuntime = NO_VOICE_METRICS.callEndedByRuntime;
  bargeIn(): void {
    this.bargeIns.push(1);
  }
  turnLatency(ms: number): void {
    this.latencies.push(ms);
  }
}

/** One voice call on a Twilio line, on a simulated clock, with a caller driven 20 ms at a time. */
interface Line {
  readonly scheduler: ManualScheduler;
  readonly line: TwilioLine;
  readonly call: VoiceCall;
  readonly store: MemoryCallStore;
  readonly probe: LatencyProbe;
  /** When each payload of the bot's audio arrived. */
  readonly heardAt: number[];
  /** Sends the next 20 ms of the caller (what they are saying, else line noise), then lets 20 ms pass. */
  tick(): Promise<void>;
  /** Queues `ms` of the caller's speech. */
  say(ms: number): void;
  /** Ticks until `done` or the limit. */
  until(done: () => boolean, limitMs?: number): Promise<void>;
  /** Ticks until the bot has answered the caller's last answer and then been quiet a while, then speaks a 600 ms answer and ticks until it has been sent. */
  answer(): Promise<void>;
  record(): Promise<CallRecord>;
  close(): Promise<void>;
}

async function openLine(replies: readonly string[]): Promise<Line> {
  const scheduler = new ManualScheduler(START_MS);
  const store = new MemoryCallStore();
  const config = loadServerConfig({}, undefined, { noInputMs: 6000 });
  // Understanding and off-script answers that take known time before the runtime's own understanding answers.
  let inner: TurnUnderstanding | undefined;
  const understanding: TurnUnderstanding = {
    understand: async (utterance, context) => {
      await after(scheduler, UNDERSTANDING_MS);
      if (inner === undefined) throw new Error('no understanding');
      return inner.understand(utterance, context);
    },
  };
  const answering: TurnAnswering = { answer: async () => (await after(scheduler, ANSWERING_MS), undefined) };
  const runtime = await composeRuntime(config, { logger: silentLogger, scheduler, overrides: { speech: { asr: () => new TimedAsr(scheduler, replies), tts: new TimedTts(scheduler) }, store, answering } });
  inner = runtime.parts.understanding;
  const probe = new LatencyProbe();
  const heardAt: number[] = [];
  const { line, call } = connectTwilioLine({ parts: { ...voiceCallParts(runtime), understanding }, scheduler, debtorId: 'D-1001', metrics: probe, onAudio: (_payload, atMs) => heardAt.push(atMs) });
  line.start({});
  await settle();
  let outgoing: Int16Array[] = [];
  let quietSinceMs = scheduler.nowMs();
  /** How much of the bot the caller had heard when they last answered: the next answer waits for more. */
  let heardAtLastAnswerMs = 0;
  const tick = async (): Promise<void> => {
    if (line.botSpeaking || outgoing.length > 0) quietSinceMs = scheduler.nowMs();
    if (line.closeCode === undefined) line.sendAudio(outgoing.shift() ?? quiet(20));
    // What the frame set off runs at the frame's instant, before the clock moves on.
    await settle();
    scheduler.increment(20);
    await settle();
  };
  const say = (ms: number): void => {
    const samples = speech(ms);
    outgoing = [...outgoing, ...Array.from({ length: samples.length / 160 }, (_, i) => samples.subarray(i * 160, (i + 1) * 160))];
  };
  const until = async (done: () => boolean, limitMs = 60_000): Promise<void> => {
    const deadline = scheduler.nowMs() + limitMs;
    while (!done() && scheduler.nowMs() < deadline) await tick();
    if (!done()) throw new Error('the call never got there');
  };
  return {
    scheduler,
    line,
    call,
    store,
    probe,
    heardAt,
    tick,
    say,
    until,
    answer: async () => {
      await until(() => line.heardMs > heardAtLastAnswerMs && !line.botSpeaking && outgoing.length === 0 && scheduler.nowMs() - quietSinceMs >= ANSWER_AFTER_QUIET_MS);
      say(600);
      await until(() => outgoing.length === 0);
      heardAtLastAnswerMs = line.heardMs;
    },
    record: async () => {
      const [summary] = await store.listCalls();
      const record = summary === undefined ? undefined : await store.getCall(summary.callId);
      if (record === undefined) throw new Error('no call was recorded');
      return record;
    },
    close: () => runtime.close(),
  };
}

function entriesOf<T extends CallRecordEvent['type']>(record: CallRecord, type: T): Extract<CallRecordEvent, { type: T }>[] {
  return record.events.filter((event): event is Extract<CallRecordEvent, { type: T }> => event.type === type);
}

function sum(stages: TurnStageTimes): number {
  return Object.values(stages).reduce((total, ms) => total + ms, 0);
}

/** The stages of a spoken turn in these calls; `flowMs` is the off-script answer's time when one was asked. */
function spoken(flowMs = 0): TurnStageTimes {
  return { endpointingMs: ENDPOINTING_MS, recognitionMs: RECOGNITION_MS, understandingMs: UNDERSTANDING_MS, flowMs, synthesisMs: SYNTHESIS_MS, firstFrameMs: 0 };
}

describe('per-turn latency by stage on a voice call', () => {
  it('records each stage as long as it took, adding up to the whole turn, and sums the call up before it ends', async () => {
    const call = await openLine(['yes speaking', 'what is the interest rate on this', 'i can pay two hundred dollars on friday', 'yes that is right']);
    for (let turn = 0; turn < 4; turn += 1) await call.answer();
    await call.until(() => call.line.closeCode !== undefined);
    await call.call.done;
    const record = await call.record();
    await call.close();
    expect(record.disposition).toBe('PTP');

    const timings = entriesOf(record, 'turn.timing');
    expect(timings.map(({ turn, state, input }) => ({ turn, state, input }))).toEqual([
      { turn: 1, state: 'opening', input: 'speech' },
      { turn: 2, state: 'askPayment', input: 'speech' },
      { turn: 3, state: 'askPayment', input: 'speech' },
      { turn: 4, state: expect.any(String), input: 'speech' },
    ]);
    // The off-script question waited for its answer between understanding and the flow's line.
    expect(timings.map((timing) => timing.stages)).toEqual([spoken(), spoken(ANSWERING_MS), spoken(), spoken()]);
    for (const timing of timings) expect(sum(timing.stages)).toBe(timing.totalMs);
    expect(timings.map((timing) => timing.totalMs)).toEqual([700, 840, 700, 700]);

    // Each timing is when its answer's first frame left, and the first line of that answer is the one named.
    const turns = entriesOf(record, 'debtor.turn');
    for (const timing of timings) {
      expect(call.heardAt).toContain(timing.atMs);
      const turnAt = record.events.indexOf(turns[timing.turn - 1] as CallRecordEvent);
      const firstLine = record.events.slice(turnAt).find((event) => event.type === 'bot.said');
      expect(firstLine).toMatchObject({ prompt: timing.prompt });
    }
    // The histogram observes the same whole.
    expect(call.probe.latencies).toEqual(timings.map((timing) => timing.totalMs));

    // The answer that ended the call is timed too: the record waits for its first frame, then sums up and closes.
    const types = record.events.map((event) => event.type);
    expect(types.slice(-3)).toEqual(['turn.timing', 'call.metrics', 'call.ended']);
    const [metrics] = entriesOf(record, 'call.metrics');
    const ended = record.events.at(-1);
    const all = (p50Ms: number, maxMs = p50Ms) => ({ turns: 4, p50Ms, maxMs });
    expect(metrics).toMatchObject({
      atMs: ended?.atMs,
      turns: 4,
      stages: { endpointing: all(300), recognition: all(240), understanding: all(60), flow: all(0, 140), synthesis: all(100), firstFrame: all(0) },
      total: all(700, 840),
      interruptions: { byCaller: 0, byBot: 0 },
      noInput: 0,
      notUnderstood: 0,
    });
    // Talk: four 600 ms answers; every line before the last answer played whole; the last answer starts as the record closes.
    const linesBeforeLastAnswer = record.events.slice(0, record.events.indexOf(turns[3] as CallRecordEvent)).filter((event) => event.type === 'bot.said').length;
    const durationMs = (ended?.atMs ?? 0) - record.startedAtMs;
    expect(metrics?.talk).toMatchObject({ durationMs, callerMs: 2400, botMs: linesBeforeLastAnswer * LINE_MS, overlapMs: 0, silenceMs: durationMs - 2400 - linesBeforeLastAnswer * LINE_MS });
    const shares = metrics?.talk?.shares;
    expect(shares?.overlap).toBe(0);
    expect((shares?.callerOnly ?? 0) + (shares?.botOnly ?? 0) + (shares?.overlap ?? 0) + (shares?.silence ?? 0)).toBeLessThanOrEqual(1);
    expect(shares?.callerOnly).toBeCloseTo(2400 / durationMs, 3);
  }, 60_000);

  it('counts the wait for audio queued before the answer as its first frame, for a key pressed over the greeting', async () => {
    const call = await openLine([]);
    await call.until(() => call.heardAt.length > 0);
    const greetingAtMs = call.heardAt[0] ?? 0;
    // The greeting cannot be cut: the key is an answer all the same, and its answer waits until the greeting has played.
    await call.until(() => call.scheduler.nowMs() >= greetingAtMs + 400);
    const keyAtMs = call.scheduler.nowMs();
    call.line.sendDtmf('1');
    await call.until(() => call.probe.latencies.length > 0);
    // The caller hangs up half a second into the answer.
    await call.until(() => call.scheduler.nowMs() >= greetingAtMs + 1500);
    const hungUpAtMs = call.scheduler.nowMs();
    call.line.hangUp();
    await settle();
    await call.call.done;
    const record = await call.record();
    await call.close();

    expect(record.disposition).toBe('HUNG_UP');
    const greetingLines = entriesOf(record, 'bot.said').filter((said) => said.state === 'opening' && said.atMs === START_MS).length;
    const [timing] = entriesOf(record, 'turn.timing');
    const firstFrameAtMs = greetingAtMs + greetingLines * LINE_MS;
    expect(timing).toMatchObject({
      atMs: firstFrameAtMs,
      turn: 1,
      input: 'dtmf',
      stages: { endpointingMs: 0, recognitionMs: 0, understandingMs: 0, flowMs: 0, synthesisMs: SYNTHESIS_MS, firstFrameMs: firstFrameAtMs - keyAtMs - SYNTHESIS_MS },
      totalMs: firstFrameAtMs - keyAtMs,
    });
    expect(greetingLines).toBe(1);
    expect(timing?.stages.firstFrameMs).toBe(500);

    // Hung up mid-answer: the summary is still there, right before the end, with the bot's talk up to the hang-up.
    const types = record.events.map((event) => event.type);
    expect(types.slice(-2)).toEqual(['call.metrics', 'call.ended']);
    const [metrics] = entriesOf(record, 'call.metrics');
    expect(record.endedAtMs).toBe(hungUpAtMs);
    expect(metrics).toMatchObject({
      turns: 1,
      stages: { flow: { turns: 1, p50Ms: 0, maxMs: 0 }, synthesis: { turns: 1, p50Ms: 100, maxMs: 100 }, firstFrame: { turns: 1, p50Ms: 500, maxMs: 500 } },
      total: { turns: 1, p50Ms: 600, maxMs: 600 },
      interruptions: { byCaller: 0, byBot: 0 },
      talk: { durationMs: hungUpAtMs - START_MS, callerMs: 0, botMs: hungUpAtMs - greetingAtMs, overlapMs: 0, silenceMs: greetingAtMs - START_MS },
    });
    // A key press has no endpointing or recognition of the VAD's, and no words to understand.
    expect(Object.keys(metrics?.stages ?? {})).toEqual(['flow', 'synthesis', 'firstFrame']);
  }, 60_000);
});

describe('interruptions on a voice call', () => {
  it('counts the caller cutting the bot short, and the bot starting a line while the caller speaks', async () => {
    const call = await openLine(['yes speaking', 'i can pay two hundred dollars on friday', 'yes that is right']);
    await call.answer();
    // The caller goes on talking just after their turn was taken, while its answer (the disclosures, which cannot be cut) is being synthesized.
    const transcript = (): readonly { readonly speaker: string }[] => call.call.callSession?.transcript ?? [];
    const greeted = transcript().length;
    await call.until(() => transcript().length > greeted + 1);
    const [firstTurn] = entriesOf(await call.record(), 'debtor.turn');
    const answerSaidAtMs = call.scheduler.nowMs();
    call.say(400);
    await call.until(() => call.probe.latencies.length === 1);
    const [timing] = entriesOf(await call.record(), 'turn.timing');
    expect(timing?.atMs).toBe(answerSaidAtMs + SYNTHESIS_MS);
    expect(firstTurn?.input).toBe('speech');

    // Then they cut the question that follows the disclosures short, 300 ms into it.
    const said = (await call.record()).events.filter((event): event is Extract<CallRecordEvent, { type: 'bot.said' }> => event.type === 'bot.said' && event.state === 'askPayment');
    const question = said.findIndex((line) => line.prompt === 'early.ask_payment');
    expect(question).toBeGreaterThanOrEqual(0);
    const questionAtMs = (timing?.atMs ?? 0) + question * LINE_MS;
    await call.until(() => call.scheduler.nowMs() >= questionAtMs + 300);
    const bargedInAtMs = call.scheduler.nowMs();
    call.say(600);
    await call.until(() => call.probe.latencies.length === 2);
    await call.answer();
    await call.until(() => call.line.closeCode !== undefined);
    await call.call.done;
    const record = await call.record();
    await call.close();

    expect(record.disposition).toBe('PTP');
    const interrupted = entriesOf(record, 'bot.interrupted');
    // Speech is declared on its third voiced frame: 40 ms after the first, which arrived at bargedInAtMs.
    expect(interrupted).toEqual([expect.objectContaining({ prompt: 'early.ask_payment', atMs: bargedInAtMs + 40, heardMs: 340, durationMs: LINE_MS })]);
    expect(call.probe.bargeIns).toHaveLength(1);
    // The answer to the barge-in is timed like any other: the bot had gone quiet, so its first frame left at once.
    expect(entriesOf(record, 'turn.timing').map((entry) => entry.stages)).toEqual([spoken(), spoken(), spoken()]);
    const [metrics] = entriesOf(record, 'call.metrics');
    // Overlap: the caller's 400 ms (their first frame's audio began 20 ms before it arrived) less the 100 ms before the disclosure began,
    // and the 60 ms of their speech before the VAD declared it and the question was cut.
    expect(metrics).toMatchObject({ interruptions: { byCaller: 1, byBot: 1 }, talk: { callerMs: 3 * 600 + 400, overlapMs: 400 - 20 - SYNTHESIS_MS + 60 } });
  }, 60_000);
});

describe('the summary of a voice call cut short', () => {
  it('is recorded when the caller hangs up, without a timing for an answer that never left', async () => {
    const call = await openLine(['yes speaking']);
    await call.answer();
    const transcript = (): readonly { readonly speaker: string }[] => call.call.callSession?.transcript ?? [];
    const greeted = transcript().length;
    await call.until(() => transcript().length > greeted + 1);
    // The answer is being synthesized when the caller hangs up: it never reaches them.
    await call.tick();
    await call.tick();
    call.line.hangUp();
    await settle();
    await call.call.done;
    const record = await call.record();
    await call.close();

    expect(record.disposition).toBe('HUNG_UP');
    expect(entriesOf(record, 'turn.timing')).toEqual([]);
    expect(record.events.map((event) => event.type).slice(-2)).toEqual(['call.metrics', 'call.ended']);
    const [metrics] = entriesOf(record, 'call.metrics');
    expect(metrics).toEqual({
      type: 'call.metrics',
      atMs: record.endedAtMs,
      turns: 0,
      stages: {},
      interruptions: { byCaller: 0, byBot: 0 },
      talk: expect.objectContaining({ callerMs: 600, botMs: LINE_MS, overlapMs: 0 }),
      noInput: 0,
      notUnderstood: 0,
    });
  }, 60_000);

  it('is recorded between the runtime\'s note and the end when the runtime ends the call', async () => {
    const call = await openLine(['yes speaking']);
    await call.answer();
    await call.until(() => call.probe.latencies.length === 1);
    call.call.endByRuntime('DUN_NOTE_SHUTDOWN', 'the server is shutting down', 1001, 'server shutting down');
    await settle();
    await call.call.done;
    const record = await call.record();
    await call.close();

    expect(record.disposition).toBe('SYSTEM_FAILURE');
    expect(record.events.map((event) => event.type).slice(-3)).toEqual(['call.note', 'call.metrics', 'call.ended']);
    expect(entriesOf(record, 'call.metrics')[0]).toMatchObject({ turns: 1, total: { turns: 1, p50Ms: 700, maxMs: 700 }, talk: { callerMs: 600 } });
  }, 60_000);
});
