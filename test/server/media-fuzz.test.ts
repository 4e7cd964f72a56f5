import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Clockwork } from './fuzz/clockwork.js';
import { runFuzzConnection, type FuzzOutcome } from './fuzz/fuzz-connection.js';
import { connectionScript, UNKNOWN_DEBTOR, type ConnectionScript, type StreamContext, type TokenKind } from './fuzz/fuzz-plan.js';
import { jambonzFuzz } from './fuzz/jambonz-fuzz.js';
import { plivoFuzz } from './fuzz/plivo-fuzz.js';
import { telnyxFuzz } from './fuzz/telnyx-fuzz.js';
import { twilioFuzz } from './fuzz/twilio-fuzz.js';
import { vonageFuzz } from './fuzz/vonage-fuzz.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import type { Locale } from '../../src/domain/locale.js';
import type { LogFields, Logger } from '../../src/log/logger.js';
import type { DunbotServer } from '../../src/server/dunbot-server.js';
import { startTestServer } from './harness.js';
import { MAX_MESSAGE_BURST } from '../../src/server/message-rate-limit.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import { MAX_LIST_LIMIT } from '../../src/store/call-store-rules.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import { mintStreamToken, TELEPHONY_PROVIDERS, type TelephonyProvider } from '../../src/telephony/stream-token.js';
import { ScriptedAsr, ToneTts } from '../../src/testing/scripted-speech.js';
import { TwilioPhone } from '../../src/testing/twilio-phone.js';

/*
 * Fuzzes the real media server over real sockets, one provider at a time: batches of connections
 * play fast-check-generated frame sequences (valid frames, mutated frames, raw garbage, floods,
 * pauses, clean and abrupt closes) while good Twilio calls, one after the other, run to a promise
 * to pay beside them. The server must stay up and answer, close bad streams only with the codes its
 * policy names (never 1011), log no error, leave no call live once its socket has closed, keep its
 * memory bounded, and still take a new call afterwards.
 *
 * The inputs are fixed by the seed (DUNBOT_FUZZ_SEED, printed on failure); how the connections
 * interleave on the event loop is not, so a failure reproduces its inputs, if not always its timing.
 * DUNBOT_FUZZ_BATCHES sets the batches per provider.
 */

const SECRET = 'fuzz-test-secret-0123456789abcdef';
const START_MS = Date.parse('2026-03-11T15:00:00Z');
const SEED = integerFromEnv('DUNBOT_FUZZ_SEED', 20_260_311);
const BATCHES = integerFromEnv('DUNBOT_FUZZ_BATCHES', 6);
/** Connections played at once in one batch. */
const CONNECTIONS_PER_BATCH = { minLength: 6, maxLength: 14 } as const;
/**
 * The debtor of the good calls (no fuzzed stream uses it). Being the only zh-CN call that answers in
 * a script matters: the recognizer is chosen by locale, so every zh-CN call gets GOOD_CALL_PHRASES
 * and every en-US call FUZZ_PHRASES, each its own instance, whatever order the calls start in.
 */
const GOOD_DEBTOR = 'C-2003';
/** The good call's answers: right party, no to paying in full, yes to the settlement, yes to its read-back: PTP. */
const GOOD_CALL_PHRASES = ['是我', '没有', '可以', '对'];
/** What the recognizer "hears" on fuzzed en-US calls, in turn. */
const FUZZ_PHRASES = ['yes speaking', 'no', 'i can pay fifty dollars tomorrow', 'who is this', 'operator', 'stop calling me', ''];
/**
 * Memory growth (V8 heap plus buffers outside it) allowed over a provider's run, measured after
 * forced collections, and so what the run left behind; about 1 to 6 MB was seen. What the server
 * may keep after every call has ended is small and bounded (metric label sets, spent token nonces
 * until they expire, resampler filter tables per rate pair: well under 10 MB). A leak of what each
 * connection received (tens of connections, frames up to 256 KiB, hundreds of frames per burst) or
 * of whole calls (their sessions, playback and pre-roll buffers) would exceed this.
 */
const MAX_MEMORY_GROWTH_BYTES = 48 * 1024 * 1024;
/**
 * Growth allowed at any moment of the run, garbage included (sampled at every step of the server's
 * clock). In flight at once are a batch's frames (a dozen connections, each frame at most 400 KB,
 * bursts of hundreds of small ones) and the garbage between two collections: about 30 MB was seen.
 * One frame that makes the server allocate hundreds of megabytes (a buffer or filter sized by a
 * sample rate from the wire, say) goes over.
 */
const MAX_PEAK_GROWTH_BYTES = 256 * 1024 * 1024;
/** Close codes the server may end a fuzzed stream with: done, protocol broken, refused/flood, too big. */
const SERVER_CLOSE_CODES = [1000, 1007, 1008, 1009];

function integerFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${text}`);
  return value;
}

/** Runs a full garbage collection; V8 lends the function when the process was started without --expose-gc. */
function collectGarbage(): void {
  let gc: unknown = globalThis.gc;
  if (typeof gc !== 'function') {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc');
  }
  if (typeof gc === 'function') {
    gc();
    gc();
  }
}

/** Memory the process holds for JavaScript after a full collection: the V8 heap plus the buffers outside it (frames, audio). */
function memoryAfterGc(): number {
  collectGarbage();
  const { heapUsed, external } = process.memoryUsage();
  return heapUsed + external;
}

/** Errors raised outside any test's await: vitest reports them too, but here they fail the run that raised them. */
const unhandled: unknown[] = [];
const recordUnhandled = (error: unknown): void => {
  unhandled.push(error);
};
beforeAll(() => {
  process.on('unhandledRejection', recordUnhandled);
  process.on('uncaughtException', recordUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', recordUnhandled);
  process.off('uncaughtException', recordUnhandled);
});

/** A logger that keeps the server's error lines (message and code only), to show with a failure. */
function errorCollectingLogger(errors: string[]): Logger {
  const logger: Logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: (message: string, fields?: LogFields) => {
      const code = fields?.['code'];
      const error = fields?.['error'];
      errors.push(`${message}${typeof code === 'string' ? ` (${code})` : ''}${typeof error === 'string' ? `: ${error.slice(0, 300)}` : ''}`);
    },
    child: () => logger,
  };
  return logger;
}

function speech(ms: number): Int16Array {
  const samples = new Int16Array(ms * 8);
  for (let i = 0; i < samples.length; i += 1) samples[i] = Math.round(6000 * Math.sin((2 * Math.PI * 220 * i) / 8000) + 2000 * Math.sin((2 * Math.PI * 710 * i) / 8000));
  return samples;
}

function quiet(ms: number): Int16Array {
  const samples = new Int16Array(ms * 8);
  for (let i = 0; i < samples.length; i += 1) samples[i] = ((i * 7919) % 13) - 6;
  return samples;
}

/** One provider's server, its clock and its good calls. */
interface Rig {
  readonly server: DunbotServer;
  readonly base: string;
  readonly dbPath: string;
  readonly scheduler: ManualScheduler;
  readonly clockwork: Clockwork;
  readonly goodPhones: TwilioPhone[];
  readonly errors: string[];
  /** The most memory (heap and buffers, not collected first) seen at any step of the server's clock. */
  readonly memory: { peakBytes: number };
}

async function startRig(): Promise<Rig> {
  const dir = mkdtempSync(join(tmpdir(), 'dunbot-fuzz-'));
  const scheduler = new ManualScheduler(START_MS);
  const config = loadServerConfig({}, undefined, { port: 0, tokenSecret: SECRET, dbPath: join(dir, 'calls.db'), shutdownGraceMs: 0 });
  const errors: string[] = [];
  const asr = (locale: Locale) => new ScriptedAsr(locale === 'zh-CN' ? GOOD_CALL_PHRASES : FUZZ_PHRASES);
  const server = await startTestServer(config, { asr, tts: new ToneTts() }, errorCollectingLogger(errors), scheduler);
  const memory = { peakBytes: 0 };
  const clockwork = new Clockwork(scheduler, () => {
    const { heapUsed, external } = process.memoryUsage();
    memory.peakBytes = Math.max(memory.peakBytes, heapUsed + external);
  });
  clockwork.start();
  return { server, base: `http://127.0.0.1:${server.port}`, dbPath: config.dbPath, scheduler, clockwork, goodPhones: [], errors, memory };
}

function mint(rig: Rig, grant: { debtorId: string; provider: TelephonyProvider; expiresAtMs?: number; callId?: string }): string {
  return mintStreamToken({ expiresAtMs: rig.scheduler.nowMs() + 300_000, ...grant }, SECRET);
}

/** Starts a good call and waits until its greeting has been heard (audio, then the mark echoed). */
async function startGoodCall(rig: Rig): Promise<{ phone: TwilioPhone; token: string }> {
  const phone = new TwilioPhone(`ws://127.0.0.1:${rig.server.port}/media/twilio`);
  const token = mint(rig, { debtorId: GOOD_DEBTOR, provider: 'twilio' });
  rig.goodPhones.push(phone);
  await phone.start({ token });
  await rig.clockwork.until(() => phone.heard.length > 0 && phone.marks.length > 0, 10_000, 'the good call hearing its greeting');
  return { phone, token };
}

/** Waits until the bot has said all it had to say: half a second without audio. */
async function waitForBotToFinish(rig: Rig, phone: TwilioPhone): Promise<void> {
  let heard = phone.heard.length;
  let quietSinceMs = rig.scheduler.nowMs();
  await rig.clockwork.until(
    () => {
      if (phone.heard.length !== heard) {
        heard = phone.heard.length;
        quietSinceMs = rig.scheduler.nowMs();
      }
      return rig.scheduler.nowMs() - quietSinceMs >= 500 || phone.closeCode !== undefined;
    },
    20_000,
    'the bot falling silent',
  );
}

/** The good call's answers, turn by turn, to a promise to pay; the bot then ends the call itself with 1000. */
async function holdGoodCall(rig: Rig, phone: TwilioPhone): Promise<void> {
  for (let turn = 0; turn < GOOD_CALL_PHRASES.length; turn += 1) {
    await waitForBotToFinish(rig, phone);
    // Still open before each answer: the server has not cut the call.
    expect(phone.closeCode).toBeUndefined();
    const marksBefore = phone.marks.length;
    phone.sendAudio(speech(600));
    phone.sendAudio(quiet(500));
    await rig.clockwork.until(() => phone.marks.length > marksBefore || phone.closeCode !== undefined, 20_000, 'the bot answering');
  }
  await Promise.race([rig.clockwork.wait(30_000), phone.closed]);
  expect(phone.closeCode).toBe(1000);
}

/** Good calls one after the other, each to its promise to pay, until the fuzzing is over. */
async function keepGoodCallsGoing(rig: Rig, first: TwilioPhone, fuzzing: { done: boolean }): Promise<number> {
  let phone = first;
  for (let completed = 1; ; completed += 1) {
    await holdGoodCall(rig, phone);
    if (fuzzing.done) return completed;
    phone = (await startGoodCall(rig)).phone;
  }
}

async function health(rig: Rig): Promise<{ readonly status: number; readonly body: unknown }> {
  const response = await fetch(`${rig.base}/healthz`);
  return { status: response.status, body: await response.json() };
}

async function activeCallsGauge(rig: Rig): Promise<number> {
  const metrics = await (await fetch(`${rig.base}/metrics`)).text();
  return Number(/^dunbot_active_calls (\d+)$/m.exec(metrics)?.[1] ?? Number.NaN);
}

/**
 * Waits (on the server's clock) until no call but the live good calls is left: /healthz's
 * `activeCalls` (connections) and the active-calls gauge (sessions not yet ended) both agree.
 */
async function expectOnlyGoodCallsLive(rig: Rig): Promise<void> {
  let seen = '';
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const live = rig.goodPhones.filter((phone) => phone.closeCode === undefined).length;
    const { status, body } = await health(rig);
    const gauge = await activeCallsGauge(rig);
    expect(status).toBe(200);
    seen = `healthz ${JSON.stringify(body)}, gauge ${gauge}, good calls live ${live}`;
    if (JSON.stringify(body) === JSON.stringify({ status: 'ok', activeCalls: live }) && gauge === live) return;
    await rig.clockwork.wait(100);
  }
  throw new Error(`calls left live after their sockets closed: ${seen}`);
}

/** A token spent on the upgrade before the fuzzing starts, for streams that present a used one (Twilio's are spent at start instead). */
async function spendUpgradeToken(rig: Rig, provider: Exclude<TelephonyProvider, 'twilio'>): Promise<string> {
  const token = mint(rig, { debtorId: 'D-1001', provider });
  const ws = new WebSocket(`ws://127.0.0.1:${rig.server.port}/media/${provider}?token=${encodeURIComponent(token)}`);
  await new Promise((resolve) => ws.once('open', resolve));
  ws.close();
  await new Promise((resolve) => ws.once('close', resolve));
  return token;
}

function tokenOf(rig: Rig, kind: TokenKind, script: ConnectionScript, spent: string): string | undefined {
  const { provider, debtorId } = script;
  switch (kind) {
    case 'valid':
      return mint(rig, { debtorId, provider });
    case 'missing':
      return undefined;
    case 'forged':
      return `${mint(rig, { debtorId, provider }).slice(0, -2)}AA`;
    case 'oversized':
      return `${mint(rig, { debtorId, provider })}${'A'.repeat(5000)}`;
    case 'expired':
      return mint(rig, { debtorId, provider, expiresAtMs: START_MS + 1 });
    case 'wrong_provider':
      return mint(rig, { debtorId, provider: TELEPHONY_PROVIDERS.find((other) => other !== provider) ?? 'telnyx' });
    case 'reused':
      return spent;
    case 'wrong_call':
      return mint(rig, { debtorId, provider, callId: 'CA-another-call' });
  }
}

async function playConnection(rig: Rig, script: ConnectionScript, index: number, spent: string): Promise<FuzzOutcome> {
  const token = tokenOf(rig, script.token, script, spent);
  const inUrl = script.tokenIn === 'url' && token !== undefined && !script.tokenInHeader;
  const inHeader = script.tokenIn === 'url' && token !== undefined && script.tokenInHeader;
  const context: StreamContext = {
    streamId: `MZfuzz${String(index).padStart(4, '0')}`,
    callId: `CAfuzz${String(index).padStart(4, '0')}`,
    startToken: script.tokenIn === 'start' ? token : undefined,
    sequence: 1,
    chunk: 0,
    encoding: script.provider === 'vonage' || script.provider === 'jambonz' ? 'l16le' : 'mulaw',
  };
  return runFuzzConnection({
    url: `ws://127.0.0.1:${rig.server.port}/media/${script.provider}${inUrl ? `?token=${encodeURIComponent(token)}` : ''}`,
    headers: inHeader ? { 'x-dunbot-token': token } : {},
    script: script.prepare(context),
    ending: script.ending,
    answersPings: script.answersPings,
    wait: (ms) => rig.clockwork.wait(ms),
  });
}

/** What is wrong with how a fuzzed connection ended, if anything. */
function problemOf(outcome: FuzzOutcome, script: ConnectionScript): string | undefined {
  if (outcome.refusedStatus !== undefined) return outcome.refusedStatus === 401 && script.token !== 'valid' ? undefined : `was refused with HTTP ${outcome.refusedStatus}`;
  // A stream with a good token, for a known debtor, opened properly, is refused nothing afterwards:
  // whatever else it sends costs a frame, or breaks the protocol (1007), unless it floods.
  const admitted = script.token === 'valid' && script.debtorId !== UNKNOWN_DEBTOR && script.opensWithValidStart;
  if (admitted && outcome.closedByServer && outcome.closeCode === 1008 && outcome.messagesSent <= MAX_MESSAGE_BURST) return `was refused (1008) after ${outcome.messagesSent} messages, too few to be a flood`;
  // A peer that answers no ping is sent 1001 and cut without waiting for the close handshake.
  const allowed = script.answersPings ? SERVER_CLOSE_CODES : [...SERVER_CLOSE_CODES, 1001, 1006];
  if (outcome.closedByServer && !allowed.includes(outcome.closeCode)) return `was closed by the server with ${outcome.closeCode} after ${outcome.messagesSent} messages`;
  return undefined;
}

const TARGETS = [
  { provider: 'twilio', scripts: connectionScript(twilioFuzz) },
  { provider: 'telnyx', scripts: connectionScript(telnyxFuzz) },
  { provider: 'plivo', scripts: connectionScript(plivoFuzz) },
  { provider: 'vonage', scripts: connectionScript(vonageFuzz) },
  { provider: 'jambonz', scripts: connectionScript(jambonzFuzz) },
] as const;

describe('media server under fuzzed provider streams', () => {
  for (const target of TARGETS) {
    it(`stays up, bounded and isolated under fuzzed ${target.provider} streams while good calls complete`, async () => {
      const rig = await startRig();
      let goodCallsCompleted = 0;
      try {
        const good = await startGoodCall(rig);
        const spent = target.provider === 'twilio' ? good.token : await spendUpgradeToken(rig, target.provider);
        const memoryBeforeBytes = memoryAfterGc();
        rig.memory.peakBytes = memoryBeforeBytes;
        let connections = 0;
        const batch = fc.asyncProperty(fc.array(target.scripts, CONNECTIONS_PER_BATCH), async (scripts) => {
          const first = connections;
          const errorsBefore = rig.errors.length;
          connections += scripts.length;
          const outcomes = await Promise.all(scripts.map((script, index) => playConnection(rig, script, first + index, spent)));
          const problems = outcomes.flatMap((outcome, index) => {
            const script = scripts[index];
            const problem = script === undefined ? undefined : problemOf(outcome, script);
            return problem === undefined ? [] : [`connection ${index} (MZfuzz${String(first + index).padStart(4, '0')}) ${problem}: ${script?.[fc.toStringMethod]() ?? ''}`];
          });
          if (problems.length > 0) throw new Error(problems.join('\n'));
          expect(unhandled).toEqual([]);
          await expectOnlyGoodCallsLive(rig);
          // A frame the server rejects is a warning; an error line means something in the server went wrong.
          expect(rig.errors.slice(errorsBefore), 'server error lines').toEqual([]);
        });
        const fuzzing = { done: false };
        const [checked, held] = await Promise.allSettled([
          fc.check(batch, { seed: SEED, numRuns: BATCHES, endOnFailure: true }).finally(() => {
            fuzzing.done = true;
          }),
          keepGoodCallsGoing(rig, good.phone, fuzzing),
        ]);
        if (checked.status === 'rejected') throw checked.reason;
        const details = checked.value;
        if (details.failed) {
          const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
          const report = fc.defaultReportMessage(details) ?? '';
          throw new Error(
            `fuzzing ${target.provider} failed in batch ${details.counterexamplePath ?? '?'}; rerun with DUNBOT_FUZZ_SEED=${details.seed}\n${error.slice(0, 20_000)}\nserver errors: ${rig.errors.slice(0, 20).join('; ')}\n${report.slice(0, 4000)}`,
          );
        }
        if (held.status === 'rejected') throw held.reason;
        goodCallsCompleted = held.value;
        expect(connections).toBeGreaterThanOrEqual(BATCHES * CONNECTIONS_PER_BATCH.minLength);

        // After the fuzzing: nothing left live, nothing raised, memory back near where it was.
        await expectOnlyGoodCallsLive(rig);
        expect(unhandled).toEqual([]);
        expect(rig.errors, 'server error lines').toEqual([]);
        expect(await health(rig)).toEqual({ status: 200, body: { status: 'ok', activeCalls: 0 } });
        const metrics = await (await fetch(`${rig.base}/metrics`)).text();
        expect(metrics).not.toContain('cause="DUN_NOTE_INTERNAL_ERROR"');
        const memoryGrowthBytes = memoryAfterGc() - memoryBeforeBytes;
        expect(memoryGrowthBytes, `memory grew ${(memoryGrowthBytes / 2 ** 20).toFixed(1)} MB`).toBeLessThan(MAX_MEMORY_GROWTH_BYTES);
        const peakGrowthBytes = rig.memory.peakBytes - memoryBeforeBytes;
        expect(peakGrowthBytes, `memory peaked ${(peakGrowthBytes / 2 ** 20).toFixed(1)} MB above the start`).toBeLessThan(MAX_PEAK_GROWTH_BYTES);

        // A new call still starts and is heard.
        const next = await startGoodCall(rig);
        next.phone.hangUp();
        expect(await next.phone.closed).toBe(1000);
        await expectOnlyGoodCallsLive(rig);
      } finally {
        await rig.clockwork.stop();
        await rig.server.close();
      }

      // Every good call is in the store with its disposition: a promise to pay, and the last one's hang-up.
      const store = SqliteCallStore.open(rig.dbPath);
      try {
        const records = (await store.listCalls({ limit: MAX_LIST_LIMIT })).filter((call) => call.debtorId === GOOD_DEBTOR).sort((a, b) => a.startedAtMs - b.startedAtMs);
        expect(records.map((call) => call.disposition)).toEqual([...Array.from({ length: goodCallsCompleted }, () => 'PTP'), 'HUNG_UP']);
      } finally {
        await store.close();
      }
    }, 60_000);
  }
});
