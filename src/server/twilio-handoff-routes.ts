import express, { Router, type Request, type Response } from 'express';
import { MAX_HANDOFF_ID_CHARS, sharedTwilioHandoffs, TWILIO_HANDOFF_PATH, type PendingTwilioHandoff, type TwilioHandoffRegistry, type TwilioHandoffStep } from '../escalation/adapters/twilio-handoff-registry.js';
import type { Logger } from '../log/logger.js';
import { HANGUP_TWIML, TWIML_DECLARATION } from '../telephony/twiml.js';
import { isValidTwilioSignature } from '../telephony/twilio-signature.js';
import type { PrometheusMetrics } from './prometheus-metrics.js';
import type { ServerConfig } from './server-config.js';
import { REFUSED_WEBHOOK_BODY, twilioPostParameters, twilioSignedUrl } from './twilio-webhook.js';

/** What the hand-off callbacks need. */
export interface TwilioHandoffRoutesDeps {
  readonly config: Pick<ServerConfig, 'publicUrl' | 'twilioAuthToken'>;
  readonly metrics: Pick<PrometheusMetrics, 'refusedRequest'>;
  readonly logger: Logger;
  /** The transfers in progress; the process's shared registry (the adapter's default) unless given. */
  readonly handoffs?: TwilioHandoffRegistry;
}

/** The largest callback body read, as for every other route: Twilio's callbacks are a few hundred bytes. */
const MAX_BODY = '16kb';

/** The metrics label of these routes' refused requests. */
const ROUTE = 'twilio_handoff';

/** The longest CallSid, key string or status read from a callback; Twilio's are far shorter. */
const MAX_FIELD_CHARS = 64;

/** What a status callback is answered with: Twilio reads nothing from it. */
const EMPTY_TWIML = `${TWIML_DECLARATION}<Response></Response>`;

/** A bounded text field of the callback, or undefined. */
function field(params: Readonly<Record<string, string>>, name: string): string | undefined {
  const value = params[name];
  return value === undefined || value.length > MAX_FIELD_CHARS ? undefined : value;
}

/**
 * `POST /handoff/twilio/:handoffId/{agent,accept,status}`: Twilio's callbacks for the agent leg of
 * a warm transfer (see src/escalation/adapters/twilio-warm-transfer.ts).
 *
 * Every request must carry X-Twilio-Signature over the public URL and the POST parameters, checked
 * with TWILIO_AUTH_TOKEN before anything is looked up; there is no unsigned mode, and a refusal is
 * the same 403 as `POST /twiml/stream`'s, counted the same way. After that, nothing is an error: a
 * hand-off that is unknown, finished or expired, or a callback naming another call than the agent
 * leg dunbot dialled, is answered with TwiML that hangs up and changes nothing.
 *
 * The routes read their own form bodies, so they work wherever they are mounted; mount them before
 * any route that would also match `/handoff/twilio/…` (a catch-all `/handoff/:provider/…`).
 */
export function createTwilioHandoffRoutes(deps: TwilioHandoffRoutesDeps): Router {
  const { config, metrics, logger } = deps;
  const handoffs = deps.handoffs ?? sharedTwilioHandoffs;
  const router = Router();

  const refuse = (response: Response, reason: string): void => {
    metrics.refusedRequest(ROUTE, reason);
    response.status(403).json(REFUSED_WEBHOOK_BODY);
  };

  /** The transfer a callback is for, if it is for the agent leg of one in progress. */
  const transferFor = (handoffId: string, params: Readonly<Record<string, string>>): PendingTwilioHandoff | undefined => {
    if (handoffId.length > MAX_HANDOFF_ID_CHARS) return undefined;
    const transfer = handoffs.get(handoffId);
    if (transfer === undefined) {
      logger.debug('handoff callback for no transfer in progress: hanging up', { handoffId });
      return undefined;
    }
    const callSid = field(params, 'CallSid');
    if (transfer.agentCallSid === undefined || callSid !== transfer.agentCallSid) {
      // Signed by Twilio but for another call: a replay from another hand-off, or a callback that beat the dial reply.
      if (transfer.agentCallSid !== undefined) metrics.refusedRequest(ROUTE, 'wrong_call');
      logger.warn('handoff callback for another call than the agent leg: ignored', { handoffId });
      return undefined;
    }
    return transfer;
  };

  const handle = (step: TwilioHandoffStep) => async (request: Request<{ handoffId: string }>, response: Response): Promise<void> => {
    const params = twilioPostParameters(request.body);
    if (params === undefined) {
      refuse(response, 'bad_body');
      return;
    }
    if (config.twilioAuthToken === undefined) {
      logger.warn('handoff callback refused: no TWILIO_AUTH_TOKEN to check it with', { code: 'DUN_ERR_AUTH_REFUSED' });
      refuse(response, 'unsigned');
      return;
    }
    const signature = request.get('x-twilio-signature');
    if (signature === undefined || !isValidTwilioSignature(signature, twilioSignedUrl(request, config.publicUrl), params, config.twilioAuthToken)) {
      logger.warn('handoff callback refused: bad signature', { code: 'DUN_ERR_AUTH_REFUSED' });
      refuse(response, 'bad_signature');
      return;
    }
    response.type('text/xml');
    const transfer = transferFor(request.params.handoffId, params);
    if (transfer === undefined) {
      response.send(HANGUP_TWIML);
      return;
    }
    switch (step) {
      case 'agent':
        response.send(transfer.agentAnswered());
        return;
      case 'accept':
        response.send(await transfer.agentChose(field(params, 'Digits')));
        return;
      case 'status':
        transfer.agentStatus(field(params, 'CallStatus') ?? '', field(params, 'ErrorCode'));
        response.send(EMPTY_TWIML);
        return;
    }
  };

  // A body the app's parser already read is left as it is.
  const form = express.urlencoded({ extended: false, limit: MAX_BODY });
  router.post(`${TWILIO_HANDOFF_PATH}/:handoffId/agent`, form, handle('agent'));
  router.post(`${TWILIO_HANDOFF_PATH}/:handoffId/accept`, form, handle('accept'));
  router.post(`${TWILIO_HANDOFF_PATH}/:handoffId/status`, form, handle('status'));
  return router;
}
