import { describe, expect, it } from 'vitest';
import { composeRuntime, voiceCallParts } from '../../src/app/compose-runtime.js';
import { MULAW_8K } from '../../src/audio/audio-format.js';
import { mulawToPcm } from '../../src/audio/g711.js';
import { encodeAudio } from '../../src/audio/pcm.js';
import { generateHoldPattern } from '../../src/audio/tone-generator.js';
import type { Handoff, HandoffAdapter } from '../../src/escalation/handoff.js';
import type { TtsProvider } from '../../src/providers/tts/tts.js';
import { silentLogger } from '../../src/log/logger.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import type { CallRecord, CallRecordEvent } from '../../src/store/call-record.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { ScriptedAsr, ToneTts } from '../../src/testing/scripted-speech.js';
import { connectTwilioLine, type TwilioLine } from '../../src/testing/twilio-line.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { quiet, speech } from '../server/harness.js';

const START_MS = Date.parse('2026-03-11T15:00:00Z');
const CALL_SID = 'CA0123456789abcdef0123456789abcdef';
/** How long the fake desk takes to answer, in simulated time. */
const DESK_ANSWERS_AFTER_MS = 8000;
const RING_TIMEOUT_S = 25;
/** How long synthesis takes, in call time, where a test says it does. */
const SYNTHESIS_MS = 120;
/** How long the debtor lets the bot be quiet before answering. */
const ANSWER_AFTER_QUIET_MS = 600;

/** One payload of the bot's audio as the line received it. */
interface Heard {
  readonly atMs: number;
  readonly payload: Uint8Array;
}

interface HeldCall {
  readonly record: CallRecord;
  readonly line: TwilioLine;
  readonly heard: readonly Heard[];
  readonly handoffs: readonly Handoff[];
  readonly tts: ToneTts;
  /** Whether dunbot had closed the stream when the provider ended it (it must not, once bridged). */
  readonly closedByBot: boolean;
}

/**
 * Holds a Twilio call on a simulated clock, through the real serializer and stages, in which the
 * debtor verifies, asks for a person and then answers whatever the bot asks when it has been quiet
 * a while. The provider ends the stream 2 s after the call has ended without dunbot closing it.
 */
async function holdCall(replies: readonly string[], adapter: (scheduler: ManualScheduler) => HandoffAdapter, synthesisMs = 0): Promise<HeldCall> {
  const scheduler = new ManualScheduler(START_MS);
  const step = async (ms: number): Promise<void> => {
    scheduler.increment(ms);
    // Lets the promises of the step (understanding, record writes, synthesis) settle, as the event loop would.
    for (let i = 0; i < 3; i += 1) await new Promise((resolve) => setImmediate(resolve));
  };
  const store = new MemoryCallStore();
  const config = loadServerConfig({}, undefined, { noInputMs: 6000, handoff: 'desk', handoffRingTimeoutS: RING_TIMEOUT_S });
  const tts = new ToneTts({ msPerCharacter: 4 });
  // A synthesizer that takes call time, when asked to: the hold line's latency then shows it.
  const timedTts: TtsProvider = {
    name: tts.name,
    defaultVoice: () => tts.defaultVoice(),
    synthesize: async (request) => {
      if (synthesisMs > 0) await new Promise((resolve) => scheduler.setTimeout(() => resolve(undefined), synthesisMs));
      return tts.synthesize(request);
    },
  };
  const handoffs: Handoff[] = [];
  const desk = adapter(scheduler);
  const recording: HandoffAdapter = { name: desk.name, onEscalate: (handoff) => (handoffs.push(handoff), desk.onEscalate(handoff)) };
  const runtime = await composeRuntime(config, { logger: silentLogger, scheduler, overrides: { speech: { asr: () => new ScriptedAsr(replies), tts: timedTts }, store, handoff: recording } });
  const heard: Heard[] = [];
  const { line, call } = connectTwilioLine({ parts: voiceCallParts(runtime), scheduler, debtorId: 'D-1001', callSid: CALL_SID, onAudio: (payload, atMs) => heard.push({ atMs, payload: Uint8Array.from(payload) }) });
  line.start({});
  const pending = [...replies];
  let outgoing: Int16Array[] = [];
  let quietSinceMs = scheduler.nowMs();
  let endedAtMs: number | undefined;
  let closedByBot = false;
  while (scheduler.nowMs() - START_MS < 120_000) {
    if (line.botSpeaking || outgoing.length > 0) quietSinceMs = scheduler.nowMs();
    if (outgoing.length === 0 && pending.length > 0 && scheduler.nowMs() - quietSinceMs >= ANSWER_AFTER_QUIET_MS && line.heardMs > 0) {
      pending.shift();
      const answer = new Int16Array([...speech(600), ...quiet(600)]);
      outgoing = Array.from({ length: answer.length / 160 }, (_, i) => answer.subarray(i * 160, (i + 1) * 160));
    }
    if (call.callSession?.ended === true) endedAtMs ??= scheduler.nowMs();
    if (line.closeCode !== undefined) {
      closedByBot = true;
      break;
    }
    if (endedAtMs !== undefined && scheduler.nowMs() - endedAtMs >= 2000) {
      // The provider ends the stream (a bridged call has moved on to the person; any other call is over).
      line.hangUp();
      break;
    }
    line.sendAudio(outgoing.shift() ?? quiet(20));
    await step(20);
  }
  await call.done;
  const [summary] = await store.listCalls();
  const record = summary === undefined ? undefined : await store.getCall(summary.callId);
  await runtime.close();
  if (record === undefined) throw new Error('no call was recorded');
  return { record, line, heard, handoffs, tts, closedByBot };
}

/** A desk that answers after DESK_ANSWERS_AFTER_MS of the call's time, ringing until then. */
function answeringDesk(scheduler: ManualScheduler): HandoffAdapter {
  return {
    name: 'desk',
    onEscalate: (handoff) => {
      handoff.report('ringing');
      return new Promise((resolve) => scheduler.setTimeout(() => resolve({ state: 'bridged', target: '+15557654321' }), DESK_ANSWERS_AFTER_MS));
    },
  };
}

/** A desk where nobody ever answers: only the runtime's ring timeout ends the wait. */
function silentDesk(): HandoffAdapter {
  return {
    name: 'desk',
    onEscalate: (handoff) => {
      handoff.report('ringing');
      return new Promise(() => undefined);
    },
  };
}

function entriesOf<T extends CallRecordEvent['type']>(record: CallRecord, type: T): Extract<CallRecordEvent, { type: T }>[] {
  return record.events.filter((event): event is Extract<CallRecordEvent, { type: T }> => event.type === type);
}

/**
 * The bot's audio from `fromMs` to `toMs` as the caller hears it: true when every payload arrived
 * before the audio before it had finished playing, so the caller heard no gap.
 */
function playsWithoutGaps(heard: readonly Heard[], fromMs: number, toMs: number): boolean {
  let playedUntilMs: number | undefined;
  for (const { atMs, payload } of heard) {
    if (atMs < fromMs || atMs > toMs) continue;
    if (playedUntilMs !== undefined && atMs > playedUntilMs) return false;
    playedUntilMs = Math.max(playedUntilMs ?? atMs, atMs) + payload.length / 8;
  }
  return playedUntilMs !== undefined && playedUntilMs >= toMs;
}

/** The audio received from `fromMs` to `toMs`, in one buffer. */
function audioBetween(heard: readonly Heard[], fromMs: number, toMs: number): Buffer {
  return Buffer.concat(heard.filter(({ atMs }) => atMs >= fromMs && atMs < toMs).map(({ payload }) => payload));
}

/** The quietest 20 ms of `bytes` (μ-law), as RMS of 16-bit samples. */
function quietestFrameRms(bytes: Uint8Array): number {
  let quietest = Number.POSITIVE_INFINITY;
  for (let offset = 0; offset + 160 <= bytes.length; offset += 160) {
    const samples = mulawToPcm(bytes.subarray(offset, offset + 160));
    let sum = 0;
    for (const sample of samples) sum += sample * sample;
    quietest = Math.min(quietest, Math.sqrt(sum / samples.length));
  }
  return quietest;
}

const HOLD_AUDIO = Buffer.from(encodeAudio(generateHoldPattern(8000), MULAW_8K));

describe('a voice call handed to a person, on a simulated clock', () => {
  it('plays the hold line, then hold audio without a gap until the desk answers, then leaves the call to the provider', async () => {
    const call = await holdCall(['yes speaking', 'can i talk to a real person'], answeringDesk);
    const { record, heard } = call;
    expect(record.disposition).toBe('ESCALATED');
    expect(record.outcome?.escalation).toMatchObject({ reason: 'request_human', handoff: { state: 'bridged' } });

    const states = entriesOf(record, 'handoff.state');
    expect(states.map((entry) => entry.state)).toEqual(['requested', 'ringing', 'bridged']);
    const [requested, , bridged] = states;
    if (requested === undefined || bridged === undefined) throw new Error('hand-off states missing');
    expect(requested).toMatchObject({ adapter: 'desk', sinceTriggerMs: expect.any(Number) });
    expect(bridged).toMatchObject({ target: '+15557654321' });
    expect(bridged.atMs - requested.atMs).toBe(DESK_ANSWERS_AFTER_MS);
    const [hold] = entriesOf(record, 'handoff.hold');
    expect(hold).toMatchObject({ handoffId: requested.handoffId, prompt: 'escalation.handoff' });
    if (hold === undefined) throw new Error('the hold line was never heard');
    // The record orders it: the request, the caller hearing the hold line, the outcome, the end.
    const types = record.events.map((event) => event.type);
    expect(types.indexOf('escalation.requested')).toBeLessThan(types.indexOf('handoff.state'));
    expect(types.at(-1)).toBe('call.ended');

    // From the hold line's first frame to the bridge, the caller hears something every moment.
    expect(playsWithoutGaps(heard, hold.atMs, bridged.atMs)).toBe(true);
    // What follows the hold line is the hold pattern, looped, and never silence.
    const held = audioBetween(heard, hold.atMs, bridged.atMs);
    const holdStart = held.indexOf(HOLD_AUDIO.subarray(0, 160));
    expect(holdStart).toBeGreaterThan(0);
    const looped = held.subarray(holdStart);
    expect(looped.length).toBeGreaterThanOrEqual((DESK_ANSWERS_AFTER_MS - 1000) * 8);
    for (let offset = 0; offset < looped.length; offset += HOLD_AUDIO.length) {
      const pass = looped.subarray(offset, offset + HOLD_AUDIO.length);
      expect(Buffer.compare(pass, HOLD_AUDIO.subarray(0, pass.length))).toBe(0);
    }
    expect(quietestFrameRms(looped)).toBeGreaterThan(200);

    // Bridged: the bot falls silent at once (a clear empties the provider's buffer) and never closes the stream itself.
    expect(heard.filter(({ atMs }) => atMs > bridged.atMs)).toEqual([]);
    expect(call.line.clears).toBeGreaterThan(0);
    expect(call.closedByBot).toBe(false);

    // The desk got everything: the summary in the agent's language, never said to the debtor.
    const [handoff] = call.handoffs;
    expect(handoff?.ringTimeoutMs).toBe(RING_TIMEOUT_S * 1000);
    expect(handoff?.packet).toMatchObject({
      handoffId: requested.handoffId,
      callId: record.callId,
      flow: 'early',
      state: 'askPayment',
      reason: 'request_human',
      verified: true,
      evidence: { utterance: 'can i talk to a real person', nlu: { intent: 'request_human' } },
      telephony: { provider: 'twilio', callId: CALL_SID },
      summary: { locale: 'en-US', source: 'template' },
    });
    expect(handoff?.packet.turns.map((turn) => turn.nlu.intent)).toEqual(['affirm', 'request_human']);
    expect(handoff?.packet.summary.text).toContain('They asked to speak to a person.');
    expect(call.tts.requests.map((request) => request.text)).not.toContain(handoff?.packet.summary.text);
    expect(call.tts.requests.some((request) => request.text.includes('Their words'))).toBe(false);

    // The latencies the record keeps, from the end of the debtor's request to the adapter being called and to the hold line.
    expect(requested.sinceTriggerMs).toBeLessThanOrEqual(hold.sinceTriggerMs);
  }, 60_000);

  it('ends no_answer at the ring timeout, says so, and takes a callback time: ESCALATION_FAILED', async () => {
    let signal: AbortSignal | undefined;
    const call = await holdCall(['yes speaking', 'can i talk to a real person', 'tomorrow at 10am'], () => {
      const desk = silentDesk();
      return { name: desk.name, onEscalate: (handoff) => ((signal = handoff.signal), desk.onEscalate(handoff)) };
    }, SYNTHESIS_MS);
    const { record, heard } = call;
    expect(record.disposition).toBe('ESCALATION_FAILED');
    expect(record.outcome).toMatchObject({
      escalation: { reason: 'request_human', handoff: { state: 'no_answer' } },
      flags: [{ kind: 'callback', detail: '2026-03-12T10:00:00-04:00' }],
    });
    expect(signal?.aborted).toBe(true);
    const states = entriesOf(record, 'handoff.state');
    expect(states.map((entry) => entry.state)).toEqual(['requested', 'ringing', 'no_answer']);
    const [requested, , noAnswer] = states;
    if (requested === undefined || noAnswer === undefined) throw new Error('hand-off states missing');
    expect(noAnswer.atMs - requested.atMs).toBe(RING_TIMEOUT_S * 1000);
    const [hold] = entriesOf(record, 'handoff.hold');
    if (hold === undefined) throw new Error('the hold line was never heard');
    // Synthesis took call time here: the caller heard the hold line that much after asking, the adapter was called at once.
    expect(requested.sinceTriggerMs).toBe(0);
    expect(hold.sinceTriggerMs).toBe(SYNTHESIS_MS);
    expect(playsWithoutGaps(heard, hold.atMs, noAnswer.atMs)).toBe(true);
    expect(quietestFrameRms(audioBetween(heard, hold.atMs + 1000, noAnswer.atMs))).toBeGreaterThan(200);
    // Then the apology and the question, and the debtor's answer taken as the callback.
    const said = entriesOf(record, 'bot.said').filter((entry) => entry.atMs >= noAnswer.atMs).map((entry) => entry.prompt);
    expect(said).toEqual(['escalation.handoff_failed', 'escalation.ask_callback_time', 'escalation.callback_goodbye']);
    expect(entriesOf(record, 'debtor.turn').at(-1)).toMatchObject({ text: 'tomorrow at 10am', nlu: { intent: 'callback' } });
    // Over, the call is closed by dunbot once its goodbye has been heard.
    expect(call.closedByBot).toBe(true);
    expect(call.line.closeCode).toBe(1000);
  }, 60_000);
});
