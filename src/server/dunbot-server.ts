import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemScheduler, type Scheduler } from '../call/scheduler.js';
import { DirectoryDebtorRepository } from '../domain/debtor-repository.js';
import type { Locale } from '../domain/locale.js';
import type { Logger } from '../log/logger.js';
import { RulesNlu } from '../nlu/rules-nlu.js';
import type { AsrProvider } from '../providers/asr/asr.js';
import type { TtsProvider } from '../providers/tts/tts.js';
import { defaultScriptsLibrary } from '../scripts/load-scripts-library.js';
import { SqliteCallStore } from '../store/sqlite-call-store.js';
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
export async function startDunbotServer(config: ServerConfig, providers: SpeechProviders, logger: Logger, scheduler: Scheduler = systemScheduler): Promise<DunbotServer> {
  const metrics = new PrometheusMetrics();
  const debtors = new DirectoryDebtorRepository(config.debtorsDir);
  const store = SqliteCallStore.open(config.dbPath);
  const media = new MediaServer({
    config,
    metrics,
    logger,
    scheduler,
    call: { debtors, asr: providers.asr, tts: providers.tts, nlu: new RulesNlu(), scripts: defaultScriptsLibrary(), store },
  });
  const app = createHttpApp({ config, metrics, debtors, clock: scheduler, activeCalls: () => media.activeConnections });
  const server: Server = createServer(app);
  server.on('upgrade', (request, socket, head: Buffer) => media.handleUpgrade(request, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  if (config.tokenSecretGenerated) logger.warn('no DUNBOT_TOKEN_SECRET set: stream tokens are signed with a random per-process secret');
  logger.info('server listening', { host: config.host, port });

  return {
    port,
    metrics,
    close: async () => {
      server.close();
      const deadline = scheduler.nowMs() + config.shutdownGraceMs;
      while (media.activeConnections > 0 && scheduler.nowMs() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      media.closeAll(1001, 'server shutting down');
      await new Promise((resolve) => setTimeout(resolve, 50));
      await store.close();
      logger.info('server stopped');
    },
  };
}
