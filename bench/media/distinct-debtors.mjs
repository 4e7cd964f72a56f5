// @ts-check
/**
 * Scenario (d) of `npm run bench:media`: many concurrent calls, each to a different debtor, with
 * the real offline TTS (espeak-ng) and the zero-cost ScriptedAsr. Every debtor has its own name,
 * balance, minimum due and due date, so every prompt with variables (the greeting by name, the
 * disclosure of the balance and due date after right-party verification, the ask for the minimum
 * due) is synthesized fresh, on demand, while other calls are playing audio.
 *
 * It measures what that costs the other calls: the server's event-loop delay
 * (`monitorEventLoopDelay`, p99 and max) and the audio gaps the simulated phones hear inside an
 * utterance (see CallGenerator's `notePromptAudio`), over one window from the first dial on.
 *
 * `BENCH_DISTINCT_CALLS` (default 40) sets the calls, `BENCH_DISTINCT_HOLD_MS` (default 60000) the
 * window; `BENCH_MEDIA_QUICK=1` shortens the window to 20 s. `BENCH_DISTINCT_TTS=tone` runs the
 * same calls with the zero-cost ToneTts: the floor of both measures.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallGenerator } from './call-generator.mjs';
import { LatencyHistogram, round } from './latency-histogram.mjs';
import { forkServer, nextMessage } from './server-process.mjs';

/** `BENCH_DISTINCT_TTS=tone`: the same calls with the zero-cost ToneTts, the floor espeak-ng is compared with. */
const TTS = process.env['BENCH_DISTINCT_TTS'] ?? 'espeak';
/** Concurrent calls, each to its own debtor. */
const CALLS = Number(process.env['BENCH_DISTINCT_CALLS'] ?? 40);
/** How long the window runs, from the first dial: long enough for every call to hear its disclosure. */
const HOLD_MS = Number(process.env['BENCH_DISTINCT_HOLD_MS'] ?? (process.env['BENCH_MEDIA_QUICK'] === '1' ? 20_000 : 60_000));
/** Debtors per call slot: a call the server ends is redialled to a debtor not called yet. */
const DEBTORS_PER_CALL = 4;
/** The gap that made callers hear the bot stutter: the figure the scenario counts calls over. */
const AUDIBLE_GAP_MS = 500;
/** Preloading every prompt without variables takes minutes on one thread before the server is ready. */
const READY_TIMEOUT_MS = 600_000;

const FIRST_NAMES = ['James', 'Mary', 'Robert', 'Patricia', 'John', 'Jennifer', 'Michael', 'Linda', 'David', 'Elizabeth', 'William', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica'];
const LAST_NAMES = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas'];

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Writes `count` en-US early-stage debtor records (the shape of fixtures/debtors/en-US-early.json),
 * each with a different name, balance, minimum due and due date, into a new temporary folder.
 * @param {number} count
 */
export function writeDistinctDebtors(count) {
  const dir = mkdtempSync(join(tmpdir(), 'dunbot-bench-debtors-'));
  const ids = [];
  for (let i = 0; i < count; i += 1) {
    const id = `B-${String(i + 1).padStart(5, '0')}`;
    const balance = 500 + i * 37.25;
    const dueDate = new Date(Date.UTC(2026, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
    const record = {
      id,
      name: `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length]}${i >= FIRST_NAMES.length * LAST_NAMES.length ? ` ${i}` : ''}`,
      phone: `+1555${String(2_000_000 + i).padStart(7, '0')}`,
      locale: 'en-US',
      timezone: 'America/New_York',
      creditor: 'Acme Auto Finance',
      product: 'car_loan',
      currency: 'USD',
      balance,
      minimumDue: 100 + i * 3,
      dueDate,
      daysPastDue: 5 + (i % 20),
      policy: { maxInstallments: 3, minFirstPayment: 100, maxPromiseDays: 14, lateFeesApply: true },
    };
    writeFileSync(join(dir, `${id}.json`), `${JSON.stringify(record, null, 2)}\n`);
    ids.push(id);
  }
  return { dir, ids };
}

/**
 * Runs the scenario once: fork the server on fresh debtors, dial every call, measure one window.
 * @param {{ secret: string, audio: { quiet: string[], answers: string[][] }, serverFlags: string[] }} options
 */
export async function runDistinctDebtors(options) {
  if (!Number.isInteger(CALLS) || CALLS < 1) throw new Error(`BENCH_DISTINCT_CALLS must be a whole number of at least 1, got ${CALLS}`);
  if (TTS !== 'espeak' && TTS !== 'tone') throw new Error(`BENCH_DISTINCT_TTS must be espeak or tone, got ${TTS}`);
  const label = `(d) dunbot, ${CALLS} calls to distinct debtors, ${TTS === 'espeak' ? 'espeak-ng' : 'zero-cost ToneTts'} TTS (ScriptedAsr)`;
  console.log(`\n${label}`);
  const startedAt = new Date();
  const startedMs = performance.now();
  const debtors = writeDistinctDebtors(CALLS * DEBTORS_PER_CALL);
  const child = forkServer(TTS === 'espeak' ? 'espeak' : 'zero', options.secret, options.serverFlags, debtors.dir);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  /** @type {CallGenerator | undefined} */
  let generator;
  let server;
  let worstGaps;
  let live;
  try {
    const { port } = await nextMessage(child, 'ready', READY_TIMEOUT_MS);
    console.log(`  server ready after ${round((performance.now() - startedMs) / 1000)} s (prompts without variables preloaded); dialling ${CALLS} calls, window ${HOLD_MS / 1000} s`);
    generator = new CallGenerator({ url: `ws://127.0.0.1:${port}/media/twilio`, secret: options.secret, debtorIds: debtors.ids, audio: options.audio });
    const window = nextMessage(child, 'window', HOLD_MS + 60_000);
    child.send({ type: 'window-start' });
    generator.setTarget(CALLS);
    await sleep(HOLD_MS);
    child.send({ type: 'window-end' });
    server = await window;
    worstGaps = generator.worstGapsMs();
    live = generator.live;
  } finally {
    generator?.stop();
    if (child.connected) child.send({ type: 'shutdown' });
    await Promise.race([exited, sleep(5000)]);
    if (child.exitCode === null) child.kill();
    rmSync(debtors.dir, { recursive: true, force: true });
  }
  const perCall = new LatencyHistogram();
  for (const ms of worstGaps) perCall.record(ms);
  const gaps = generator.audioGaps.summary();
  const result = {
    label,
    tts: TTS,
    startedAt: startedAt.toISOString(),
    calls: CALLS,
    holdMs: HOLD_MS,
    /** Calls dialled in the window (redials included) and calls live at its end. */
    callsDialled: worstGaps.length,
    liveAtEnd: live,
    /** The server's event-loop delay over the window (monitorEventLoopDelay, 10 ms resolution). */
    eventLoopDelayMs: { p50: server.eventLoopDelay.p50Ms, p99: server.eventLoopDelay.p99Ms, max: server.eventLoopDelay.maxMs, samples: server.eventLoopDelay.count },
    /** The ten longest stalls of the event loop (≥ 100 ms), as [ms from the window's start, stall ms]. */
    longestStallsMs: server.eventLoopDelay.longestStalls,
    /**
     * Audio gaps inside utterances as the phones heard them: per outbound media message, its
     * arrival − (the previous message's arrival + the previous message's audio). On time ≈ 0.
     */
    audioGapMs: { p50: gaps.p50Ms, p99: gaps.p99Ms, max: gaps.maxMs, messages: gaps.count },
    /** Each call's worst gap: how many calls heard a stutter. */
    worstGapPerCallMs: { p50: perCall.summary().p50Ms, max: perCall.summary().maxMs },
    callsWithGapOver500Ms: worstGaps.filter((ms) => ms > AUDIBLE_GAP_MS).length,
    /** Syntheses that reached espeak-ng (cache misses) in the window, and their wall time (queue included). */
    synthesis: server.synthesis,
    /** Final transcript → first outbound frame of the answer (the answering call's own synthesis included). */
    turn: server.turn,
    /** Inbound-frame lag (see the ramp's lag definition). */
    lag: server.lag,
    server: {
      cpuCores: round(server.cpuMs / server.wallMs),
      eventLoopUtilization: server.eventLoopUtilization,
      rssMb: server.rssMb,
      framesIn: server.framesIn,
      sendsOut: server.sendsOut,
      logs: server.logs,
    },
    generator: { latenessMs: generator.lateness.summary(), ...generator.stats },
    durationS: round((performance.now() - startedMs) / 1000),
  };
  console.log(`  event-loop delay p99 ${fmtMs(result.eventLoopDelayMs.p99)} max ${fmtMs(result.eventLoopDelayMs.max)} ms   audio gaps p99 ${fmtMs(result.audioGapMs.p99)} max ${fmtMs(result.audioGapMs.max)} ms (${result.audioGapMs.messages} messages)   calls with a gap > ${AUDIBLE_GAP_MS} ms: ${result.callsWithGapOver500Ms} of ${result.callsDialled}   syntheses ${result.synthesis.count} p50 ${fmtMs(result.synthesis.p50Ms)} max ${fmtMs(result.synthesis.maxMs)} ms`);
  return result;
}

/** @param {number | undefined} value */
function fmtMs(value) {
  return value === undefined ? '–' : value.toFixed(value >= 100 ? 0 : 1);
}
