import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { systemClock } from '../time/clock.js';
import { systemScheduler, type Scheduler } from '../time/scheduler.js';
import { DirectoryDebtorRepository } from '../domain/debtor-repository.js';
import type { Locale } from '../domain/locale.js';
import type { Logger } from '../log/logger.js';
import type { Nlu } from '../nlu/nlu.js';
import { RulesNlu } from '../nlu/rules-nlu.js';
import type { AsrProvider } from '../providers/asr/asr.js';
import type { TtsProvider } from '../providers/tts/tts.js';
import { defaultScriptsLibrary } from '../scripts/load-scripts-library.js';
import type { CallStore } from '../store/call-store.js';
import { SqliteCallStore } from '../store/sqlite-call-store.js';
import type { TokenNonceStore } from '../telephony/token-nonce-store.js';
import { createHttpApp } from './http-app.js';
import { MediaServer } from './media-server.js';
import { PrometheusMetrics } from './prometheus-metrics.js';
import type { ServerConfig } from './server-config.js';

/** The speech providers a server uses, chosen by configuration (see default-providers.ts). */
export interface SpeechProviders {
  /** The recognizer for a locale, or undefined when there is none (the call then runs on keys). */
  readonly asr: (locale: Locale) => AsrProvider | undefined;
  readonly tts: TtsProvider;
}

/** Parts a caller may supply instead of the ones the configuration names (tests inject faults through these). */
export interface DunbotServerParts {
  /** The call store; by default the SQLite file `config.dbPath`, closed with the server. */
  readonly store?: CallStore;
  /** Used stream-token nonces; one process's memory by default. */
  readonly nonces?: TokenNonceStore;
  /** The understanding of debtors' words; the rule-based NLU by default. */
  readonly nlu?: Nlu;
}

/** How long shutdown waits for live calls' records to be written after they were ended. */
const FINAL_WRITES_TIMEOUT_MS = 10_000;

/** A running dunbot server. */
export interface DunbotServer {
  readonly port: number;
  readonly metrics: PrometheusMetrics;
  /** Stops taking calls, lets live calls run up to the grace period, then ends them (recorded as hang-ups). */
  close(): Promise<void>;
}

/**
 * Starts the HTTP + WebSocket server: health, metrics, TwiML and `/media/<provider>` streams,
 * each call recorded in the SQLite store.
 */
export async function startDunbotServer(config: ServerConfig, providers: SpeechProviders, logger: Logger, scheduler: Scheduler = systemScheduler, parts: DunbotServerParts = {}): Promise<DunbotServer> {
  const metrics = new PrometheusMetrics();
  const debtors = new DirectoryDebtorRepository(config.debtorsDir);
  const store = parts.store ?? SqliteCallStore.open(config.dbPath);
  // Calls a killed process left open get their ending (SYSTEM_FAILURE) before this one takes calls.
  const abandoned = await store.closeAbandonedCalls(scheduler.nowMs());
  logger.info('abandoned calls closed', { closedCalls: abandoned.closedCallIds.length, liveCalls: abandoned.liveCallCount, otherHostCalls: abandoned.otherHostCallCount });
  if (abandoned.otherHostCallCount > 0) logger.warn('open calls of other hosts left open: one store file shared by several hosts is not supported', { otherHostCalls: abandoned.otherHostCallCount });
  const media = new MediaServer({
    config,
    metrics,
    logger,
    scheduler,
    ...(parts.nonces !== undefined ? { nonces: parts.nonces } : {}),
    call: { debtors, asr: providers.asr, tts: providers.tts, nlu: parts.nlu ?? new RulesNlu(), scripts: defaultScriptsLibrary(), store },
  });
  const app = createHttpApp({ config, metrics, debtors, clock: scheduler, logger, activeCalls: () => media.activeConnections });
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
      const deadline = systemClock.nowMs() + config.shutdownGraceMs;
      while (media.activeConnections > 0 && systemClock.nowMs() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const finalWrites = media.closeAll('server shutting down');
      const timedOut = await Promise.race([finalWrites.then(() => false), new Promise<boolean>((resolve) => setTimeout(() => resolve(true), FINAL_WRITES_TIMEOUT_MS).unref())]);
      if (timedOut) logger.error('shutdown: some call records were still being written when the store closed');
      for (const socket of sockets) socket.destroy();
      // The store closes only after every call's last entry has been written.
      if (parts.store === undefined) await store.close();
      logger.info('server stopped');
    },
  };
}
