import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { composeRuntime, type RuntimeOverrides } from '../../src/app/compose-runtime.js';
import type { SpeechProviders } from '../../src/call/call-parts.js';
import type { Logger } from '../../src/log/logger.js';
import { startDunbotServer, type DunbotServer, type DunbotServerOptions } from '../../src/server/dunbot-server.js';
import type { ServerConfig } from '../../src/server/server-config.js';
import type { ManualScheduler, Scheduler } from '../../src/time/scheduler.js';
import { SqliteCallStore } from '../../src/store/sqlite-call-store.js';
import type { CallRecord, CallRecordEvent } from '../../src/store/call-record.js';

/** Lets sockets and promises deliver what is pending. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** Moves the call's clock in 20 ms steps, letting sockets deliver between steps. */
export async function advance(scheduler: ManualScheduler, ms: number): Promise<void> {
  for (let elapsed = 0; elapsed < ms; elapsed += 20) {
    scheduler.increment(20);
    await settle();
  }
}

/** The most recent call's whole record in a database (the server must be closed first). */
export async function lastCallRecord(dbPath: string): Promise<CallRecord | undefined> {
  const store = SqliteCallStore.open(dbPath);
  try {
    const [call] = await store.listCalls();
    return call === undefined ? undefined : await store.getCall(call.callId);
  } finally {
    await store.close();
  }
}

/** A tone loud enough to be speech to the VAD, 16-bit PCM at 8 kHz. */
export function speech(ms: number): Int16Array {
  const samples = new Int16Array(ms * 8);
  for (let i = 0; i < samples.length; i += 1) samples[i] = Math.round(6000 * Math.sin((2 * Math.PI * 220 * i) / 8000) + 2000 * Math.sin((2 * Math.PI * 710 * i) / 8000));
  return samples;
}

/** Line noise quiet enough to be silence to the VAD, 16-bit PCM at 8 kHz. */
export function quiet(ms: number): Int16Array {
  const samples = new Int16Array(ms * 8);
  for (let i = 0; i < samples.length; i += 1) samples[i] = ((i * 7919) % 13) - 6;
  return samples;
}

/**
 * A WebSocket client written by hand on a bare TCP socket, for peers `ws` will not play: one that
 * ignores the close handshake, answers no ping, or stops reading. It completes the opening
 * handshake, then only sends masked text frames when told to.
 */
export class RawWebSocketPeer {
  readonly socket: Socket;
  readonly opened: Promise<void>;
  readonly ended: Promise<void>;

  constructor(port: number, path: string) {
    this.socket = connect(port, '127.0.0.1');
    const key = randomBytes(16).toString('base64');
    this.socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
    this.opened = new Promise((resolve, reject) => {
      let head = '';
      const onData = (chunk: Buffer): void => {
        head += chunk.toString('latin1');
        if (!head.includes('\r\n\r\n')) return;
        this.socket.off('data', onData);
        if (head.startsWith('HTTP/1.1 101')) resolve();
        else reject(new Error(head.split('\r\n')[0]));
      };
      this.socket.on('data', onData);
    });
    this.ended = new Promise((resolve) => this.socket.once('close', () => resolve()));
  }

  /** Sends one masked text frame, as a client must. */
  sendText(text: string): void {
    const payload = Buffer.from(text);
    const mask = randomBytes(4);
    const header = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length]) : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff]);
    const masked = Buffer.from(payload.map((byte, index) => byte ^ (mask[index % 4] ?? 0)));
    this.socket.write(Buffer.concat([header, mask, masked]));
  }
}

/** The codes of a record's call notes, in order. */
export function noteCodes(events: readonly CallRecordEvent[] | undefined): string[] {
  return (events ?? []).flatMap((event) => (event.type === 'call.note' ? [event.code] : []));
}

/**
 * Composes a runtime on `speech` (and any other overrides) and starts a server on it, as `serve`
 * does; closing the server closes the runtime too.
 */
export async function startTestServer(config: ServerConfig, speech: SpeechProviders, logger: Logger, scheduler: Scheduler, overrides: Omit<RuntimeOverrides, 'speech'> & DunbotServerOptions = {}): Promise<DunbotServer> {
  const { nonces, ...runtimeOverrides } = overrides;
  const runtime = await composeRuntime(config, { logger, scheduler, overrides: { ...runtimeOverrides, speech } });
  const server = await startDunbotServer(runtime, logger, nonces !== undefined ? { nonces } : {});
  return {
    port: server.port,
    metrics: server.metrics,
    close: async () => {
      await server.close();
      await runtime.close();
    },
  };
}
