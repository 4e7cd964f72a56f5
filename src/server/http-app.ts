import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Clock } from '../time/clock.js';
import type { ErrorCode } from '../errors.js';
import type { DebtorRepository } from '../domain/debtor-repository.js';
import type { Logger } from '../log/logger.js';
import type { PrometheusMetrics } from './prometheus-metrics.js';
import type { ServerConfig } from './server-config.js';
import { mountTransferCallbackRoutes } from '../escalation/adapters/transfer-callback-routes.js';
import type { TransferCallbacks } from '../escalation/adapters/transfer-callbacks.js';
import { createTwimlStreamRoute } from './twiml-stream-route.js';
import { createTwilioHandoffRoutes } from './twilio-handoff-routes.js';

/** What the HTTP side needs. */
export interface HttpAppDeps {
  readonly config: ServerConfig;
  readonly metrics: PrometheusMetrics;
  readonly debtors: DebtorRepository;
  readonly clock: Clock;
  readonly activeCalls: () => number;
  readonly logger: Logger;
  /** Where provider transfers wait for their callbacks; the process's shared registry (the adapters' default) unless given. */
  readonly transferCallbacks?: TransferCallbacks;
}

/** The HTTP status an error carries (body-parser sets `status`), 500 otherwise. */
function httpStatusOf(error: unknown): number {
  if (typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' && error.status >= 400 && error.status < 600) return error.status;
  return 500;
}

/**
 * The HTTP routes: health, Prometheus metrics, the TwiML that connects a Twilio call to the
 * media stream (see twiml-stream-route.ts), Twilio's warm-transfer callbacks, and the Telnyx,
 * Plivo and jambonz transfer callbacks (see transfer-callback-routes.ts).
 */
export function createHttpApp(deps: HttpAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // Twilio's callbacks for a warm transfer's agent leg; first, so no broader /handoff route takes them.
  app.use(createTwilioHandoffRoutes(deps));
  // The other providers' transfer callbacks: before the body parsers, because their signatures
  // cover the exact bytes of the body (Telnyx, jambonz) or its form fields as sent (Plivo).
  mountTransferCallbackRoutes(app, { logger: deps.logger, metrics: deps.metrics, ...(deps.transferCallbacks !== undefined ? { callbacks: deps.transferCallbacks } : {}) });
  app.use(express.urlencoded({ extended: false, limit: '16kb' }));
  app.use(express.json({ limit: '16kb' }));

  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok', activeCalls: deps.activeCalls() });
  });

  app.get('/metrics', async (_request, response) => {
    response.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  app.post('/twiml/stream', createTwimlStreamRoute(deps));

  // Body-parser and route errors: a status and a code, never express's page with a stack trace.
  app.use((error: unknown, _request: Request, response: Response, next: NextFunction) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const status = httpStatusOf(error);
    deps.metrics.refusedRequest('http', status === 413 ? 'too_large' : status < 500 ? 'bad_request' : 'error');
    if (status >= 500) deps.logger.error('http request failed', { error: error instanceof Error ? error.message : String(error) });
    const code: ErrorCode = status < 500 ? 'DUN_ERR_HTTP_BAD_REQUEST' : 'DUN_ERR_HTTP_INTERNAL';
    response.status(status).json({ error: code });
  });

  return app;
}
