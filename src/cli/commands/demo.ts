import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resample } from '../../audio/resampler.js';
import { systemClock } from '../../time/clock.js';
import { silentLogger } from '../../log/logger.js';
import { EspeakTts } from '../../providers/tts/espeak-tts.js';
import { composeRuntime } from '../../app/compose-runtime.js';
import { startDunbotServer } from '../../server/dunbot-server.js';
import { loadServerConfig } from '../../server/server-config.js';
import { SqliteCallStore } from '../../store/sqlite-call-store.js';
import { TwilioPhone } from '../../testing/twilio-phone.js';
import { writeLine, type CliIo } from '../cli-io.js';
import { strictArgs } from '../cli-options.js';

export const DEMO_USAGE = 'dunbot demo [--db <path>]   (a whole en-US phone call on the offline providers)';

/** What the simulated debtor says, one reply per bot question. */
const DEBTOR_REPLIES = ['yes speaking', 'i can pay two hundred dollars on friday', 'yes that is right'];
/** How long the bot must have been quiet before the simulated debtor answers. */
const ANSWER_AFTER_QUIET_MS = 700;
const DEMO_TIMEOUT_MS = 180_000;

function withNoiseFloor(samples: Int16Array, padMs: number): Int16Array {
  // A faint noise floor and padding: telephone audio is never digital silence.
  const pad = (padMs * 8000) / 1000;
  const out = new Int16Array(samples.length + 2 * pad);
  out.set(samples, pad);
  let seed = 12345;
  for (let i = 0; i < out.length; i += 1) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    out[i] = Math.max(-32768, Math.min(32767, (out[i] ?? 0) + ((seed % 61) - 30)));
  }
  return out;
}

async function sleep(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The main job on the embedded defaults: starts the server on a free port, dials it with a
 * simulated phone speaking Twilio's protocol, and plays an en-US debtor whose replies are
 * synthesized offline (8 kHz μ-law with a faint noise floor). The bot holds the whole call
 * through offline ASR → NLU → flow → TTS over the real WebSocket, in real time.
 */
export async function runDemo(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = strictArgs(() => parseArgs({ args: [...args], options: { db: { type: 'string' } }, allowPositionals: false, strict: true }));
  const dbPath = values.db ?? join(mkdtempSync(join(tmpdir(), 'dunbot-demo-')), 'calls.db');
  const config = loadServerConfig({}, undefined, { port: 0, dbPath, tokenSecret: 'demo-secret-not-for-production-use', allowUnsignedTwiml: true });
  writeLine(io.stdout, 'starting the server on the offline providers (espeak-ng TTS, soundswallower ASR)…');
  const runtime = await composeRuntime(config, { logger: silentLogger, env: {} });
  const server = await startDunbotServer(runtime, silentLogger);
  const debtorVoice = new EspeakTts();
  let serverClosed = false;
  try {
    const base = `http://127.0.0.1:${server.port}`;
    const twiml = await (await fetch(`${base}/twiml/stream`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'debtor=D-1001' })).text();
    const token = /<Parameter name="token" value="([^"]+)"\/>/.exec(twiml)?.[1] ?? '';
    const phone = new TwilioPhone(`ws://127.0.0.1:${server.port}/media/twilio`);
    writeLine(io.stdout, `dialing ws://127.0.0.1:${server.port}/media/twilio as debtor D-1001 (John Smith)\n`);
    await phone.start({ debtor: 'D-1001', token });
    const startedAtMs = systemClock.nowMs();
    let replyIndex = 0;
    let framesSeen = 0;
    let lastFrameAtMs = systemClock.nowMs();
    let answeredAtMs: number | undefined;
    const latencies: number[] = [];
    while (phone.closeCode === undefined && systemClock.nowMs() - startedAtMs < DEMO_TIMEOUT_MS) {
      await sleep(20);
      if (phone.heard.length !== framesSeen) {
        if (answeredAtMs !== undefined) {
          const latencyMs = systemClock.nowMs() - answeredAtMs;
          latencies.push(latencyMs);
          writeLine(io.stdout, `        (first bot audio ${latencyMs} ms after the debtor's last word)`);
          answeredAtMs = undefined;
        }
        framesSeen = phone.heard.length;
        lastFrameAtMs = systemClock.nowMs();
        continue;
      }
      const reply = DEBTOR_REPLIES[replyIndex];
      if (reply === undefined || answeredAtMs !== undefined || framesSeen === 0 || systemClock.nowMs() - lastFrameAtMs < ANSWER_AFTER_QUIET_MS) continue;
      replyIndex += 1;
      const voice = await debtorVoice.synthesize({ text: reply, locale: 'en-US' });
      const speechSamples = resample(voice.samples, voice.sampleRateHz, 8000);
      const padMs = 300;
      const audio = withNoiseFloor(speechSamples, padMs);
      // The synthesized clip ends with silence of its own; the last word ends at the last loud sample.
      let lastLoud = speechSamples.length - 1;
      while (lastLoud > 0 && Math.abs(speechSamples[lastLoud] ?? 0) < 300) lastLoud -= 1;
      const speechEndSample = (padMs * 8000) / 1000 + lastLoud;
      writeLine(io.stdout, `debtor> ${reply}`);
      // Real time: one 20 ms frame every 20 ms, as a phone sends it, then quiet line noise.
      const trailing = withNoiseFloor(new Int16Array(0), 600);
      const line = new Int16Array(audio.length + trailing.length);
      line.set(audio);
      line.set(trailing, audio.length);
      for (let offset = 0; offset < line.length; offset += 160) {
        if (answeredAtMs === undefined && offset >= speechEndSample) answeredAtMs = systemClock.nowMs();
        phone.sendAudio(line.subarray(offset, offset + 160));
        await sleep(20);
        if (phone.heard.length !== framesSeen) break;
      }
      answeredAtMs ??= systemClock.nowMs();
    }
    if (phone.closeCode === undefined) phone.hangUp();
    await server.close();
    await runtime.close();
    serverClosed = true;
    const store = SqliteCallStore.open(dbPath);
    const [summary] = await store.listCalls({ limit: 1 });
    const record = summary === undefined ? undefined : await store.getCall(summary.callId);
    await store.close();
    if (record === undefined) {
      writeLine(io.stderr, 'demo: no call was recorded');
      return 1;
    }
    writeLine(io.stdout, '\ntranscript (from the call record):');
    for (const event of record.events) {
      if (event.type === 'bot.said') writeLine(io.stdout, `  bot    ${event.text}`);
      if (event.type === 'debtor.turn') writeLine(io.stdout, `  debtor ${event.input === 'speech' ? `"${event.text}"` : `(${event.input})`}${event.nlu !== undefined ? `  → ${event.nlu.intent}` : ''}`);
      if (event.type === 'bot.interrupted') writeLine(io.stdout, `  (barge-in: ${event.prompt} cut after ${event.heardMs} ms)`);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    writeLine(io.stdout, `\nper-turn latency (debtor's last word → first bot audio, endpointing included), ms: ${latencies.join(', ')}${sorted.length > 0 ? `  (median ${sorted[Math.floor(sorted.length / 2)]})` : ''}`);
    writeLine(io.stdout, `disposition: ${record.disposition ?? '(none)'}${record.outcome?.promise !== undefined ? `  promise: ${record.outcome.promise.amount} on ${record.outcome.promise.date}` : ''}`);
    writeLine(io.stdout, `record: ${record.callId}  (dunbot calls show ${record.callId} --db ${dbPath})`);
    return record.disposition === 'PTP' ? 0 : 1;
  } finally {
    // Only when the call failed before the server was closed above.
    if (!serverClosed) {
      await server.close();
      await runtime.close();
    }
    await debtorVoice.close();
  }
}
