import { warmUpRulesNlu } from '../nlu/rules-nlu.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { voiceCallParts, type DunbotRuntime } from '../app/compose-runtime.js';
import type { Logger } from '../log/logger.js';
import { LiveInspection } from '../qa/live-inspection.js';
import { loadQaRules } from '../qa/rules.js';
import type { TokenNonceStore } from '../telephony/token-nonce-store.js';
import { systemScheduler } from '../time/scheduler.js';
import { createHttpApp } from './http-app.js';
import { MediaServer } from './media-server.js';
import { PrometheusMetrics } from './prometheus-metrics.js';

/** Server parts beyond the runtime's. */
export interface DunbotServerOptions {
  /** Used stream-token nonces; one process's memory by default (see TokenNonceStore for several processes). */
  readonly nonces?: TokenNonceStore;
}

/** How long shutdown waits for live calls' records to be written after they were ended. */
const FINAL_WRITES_TIMEOUT_MS = 10_000;

/** A running dunbot server. */
export interface DunbotServer {
  readonly port: number;
  readonly metrics: PrometheusMetrics;
  /**
   * Stops taking calls, lets live calls run up to the grace period, then ends them (recorded), and
   * resolves once every call's record is written. The runtime (its store) is closed by whoever composed it.
   */
  close(): Promise<void>;
}

/**
 * Starts the HTTP + WebSocket server on a composed runtime: health, metrics, TwiML and
 * `/media/<provider>` streams, each call recorded in the runtime's store.
 */
export async function startDunbotServer(runtime: DunbotRuntime, logger: Logger, options: DunbotServerOptions = {}): Promise<DunbotServer> {
  const { config, scheduler } = runtime;
  const metrics = new PrometheusMetrics();
  const callParts = voiceCallParts(runtime);
  const { debtors, store } = callParts;
  // Read before anything else is done: a bad rules file stops the server at start (DUN_ERR_QA_RULES_INVALID), with nothing changed.
  const qaRules = config.qa === 'on' ? loadQaRules(config.qaRules) : undefined;
  // Calls a killed process left open get their ending (SYSTEM_FAILURE) before this one takes calls.
  const abandoned = await store.closeAbandonedCalls(scheduler.nowMs());
  logger.info('abandoned calls closed', { closedCalls: abandoned.closedCallIds.length, liveCalls: abandoned.liveCallCount, otherHostCalls: abandoned.otherHostCallCount });
  if (abandoned.otherHostCallCount > 0) logger.warn('open calls of other hosts left open: one store file shared by several hosts is not supported', { otherHostCalls: abandoned.otherHostCallCount });
  // The first debtor turn must not pay for compiling the rules while every other call waits.
  warmUpRulesNlu();
  const inspection = qaRules !== undefined
    ? new LiveInspection({ inspector: { rules: qaRules, scripts: callParts.scripts, debtors }, store, metrics, logger: logger.child({ component: 'qa' }) })
    : undefined;
  const media = new MediaServer({
    config,
    metrics,
    logger,
    scheduler,
    ...(options.nonces !== undefined ? { nonces: options.nonces } : {}),
    ...(inspection !== undefined ? { onCallEnded: (callId: string) => inspection.callEnded(callId) } : {}),
    parts: callParts,
  });
  const app = createHttpApp({ config, metrics, debtors, clock: scheduler, logger, activeCalls: () => media.liveCalls });
  const server: Server = createServer(app);
  // Requests that never finish arriving must not hold a connection: headers and whole requests are timed.
  server.headersTimeout = config.idleConnectionMs;
  server.requestTimeout = config.idleConnectionMs * 3;
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    // Every connection counts toward the limit, upgraded or not, so idle or half-open ones cannot exhaust the server.
    if (sockets.size >= config.maxConnections) {
      metrics.closedConnections.inc({ reason: 'capacity' });
      socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      socket.setTimeout(1000, () => socket.destroy());
      return;
    }
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // Until it is upgraded (ws turns this timer off then), a connection that sends nothing is closed.
    socket.setTimeout(config.idleConnectionMs, () => {
      metrics.closedConnections.inc({ reason: 'idle' });
      socket.destroy();
    });
  });
  server.on('upgrade', (request, socket, head: Buffer) => media.handleUpgrade(request, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  if (config.tokenSecretGenerated) logger.warn('no DUNBOT_TOKEN_SECRET set: stream tokens are signed with a random per-process secret');
  if (config.allowUnsignedTwiml && config.twilioAuthToken === undefined) {
    logger.error('DEVELOPMENT SETTING ON: POST /twiml/stream mints stream tokens for unsigned requests; anyone who can reach this server can start a call to any debtor. Set TWILIO_AUTH_TOKEN and unset DUNBOT_ALLOW_UNSIGNED_TWIML in production.', {
      code: 'DUN_ERR_AUTH_REFUSED',
    });
  } else if (config.twilioAuthToken === undefined) {
    logger.warn('no TWILIO_AUTH_TOKEN set: POST /twiml/stream refuses every request (set it to take Twilio calls)');
  }
  logger.info('server listening', { host: config.host, port });

  return {
    port,
    metrics,
    close: async () => {
      server.close();
      // Shutdown runs on real time whatever clock the calls use: it is about real sockets.
      const real = systemScheduler;
      const deadline = real.nowMs() + config.shutdownGraceMs;
      while (media.liveCalls > 0 && real.nowMs() < deadline) {
        await new Promise((resolve) => real.setTimeout(() => resolve(undefined), 100));
      }
      // Inspections of the last calls read the store, which closes after this: they finish first, within the same bound.
      const finalWrites = media.closeAll('server shutting down').then(() => inspection?.idle());
      let writesTimer: ReturnType<typeof real.setTimeout> | undefined;
      const timedOut = await Promise.race([finalWrites.then(() => false), new Promise<boolean>((resolve) => (writesTimer = real.setTimeout(() => resolve(true), FINAL_WRITES_TIMEOUT_MS)))]);
      if (writesTimer !== undefined) real.clearTimeout(writesTimer);
      if (timedOut) logger.error('shutdown: some call records were still being written when the server stopped');
      for (const socket of sockets) socket.destroy();
      logger.info('server stopped');
    },
  };
}
