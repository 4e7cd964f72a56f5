import express, { type Express } from 'express';
import type { Clock } from '../call/clock.js';
import type { DebtorRepository } from '../domain/debtor-repository.js';
import { mintStreamToken } from '../telephony/stream-token.js';
import type { PrometheusMetrics } from './prometheus-metrics.js';
import type { ServerConfig } from './server-config.js';

/** What the HTTP side needs. */
export interface HttpAppDeps {
  readonly config: ServerConfig;
  readonly metrics: PrometheusMetrics;
  readonly debtors: DebtorRepository;
  readonly clock: Clock;
  readonly activeCalls: () => number;
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[char] ?? char);
}

/**
 * The HTTP routes: health, Prometheus metrics, and the TwiML that connects a Twilio call to
 * the media stream with a signed, expiring token in its `<Parameter>`s.
 */
export function createHttpApp(deps: HttpAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(express.urlencoded({ extended: false, limit: '16kb' }));
  app.use(express.json({ limit: '16kb' }));

  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok', activeCalls: deps.activeCalls() });
  });

  app.get('/metrics', async (_request, response) => {
    response.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });

  /** Twilio asks this URL what to do with a call; `debtor` (and optionally `flow`, `locale`) pick the account. */
  app.post('/twiml/stream', async (request, response) => {
    const body: unknown = request.body;
    const query = request.query;
    const field = (name: string): string | undefined => {
      const fromBody = typeof body === 'object' && body !== null && name in body ? (body as Record<string, unknown>)[name] : undefined;
      const value = typeof fromBody === 'string' ? fromBody : typeof query[name] === 'string' ? query[name] : undefined;
      return value === undefined || value === '' ? undefined : value;
    };
    const debtorId = field('debtor');
    if (debtorId === undefined || debtorId.length > 200) {
      response.status(400).json({ error: 'DUN_ERR_CONFIG_INVALID', message: 'a "debtor" field is required' });
      return;
    }
    if ((await deps.debtors.get(debtorId)) === undefined) {
      response.status(404).json({ error: 'DUN_ERR_DEBTOR_NOT_FOUND', message: 'unknown debtor' });
      return;
    }
    const flow = field('flow');
    const locale = field('locale');
    const token = mintStreamToken(
      { debtorId, ...(flow !== undefined ? { flow } : {}), ...(locale !== undefined ? { locale } : {}), expiresAtMs: deps.clock.nowMs() + deps.config.tokenTtlS * 1000 },
      deps.config.tokenSecret,
    );
    const base = deps.config.publicUrl ?? `${request.protocol}://${request.get('host') ?? `${deps.config.host}:${deps.config.port}`}`;
    const streamUrl = `${base.replace(/^http/, 'ws')}/media/twilio`;
    const parameters = { debtor: debtorId, ...(flow !== undefined ? { flow } : {}), ...(locale !== undefined ? { locale } : {}), token };
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<Response><Connect>',
      `<Stream url="${escapeXml(streamUrl)}">`,
      ...Object.entries(parameters).map(([name, value]) => `<Parameter name="${escapeXml(name)}" value="${escapeXml(value)}"/>`),
      '</Stream></Connect></Response>',
    ].join('');
    response.type('text/xml').send(xml);
  });

  return app;
}
