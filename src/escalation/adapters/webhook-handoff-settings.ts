import { DunbotError } from '../../errors.js';
import type { Logger } from '../../log/logger.js';
import type { Scheduler } from '../../time/scheduler.js';
import type { CallTransfer } from '../call-transfer.js';
import type { HandoffAdapter } from '../handoff.js';
import { configuredCallTransfers, type ProviderTransfersConfig } from './provider-handoff-settings.js';
import { createTwilioCallTransfer } from './twilio-call-transfer.js';
import { createWebhookHandoff } from './webhook-handoff.js';

/** The server settings the webhook hand-off reads (ServerConfig has them). */
export interface WebhookHandoffConfig extends ProviderTransfersConfig {
  /** DUNBOT_HANDOFF_WEBHOOK_URL. Required. */
  readonly handoffWebhookUrl?: string | undefined;
  /** DUNBOT_HANDOFF_SECRET. Required. */
  readonly handoffSecret?: string | undefined;
  /** TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN: with both, Twilio calls can be transferred. */
  readonly twilioAccountSid?: string | undefined;
  readonly twilioAuthToken?: string | undefined;
  /** DUNBOT_TWILIO_API_URL. */
  readonly twilioApiUrl?: string | undefined;
}

/** What the webhook hand-off runs on besides its settings. */
export interface WebhookHandoffDeps {
  readonly scheduler: Scheduler;
  readonly logger: Logger;
  /** Transfers of the application's own; the configured providers' are made here from their settings. */
  readonly transfers?: readonly CallTransfer[];
}

/**
 * The `webhook` hand-off from the server settings: the URL and secret are required (missing, the
 * server stops at start with DUN_ERR_CONFIG_INVALID naming them). Twilio calls get a transfer when
 * the account SID and auth token are set, and Telnyx, Plivo, Vonage and jambonz calls when their
 * credentials are (see configuredCallTransfers). Without any transfer only text calls can be put
 * through, which is logged at start so it is not first discovered by a caller.
 *
 * @example
 * webhook: (settings, deps) => webhookHandoffFromConfig(settings, deps),
 */
export function webhookHandoffFromConfig(config: WebhookHandoffConfig, deps: WebhookHandoffDeps): HandoffAdapter {
  const problems: string[] = [];
  if (config.handoffWebhookUrl === undefined) problems.push('DUNBOT_HANDOFF_WEBHOOK_URL is required: the hand-off packet is posted there');
  if (config.handoffSecret === undefined) problems.push('DUNBOT_HANDOFF_SECRET is required: the hand-off requests are signed with it');
  if (problems.length > 0 || config.handoffWebhookUrl === undefined || config.handoffSecret === undefined) {
    throw new DunbotError('DUN_ERR_CONFIG_INVALID', `the webhook hand-off is not configured: ${problems.join('; ')}`, { details: { problems } });
  }
  const transfers = [...(deps.transfers ?? [])];
  for (const transfer of configuredCallTransfers(config, deps)) {
    if (!transfers.some((given) => given.provider === transfer.provider)) transfers.push(transfer);
  }
  if (config.twilioAccountSid !== undefined && config.twilioAuthToken !== undefined && !transfers.some((transfer) => transfer.provider === 'twilio')) {
    transfers.push(createTwilioCallTransfer({ accountSid: config.twilioAccountSid, authToken: config.twilioAuthToken, ...(config.twilioApiUrl !== undefined ? { apiUrl: config.twilioApiUrl } : {}), logger: deps.logger }));
  }
  if (transfers.length === 0) deps.logger.warn('the webhook hand-off has no call transfer: only text calls can be put through (set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN for Twilio calls)');
  return createWebhookHandoff({ url: config.handoffWebhookUrl, secret: config.handoffSecret, scheduler: deps.scheduler, logger: deps.logger, transfer: transfers });
}
