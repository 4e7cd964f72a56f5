import { CallCapture } from '../replay/call-capture.js';
import { saveCallFixture } from '../replay/save-call-fixture.js';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { VoiceCallParts } from '../call/call-parts.js';
import { MediaChannel } from '../call/media-channel.js';
import { VoiceCall } from '../call/voice-call.js';
import type { Logger } from '../log/logger.js';
import { rateLimitLogger } from '../log/rate-limited-logger.js';
import { StreamTokenGate } from '../telephony/stream-token-gate.js';
import type { StreamClaims } from '../telephony/stream-token.js';
import { telephonyAdapterFor, type TelephonyAdapter } from '../telephony/telephony-adapters.js';
import { MemoryTokenNonceStore, type TokenNonceStore } from '../telephony/token-nonce-store.js';
import { systemScheduler, type Scheduler, type TimerHandle } from '../time/scheduler.js';
import { MessageRateLimit } from './message-rate-limit.js';
import type { PrometheusMetrics } from './prometheus-metrics.js';
import type { ServerConfig } from './server-config.js';

/** The largest WebSocket message accepted; larger ones close the connection with 1009. */
export const MAX_WS_MESSAGE_BYTES = 256 * 1024;
/** A stream that has not sent `start` by then is closed with 1008. */
export const START_TIMEOUT_MS = 5000;
/** Pings a stream may leave unanswered (with nothing else heard from it either) before its call is ended. */
export const MAX_MISSED_PINGS = 2;
/** On shutdown, how long a peer has to complete the close handshake before its socket is cut. */
export const CLOSE_HANDSHAKE_MS = 2000;

/** What the media server needs. */
export interface MediaServerDeps {
  readonly config: ServerConfig;
  readonly metrics: PrometheusMetrics;
  readonly logger: Logger;
  readonly scheduler: Scheduler;
  /** What every call shares: debtors, flows, speech, understanding, scripts, store, escalation. */
  readonly parts: VoiceCallParts;
  /** Where used token nonces are kept; one process's memory by default (see TokenNonceStore for several). */
  readonly nonces?: TokenNonceStore;
  /** Told once a call has ended and its record is complete (quality inspection); must not throw. */
  readonly onCallEnded?: (callId: string) => void;
}

/** One live WebSocket and its call. */
interface Connection {
  readonly call: VoiceCall;
  /** Pings sent since the peer was last heard from (a pong or any message). */
  missedPings: number;
}

/** ws send options, one object per kind rather than one per frame sent. */
const TEXT_FRAME = { binary: false } as const;
const BINARY_FRAME = { binary: true } as const;

function reject(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The WebSocket endpoints `/media/<provider>` and the socket loop of each stream (limits, flood
 * control, pings, corked writes). A stream without valid credentials never reaches a flow: every
 * stream carries a signed, single-use token minted for its provider's endpoint; where it is
 * carried, and what else the provider proves, is its telephony adapter's business. Each
 * connection's call is isolated: a fault, a flood or a dead peer ends that call, recorded, and no
 * other.
 */
export class MediaServer {
  private readonly deps: MediaServerDeps;
  private readonly wss: WebSocketServer;
  private readonly gate: StreamTokenGate;
  private readonly connections = new Map<WebSocket, Connection>();
  /**
   * Calls whose stream has closed but which have not ended yet: a hand-off moved the caller off the
   * stream and the call waits for its outcome. Shutdown ends and awaits them too, so their records complete.
   */
  private readonly streamless = new Set<VoiceCall>();
  /** Upgrades waiting for their token to be checked: they count toward the limit too. */
  private upgrading = 0;
  private pingTimer: TimerHandle | undefined;

  constructor(deps: MediaServerDeps) {
    this.deps = deps;
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES });
    this.gate = new StreamTokenGate({ secret: deps.config.tokenSecret, nonces: deps.nonces ?? new MemoryTokenNonceStore(), clock: deps.scheduler });
    this.schedulePing();
  }

  /** Calls with a live connection. */
  get activeConnections(): number {
    return this.connections.size;
  }

  /** Calls not yet ended: those with a live connection, and those waiting on a hand-off after their stream closed. */
  get liveCalls(): number {
    return this.connections.size + this.streamless.size;
  }

  /** Handles an HTTP upgrade request; anything not a valid media stream is answered with an HTTP error. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const { metrics, config } = this.deps;
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = /^\/media\/([a-z]+)$/.exec(url.pathname);
    const adapter = match?.[1] !== undefined ? telephonyAdapterFor(match[1]) : undefined;
    if (adapter === undefined) {
      metrics.refusedStreams.inc({ reason: 'unknown_path' });
      reject(socket, 404, 'Not Found');
      return;
    }
    if (this.connections.size + this.upgrading >= config.maxConnections) {
      metrics.refusedStreams.inc({ reason: 'capacity' });
      reject(socket, 503, 'Service Unavailable');
      return;
    }
    const credentials = adapter.credentialsOnUpgrade({ url, headers: request.headers }, config);
    if (credentials.kind === 'refused') {
      metrics.refusedStreams.inc({ reason: credentials.reason });
      reject(socket, 401, 'Unauthorized');
      return;
    }
    if (credentials.kind === 'at-start') {
      this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, socket, adapter, undefined));
      return;
    }
    this.upgrading += 1;
    this.gate
      .admit(credentials.token, adapter.provider)
      .then((verdict) => {
        if (socket.destroyed) return;
        if (!verdict.ok) {
          metrics.refusedStreams.inc({ reason: verdict.reason });
          reject(socket, 401, 'Unauthorized');
          return;
        }
        this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, socket, adapter, verdict.claims));
      })
      .catch((error: unknown) => {
        // The nonce store failed: no stream is admitted that cannot be checked.
        metrics.refusedStreams.inc({ reason: 'token_store_error' });
        this.deps.logger.error('stream token could not be checked', { error: error instanceof Error ? error.message : String(error) });
        if (!socket.destroyed) reject(socket, 503, 'Service Unavailable');
      })
      .finally(() => {
        this.upgrading -= 1;
      });
  }

  /**
   * @param socket The connection under `ws`: frames sent in one turn of the event loop (a burst of
   *   audio and its mark) are corked on it and leave in one write, Node's cork-then-uncork-on-next-tick pattern.
   */
  private accept(ws: WebSocket, socket: Duplex, adapter: TelephonyAdapter, preAuthorized: StreamClaims | undefined): void {
    const { scheduler, config, metrics } = this.deps;
    // One peer's bad frames must not fill the log: a budget of lines per connection, then a count.
    const logger = rateLimitLogger(this.deps.logger.child({ provider: adapter.provider }), { onSuppressed: () => metrics.suppressedLogLines.inc() });
    let corked = false;
    const uncork = (): void => {
      corked = false;
      socket.uncork();
    };
    const rate = new MessageRateLimit(scheduler.nowMs());
    let startSeen = false;
    const channel = new MediaChannel({
      serializer: adapter.createSerializer(),
      scheduler,
      logger,
      metrics,
      transport: {
        send: (frames) => {
          if (ws.readyState !== ws.OPEN) return;
          if (!corked) {
            corked = true;
            socket.cork();
            process.nextTick(uncork);
          }
          for (const frame of frames) ws.send(frame.data, frame.binary ? BINARY_FRAME : TEXT_FRAME);
          capture?.outbound(frames);
        },
        close: (code, reason) => {
          if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
        },
      },
    });
    // With --record, the call runs on parts that capture what its providers give it, for its fixture.
    const capture = config.recordDir !== undefined ? new CallCapture(scheduler) : undefined;
    const parts = capture?.wrap(this.deps.parts) ?? this.deps.parts;
    const call = new VoiceCall({
      channel,
      parts,
      scheduler,
      logger,
      metrics,
      options: { noInputMs: config.noInputMs, maxCallMs: config.maxCallMs, inBandDtmf: config.inBandDtmf },
      authorize: async (start) => {
        startSeen = true;
        if (preAuthorized !== undefined) return preAuthorized;
        const verdict = await this.gate.admit(adapter.tokenAtStart(start), adapter.provider, start.callId);
        if (verdict.ok) return verdict.claims;
        metrics.refusedStreams.inc({ reason: verdict.reason });
        return undefined;
      },
      onRefused: (reason) => metrics.refusedStreams.inc({ reason }),
    });
    const onCallEnded = this.deps.onCallEnded;
    // `done` settles once everything the call records is written: the call is over before anyone is told,
    // and a listener that fails is logged here, never left to reject where nothing catches it.
    if (onCallEnded !== undefined) {
      void call.done.then(() => {
        const callId = call.callSession?.callId;
        if (callId === undefined) return;
        try {
          onCallEnded(callId);
        } catch (error) {
          logger.error('call-ended listener failed', { error: error instanceof Error ? error.message : String(error) });
        }
      });
    }
    if (capture !== undefined && config.recordDir !== undefined) {
      const dir = config.recordDir;
      void call.done.then(() => saveCallFixture(capture, { dir, callId: call.callSession?.callId, parts, config, logger: this.deps.logger }));
    }
    const connection: Connection = { call, missedPings: 0 };
    this.connections.set(ws, connection);
    const startTimer = scheduler.setTimeout(() => {
      if (!startSeen) {
        metrics.refusedStreams.inc({ reason: 'no_start' });
        ws.close(1008, 'no start');
      }
    }, START_TIMEOUT_MS);
    ws.on('pong', () => {
      connection.missedPings = 0;
    });
    ws.on('message', (data: RawData, isBinary: boolean) => {
      connection.missedPings = 0;
      if (call.over) return;
      if (!rate.take(scheduler.nowMs())) {
        metrics.badFrame('DUN_ERR_MEDIA_FLOOD');
        logger.warn('media flood: closing stream', { code: 'DUN_ERR_MEDIA_FLOOD' });
        call.endByRuntime('DUN_NOTE_FLOOD', 'the media stream sent more messages than any provider does and was closed', 1008, 'flood');
        return;
      }
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      try {
        // Text frames stay bytes too: serializers decode them as strict UTF-8, or read them in place.
        capture?.inbound(bytes, isBinary);
        channel.receive(bytes, isBinary);
      } catch (error) {
        // A bug in one call must not take the process (and every other call) down: that call ends, recorded.
        logger.error('media frame handling failed', { error: error instanceof Error ? error.message : String(error) });
        call.endByRuntime('DUN_NOTE_INTERNAL_ERROR', 'an unexpected error ended the call', 1011, 'internal error');
      }
    });
    ws.on('close', () => {
      scheduler.clearTimeout(startTimer);
      this.connections.delete(ws);
      call.handleClose();
      if (call.waitingOnHandoff) {
        this.streamless.add(call);
        void call.done.then(() => this.streamless.delete(call));
      }
      logger.summarize();
    });
    ws.on('error', (error) => {
      metrics.badFrame('DUN_ERR_MEDIA_SOCKET');
      logger.warn('media socket error', { error: error.message });
    });
  }

  /** Pings every stream at a fixed interval: a peer that has stopped answering ends its call instead of holding it open. */
  private schedulePing(): void {
    this.pingTimer = this.deps.scheduler.setTimeout(() => {
      this.pingAll();
      this.schedulePing();
    }, this.deps.config.pingIntervalMs);
  }

  private pingAll(): void {
    for (const [ws, connection] of this.connections) {
      if (connection.missedPings >= MAX_MISSED_PINGS) {
        this.deps.metrics.closedConnections.inc({ reason: 'unresponsive' });
        connection.call.endByRuntime('DUN_NOTE_PEER_UNRESPONSIVE', 'the media stream stopped answering pings; the call was ended', 1001, 'peer unresponsive');
        // A peer that answers nothing will not complete a close handshake either.
        ws.terminate();
        continue;
      }
      connection.missedPings += 1;
      try {
        ws.ping();
      } catch {
        // a socket already closing: its close event ends the call
      }
    }
  }

  /**
   * Ends every live call (recorded, with a note that the server shut down), closes the sockets —
   * cutting those whose peer ignores the close handshake — and resolves once every call's record
   * is complete, so the store can be closed after the last write.
   */
  async closeAll(reason: string): Promise<void> {
    if (this.pingTimer !== undefined) this.deps.scheduler.clearTimeout(this.pingTimer);
    this.pingTimer = undefined;
    const entries = [...this.connections];
    const streamless = [...this.streamless];
    for (const call of [...entries.map(([, connection]) => connection.call), ...streamless]) call.endByRuntime('DUN_NOTE_SHUTDOWN', 'the server shut down while the call was live', 1001, reason);
    const socketsClosed = Promise.all(entries.map(([ws]) => (ws.readyState === ws.CLOSED ? undefined : new Promise((resolve) => ws.once('close', resolve)))));
    // Shutdown is about real sockets: it runs on real time whatever clock the calls keep.
    let handshakeTimer: TimerHandle | undefined;
    const handshakeOver = new Promise((resolve) => {
      handshakeTimer = systemScheduler.setTimeout(() => resolve(undefined), CLOSE_HANDSHAKE_MS);
    });
    // Peers get their close handshake (up to CLOSE_HANDSHAKE_MS); every call's record is complete either way.
    await Promise.all([Promise.all([...entries.map(([, connection]) => connection.call.done), ...streamless.map((call) => call.done)]), Promise.race([socketsClosed, handshakeOver])]);
    if (handshakeTimer !== undefined) systemScheduler.clearTimeout(handshakeTimer);
    for (const [ws] of entries) if (ws.readyState !== ws.CLOSED) ws.terminate();
  }
}
