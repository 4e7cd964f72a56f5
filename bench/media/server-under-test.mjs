// @ts-check
/**
 * The server under test, run in its own process by run-media-bench.mjs (child_process.fork) so the
 * load generator's CPU never counts against it. `node server-under-test.mjs <mode> <tokenSecret>`:
 *
 * - `zero`: dunbot (built `dist/`) with ScriptedAsr and ToneTts, zero-cost at the provider interface;
 * - `soundswallower`: dunbot with the offline SoundswallowerAsr (default options) and ToneTts;
 * - `bare`: a bare ws server that only parses Twilio frames, decodes base64 and echoes marks;
 * - `espeak`: dunbot with ScriptedAsr and the real offline EspeakTts, as `dunbot serve` composes it
 *   (cached, prompts without variables synthesized before the first call), for the debtors of the
 *   folder named by the third argument: `node server-under-test.mjs espeak <tokenSecret> <debtorsDir>`.
 *
 * Nothing in src/ is changed. Benchmark-only monkeypatches on the `ws` module of this process:
 * `WebSocketServer.prototype.handleUpgrade` (to see each server socket and the messages it
 * emits, after dunbot has handled them) and `WebSocket.prototype.send` (to timestamp the first
 * outbound media frame of a turn). The same patches run in every mode, so they cost all three alike.
 *
 * Over IPC it answers `window-start` / `window-end` with the measures of the window between.
 */
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { LatencyHistogram, epochNowMs, round } from './latency-histogram.mjs';
import { LoopDelayMeter } from './loop-delay-meter.mjs';

const [mode, tokenSecret, debtorsDir] = process.argv.slice(2);
if (mode !== 'zero' && mode !== 'soundswallower' && mode !== 'bare' && mode !== 'espeak') throw new Error(`unknown mode ${String(mode)}`);
if (tokenSecret === undefined) throw new Error('token secret missing');
if (process.send === undefined) throw new Error('run me with child_process.fork');

/** A final transcript with no outbound audio after this long counts as unanswered, not as a turn. */
const TURN_ANSWER_TIMEOUT_MS = 2000;
/** What each caller "says", one per utterance: verify identity, then ask the balance (the bot answers and asks again, forever). */
const CALLER_SCRIPT = ['yes speaking', ...Array.from({ length: 500 }, (_, i) => (i % 2 === 0 ? 'how much do i owe' : 'who is calling'))];

const BENCH = Symbol('bench');
const TIMESTAMP_NEEDLE = Buffer.from('"timestamp":"');
const MEDIA_PREFIX = '{"event":"media"';

/** The measures of the current window. */
const win = {
  /** Due (sender's schedule) → the event loop is free again after handling the frame (setImmediate). */
  lag: new LatencyHistogram(),
  /** Due → the frame's own synchronous handling has returned. */
  syncLag: new LatencyHistogram(),
  /** Final transcript → first outbound media frame of the answer, measured here (sub-ms). */
  turn: new LatencyHistogram(),
  /** dunbot's own `turnLatency` metric (whole ms): the whole turn, from the caller's last speech frame to the first frame of the answer. */
  dunbotTurn: new LatencyHistogram(),
  /** Time of each RulesNlu.classify call: the NLU runs on the event loop inside every turn. */
  nlu: new LatencyHistogram(),
  /** End of speech (as the call sees it) → the final result: how far recognition lags the caller. */
  recognition: new LatencyHistogram(),
  /** Wall time of each synthesis that reached the TTS provider (a cache miss), queueing included. */
  synthesis: new LatencyHistogram(),
  /** @type {number[]} */
  turnSamples: [],
  unansweredFinals: 0,
  finals: 0,
  framesIn: 0,
  sendsOut: 0,
  /** @type {Map<string, number>} */
  logs: new Map(),
};

function resetWindow() {
  win.lag.reset();
  win.syncLag.reset();
  win.turn.reset();
  win.dunbotTurn.reset();
  win.nlu.reset();
  win.recognition.reset();
  win.synthesis.reset();
  win.turnSamples = [];
  win.unansweredFinals = 0;
  win.finals = 0;
  win.framesIn = 0;
  win.sendsOut = 0;
  win.logs.clear();
}

// ---- lag of inbound frames -------------------------------------------------------------------

let pendingDue = new Float64Array(4096);
let pendingCount = 0;
let flushScheduled = false;

function flushPending() {
  flushScheduled = false;
  const nowMs = epochNowMs();
  for (let i = 0; i < pendingCount; i += 1) win.lag.record(nowMs - (pendingDue[i] ?? nowMs));
  pendingCount = 0;
}

/**
 * `"timestamp":"123"` → 123, read from the bytes without parsing the JSON; -1 if absent.
 * @param {Buffer} data
 */
function readTimestamp(data) {
  const at = data.indexOf(TIMESTAMP_NEEDLE);
  if (at < 0) return -1;
  let value = 0;
  for (let i = at + TIMESTAMP_NEEDLE.length; i < data.length; i += 1) {
    const digit = (data[i] ?? 0) - 48;
    if (digit < 0 || digit > 9) return value;
    value = value * 10 + digit;
  }
  return -1;
}

/**
 * Runs after the server's own `message` listeners for one frame.
 * @param {WebSocket & { [BENCH]?: { t0: number | undefined, streamSid: string | undefined } }} ws
 * @param {unknown} data
 */
function observeInbound(ws, data) {
  const state = ws[BENCH];
  if (state === undefined || !Buffer.isBuffer(data)) return;
  // `{"event":"` is 10 bytes: the next two tell media, start, mark… apart without a parse.
  if (data[10] === 0x6d && data[11] === 0x65) {
    if (state.t0 === undefined) return;
    const timestampMs = readTimestamp(data);
    if (timestampMs < 0) return;
    const dueMs = state.t0 + timestampMs;
    win.framesIn += 1;
    win.syncLag.record(epochNowMs() - dueMs);
    if (pendingCount === pendingDue.length) {
      const bigger = new Float64Array(pendingDue.length * 2);
      bigger.set(pendingDue);
      pendingDue = bigger;
    }
    pendingDue[pendingCount++] = dueMs;
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flushPending);
    }
  } else if (data[10] === 0x73 && data[11] === 0x74 && data[12] === 0x61) {
    const start = JSON.parse(data.toString('utf8'));
    state.streamSid = start.streamSid;
    state.t0 = Number(start.start?.customParameters?.t0);
    if (!Number.isFinite(state.t0)) state.t0 = undefined;
  }
}

const originalHandleUpgrade = WebSocketServer.prototype.handleUpgrade;
WebSocketServer.prototype.handleUpgrade = function handleUpgrade(request, socket, head, callback) {
  return originalHandleUpgrade.call(this, request, socket, head, (ws, req) => {
    const tagged = /** @type {WebSocket & { [BENCH]?: { t0: number | undefined, streamSid: string | undefined } }} */ (ws);
    tagged[BENCH] = { t0: undefined, streamSid: undefined };
    const emit = ws.emit;
    /** @param {string | symbol} event @param {...any} args */
    ws.emit = function emitObserved(event, ...args) {
      const result = emit.call(this, event, ...args);
      if (event === 'message') observeInbound(tagged, args[0]);
      else if (event === 'close' && tagged[BENCH]?.streamSid !== undefined) pendingFinals.delete(tagged[BENCH].streamSid);
      return result;
    };
    callback(ws, req);
  });
};

// ---- turn overhead: final transcript → first outbound media frame ----------------------------

/** streamSid → performance.now() of its latest final transcript not yet answered. */
const pendingFinals = new Map();

/** @param {string} streamSid */
function noteFinal(streamSid) {
  win.finals += 1;
  if (pendingFinals.has(streamSid)) win.unansweredFinals += 1;
  pendingFinals.set(streamSid, performance.now());
}

const originalSend = WebSocket.prototype.send;
/** @this {WebSocket & { [BENCH]?: { streamSid: string | undefined } }} */
function sendObserved(/** @type {any} */ data, /** @type {any[]} */ ...rest) {
  win.sendsOut += 1;
  if (pendingFinals.size > 0 && typeof data === 'string' && data.startsWith(MEDIA_PREFIX)) {
    const streamSid = this[BENCH]?.streamSid;
    const finalAt = streamSid === undefined ? undefined : pendingFinals.get(streamSid);
    if (streamSid !== undefined && finalAt !== undefined) {
      pendingFinals.delete(streamSid);
      const ms = performance.now() - finalAt;
      if (ms <= TURN_ANSWER_TIMEOUT_MS) {
        win.turn.record(ms);
        win.turnSamples.push(Math.round(ms * 1000) / 1000);
      } else win.unansweredFinals += 1;
    }
  }
  return Reflect.apply(originalSend, this, [data, ...rest]);
}
WebSocket.prototype.send = /** @type {any} */ (sendObserved);

// ---- the server ------------------------------------------------------------------------------

/** @type {{ port: number, close: () => void }} */
let running;
const workDir = mkdtempSync(join(tmpdir(), 'dunbot-bench-'));

/** @param {string} level @param {string} message */
function countLog(level, message) {
  const key = `${level}: ${message}`;
  win.logs.set(key, (win.logs.get(key) ?? 0) + 1);
}

// Every server, the bare one too, runs on the heap setting `dunbot serve` applies: its default, or
// DUNBOT_HEAP_GROWTH_PERCENT from this process's environment, as `dunbot serve` would read it.
const { loadServerConfig } = await import('../../dist/src/server/server-config.js');
const { applyHeapGrowth } = await import('../../dist/src/server/heap-growth.js');
const { heapGrowthPercent } = loadServerConfig({ DUNBOT_HEAP_GROWTH_PERCENT: process.env['DUNBOT_HEAP_GROWTH_PERCENT'] }, undefined, { tokenSecret });
applyHeapGrowth(heapGrowthPercent);

if (mode === 'bare') {
  running = await startBareServer();
} else {
  running = await startDunbot(mode);
}

/**
 * dunbot's own server, exactly as `dunbot serve` builds it, with the speech providers swapped.
 * @param {'zero' | 'soundswallower' | 'espeak'} which
 */
async function startDunbot(which) {
  const { startDunbotServer } = await import('../../dist/src/server/dunbot-server.js');
  const { ScriptedAsr, ToneTts } = await import('../../dist/src/testing/scripted-speech.js');
  const { SoundswallowerAsr } = await import('../../dist/src/providers/asr/soundswallower-asr.js');
  const { CachedTts } = await import('../../dist/src/providers/tts/tts-cache.js');
  const { RulesNlu } = await import('../../dist/src/nlu/rules-nlu.js');
  const { CallerSpeech } = await import('../../dist/src/call/caller-speech.js');
  const endSpeech = CallerSpeech.prototype.end;
  /** The end of the caller's speech, as the call sees it, stamped on the call's (timed) recognizer. */
  CallerSpeech.prototype.end = function timedEnd() {
    const provider = /** @type {any} */ (this).options?.asr;
    if (this.listening && provider !== undefined && provider.speechEndedAt === undefined) provider.speechEndedAt = performance.now();
    return endSpeech.call(this);
  };
  const classify = RulesNlu.prototype.classify;
  RulesNlu.prototype.classify = function timedClassify(...args) {
    const startedAt = performance.now();
    try {
      return classify.apply(this, args);
    } finally {
      win.nlu.record(performance.now() - startedAt);
    }
  };
  const { defaultScriptsLibrary } = await import('../../dist/src/scripts/load-scripts-library.js');
  const config = loadServerConfig({}, undefined, { host: '127.0.0.1', port: 0, tokenSecret, dbPath: join(workDir, 'calls.db'), maxConnections: 100_000, shutdownGraceMs: 0, ...(debtorsDir === undefined ? {} : { debtorsDir }) });

  /** The call whose recognizer was made last, waiting for its stream id (see `child` below). */
  /** @type {{ streamSid: string | undefined } | undefined} */
  let awaitingStreamId;
  /** @param {import('../../dist/src/providers/asr/asr.js').AsrProvider} inner */
  const timed = (inner) => {
    const provider = {
      name: inner.name,
      locales: inner.locales,
      sampleRateHz: inner.sampleRateHz,
      /** @type {string | undefined} */ streamSid: undefined,
      /** When the call saw the current utterance's speech end (see the CallerSpeech patch below). */
      /** @type {number | undefined} */ speechEndedAt: undefined,
      /** @type {import('../../dist/src/providers/asr/asr.js').AsrProvider['open']} */
      open: async (options, listener) => {
        // One utterance at a time per call: a new one starts with no end of speech seen.
        provider.speechEndedAt = undefined;
        /** @type {number | undefined} */
        let finishCalledAt;
        const stream = await inner.open(options, {
          onResult: (result) => {
            if (result.isFinal) {
              // From the end of speech when the call saw it: an utterance that waited for the
              // recognizer has its finish() called late, and the wait belongs in the delay.
              const from = provider.speechEndedAt ?? finishCalledAt;
              if (from !== undefined) win.recognition.record(performance.now() - from);
              if (provider.streamSid !== undefined) noteFinal(provider.streamSid);
            }
            listener.onResult(result);
          },
          onError: (error) => listener.onError(error),
        });
        return {
          write: (samples) => stream.write(samples),
          finish: () => {
            finishCalledAt = performance.now();
            return stream.finish();
          },
          close: () => stream.close(),
        };
      },
    };
    awaitingStreamId = provider;
    return provider;
  };
  let asrFor;
  if (which === 'zero' || which === 'espeak') {
    asrFor = () => timed(new ScriptedAsr(CALLER_SCRIPT));
  } else {
    const offline = new SoundswallowerAsr();
    await offline.warmUp(2);
    asrFor = (/** @type {string} */ locale) => (offline.locales.includes(/** @type {any} */ (locale)) ? timed(offline) : undefined);
  }
  /** @type {import('../../dist/src/log/logger.js').Logger} */
  const logger = {
    debug: () => undefined,
    info: () => undefined,
    warn: (message) => countLog('warn', message),
    error: (message) => countLog('error', message),
    // A voice call gets its recognizer and then, in the same synchronous step, a child logger
    // with the stream id: that ties each recognizer to its stream without touching src/.
    child: (fields) => {
      if (awaitingStreamId !== undefined && typeof fields['streamId'] === 'string') {
        awaitingStreamId.streamSid = fields['streamId'];
        awaitingStreamId = undefined;
      }
      return logger;
    },
  };
  // As `dunbot serve` composes it (src/app/speech-providers.ts): TTS behind CachedTts, every prompt
  // without variables synthesized before the first call. ToneTts computes a sine per sample, so
  // uncached it would cost ~1 ms per prompt and stop being the zero-cost provider it stands for.
  const tts = new CachedTts(which === 'espeak' ? timedTts(new (await import('../../dist/src/providers/tts/espeak-tts.js')).EspeakTts()) : new ToneTts());
  const scripts = defaultScriptsLibrary();
  const fixed = scripts.locales.flatMap((locale) => scripts.promptIds().filter((id) => scripts.variablesOf(locale, id).length === 0).map((id) => ({ locale, text: scripts.render(locale, id, {}, { currency: 'USD' }).text })));
  await tts.preload(fixed);
  const { composeRuntime } = await import('../../dist/src/app/compose-runtime.js');
  const runtime = await composeRuntime(config, { logger, overrides: { speech: { asr: /** @type {any} */ (asrFor), tts } } });
  const server = await startDunbotServer(runtime, logger);
  const turnLatency = server.metrics.turnLatency.bind(server.metrics);
  server.metrics.turnLatency = (ms) => {
    win.dunbotTurn.record(ms);
    turnLatency(ms);
  };
  return { port: server.port, close: () => undefined };
}

/**
 * Times every synthesis that reaches `inner` (the cache's misses) into the window's `synthesis`.
 * @param {import('../../dist/src/providers/tts/tts.js').TtsProvider} inner
 * @returns {import('../../dist/src/providers/tts/tts.js').TtsProvider}
 */
function timedTts(inner) {
  return {
    name: inner.name,
    defaultVoice: (locale) => inner.defaultVoice(locale),
    synthesize: async (request) => {
      const startedAt = performance.now();
      try {
        return await inner.synthesize(request);
      } finally {
        win.synthesis.record(performance.now() - startedAt);
      }
    },
  };
}

/** The floor: parse every Twilio frame, decode its base64, echo marks; nothing else. */
async function startBareServer() {
  const http = createServer((_request, response) => {
    response.statusCode = 404;
    response.end();
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  let decodedBytes = 0;
  http.on('upgrade', (request, socket, head) => {
    if (request.url !== '/media/twilio') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      let streamSid = '';
      ws.on('message', (data) => {
        let message;
        try {
          message = JSON.parse(data.toString());
        } catch {
          countLog('warn', 'bad frame');
          return;
        }
        switch (message?.event) {
          case 'start':
            streamSid = String(message.streamSid);
            break;
          case 'media':
            if (typeof message.media?.payload === 'string') decodedBytes += Buffer.from(message.media.payload, 'base64').length;
            break;
          case 'mark':
            ws.send(JSON.stringify({ event: 'mark', streamSid, mark: { name: String(message.mark?.name) } }));
            break;
          case 'stop':
            ws.close(1000);
            break;
          default:
            break;
        }
      });
    });
  });
  await new Promise((resolve) => http.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = http.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return { port: address.port, close: () => void decodedBytes };
}

// ---- IPC -------------------------------------------------------------------------------------

let windowStart = { cpu: process.cpuUsage(), wallMs: performance.now(), elu: performance.eventLoopUtilization() };
/** The event-loop delay of the window (a stall delays every call's frames at once). */
const loopDelay = new LoopDelayMeter();

process.on('message', (/** @type {{ type: string }} */ message) => {
  if (message.type === 'window-start') {
    resetWindow();
    loopDelay.start();
    windowStart = { cpu: process.cpuUsage(), wallMs: performance.now(), elu: performance.eventLoopUtilization() };
  } else if (message.type === 'window-end') {
    const eventLoopDelay = loopDelay.stop();
    const cpu = process.cpuUsage(windowStart.cpu);
    const wallMs = performance.now() - windowStart.wallMs;
    const elu = performance.eventLoopUtilization(windowStart.elu);
    process.send?.({
      type: 'window',
      wallMs: round(wallMs),
      cpuMs: round((cpu.user + cpu.system) / 1000),
      cpuUserMs: round(cpu.user / 1000),
      eventLoopUtilization: round(elu.utilization),
      rssMb: round(process.memoryUsage().rss / 2 ** 20),
      framesIn: win.framesIn,
      sendsOut: win.sendsOut,
      lag: win.lag.summary(),
      syncLag: win.syncLag.summary(),
      turn: win.turn.summary(),
      turnSamples: win.turnSamples,
      dunbotTurn: win.dunbotTurn.summary(),
      nlu: win.nlu.summary(),
      recognition: win.recognition.summary(),
      synthesis: win.synthesis.summary(),
      eventLoopDelay,
      finals: win.finals,
      unansweredFinals: win.unansweredFinals,
      logs: Object.fromEntries(win.logs),
    });
  } else if (message.type === 'shutdown') {
    running.close();
    rmSync(workDir, { recursive: true, force: true });
    process.exit(0);
  }
});

// The benchmark is gone (finished, interrupted or crashed): so is its server.
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready', port: running.port, heapGrowthPercent });
