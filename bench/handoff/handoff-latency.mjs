// @ts-check
/**
 * `npm run bench:handoff`: how soon a debtor's request for a person starts the Twilio warm
 * transfer, over real calls through dunbot's real server on real sockets, in real time:
 *   (1) from the end of the debtor's request (the phone's last loud frame sent) to the dial of the
 *       agent arriving at Twilio's REST API (`POST …/Calls.json`, at a local fake of it);
 *   (2) from the same moment to the hold line's first frame arriving at the phone;
 * with p50, p95, p99 and max, one call at a time and at a modest concurrency. (1) and (2) include
 * endpointing: the VAD's wait for trailing silence before the turn ends. The call record's own
 * `sinceTriggerMs` (from the turn dunbot took, right after that wait, to the adapter being called
 * and to the hold line's first frame leaving) is reported beside them: the part after the endpoint.
 *
 * This process runs the simulated phones (handoff-phone.mjs) and the fake Twilio API
 * (fake-twilio-api.mjs), so every arrival it measures is stamped on one clock; the server runs in
 * a child process (handoff-server.mjs). Plain ESM importing the built package (`dist/`);
 * `npm run bench:handoff` builds first. Prints a table and writes bench/results/handoff-latest.json.
 */
import { fork } from 'node:child_process';
import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LatencyHistogram, round } from '../media/latency-histogram.mjs';
import { LoopDelayMeter } from '../media/loop-delay-meter.mjs';
import { nextMessage } from '../media/server-process.mjs';
import { FakeTwilioApi } from './fake-twilio-api.mjs';
import { HandoffPhone } from './handoff-phone.mjs';

const { mintStreamToken } = await import('../../dist/src/telephony/stream-token.js');
const { DEFAULT_ENERGY_VAD_OPTIONS } = await import('../../dist/src/audio/energy-vad.js');
const { SqliteCallStore } = await import('../../dist/src/store/sqlite-call-store.js');
const { MAX_LIST_LIMIT } = await import('../../dist/src/store/call-store-rules.js');

const RESULTS_PATH = join(dirname(fileURLToPath(import.meta.url)), '..', 'results', 'handoff-latest.json');
const SERVER_SCRIPT = fileURLToPath(new URL('./handoff-server.mjs', import.meta.url));

/**
 * A whole number from the environment, or `fallback` when it is unset or empty.
 * @param {string} name @param {number} fallback @param {number} min
 */
function wholeFromEnv(name, fallback, min) {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number of at least ${min}, got ${text}`);
  return value;
}

/** Calls one at a time (`BENCH_HANDOFF_CALLS`). */
const SEQUENTIAL_CALLS = wholeFromEnv('BENCH_HANDOFF_CALLS', 100, 1);
/** Callers at once in the second level (`BENCH_HANDOFF_CONCURRENCY`); each dials again as soon as its call ends. */
const CONCURRENCY = wholeFromEnv('BENCH_HANDOFF_CONCURRENCY', 20, 2);
/** Calls of the second level in all (`BENCH_HANDOFF_CONCURRENT_CALLS`). */
const CONCURRENT_CALLS = wholeFromEnv('BENCH_HANDOFF_CONCURRENT_CALLS', 200, CONCURRENCY);
/** Calls before the first level, not counted: the server's first calls pay for JIT compilation and first use. */
const WARMUP_CALLS = wholeFromEnv('BENCH_HANDOFF_WARMUP_CALLS', 5, 0);
/**
 * How long ToneTts makes each character of a prompt. The greeting must play out before the caller
 * asks, so it sets the length of every call; 2 ms a character makes it about 0.3 s, so that 100
 * calls one at a time fit in about two minutes. The figures do not depend on it: the hold line's
 * first frame leaves as soon as the hold line starts, however long the hold line is.
 */
const MS_PER_CHARACTER = 2;
/** The request for a person, as the scripted recognizer gives it. */
const UTTERANCE = 'can i talk to a real person';
/** What the shipped flows say when they put a caller who asked for a person through: the hold line. */
const HOLD_LINE = 'escalation.handoff';
/** `BENCH_HANDOFF_SERVER_FLAGS='--trace-gc'`: node flags for the server process, to look into what a figure shows. */
const SERVER_NODE_FLAGS = (process.env['BENCH_HANDOFF_SERVER_FLAGS'] ?? '').split(' ').filter((flag) => flag !== '');
/** How long the caller's request lasts (loud frames); the figures are measured from its end, so its length is not in them. */
const SPEECH_MS = 500;
/** The caller starts this long after the greeting has played out (uniform in the range), as a person would. */
const REPLY_PAUSE_MS = [100, 250];
/** A call that has not heard its hold line and seen its dial by then is given up and counted as failed. */
const CALL_TIMEOUT_MS = 15_000;

const ACCOUNT_SID = `AC${randomBytes(16).toString('hex')}`;
const AUTH_TOKEN = randomBytes(16).toString('hex');
const TOKEN_SECRET = randomBytes(24).toString('hex');
/** Where Twilio reaches dunbot. The phones hang up instead of posting callbacks, so nothing is sent there; it only names the stream URL Twilio signs. */
const PUBLIC_URL = 'https://bot.example.com';
const STREAM_URL = 'wss://bot.example.com/media/twilio';
const AGENT = '+15550142';
const DEBTOR_ID = 'D-1001';

/**
 * Twilio's request signature, from Twilio's documented algorithm (HMAC-SHA1 of the URL and the
 * sorted POST parameters, base64) rather than dunbot's code; an upgrade has no parameters.
 * @param {string} url
 */
const twilioSignature = (url) => createHmac('sha1', AUTH_TOKEN).update(Buffer.from(url, 'utf-8')).digest('base64');

/** @param {readonly number[]} range */
const uniform = (range) => (range[0] ?? 0) + Math.random() * ((range[1] ?? 0) - (range[0] ?? 0));

/**
 * One call as the phone and the fake API saw it, with its level.
 * @typedef {{ level: string, phone: import('./handoff-phone.mjs').PhoneResult, api: import('./fake-twilio-api.mjs').ApiCall }} PlacedCall
 */

/**
 * Places one call and runs it to its end.
 * @param {{ api: FakeTwilioApi, port: number, lateness: LatencyHistogram }} setup
 * @param {string} level
 * @returns {Promise<PlacedCall>}
 */
async function placeCall(setup, level) {
  const callSid = `CA${randomUUID().replace(/-/g, '')}`;
  const apiCall = setup.api.register(callSid);
  // The token `POST /twiml/stream` would mint for this call, carried in `start` as Twilio carries it.
  const token = mintStreamToken({ debtorId: DEBTOR_ID, provider: 'twilio', callId: callSid, expiresAtMs: Date.now() + 3_600_000 }, TOKEN_SECRET);
  const phone = new HandoffPhone({
    url: `ws://127.0.0.1:${setup.port}/media/twilio`,
    headers: { 'x-twilio-signature': twilioSignature(STREAM_URL) },
    token,
    callSid,
    apiCall,
    speechMs: SPEECH_MS,
    replyPauseMs: uniform(REPLY_PAUSE_MS),
    endpointFrames: DEFAULT_ENERGY_VAD_OPTIONS.hangoverFrames,
    timeoutMs: CALL_TIMEOUT_MS,
    lateness: setup.lateness,
  });
  return { level, phone: await phone.run(), api: apiCall };
}

/**
 * `calls` calls, `concurrency` at a time: each caller dials again as soon as its call ends. Callers
 * start spread over a second, so that their requests do not all fall on the same frame.
 * @param {{ api: FakeTwilioApi, port: number, lateness: LatencyHistogram }} setup
 * @param {string} level @param {number} calls @param {number} concurrency
 */
async function runLevel(setup, level, calls, concurrency) {
  /** @type {PlacedCall[]} */
  const placed = [];
  let dialled = 0;
  const caller = async (/** @type {number} */ index) => {
    if (concurrency > 1) await new Promise((resolve) => setTimeout(resolve, (index * 1000) / concurrency));
    while (dialled < calls) {
      dialled += 1;
      placed.push(await placeCall(setup, level));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, index) => caller(index)));
  await quiescent(setup, placed);
  return placed;
}

/**
 * Waits until the server has no live call and every agent leg dialled has been ended by dunbot,
 * so that one level's hang-ups are not measured into the next.
 * @param {{ api: FakeTwilioApi, port: number }} setup @param {PlacedCall[]} placed
 */
async function quiescent(setup, placed) {
  const deadline = performance.now() + 10_000;
  for (;;) {
    const health = /** @type {{ activeCalls: number }} */ (await (await fetch(`http://127.0.0.1:${setup.port}/healthz`)).json());
    const open = placed.filter((call) => call.api.dialAtMs !== undefined && call.api.agentEndedAtMs === undefined).length;
    if (health.activeCalls === 0 && open === 0) return;
    if (performance.now() > deadline) {
      console.warn(`warning: ${health.activeCalls} calls still live and ${open} agent legs not ended 10 s after the level`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Every call's record from the server's store, by CallSid (the server must be closed first).
 * @param {string} dbPath
 * @returns {Promise<Map<string, import('../../dist/src/store/call-record.js').CallRecord>>}
 */
async function recordsByCallSid(dbPath) {
  const store = SqliteCallStore.open(dbPath);
  try {
    const byCallSid = new Map();
    for (const summary of await store.listCalls({ limit: MAX_LIST_LIMIT })) {
      const record = await store.getCall(summary.callId);
      if (record?.providerCallId !== undefined) byCallSid.set(record.providerCallId, record);
    }
    return byCallSid;
  } finally {
    await store.close();
  }
}

/**
 * One call's figures, or why it does not count. Every check is what makes its figures mean what
 * they say: the first frame after the request is the hold line's, the dial is this call's hand-off.
 * @param {PlacedCall} call
 * @param {import('../../dist/src/store/call-record.js').CallRecord | undefined} record
 */
function measure(call, record) {
  const { phone, api } = call;
  if (phone.failure !== undefined) return { failure: phone.failure };
  const end = phone.endOfUtteranceAt;
  if (end === undefined || phone.holdAt === undefined || phone.silenceSentAt === undefined || api.dialAtMs === undefined) return { failure: 'no request, hold line or dial' };
  if (phone.mediaWhileSpeaking > 0) return { failure: 'the bot was talking while the caller spoke' };
  if (record === undefined) return { failure: 'no call record' };
  const events = record.events;
  const requested = events.find((event) => event.type === 'handoff.state' && event.state === 'requested');
  const hold = events.find((event) => event.type === 'handoff.hold');
  const escalation = events.find((event) => event.type === 'escalation.requested');
  const turn = events.find((event) => event.type === 'debtor.turn' && event.text === UTTERANCE);
  if (requested?.type !== 'handoff.state' || requested.sinceTriggerMs === undefined) return { failure: 'no handoff.state requested in the record' };
  if (hold?.type !== 'handoff.hold') return { failure: 'no handoff.hold in the record' };
  if (hold.prompt !== HOLD_LINE) return { failure: `the hold line was ${hold.prompt}, not ${HOLD_LINE}` };
  if (turn === undefined) return { failure: 'the request is not a turn in the record' };
  if (escalation?.type !== 'escalation.requested' || escalation.reason !== 'request_human') return { failure: `escalated for ${escalation?.type === 'escalation.requested' ? escalation.reason : 'nothing'}, not a request for a person` };
  const dialledFor = /\/handoff\/twilio\/([^/]+)\/agent$/.exec(api.dialForm?.['Url']?.[0] ?? '')?.[1];
  if (dialledFor !== requested.handoffId) return { failure: 'the dial names another hand-off than the record' };
  const states = events.flatMap((event) => (event.type === 'handoff.state' ? [event.state] : []));
  return {
    /** @type {Figures} */
    figures: {
      dialMs: api.dialAtMs - end,
      holdMs: phone.holdAt - end,
      recordRequestedMs: requested.sinceTriggerMs,
      recordHoldMs: hold.sinceTriggerMs,
      silenceSentMs: phone.silenceSentAt - end,
      // Across the two processes: the record's wall clock (whole ms) against this process's, on one machine.
      turnTakenMs: turn.atMs - (performance.timeOrigin + end),
      callerReadMs: api.readAtMs === undefined ? undefined : api.readAtMs - end,
      callMs: phone.closedAt === undefined ? undefined : phone.closedAt - phone.dialledAt,
    },
    clean: states.at(-1) === 'cancelled' && api.agentEndStatus === 'canceled' && phone.closeCode === 1000,
  };
}

/**
 * One measured call, in ms.
 * @typedef {object} Figures
 * @property {number} dialMs (1)
 * @property {number} holdMs (2)
 * @property {number} recordRequestedMs
 * @property {number} recordHoldMs
 * @property {number} silenceSentMs
 * @property {number} turnTakenMs
 * @property {number | undefined} callerReadMs
 * @property {number | undefined} callMs
 */

/**
 * What the table shows of each level, in order: the figures asked for, then where their time went.
 * @type {readonly { key: string, label: string, of: (figures: Figures) => number | undefined, breakdown?: true }[]}
 */
const ROWS = [
  { key: 'endOfUtteranceToDial', label: '(1) end of utterance → dial of the agent at Twilio (POST Calls.json)', of: (f) => f.dialMs },
  { key: 'endOfUtteranceToHoldLine', label: "(2) end of utterance → hold line's first frame at the phone", of: (f) => f.holdMs },
  { key: 'recordTurnToAdapterCalled', label: 'record: turn taken → adapter called (handoff.state requested)', of: (f) => f.recordRequestedMs },
  { key: 'recordTurnToHoldLine', label: "record: turn taken → hold line's first frame sent (handoff.hold)", of: (f) => f.recordHoldMs },
  { key: 'endOfUtteranceToSilenceSent', label: 'phone: end of utterance → last frame of endpointing silence sent', of: (f) => f.silenceSentMs, breakdown: true },
  { key: 'endOfUtteranceToTurnTaken', label: 'end of utterance → turn taken in dunbot (debtor.turn, its clock)', of: (f) => f.turnTakenMs, breakdown: true },
  { key: 'endOfUtteranceToCallerRead', label: "end of utterance → read of the caller's call at Twilio (GET)", of: (f) => f.callerReadMs, breakdown: true },
];

/**
 * p50, p95, p99 and max by nearest rank (the value at rank ⌈q·n⌉ of the sorted samples): with
 * 100 calls p99 is the second slowest, and no figure is interpolated between two calls.
 * @param {number[]} values
 */
function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (/** @type {number} */ q) => (sorted.length === 0 ? undefined : round(sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]));
  return { count: sorted.length, p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99), maxMs: round(sorted.at(-1)), minMs: round(sorted[0]) };
}

/** @param {number | undefined} value */
const fmt = (value) => (value === undefined ? '–' : value.toFixed(value >= 100 ? 0 : 1)).padStart(6);

/**
 * Resolves once `child` has exited, or after `timeoutMs` (the `finally` of `main` then ends it).
 * @param {import('node:child_process').ChildProcess} child @param {number} timeoutMs
 */
function exited(child, timeoutMs) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(undefined);
    });
  });
}

/** @param {string} path @param {unknown} value Written beside and renamed, so a reader never sees half a file (*.tmp is gitignored). */
function writeAtomically(path, value) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.tmp`, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(`${path}.tmp`, path);
}

async function main() {
  const startedAt = new Date();
  // Other work on the machine shows in every tail: the load average says how much there was.
  const loadAtStart = loadavg().map((load) => round(load));
  const endpointingMs = DEFAULT_ENERGY_VAD_OPTIONS.hangoverFrames * 20;
  const totalCalls = WARMUP_CALLS + SEQUENTIAL_CALLS + CONCURRENT_CALLS;
  // Records are read back in one listing at the end.
  if (totalCalls > MAX_LIST_LIMIT) throw new Error(`at most ${MAX_LIST_LIMIT} calls in one run, asked for ${totalCalls}`);
  const api = new FakeTwilioApi({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN });
  const apiUrl = await api.start();
  const workDir = mkdtempSync(join(tmpdir(), 'dunbot-bench-handoff-'));
  const dbPath = join(workDir, 'calls.db');
  const settings = {
    host: '127.0.0.1',
    port: 0,
    tokenSecret: TOKEN_SECRET,
    dbPath,
    shutdownGraceMs: 0,
    handoff: 'twilio',
    handoffTarget: AGENT,
    publicUrl: PUBLIC_URL,
    twilioAccountSid: ACCOUNT_SID,
    twilioAuthToken: AUTH_TOKEN,
    twilioApiUrl: apiUrl,
    msPerCharacter: MS_PER_CHARACTER,
    utterance: UTTERANCE,
  };
  const child = fork(SERVER_SCRIPT, [JSON.stringify(settings)], { execArgv: SERVER_NODE_FLAGS, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  try {
    const { port } = await nextMessage(child, 'ready', 60_000);
    console.log(`dunbot hand-off benchmark: Twilio warm transfer (DUNBOT_HANDOFF=twilio) on 127.0.0.1, server in a child process; ${WARMUP_CALLS} warm-up calls, ${SEQUENTIAL_CALLS} calls one at a time, ${CONCURRENT_CALLS} calls ${CONCURRENCY} at a time; caller audio paced in 20 ms frames in real time; load average at start ${loadAtStart.join(', ')} on ${cpus().length} CPUs`);
    const lateness = new LatencyHistogram();
    const setup = { api, port, lateness };
    const phonesLoop = new LoopDelayMeter();
    const levelStarted = performance.now();
    const warmUp = await runLevel(setup, 'warm-up', WARMUP_CALLS, 1);
    lateness.reset();
    child.send({ type: 'measure' });
    phonesLoop.start();
    const levels = [
      { name: 'one at a time', concurrency: 1, placed: await runLevel(setup, 'one at a time', SEQUENTIAL_CALLS, 1) },
      { name: `${CONCURRENCY} at a time`, concurrency: CONCURRENCY, placed: await runLevel(setup, `${CONCURRENCY} at a time`, CONCURRENT_CALLS, CONCURRENCY) },
    ];
    const phonesEventLoopDelay = phonesLoop.stop();
    const loadAtEnd = loadavg().map((load) => round(load));
    const callsMs = performance.now() - levelStarted;
    child.send({ type: 'shutdown' });
    const closed = await nextMessage(child, 'closed', 30_000);
    // Its exit is waited for, not forced: a profile asked for with BENCH_HANDOFF_SERVER_FLAGS is written then.
    await exited(child, 60_000);
    const records = await recordsByCallSid(dbPath);

    /** @type {Record<string, unknown>} */
    const levelResults = {};
    const failures = /** @type {Record<string, number>} */ ({});
    /** Every measured call's figures, for a closer look at a tail. */
    const perCall = /** @type {Record<string, unknown>[]} */ ([]);
    let unclean = 0;
    console.log(`\nfrom the end of the debtor's request for a person = the phone sent its last loud frame; so (1) and (2) include endpointing (the VAD's ${endpointingMs} ms of trailing silence, 15 frames of 20 ms, and the frames' trip to the server).`);
    console.log(`"record" = the call record's own sinceTriggerMs, from the turn dunbot took (right after the endpoint and the recognizer's final result, which ScriptedAsr gives at once): the part after the endpoint, in whole ms.`);
    console.log(`"where it went": when the phone had sent the ${DEFAULT_ENERGY_VAD_OPTIONS.hangoverFrames} quiet frames (${endpointingMs} ms if it kept time), and when dunbot took the turn (the record's wall clock against the phone's, one machine, whole ms).\n`);
    console.log(`${'level'.padEnd(16)} ${'figure, ms'.padEnd(70)} ${'calls'.padStart(5)} ${'p50'.padStart(6)} ${'p95'.padStart(6)} ${'p99'.padStart(6)} ${'max'.padStart(6)}`);
    for (const level of levels) {
      /** @type {Figures[]} */
      const measured = [];
      let levelFailures = 0;
      for (const call of level.placed) {
        const result = measure(call, records.get(call.phone.callSid));
        if (result.figures === undefined) {
          levelFailures += 1;
          const reason = result.failure ?? 'unknown';
          failures[reason] = (failures[reason] ?? 0) + 1;
          continue;
        }
        measured.push(result.figures);
        perCall.push({ level: level.name, ...Object.fromEntries(Object.entries(result.figures).map(([name, value]) => [name, round(value)])) });
        if (!result.clean) unclean += 1;
      }
      /** @type {Record<string, ReturnType<typeof stats>>} */
      const rows = {};
      ROWS.forEach((row, index) => {
        const figures = (rows[row.key] = stats(measured.flatMap((m) => row.of(m) ?? [])));
        const first = index === 0 ? level.name : row.breakdown === true && ROWS[index - 1]?.breakdown !== true ? '  where it went:' : '';
        console.log(`${first.padEnd(16)} ${row.label.padEnd(70)} ${String(figures.count).padStart(5)} ${fmt(figures.p50Ms)} ${fmt(figures.p95Ms)} ${fmt(figures.p99Ms)} ${fmt(figures.maxMs)}`);
      });
      // How long a whole call took, connect to close: what sets the run's length, not a latency of dunbot's.
      const callDurationMs = stats(measured.flatMap((m) => m.callMs ?? []));
      levelResults[level.name] = { concurrency: level.concurrency, calls: level.placed.length, measured: measured.length, failed: levelFailures, ...rows, callDurationMs };
    }
    // Not counted in the levels, but the first call after a start is what a caller meets then: its
    // first turn pays for every first use in the server.
    const warmUpFigures = warmUp.map((call) => measure(call, records.get(call.phone.callSid)).figures);
    const first = warmUpFigures[0];
    if (first !== undefined) {
      console.log(`\nthe first call after the server started (a warm-up call, not counted above): (1) ${fmt(first.dialMs).trim()} ms, (2) ${fmt(first.holdMs).trim()} ms; record: adapter called ${first.recordRequestedMs} ms, hold line sent ${first.recordHoldMs} ms after the turn`);
    }
    const failed = Object.values(failures).reduce((sum, n) => sum + n, 0);
    console.log(`calls measured: ${Object.values(levelResults).map((level) => /** @type {any} */ (level).measured).join(' + ')} (${WARMUP_CALLS} warm-up calls not counted); failed: ${failed}${failed > 0 ? ` ${JSON.stringify(failures)}` : ''}; ended without the hand-off cancelled and the agent leg canceled: ${unclean}`);
    console.log(`load average (1, 5, 15 min) at start ${loadAtStart.join(', ')}, at end ${loadAtEnd.join(', ')}, on ${cpus().length} CPUs`);
    console.log(`the phones' sends: late by p99 ${fmt(lateness.summary().p99Ms).trim()} ms, max ${fmt(lateness.summary().maxMs).trim()} ms; event-loop delay p99 / max: server ${closed.eventLoopDelay.p99Ms} / ${closed.eventLoopDelay.maxMs} ms, phones and fake Twilio ${phonesEventLoopDelay.p99Ms} / ${phonesEventLoopDelay.maxMs} ms`);
    const logged = Object.entries(closed.logs);
    if (logged.length > 0) console.log(`server warnings and errors: ${logged.map(([message, n]) => `${n}× ${message}`).join('; ')}`);
    if (api.refused.length > 0) console.log(`the fake Twilio API refused ${api.refused.length} requests: ${JSON.stringify(api.refused.slice(0, 5))}`);

    const results = {
      benchmark: 'handoff',
      startedAt: startedAt.toISOString(),
      durationS: Math.round((Date.now() - startedAt.getTime()) / 1000),
      callsDurationS: Math.round(callsMs / 1000),
      machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadAtEnd },
      setup: {
        server: 'dunbot (composeRuntime + startDunbotServer) in a child process, systemScheduler; ScriptedAsr, CachedTts(ToneTts) with fixed prompts preloaded; DUNBOT_HANDOFF=twilio against a local fake Twilio REST API that answers at once',
        handoffCallerId: 'unset: dunbot reads the caller\'s call (GET) for the number to dial the agent from',
        endOfUtterance: 'the phone handed its last loud 20 ms frame of the request to the socket (performance.now())',
        dialArrival: 'the whole POST /2010-04-01/Accounts/<sid>/Calls.json request had arrived at the fake API (performance.now(), same process as the phones)',
        holdLineArrival: 'the first media message after the end of utterance arrived at the phone',
        record: 'sinceTriggerMs of handoff.state requested and handoff.hold in each call\'s record: from the turn dunbot took (after the endpoint) to the adapter being called, and to the hold line\'s first frame leaving; whole ms',
        endpointingMs,
        vad: { hangoverFrames: DEFAULT_ENERGY_VAD_OPTIONS.hangoverFrames, onsetFrames: DEFAULT_ENERGY_VAD_OPTIONS.onsetFrames },
        utterance: UTTERANCE,
        speechMs: SPEECH_MS,
        replyPauseMs: REPLY_PAUSE_MS,
        toneTtsMsPerCharacter: MS_PER_CHARACTER,
        warmupCalls: WARMUP_CALLS,
        percentiles: 'nearest rank',
      },
      levels: levelResults,
      warmUpCalls: warmUpFigures.map((figures) => (figures === undefined ? null : Object.fromEntries(Object.entries(figures).map(([name, value]) => [name, round(value)])))),
      failures,
      callsNotEndedCleanly: unclean,
      phoneSendLatenessMs: lateness.summary(),
      eventLoopDelayMs: { server: closed.eventLoopDelay, phonesAndFakeTwilio: phonesEventLoopDelay },
      serverLogs: closed.logs,
      fakeTwilioRefused: api.refused.length,
      calls: perCall,
    };
    writeAtomically(RESULTS_PATH, results);
    console.log(`\nsaved bench/results/handoff-latest.json (run took ${results.durationS} s)`);
    if (failed > 0 || unclean > 0) process.exitCode = 1;
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill();
    await api.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

await main();
