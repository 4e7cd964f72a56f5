import type { Request, Response } from 'express';
import type { Clock } from '../time/clock.js';
import type { DebtorRepository } from '../domain/debtor-repository.js';
import type { Logger } from '../log/logger.js';
import { mintStreamToken } from '../telephony/stream-token.js';
import { escapeXml, HANGUP_TWIML } from '../telephony/twiml.js';
import { isValidTwilioSignature } from '../telephony/twilio-signature.js';
import type { PrometheusMetrics } from './prometheus-metrics.js';
import type { ServerConfig } from './server-config.js';
import { REFUSED_WEBHOOK_BODY, twilioPostParameters, twilioSignedUrl } from './twilio-webhook.js';

/** What the TwiML bootstrap needs. */
export interface TwimlStreamRouteDeps {
  readonly config: ServerConfig;
  readonly metrics: PrometheusMetrics;
  readonly debtors: DebtorRepository;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** The longest debtor id read from a request. */
const MAX_DEBTOR_ID_CHARS = 200;

/**
 * `POST /twiml/stream`: Twilio asks what to do with a call; the answer connects it to
 * `/media/twilio` with a single-use token bound to the Twilio endpoint and the call's CallSid.
 *
 * Nothing is looked up before the request is authenticated, so an unauthenticated caller learns
 * nothing (every such request gets the same 403): with TWILIO_AUTH_TOKEN set, X-Twilio-Signature
 * must sign the public URL and the POST parameters; without it, the route refuses unless unsigned
 * requests are explicitly allowed for development (`allowUnsignedTwiml`). An authenticated request
 * for an unknown debtor is answered like a known one would be, with TwiML — a hang-up — and counted.
 */
export function createTwimlStreamRoute(deps: TwimlStreamRouteDeps): (request: Request, response: Response) => Promise<void> {
  const { config, metrics, debtors, clock, logger } = deps;
  const refuse = (response: Response, reason: string): void => {
    metrics.refusedRequest('twiml', reason);
    response.status(403).json(REFUSED_WEBHOOK_BODY);
  };

  return async (request, response) => {
    const params = twilioPostParameters(request.body);
    if (params === undefined) {
      refuse(response, 'bad_body');
      return;
    }
    if (config.twilioAuthToken !== undefined) {
      const signature = request.get('x-twilio-signature');
      if (signature === undefined || !isValidTwilioSignature(signature, twilioSignedUrl(request, config.publicUrl), params, config.twilioAuthToken)) {
        logger.warn('twiml request refused: bad signature', { code: 'DUN_ERR_AUTH_REFUSED' });
        refuse(response, 'bad_signature');
        return;
      }
    } else if (!config.allowUnsignedTwiml) {
      logger.warn('twiml request refused: no TWILIO_AUTH_TOKEN to check it with', { code: 'DUN_ERR_AUTH_REFUSED' });
      refuse(response, 'unsigned');
      return;
    }

    const query = request.query;
    const field = (name: string): string | undefined => {
      const fromQuery = query[name];
      const value = params[name] ?? (typeof fromQuery === 'string' ? fromQuery : undefined);
      return value === undefined || value === '' ? undefined : value;
    };
    const debtorId = field('debtor');
    if (debtorId === undefined || debtorId.length > MAX_DEBTOR_ID_CHARS) {
      metrics.refusedRequest('twiml', 'bad_request');
      response.status(400).json({ error: 'DUN_ERR_CONFIG_INVALID', message: 'a "debtor" field is required' });
      return;
    }
    response.type('text/xml');
    if ((await debtors.get(debtorId)) === undefined) {
      metrics.refusedRequest('twiml', 'unknown_debtor');
      logger.warn('twiml request for an unknown debtor: hanging up', { pii: { debtorId } });
      response.send(HANGUP_TWIML);
      return;
    }
    const flow = field('flow');
    const locale = field('locale');
    const callId = params['CallSid'];
    const token = mintStreamToken(
      {
        debtorId,
        provider: 'twilio',
        ...(callId !== undefined && callId !== '' ? { callId } : {}),
        ...(flow !== undefined ? { flow } : {}),
        ...(locale !== undefined ? { locale } : {}),
        expiresAtMs: clock.nowMs() + config.tokenTtlS * 1000,
      },
      config.tokenSecret,
    );
    const base = config.publicUrl ?? `${request.protocol}://${request.get('host') ?? `${config.host}:${config.port}`}`;
    const streamUrl = `${base.replace(/\/$/, '').replace(/^http/, 'ws')}/media/twilio`;
    const parameters = { debtor: debtorId, ...(flow !== undefined ? { flow } : {}), ...(locale !== undefined ? { locale } : {}), token };
    response.send(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<Response><Connect>',
        `<Stream url="${escapeXml(streamUrl)}">`,
        ...Object.entries(parameters).map(([name, value]) => `<Parameter name="${escapeXml(name)}" value="${escapeXml(value)}"/>`),
        '</Stream></Connect></Response>',
      ].join(''),
    );
  };
}
