import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { composeRuntime, voiceCallParts } from '../../src/app/compose-runtime.js';
import { silentLogger } from '../../src/log/logger.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import type { CallRecord, CallRecordEvent } from '../../src/store/call-record.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { ScriptedAsr, ToneTts } from '../../src/testing/scripted-speech.js';
import { connectTwilioLine, type TwilioLine } from '../../src/testing/twilio-line.js';
import { ManualScheduler, systemScheduler, type Scheduler } from '../../src/time/scheduler.js';
import { quiet, speech } from '../server/harness.js';

const START_MS = Date.parse('2026-03-11T15:00:00Z');
const REPLIES = ['yes speaking', 'i can pay two hundred dollars on friday', 'yes that is right'];
/** How long the debtor lets the bot be quiet before answering. */
const ANSWER_AFTER_QUIET_MS = 600;

interface HeldCall {
  readonly record: CallRecord;
  readonly line: TwilioLine;
  /** The call's own duration, by its clock. */
  readonly callMs: number;
}

/**
 * Holds one whole Twilio call, greeting to disposition, through the real Twilio serializer, media
 * channel, turn-taking, caller speech, session and playback, on `scheduler`. The debtor answers
 * each question once the bot has been quiet a while; `step` lets `ms` of the scheduler's time pass.
 */
async function holdCall(scheduler: Scheduler, step: (ms: number) => Promise<void>): Promise<HeldCall> {
  const store = new MemoryCallStore();
  const config = loadServerConfig({}, undefined, { noInputMs: 6000 });
  const speechProviders = { asr: () => new ScriptedAsr(REPLIES), tts: new ToneTts({ msPerCharacter: 4 }) };
  const runtime = await composeRuntime(config, { logger: silentLogger, scheduler, overrides: { speech: speechProviders, store } });
  const { line, call } = connectTwilioLine({ parts: voiceCallParts(runtime), scheduler, debtorId: 'D-1001', callSid: 'CA0123456789abcdef0123456789abcdef' });
  const startedAtMs = scheduler.nowMs();
  line.start({});
  const replies = [...REPLIES];
  let outgoing: Int16Array[] = [];
  let quietSinceMs = scheduler.nowMs();
  while (line.closeCode === undefined && scheduler.nowMs() - startedAtMs < 120_000) {
    if (line.botSpeaking || outgoing.length > 0) quietSinceMs = scheduler.nowMs();
    if (outgoing.length === 0 && replies.length > 0 && scheduler.nowMs() - quietSinceMs >= ANSWER_AFTER_QUIET_MS && line.heardMs > 0) {
      replies.shift();
      const answer = new Int16Array([...speech(600), ...quiet(600)]);
      outgoing = Array.from({ length: answer.length / 160 }, (_, i) => answer.subarray(i * 160, (i + 1) * 160));
    }
    line.sendAudio(outgoing.shift() ?? quiet(20));
    await step(20);
  }
  await call.done;
  const callMs = scheduler.nowMs() - startedAtMs;
  const [summary] = await store.listCalls();
  const record = summary === undefined ? undefined : await store.getCall(summary.callId);
  await runtime.close();
  if (record === undefined) throw new Error('no call was recorded');
  return { record, line, callMs };
}

/**
 * A record entry without its time, nor the durations measured by the clock (a turn's stages, the
 * summary's latencies and talk time): what two runs of one call must agree on.
 */
function untimed(event: CallRecordEvent): { readonly type: CallRecordEvent['type'] } & Record<string, unknown> {
  const { atMs: _atMs, ...rest } = event;
  if (rest.type === 'turn.timing') {
    const { stages: _stages, totalMs: _totalMs, ...kept } = rest;
    return kept;
  }
  if (rest.type === 'call.metrics') {
    const { stages, total: _total, talk, ...kept } = rest;
    return { ...kept, stages: Object.keys(stages), talk: talk !== undefined };
  }
  return rest;
}

describe('a whole Twilio call on a simulated clock', () => {
  it('runs greeting to disposition through the real serializer and stages far faster than real time, with the same record as in real time', async () => {
    const simulated = new ManualScheduler(START_MS);
    const wallStart = performance.now();
    const fast = await holdCall(simulated, async (ms) => {
      simulated.increment(ms);
      // Lets the promises of the step (understanding, record writes, synthesis) settle, as the event loop would.
      for (let i = 0; i < 3; i += 1) await new Promise((resolve) => setImmediate(resolve));
    });
    const wallMs = performance.now() - wallStart;

    expect(fast.record.disposition).toBe('PTP');
    expect(fast.record.outcome?.promise).toMatchObject({ amount: 200, date: '2026-03-13' });
    expect(fast.line.closeCode).toBe(1000);
    const started = fast.record.events[0];
    expect(started).toMatchObject({ type: 'call.started', provider: 'twilio', providerCallId: 'CA0123456789abcdef0123456789abcdef', providerStreamId: fast.line.streamSid });
    // Several seconds of call in a small fraction of that: timers run exactly, no time is waited for.
    expect(fast.callMs).toBeGreaterThan(5000);
    expect(wallMs).toBeLessThan(fast.callMs / 5);
    // On the simulated clock each turn's endpointing is the VAD's hangover exactly, and the caller talked for their three 600 ms answers.
    const timings = fast.record.events.filter((event) => event.type === 'turn.timing');
    expect(timings.map((timing) => timing.stages.endpointingMs)).toEqual([300, 300, 300]);
    expect(fast.record.events.find((event) => event.type === 'call.metrics')).toMatchObject({ turns: 3, talk: { callerMs: 1800 } });

    // Real time, read as if the call were placed at the same instant: the flow's dates must agree.
    const offsetMs = START_MS - systemScheduler.nowMs();
    const realTime: Scheduler = { ...systemScheduler, nowMs: () => systemScheduler.nowMs() + offsetMs };
    const real = await holdCall(realTime, (ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    expect(real.record.disposition).toBe('PTP');
    expect(real.record.events.map(untimed)).toEqual(fast.record.events.map(untimed).map((event) => (event.type === 'call.started' ? { ...event, providerStreamId: real.line.streamSid } : event)));
  }, 60_000);
});
