import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { PcmAudio } from '../audio/audio-format.js';
import { pcmToMulaw } from '../audio/g711.js';
import { resample } from '../audio/resampler.js';
import { parseWav } from '../audio/wav.js';
import { DunbotError } from '../errors.js';
import { composeRuntime, voiceCallParts, type RuntimeOverrides } from '../app/compose-runtime.js';
import { createSpeechProviders } from '../app/speech-providers.js';
import type { SpeechProviders } from '../call/call-parts.js';
import { parseDebtor, type Debtor } from '../domain/debtor.js';
import { silentLogger, type Logger } from '../log/logger.js';
import type { AsrProvider } from '../providers/asr/asr.js';
import type { TtsProvider } from '../providers/tts/tts.js';
import { defaultScriptsLibrary } from '../scripts/index.js';
import { loadServerConfig } from '../server/server-config.js';
import type { CallRecord } from '../store/call-record.js';
import { MemoryCallStore } from '../store/memory-call-store.js';
import { connectTwilioLine } from '../testing/twilio-line.js';
import { ManualScheduler } from '../time/scheduler.js';
import { checkExpectations, type ExpectationCheck } from './expectations.js';
import { FRAME_BYTES, FRAME_MS, type Fixture } from './fixture.js';
import { DriftLog, RecordedAnswering, RecordedAsr, RecordedHandoffAdapter, RecordedLlmUnderstander, RecordedTts, type ReplayDrift } from './recorded-providers.js';

/** How a replay runs. */
export interface ReplayOptions {
  /** `max` (default): as fast as the machine goes; `realtime`: each 20 ms of call time takes 20 ms. */
  readonly speed?: 'max' | 'realtime';
  /**
   * `recorded` (default): recognition, synthesis, the language model and the hand-off give what
   * they gave on the recorded call, so the run is deterministic. `live`: the offline recognizer
   * and synthesizer run again on the audio (the language model and the hand-off stay recorded:
   * neither can be asked again offline).
   */
  readonly providers?: 'recorded' | 'live';
  readonly logger?: Logger;
}

/** One stretch of the bot's audio as the line played it, for the report's timeline. */
export interface HeardSpan {
  readonly atMs: number;
  readonly durationMs: number;
}

/** What a replay found. */
export interface ReplayResult {
  readonly name: string;
  readonly passed: boolean;
  readonly checks: readonly ExpectationCheck[];
  /** The replayed call's whole record (on the replay's clock, which starts when the recorded call did). */
  readonly record: CallRecord;
  /** Where the call asked a provider for something the recording does not have. */
  readonly drift: readonly ReplayDrift[];
  /** How long the call lasted on its own clock, and how long the replay took. */
  readonly callMs: number;
  readonly wallMs: number;
  /** The bot's audio as the line played it. */
  readonly botAudio: readonly HeardSpan[];
  /** The debtor record the call was held with (for an inspection of the call). */
  readonly debtor: Debtor;
}

/** Call time allowed after the caller's last frame for the call to end on its own (silence timeouts, a hand-off). */
const TAIL_LIMIT_MS = 10 * 60_000;
/**
 * Turns of the event loop given to the call after each 20 ms of call time. Every promise chain
 * the call starts (a result understood, a line chosen, a record written to memory) runs to its
 * end before the next turn; work on other threads is waited for separately (PendingWork).
 */
const SETTLE_TURNS = 1;

/** One thing the caller's side does, at its call time. */
type LineAction = { readonly atMs: number; readonly kind: 'frame'; readonly payload: Uint8Array } | { readonly atMs: number; readonly kind: 'dtmf'; readonly digit: string } | { readonly atMs: number; readonly kind: 'stop' };

function lineActions(fixture: Fixture): LineAction[] {
  const actions: LineAction[] = [];
  for (const event of fixture.caller.events) {
    if (event.event === 'audio') {
      const audio = Buffer.from(event.payload, 'base64');
      for (let frame = 0; frame * FRAME_BYTES < audio.length; frame += 1) {
        actions.push({ atMs: event.atMs + frame * FRAME_MS, kind: 'frame', payload: audio.subarray(frame * FRAME_BYTES, (frame + 1) * FRAME_BYTES) });
      }
    } else if (event.event === 'dtmf') {
      actions.push({ atMs: event.atMs, kind: 'dtmf', digit: event.digit });
    } else {
      actions.push({ atMs: event.atMs, kind: 'stop' });
    }
  }
  const wav = fixture.caller.wav;
  if (wav !== undefined) {
    const audio = wavAsMulaw(wav.file, fixture.name);
    for (let frame = 0; frame * FRAME_BYTES < audio.length; frame += 1) {
      const payload = new Uint8Array(FRAME_BYTES).fill(MULAW_SILENCE);
      payload.set(audio.subarray(frame * FRAME_BYTES, (frame + 1) * FRAME_BYTES));
      actions.push({ atMs: wav.atMs + frame * FRAME_MS, kind: 'frame', payload });
    }
  }
  // Runs may overlap by a frame where the recording split them on jitter: keep the order of time.
  return actions.sort((a, b) => a.atMs - b.atMs);
}

/** μ-law's code for a zero sample: what pads the WAV's last frame. */
const MULAW_SILENCE = 0xff;

/** A WAV file as 8 kHz μ-law, the way Twilio carries a caller's audio. */
function wavAsMulaw(path: string, fixtureName: string): Uint8Array {
  let audio: PcmAudio;
  try {
    audio = parseWav(readFileSync(path));
  } catch (error) {
    throw new DunbotError('DUN_ERR_FIXTURE_INVALID', `fixture ${fixtureName}: caller.wav ${path} could not be read as 16-bit PCM WAV: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const samples = audio.sampleRateHz === 8000 ? audio.samples : resample(audio.samples, audio.sampleRateHz, 8000);
  return pcmToMulaw(samples);
}

/**
 * Work on other threads (the offline recognizer and synthesizer) that the call is waiting for:
 * on a simulated clock, time must not move on while it is out, or the run would depend on how
 * fast the machine is.
 */
class PendingWork {
  private count = 0;
  private waiters: (() => void)[] = [];

  track<T>(work: Promise<T>): Promise<T> {
    this.count += 1;
    return work.finally(() => {
      this.count -= 1;
      if (this.count === 0) for (const waiter of this.waiters.splice(0)) waiter();
    });
  }

  /** Resolves when nothing is out; true when it had to wait (the work's results then still have to settle). */
  async idle(): Promise<boolean> {
    if (this.count === 0) return false;
    while (this.count > 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return true;
  }
}

function trackedAsr(provider: AsrProvider, pending: PendingWork): AsrProvider {
  return {
    name: provider.name,
    locales: provider.locales,
    sampleRateHz: provider.sampleRateHz,
    open: async (options, listener) => {
      let resolveResult: () => void = () => undefined;
      const stream = await pending.track(provider.open(options, {
        onResult: (result) => {
          listener.onResult(result);
          if (result.isFinal) resolveResult();
        },
        onError: (error) => {
          listener.onError(error);
          resolveResult();
        },
      }));
      return {
        write: (samples) => stream.write(samples),
        finish: () => {
          // The final result is what the call waits for after finish: the clock waits with it.
          void pending.track(new Promise<void>((resolve) => (resolveResult = resolve)));
          return stream.finish();
        },
        close: () => {
          resolveResult();
          stream.close();
        },
      };
    },
  };
}

function trackedTts(provider: TtsProvider, pending: PendingWork): TtsProvider {
  return { name: provider.name, defaultVoice: (locale) => provider.defaultVoice(locale), synthesize: (request) => pending.track(provider.synthesize(request)) };
}

async function settle(): Promise<void> {
  for (let turn = 0; turn < SETTLE_TURNS; turn += 1) await new Promise((resolve) => setImmediate(resolve));
}

/**
 * Replays a recorded call through the same media channel, turn-taking, speech, session and
 * playback as a live call, on a simulated clock that starts when the recorded call did: the
 * caller's frames go in at their recorded times, the line echoes the bot's marks as Twilio does,
 * and every timer (silence, endpointing, ring timeout) runs as live. Returns the replayed call's
 * record and each of the fixture's expectations checked against it.
 */
export async function replayCall(fixture: Fixture, options: ReplayOptions = {}): Promise<ReplayResult> {
  const wallStart = performance.now();
  const logger = options.logger ?? silentLogger;
  const debtor: Debtor = parseDebtor(fixture.call.debtor, `fixture ${fixture.name}: call.debtor`);
  const startMs = Date.parse(fixture.call.startedAt);
  const scheduler = new ManualScheduler(startMs);
  const config = loadServerConfig({}, undefined, { ...fixture.call.config, dbPath: ':memory:' });
  const drift = new DriftLog();
  const pending = new PendingWork();
  const store = new MemoryCallStore();

  let speech: SpeechProviders;
  let closeSpeech: () => Promise<void> = async () => undefined;
  if (options.providers === 'live') {
    const live = await createSpeechProviders(config, defaultScriptsLibrary(), logger, {});
    closeSpeech = () => live.close();
    speech = { asr: (locale) => { const provider = live.asr(locale); return provider === undefined ? undefined : trackedAsr(provider, pending); }, tts: trackedTts(live.tts, pending) };
  } else {
    const asr = new RecordedAsr(fixture.providers.asr, scheduler, drift);
    speech = { asr: () => asr, tts: new RecordedTts(fixture.providers.tts, scheduler) };
  }
  const overrides: RuntimeOverrides = {
    speech,
    store,
    debtors: { get: async (id) => (id === debtor.id ? debtor : undefined) },
    understanders: { llm: () => new RecordedLlmUnderstander(fixture.providers.understanding, drift) },
    answering: fixture.providers.answers.length > 0 ? new RecordedAnswering(fixture.providers.answers, drift) : false,
    ...(config.handoff !== 'none' ? { handoff: new RecordedHandoffAdapter(config.handoff, fixture.providers.handoff, scheduler, drift) } : {}),
  };
  const runtime = await composeRuntime(config, { logger, scheduler, overrides });
  const botAudio: HeardSpan[] = [];
  try {
    const { line, call } = connectTwilioLine({
      parts: voiceCallParts(runtime),
      scheduler,
      logger,
      debtorId: debtor.id,
      ...(fixture.call.flow !== undefined ? { flow: fixture.call.flow } : {}),
      ...(fixture.call.locale !== undefined ? { locale: fixture.call.locale } : {}),
      ...(fixture.call.callSid !== undefined ? { callSid: fixture.call.callSid } : {}),
      onAudio: (payload, atMs) => {
        const last = botAudio.at(-1);
        const durationMs = payload.length / 8;
        const relativeMs = atMs - startMs;
        if (last !== undefined && last.atMs + last.durationMs >= relativeMs - FRAME_MS) botAudio[botAudio.length - 1] = { atMs: last.atMs, durationMs: last.durationMs + durationMs };
        else botAudio.push({ atMs: relativeMs, durationMs });
      },
    });
    let ended = false;
    void call.done.then(() => (ended = true));
    line.start({});
    const actions = lineActions(fixture);
    let next = 0;
    const lastActionMs = actions.at(-1)?.atMs ?? 0;
    const stepMs = FRAME_MS;
    for (let elapsed = 0; !ended; elapsed += stepMs) {
      while (next < actions.length && (actions[next]?.atMs ?? Infinity) <= elapsed) {
        const action = actions[next++];
        if (action === undefined) break;
        if (action.kind === 'frame') line.sendMulawFrame(action.payload);
        else if (action.kind === 'dtmf') line.sendDtmf(action.digit);
        else line.hangUp();
      }
      await settle();
      while (await pending.idle()) await settle();
      if (ended || elapsed > lastActionMs + TAIL_LIMIT_MS) break;
      if (options.speed === 'realtime') await sleep(stepMs);
      scheduler.increment(stepMs);
    }
    if (!ended) {
      // The call outlived the recording by the whole tail: the line is closed and the call recorded as it stands.
      call.handleClose(true);
      await call.done;
    }
    const callId = call.callSession?.callId ?? (await store.listCalls({ limit: 1 }))[0]?.callId;
    const record = callId === undefined ? undefined : await store.getCall(callId);
    if (record === undefined) throw new Error(`fixture ${fixture.name}: the replayed call left no record (was the stream refused?)`);
    if (options.providers !== 'live') {
      // Lines are synthesized ahead of need (the fix-up lines at the start); only those said count.
      const synthesized = new Set(fixture.providers.tts.map((line) => line.text));
      for (const event of record.events) {
        if (event.type === 'bot.said' && !synthesized.has(event.text)) drift.note('tts', `a line the recording never said: "${event.text.slice(0, 80)}"`);
      }
    }
    const checks = checkExpectations(fixture.expect, record);
    return {
      name: fixture.name,
      passed: checks.every((check) => check.passed),
      checks,
      record,
      drift: drift.entries,
      callMs: scheduler.nowMs() - startMs,
      wallMs: performance.now() - wallStart,
      botAudio,
      debtor,
    };
  } finally {
    await runtime.close();
    await closeSpeech();
  }
}
