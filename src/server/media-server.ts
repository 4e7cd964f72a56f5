import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { Scheduler } from '../call/scheduler.js';
import { VoiceCall, type VoiceCallDeps } from '../call/voice-call.js';
import type { Logger } from '../log/logger.js';
import { SERIALIZERS, type MediaSerializerFactory } from '../telephony/index.js';
import { verifyStreamToken, type StreamClaims } from '../telephony/stream-token.js';
import { isValidTwilioSignature } from '../telephony/twilio-signature.js';
import type { PrometheusMetrics } from './prometheus-metrics.js';
import type { ServerConfig } from './server-config.js';

/** The largest WebSocket message accepted; larger ones close the connection with 1009. */
export const MAX_WS_MESSAGE_BYTES = 256 * 1024;
/** Messages per second one connection may send before it is closed as a flood (real streams send 50). */
export const MAX_MESSAGES_PER_SECOND = 400;
/** A stream that has not sent `start` by then is closed with 1008. */
export const START_TIMEOUT_MS = 5000;

/** The parts of a voice call every connection shares. */
export type SharedCallDeps = Omit<VoiceCallDeps, 'serializer' | 'send' | 'close' | 'authorize' | 'logger' | 'metrics' | 'scheduler' | 'onEnded'>;

/** What the media server needs. */
export interface MediaServerDeps {
  readonly config: ServerConfig;
  readonly metrics: PrometheusMetrics;
  readonly logger: Logger;
  readonly scheduler: Scheduler;
  readonly call: SharedCallDeps;
}

/** ws send options, one object per kind rather than one per frame sent. */
const TEXT_FRAME = { binary: false } as const;
const BINARY_FRAME = { binary: true } as const;

function reject(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The WebSocket endpoints `/media/<provider>`. A stream without valid credentials never reaches a
 * flow: Twilio streams carry a signed token in `start.customParameters` (and X-Twilio-Signature on
 * the upgrade when an auth token is configured); other providers carry it in the URL (`?token=`)
 * or the `x-dunbot-token` header and are refused with 401 before the upgrade.
 */
export class MediaServer {
  private readonly deps: MediaServerDeps;
  private readonly wss: WebSocketServer;
  private readonly calls = new Map<WebSocket, VoiceCall>();

  constructor(deps: MediaServerDeps) {
    this.deps = deps;
    this.wss = new WebSocketServer({ noServer: true, maxPayload: MAX_WS_MESSAGE_BYTES });
  }

  /** Calls with a live connection. */
  get activeConnections(): number {
    return this.calls.size;
  }

  /** The live calls, for graceful shutdown. */
  liveCalls(): VoiceCall[] {
    return [...this.calls.values()];
  }

  /** Handles an HTTP upgrade request; anything not a valid media stream is answered with an HTTP error. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = /^\/media\/([a-z]+)$/.exec(url.pathname);
    const provider = match?.[1];
    const factory = provider !== undefined ? SERIALIZERS[provider] : undefined;
    if (provider === undefined || factory === undefined) {
      this.deps.metrics.refusedStreams.inc({ reason: 'unknown_path' });
      reject(socket, 404, 'Not Found');
      return;
    }
    if (this.calls.size >= this.deps.config.maxConnections) {
      this.deps.metrics.refusedStreams.inc({ reason: 'capacity' });
      reject(socket, 503, 'Service Unavailable');
      return;
    }
    let preAuthorized: StreamClaims | undefined;
    if (provider === 'twilio') {
      if (this.deps.config.twilioAuthToken !== undefined && !this.validTwilioUpgrade(request, url)) {
        this.deps.metrics.refusedStreams.inc({ reason: 'bad_signature' });
        reject(socket, 401, 'Unauthorized');
        return;
      }
    } else {
      const header = request.headers['x-dunbot-token'];
      const token = url.searchParams.get('token') ?? (typeof header === 'string' ? header : undefined);
      const verdict = token === undefined ? undefined : verifyStreamToken(token, this.deps.config.tokenSecret, this.deps.scheduler.nowMs());
      if (verdict === undefined || !verdict.ok) {
        this.deps.metrics.refusedStreams.inc({ reason: verdict === undefined ? 'missing_token' : verdict.reason });
        reject(socket, 401, 'Unauthorized');
        return;
      }
      preAuthorized = verdict.claims;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.accept(ws, socket, provider, factory, preAuthorized));
  }

  private validTwilioUpgrade(request: IncomingMessage, url: URL): boolean {
    const signature = request.headers['x-twilio-signature'];
    const authToken = this.deps.config.twilioAuthToken;
    if (typeof signature !== 'string' || authToken === undefined) return false;
    // Twilio signs the wss:// URL as configured; behind a proxy the public host is the one it used.
    const forwarded = request.headers['x-forwarded-host'];
    const host = this.deps.config.publicUrl !== undefined ? new URL(this.deps.config.publicUrl).host : typeof forwarded === 'string' ? forwarded : request.headers.host;
    return isValidTwilioSignature(signature, `wss://${host ?? ''}${url.pathname}${url.search}`, {}, authToken);
  }

  /**
   * @param socket The connection under `ws`: frames sent in one turn of the event loop (a burst of
   *   audio and its mark) are corked on it and leave in one write, Node's cork-then-uncork-on-next-tick pattern.
   */
  private accept(ws: WebSocket, socket: Duplex, provider: string, factory: MediaSerializerFactory, preAuthorized: StreamClaims | undefined): void {
    const logger = this.deps.logger.child({ provider });
    const { scheduler, config, metrics } = this.deps;
    let corked = false;
    const uncork = (): void => {
      corked = false;
      socket.uncork();
    };
    let windowStartMs = scheduler.nowMs();
    let messagesInWindow = 0;
    let startSeen = false;
    const call = new VoiceCall({
      ...this.deps.call,
      serializer: factory(),
      scheduler,
      logger,
      metrics,
      options: { noInputMs: config.noInputMs, maxCallMs: config.maxCallMs, inBandDtmf: config.inBandDtmf },
      send: (frames) => {
        if (ws.readyState !== ws.OPEN) return;
        if (!corked) {
          corked = true;
          socket.cork();
          process.nextTick(uncork);
        }
        for (const frame of frames) ws.send(frame.data, frame.binary ? BINARY_FRAME : TEXT_FRAME);
      },
      close: (code, reason) => {
        if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
      },
      authorize: (start) => {
        startSeen = true;
        if (preAuthorized !== undefined) return preAuthorized;
        const token = start.customParameters['token'];
        const verdict = token === undefined ? undefined : verifyStreamToken(token, config.tokenSecret, scheduler.nowMs());
        if (verdict?.ok === true) return verdict.claims;
        metrics.refusedStreams.inc({ reason: verdict === undefined ? 'missing_token' : verdict.reason });
        return undefined;
      },
      onEnded: () => undefined,
    });
    this.calls.set(ws, call);
    const startTimer = scheduler.setTimeout(() => {
      if (!startSeen) {
        metrics.refusedStreams.inc({ reason: 'no_start' });
        ws.close(1008, 'no start');
      }
    }, START_TIMEOUT_MS);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const nowMs = scheduler.nowMs();
      if (nowMs - windowStartMs >= 1000) {
        windowStartMs = nowMs;
        messagesInWindow = 0;
      }
      messagesInWindow += 1;
      if (messagesInWindow > MAX_MESSAGES_PER_SECOND) {
        metrics.badFrame('DUN_ERR_MEDIA_FLOOD');
        logger.warn('media flood: closing stream', { code: 'DUN_ERR_MEDIA_FLOOD' });
        ws.close(1008, 'flood');
        return;
      }
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      try {
        // Text frames stay bytes too: serializers decode them as strict UTF-8, or read them in place.
        call.handleFrame(bytes, isBinary);
      } catch (error) {
        // A bug in one call must not take the process (and every other call) down.
        logger.error('media frame handling failed', { error: error instanceof Error ? error.message : String(error) });
      }
    });
    ws.on('close', () => {
      scheduler.clearTimeout(startTimer);
      this.calls.delete(ws);
      call.handleClose();
    });
    ws.on('error', (error) => {
      metrics.badFrame('DUN_ERR_MEDIA_SOCKET');
      logger.warn('media socket error', { error: error.message });
    });
  }

  /** Closes every connection (their calls end as hang-ups and are recorded). */
  closeAll(code: number, reason: string): void {
    for (const ws of this.calls.keys()) ws.close(code, reason);
  }
}
