import { mkdtempSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { advance, lastCallRecord, noteCodes, RawWebSocketPeer, settle, startTestServer } from './harness.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { createLogger, silentLogger, type Logger } from '../../src/log/logger.js';
import type { DunbotServer } from '../../src/server/dunbot-server.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import { mintStreamToken } from '../../src/telephony/stream-token.js';
import { ScriptedAsr, ToneTts } from '../../src/testing/scripted-speech.js';
import { TwilioPhone } from '../../src/testing/twilio-phone.js';

const SECRET = 'call-endings-secret-0123456789';
const START_MS = Date.parse('2026-03-11T15:00:00Z');
let server: DunbotServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setUp(overrides: Record<string, unknown> = {}, logger: Logger = silentLogger) {
  const dir = mkdtempSync(join(tmpdir(), 'dunbot-endings-'));
  const scheduler = new ManualScheduler(START_MS);
  const config = loadServerConfig({}, undefined, { port: 0, tokenSecret: SECRET, dbPath: join(dir, 'calls.db'), shutdownGraceMs: 0, ...overrides });
  server = await startTestServer(config, { asr: () => new ScriptedAsr([]), tts: new ToneTts() }, logger, scheduler);
  const port = server.port;
  const base = `http://127.0.0.1:${port}`;
  return {
    scheduler,
    port,
    dbPath: config.dbPath,
    pingIntervalMs: config.pingIntervalMs,
    token: () => mintStreamToken({ debtorId: 'D-1001', provider: 'twilio', expiresAtMs: START_MS + 3_600_000 }, SECRET),
    metrics: async () => (await fetch(`${base}/metrics`)).text(),
    health: async () => (await fetch(`${base}/healthz`)).json() as Promise<unknown>,
  };
}

async function closeAndRead(dbPath: string) {
  await server?.close();
  server = undefined;
  return lastCallRecord(dbPath);
}

const notes = noteCodes;

/** Twilio's start frame, for peers written by hand. */
function twilioStart(token: string, streamSid = 'MZ-raw'): string {
  return JSON.stringify({
    event: 'start',
    sequenceNumber: '1',
    streamSid,
    start: { streamSid, callSid: 'CA-raw', accountSid: 'AC1', tracks: ['inbound'], customParameters: { token }, mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 } },
  });
}

/** Waits in real time: only for what runs on real time by design (socket timeouts, shutdown). */
const realDelay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('every call ends with a disposition', () => {
  it('records a provider stop as a hang-up and closes the stream itself', async () => {
    const { scheduler, port, dbPath, token } = await setUp();
    const phone = new TwilioPhone(`ws://127.0.0.1:${port}/media/twilio`);
    await phone.start({ token: token() });
    await advance(scheduler, 1000);
    // The provider says the stream is over but leaves the socket open: the server must not hold it.
    phone.sendRaw(JSON.stringify({ event: 'stop', sequenceNumber: '99', streamSid: phone.streamSid, stop: { accountSid: 'AC1', callSid: phone.callSid } }));
    expect(await phone.closed).toBe(1000);
    const record = await closeAndRead(dbPath);
    expect(record?.disposition).toBe('HUNG_UP');
  });

  it('ends the call at once, recorded, on a fatal protocol error after start; the active-calls gauge comes down', async () => {
    const { scheduler, port, dbPath, token, metrics, health } = await setUp();
    const phone = new TwilioPhone(`ws://127.0.0.1:${port}/media/twilio`);
    await phone.start({ token: token() });
    await advance(scheduler, 500);
    expect(await health()).toEqual({ status: 'ok', activeCalls: 1 });
    // A second start: the stream can no longer be trusted.
    await phone.start({ token: token() });
    expect(await phone.closed).toBe(1007);
    await settle();
    expect(await health()).toEqual({ status: 'ok', activeCalls: 0 });
    expect(await metrics()).toMatch(/dunbot_active_calls 0/);
    const record = await closeAndRead(dbPath);
    expect(record?.disposition).toBe('SYSTEM_FAILURE');
    expect(notes(record?.events)).toContain('DUN_NOTE_PROTOCOL_ERROR');
  });

  it('ends the call of a peer that stopped answering pings', async () => {
    const { scheduler, port, dbPath, token, pingIntervalMs, metrics } = await setUp();
    // A peer that has gone away without a word: no pong, no close, nothing.
    const ws = new WebSocket(`ws://127.0.0.1:${port}/media/twilio`, { autoPong: false });
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(twilioStart(token()));
    await advance(scheduler, 3 * pingIntervalMs + 100);
    // The server says why (1001) and cuts the socket at once: the peer sees the one or the other.
    expect([1001, 1006]).toContain(await closed);
    expect(await metrics()).toMatch(/dunbot_closed_connections_total\{reason="unresponsive"\} 1/);
    const record = await closeAndRead(dbPath);
    expect(record?.disposition).toBe('SYSTEM_FAILURE');
    expect(notes(record?.events)).toContain('DUN_NOTE_PEER_UNRESPONSIVE');
  });

  it('keeps the call of a peer that answers pings, however long it is quiet', async () => {
    const { scheduler, port, token, pingIntervalMs } = await setUp({ noInputMs: 60_000 });
    const phone = new TwilioPhone(`ws://127.0.0.1:${port}/media/twilio`);
    await phone.start({ token: token() });
    await advance(scheduler, 5 * pingIntervalMs);
    expect(phone.closeCode).toBeUndefined();
    phone.hangUp();
    await phone.closed;
  });

  it('takes a prompt whose mark is never echoed as heard, notes it, and the call goes on to its end', async () => {
    const { scheduler, port, dbPath, token } = await setUp();
    // A peer that plays audio but never echoes marks.
    const ws = new WebSocket(`ws://127.0.0.1:${port}/media/twilio`);
    await new Promise((resolve) => ws.once('open', resolve));
    ws.send(twilioStart(token()));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    // Greeting, two re-prompts, each marked and never echoed, each followed by no input.
    await advance(scheduler, 60_000);
    expect(await closed).toBe(1000);
    const record = await closeAndRead(dbPath);
    expect(notes(record?.events)).toContain('DUN_NOTE_MARK_TIMEOUT');
    expect(record?.disposition).toBe('NO_RESPONSE');
  });

  it('on shutdown, cuts a peer that ignores the close handshake and closes the store only after its last write', async () => {
    const { scheduler, port, dbPath, token } = await setUp();
    const peer = new RawWebSocketPeer(port, '/media/twilio');
    await peer.opened;
    peer.sendText(twilioStart(token()));
    await advance(scheduler, 1000);
    // From here on it reads nothing and answers nothing.
    peer.socket.pause();
    await server?.close();
    server = undefined;
    // The server cut the socket: the peer sees its end once it reads again.
    peer.socket.resume();
    await peer.ended;
    const record = await lastCallRecord(dbPath);
    expect(record?.disposition).toBe('SYSTEM_FAILURE');
    expect(notes(record?.events)).toContain('DUN_NOTE_SHUTDOWN');
  }, 15_000);
});

describe('connections that never become calls', () => {
  it('closes a bare TCP connection that sends nothing, and counts it', async () => {
    const { metrics } = await setUp({ idleConnectionMs: 1000 });
    const port = server?.port ?? 0;
    const socket = connect(port, '127.0.0.1');
    const closedAt = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await realDelay(1500);
    await closedAt;
    expect(await metrics()).toMatch(/dunbot_closed_connections_total\{reason="idle"\} 1/);
  });

  it('closes a half-sent request (headers never finished)', async () => {
    await setUp({ idleConnectionMs: 1000 });
    const socket = connect(server?.port ?? 0, '127.0.0.1');
    socket.write('GET /media/twilio HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n');
    await new Promise<void>((resolve) => socket.once('close', () => resolve()));
  });

  it('counts bare connections toward the limit: beyond it a stream is answered 503', async () => {
    const { port, token } = await setUp({ maxConnections: 2, idleConnectionMs: 1000 });
    const bare: Socket[] = [connect(port, '127.0.0.1'), connect(port, '127.0.0.1')];
    await Promise.all(bare.map((socket) => new Promise((resolve) => socket.once('connect', resolve))));
    await realDelay(50);
    const refused = new TwilioPhone(`ws://127.0.0.1:${port}/media/twilio`);
    await expect(refused.start({ token: token() })).rejects.toThrow('503');
    // Once the idle ones are gone, streams are taken again.
    await Promise.all(bare.map((socket) => new Promise((resolve) => socket.once('close', resolve))));
    const phone = new TwilioPhone(`ws://127.0.0.1:${port}/media/twilio`);
    await phone.start({ token: token() });
    phone.hangUp();
    expect(await phone.closed).toBe(1000);
  });
});

describe('audio formats at start', () => {
  it('refuses a start frame with a sample rate no provider documents with 1007, as a refused stream, not a call', async () => {
    const { port, metrics, health } = await setUp();
    const codes: number[] = [];
    for (const [encoding, sampleRate] of [['L16', 2 ** 31 - 1], ['L16', 1e9], ['PCMU', 96_000]] as const) {
      const token = mintStreamToken({ debtorId: 'D-1001', provider: 'telnyx', expiresAtMs: START_MS + 60_000 }, SECRET);
      const ws = new WebSocket(`ws://127.0.0.1:${port}/media/telnyx?token=${encodeURIComponent(token)}`);
      await new Promise((resolve) => ws.once('open', resolve));
      ws.send(JSON.stringify({ event: 'start', sequence_number: '1', stream_id: 'S-1', start: { call_control_id: 'v3:abc', custom_parameters: {}, media_format: { encoding, sample_rate: sampleRate, channels: 1 } } }));
      codes.push(await new Promise<number>((resolve) => ws.once('close', (code) => resolve(code))));
    }
    expect(codes).toEqual([1007, 1007, 1007]);
    const text = await metrics();
    expect(text).toMatch(/dunbot_refused_streams_total\{reason="bad_start"\} 3/);
    expect(text).toMatch(/dunbot_bad_frames_total\{reason="DUN_ERR_MEDIA_UNSUPPORTED_FORMAT"\} 3/);
    expect(text).not.toContain('dunbot_calls_ended_by_runtime_total{');
    expect(await health()).toEqual({ status: 'ok', activeCalls: 0 });
  });
});

describe('quiet under attack', () => {
  it('writes the first few warnings of a misbehaving connection, then one summary line', async () => {
    const lines: string[] = [];
    const { port, token, metrics } = await setUp({}, createLogger({ write: (line) => lines.push(line) }));
    const phone = new TwilioPhone(`ws://127.0.0.1:${port}/media/twilio`);
    await phone.start({ token: token() });
    for (let i = 0; i < 300; i += 1) phone.sendRaw('{not json');
    await realDelay(100);
    phone.hangUp();
    await phone.closed;
    await settle();
    const badFrameLines = lines.filter((line) => line.includes('bad media frame'));
    expect(badFrameLines.length).toBeLessThanOrEqual(20);
    expect(lines.filter((line) => line.includes('log lines withheld for this connection'))).toHaveLength(1);
    expect(await metrics()).toMatch(/dunbot_log_lines_suppressed_total [1-9]\d*/);
    expect(await metrics()).toMatch(/dunbot_bad_frames_total\{reason="DUN_ERR_MEDIA_BAD_JSON"\} 300/);
  });
});
