// @ts-check
/**
 * One load level, held: `node bench/media/hold-level.mjs [calls=300] [zero|soundswallower|bare]`.
 *
 * Starts the same server process as run-media-bench.mjs, dials `calls` simulated Twilio calls,
 * lets them settle, and prints the measures of one window as JSON (CPU per call, event-loop
 * utilization, inbound-frame lag, the generator's own lateness, turn overhead). It is the tool for
 * comparing two versions of the hot path at one load, several runs each, and for profiling it:
 *
 *   BENCH_MEDIA_SERVER_FLAGS='--cpu-prof --cpu-prof-dir=/tmp/prof' node bench/media/hold-level.mjs 400
 *
 * writes a V8 CPU profile of the server process (open it in Chrome DevTools). Environment:
 * `SETTLE_MS` (default 8000) before the window, `HOLD_MS` (default 10000) for it.
 * `npm run build` first: the server imports `dist/`.
 */
import { randomBytes } from 'node:crypto';
import { CallGenerator } from './call-generator.mjs';
import { loadCallerAudio } from './caller-audio.mjs';
import { forkServer, nextMessage } from './server-process.mjs';

const calls = Number(process.argv[2] ?? 300);
const mode = process.argv[3] ?? 'zero';
const settleMs = Number(process.env['SETTLE_MS'] ?? 8000);
const holdMs = Number(process.env['HOLD_MS'] ?? 10_000);
const serverFlags = (process.env['BENCH_MEDIA_SERVER_FLAGS'] ?? '').split(' ').filter((flag) => flag !== '');
if (!Number.isInteger(calls) || calls < 1) throw new Error(`calls must be a whole number of at least 1, got ${process.argv[2]}`);

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));
const secret = randomBytes(24).toString('base64url');
const child = forkServer(mode, secret, serverFlags);

const { port } = await nextMessage(child, 'ready', 120_000);
const generator = new CallGenerator({ url: `ws://127.0.0.1:${port}/media/twilio`, secret, debtorId: 'D-1001', audio: await loadCallerAudio() });
generator.setTarget(calls);
await sleep(settleMs);
generator.resetWindow();
child.send({ type: 'window-start' });
await sleep(holdMs);
const window = nextMessage(child, 'window', holdMs + 30_000);
child.send({ type: 'window-end' });
const server = await window;
console.log(
  JSON.stringify(
    {
      mode,
      calls,
      live: generator.calls.size,
      cpuPerCallMsPerS: Math.round((server.cpuMs / (server.wallMs / 1000) / calls) * 100) / 100,
      userShareOfCpu: Math.round((server.cpuUserMs / server.cpuMs) * 100) / 100,
      framesIn: server.framesIn,
      sendsOut: server.sendsOut,
      eventLoopUtilization: server.eventLoopUtilization,
      rssMb: server.rssMb,
      lag: server.lag,
      generatorLateness: generator.lateness.summary(),
      turn: server.turn,
      nlu: server.nlu,
      recognition: server.recognition,
      logs: server.logs,
      generator: generator.stats,
    },
    null,
    2,
  ),
);
generator.stop();
child.send({ type: 'shutdown' });
await Promise.race([new Promise((resolve) => child.once('exit', resolve)), sleep(5000)]);
if (child.exitCode === null) child.kill();
