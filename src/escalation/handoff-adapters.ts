import { DunbotError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import type { ServerConfig } from '../server/server-config.js';
import type { Scheduler } from '../time/scheduler.js';
import { jambonzHandoffFromConfig, plivoHandoffFromConfig, telnyxHandoffFromConfig, vonageHandoffFromConfig } from './adapters/provider-handoff-settings.js';
import { createTwilioWarmTransfer, twilioWarmTransferSettingsFrom } from './adapters/twilio-warm-transfer.js';
import { webhookHandoffFromConfig } from './adapters/webhook-handoff-settings.js';
import type { HandoffAdapter } from './handoff.js';

/** The name of the default adapter: no live hand-off, the request is only recorded. */
export const NO_HANDOFF = 'none';

/**
 * The default: nobody is put through during the call. The flow's escalation ends the call
 * ESCALATED at once, with `escalation.requested` in the record for a person to call back with the
 * record in hand. The runtime never calls it; asked all the same, it answers `failed`.
 */
export function recordOnlyHandoff(): HandoffAdapter {
  return {
    name: NO_HANDOFF,
    onEscalate: async () => ({ state: 'failed', reason: 'no live hand-off is configured (DUNBOT_HANDOFF=none); the request is in the record for a person to follow up' }),
  };
}

/** True when `adapter` can put a caller through during the call: any adapter but `none`. */
export function isLiveHandoff(adapter: HandoffAdapter): boolean {
  return adapter.name !== NO_HANDOFF;
}

/** What an adapter may be built with besides the configuration: the runtime's time and log. */
export interface HandoffAdapterDeps {
  readonly scheduler: Scheduler;
  readonly logger: Logger;
}

/**
 * Makes the adapter a DUNBOT_HANDOFF name stands for, from the validated server configuration
 * (its DUNBOT_HANDOFF_* settings, the provider credentials); called once per runtime. A setting the
 * adapter needs and does not have is DUN_ERR_CONFIG_INVALID, thrown here, so the server stops at start.
 */
export type HandoffAdapterFactory = (settings: ServerConfig, deps: HandoffAdapterDeps) => HandoffAdapter;

/**
 * The hand-off adapters by their DUNBOT_HANDOFF name, each made from the server settings by its
 * own `…FromConfig` (which names any missing environment variable). Adding one is one line here.
 */
export const HANDOFF_ADAPTERS: Readonly<Record<string, HandoffAdapterFactory>> = {
  [NO_HANDOFF]: () => recordOnlyHandoff(),
  webhook: (settings, deps) => webhookHandoffFromConfig(settings, deps),
  twilio: (settings, deps) => createTwilioWarmTransfer(twilioWarmTransferSettingsFrom(settings), deps),
  telnyx: (settings, deps) => telnyxHandoffFromConfig(settings, deps),
  plivo: (settings, deps) => plivoHandoffFromConfig(settings, deps),
  vonage: (settings, deps) => vonageHandoffFromConfig(settings, deps),
  jambonz: (settings, deps) => jambonzHandoffFromConfig(settings, deps),
};

/**
 * The adapter configured by `settings.handoff` (DUNBOT_HANDOFF), from HANDOFF_ADAPTERS and
 * `extra` (an application's own, by name). A name nobody provides is DUN_ERR_CONFIG_INVALID naming
 * the known ones, so the server stops at start rather than failing the first caller who asks for a person.
 *
 * @example
 * const adapter = createHandoffAdapter(config, { scheduler, logger }); // DUNBOT_HANDOFF=none → recordOnlyHandoff()
 */
export function createHandoffAdapter(settings: ServerConfig, deps: HandoffAdapterDeps, extra: Partial<Record<string, HandoffAdapterFactory>> = {}): HandoffAdapter {
  const factories: Partial<Record<string, HandoffAdapterFactory>> = { ...HANDOFF_ADAPTERS, ...extra };
  const name = settings.handoff;
  const factory = Object.hasOwn(factories, name) ? factories[name] : undefined;
  if (factory === undefined) {
    const known = Object.keys(factories).filter((key) => factories[key] !== undefined);
    throw new DunbotError('DUN_ERR_CONFIG_INVALID', `unknown hand-off adapter "${name}" in handoff (DUNBOT_HANDOFF); known adapters: ${known.join(', ')}`, { details: { handoff: name, known } });
  }
  return factory(settings, deps);
}
