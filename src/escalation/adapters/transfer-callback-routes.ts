import express, { type Request, type Response, type Router } from 'express';
import { silentLogger, type Logger } from '../../log/logger.js';
import { sharedTransferCallbacks, type TransferCallbacks } from './transfer-callbacks.js';

/** The largest callback body read: provider callbacks are a few kilobytes of form fields or JSON. */
export const MAX_CALLBACK_BODY_BYTES = 64 * 1024;

/** The path of every provider callback: `/handoff/<provider>/<handoffId>/<hook>`. */
export const TRANSFER_CALLBACK_PATH = '/handoff/:provider/:handoffId/:hook';

/** What the callback routes need; all optional. */
export interface TransferCallbackRouteDeps {
  readonly logger?: Logger;
  /** Counts refused requests, as the server's other routes do. */
  readonly metrics?: { refusedRequest(route: string, reason: string): void };
  /** Where the transfers wait; the process's shared registry by default, as the adapters use. */
  readonly callbacks?: TransferCallbacks;
}

/** The one answer to every unauthenticated request, so none learns whether a hand-off exists. */
function refuse(response: Response): void {
  response.status(403).json({ error: 'DUN_ERR_AUTH_REFUSED', message: 'request not authenticated' });
}

/**
 * Mounts `POST /handoff/<provider>/<handoffId>/<hook>`: the URLs dunbot gives Telnyx, Plivo and
 * jambonz for a transfer's instructions and outcome. Each callback is authenticated by the
 * transfer it names, with that provider's signature (Telnyx Ed25519, X-Plivo-Signature-V3,
 * Jambonz-Signature); a callback for no waiting or recent transfer, or with a bad signature, is
 * answered 403. The signatures cover the exact body bytes, so the body is read raw here: mount
 * this before any app-wide body parser.
 *
 * @example
 * const app = express();
 * mountTransferCallbackRoutes(app, { logger, metrics });
 * app.use(express.json());
 */
export function mountTransferCallbackRoutes(app: Router, deps: TransferCallbackRouteDeps = {}): void {
  const logger = deps.logger ?? silentLogger;
  const callbacks = deps.callbacks ?? sharedTransferCallbacks;
  const readRaw = express.raw({ type: () => true, limit: MAX_CALLBACK_BODY_BYTES });

  app.post(TRANSFER_CALLBACK_PATH, readRaw, (request: Request, response: Response) => {
    const { provider, handoffId, hook } = request.params;
    const body: unknown = request.body;
    if (body !== undefined && !Buffer.isBuffer(body)) {
      // Another parser read the body first, so the bytes the signature covers are gone.
      logger.error('hand-off callback body was parsed before its route: mount the callback routes before the body parsers', { provider });
      response.status(500).json({ error: 'DUN_ERR_HTTP_INTERNAL' });
      return;
    }
    if (typeof provider !== 'string' || typeof handoffId !== 'string' || typeof hook !== 'string') {
      refuse(response);
      return;
    }
    const queryAt = request.originalUrl.indexOf('?');
    const outcome = callbacks.dispatch(provider, handoffId, {
      hook,
      method: request.method,
      search: queryAt < 0 ? '' : request.originalUrl.slice(queryAt),
      headers: request.headers,
      body: body ?? Buffer.alloc(0),
    });
    if (outcome.kind !== 'answered') {
      // One count for both: /metrics is public, and a separate count for unknown ids would tell a
      // prober which hand-off ids exist. The log, which only operators read, says which it was.
      deps.metrics?.refusedRequest('handoff', 'bad_signature');
      logger.warn('hand-off callback refused', { provider, handoffId, hook, reason: outcome.kind === 'unknown' ? 'no_such_transfer' : 'bad_signature', code: 'DUN_ERR_AUTH_REFUSED' });
      refuse(response);
      return;
    }
    const { reply } = outcome;
    response.status(reply.status);
    if (reply.contentType !== undefined) response.type(reply.contentType);
    response.send(reply.body ?? '');
  });
}
