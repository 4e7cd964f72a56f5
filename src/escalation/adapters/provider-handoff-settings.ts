import type { HandoffAdapter } from '../handoff.js';
import { createJambonzCallTransfer, createJambonzHandoff, type JambonzHandoffSettings } from './jambonz-transfer.js';
import { createPlivoCallTransfer, createPlivoHandoff, type PlivoHandoffSettings } from './plivo-transfer.js';
import type { ProviderCallTransfer, ProviderHandoffDeps } from './provider-transfer.js';
import { requiredSettings } from './required-settings.js';
import { createTelnyxCallTransfer, createTelnyxHandoff, type TelnyxHandoffSettings } from './telnyx-transfer.js';
import { createVonageCallTransfer, createVonageHandoff, type VonageHandoffSettings } from './vonage-transfer.js';

/*
 * The provider transfers from the validated server settings: each maps the configuration to its
 * adapter's settings, and a credential it needs and does not have stops the server at start with
 * DUN_ERR_CONFIG_INVALID naming the environment variable (see requiredSettings). The same
 * settings give the `webhook` adapter its transfers (configuredCallTransfers).
 */

/** The server settings every provider transfer reads (ServerConfig has them). */
interface CommonConfig {
  /** DUNBOT_PUBLIC_URL. */
  readonly publicUrl?: string | undefined;
  /** DUNBOT_HANDOFF_CALLER_ID. */
  readonly handoffCallerId?: string | undefined;
  /** DUNBOT_HANDOFF_RING_TIMEOUT_S: the ring time when a transfer is asked without one. */
  readonly handoffRingTimeoutS?: number | undefined;
}

/** The settings every transfer shares, as its adapter takes them. */
function commonSettings(config: CommonConfig): { callerId?: string; ringTimeoutS?: number } {
  return { ...(config.handoffCallerId !== undefined ? { callerId: config.handoffCallerId } : {}), ...(config.handoffRingTimeoutS !== undefined ? { ringTimeoutS: config.handoffRingTimeoutS } : {}) };
}

/** The server settings the Telnyx transfer reads. */
export interface TelnyxHandoffConfig extends CommonConfig {
  readonly telnyxApiKey?: string | undefined;
  readonly telnyxPublicKey?: string | undefined;
  readonly telnyxApiUrl?: string | undefined;
}

/** The Telnyx transfer's settings: TELNYX_API_KEY required; with TELNYX_PUBLIC_KEY and DUNBOT_PUBLIC_URL the outcome is reported. */
function telnyxSettingsFrom(config: TelnyxHandoffConfig): TelnyxHandoffSettings {
  const { TELNYX_API_KEY: apiKey } = requiredSettings('telnyx', { TELNYX_API_KEY: config.telnyxApiKey });
  return {
    apiKey,
    ...commonSettings(config),
    ...(config.telnyxApiUrl !== undefined ? { apiUrl: config.telnyxApiUrl } : {}),
    ...(config.telnyxPublicKey !== undefined ? { publicKey: config.telnyxPublicKey } : {}),
    ...(config.publicUrl !== undefined ? { publicUrl: config.publicUrl } : {}),
  };
}

/** The `telnyx` hand-off (see telnyxSettingsFrom). */
export function telnyxHandoffFromConfig(config: TelnyxHandoffConfig, deps: ProviderHandoffDeps): HandoffAdapter {
  return createTelnyxHandoff(telnyxSettingsFrom(config), deps);
}

/** The server settings the Plivo transfer reads. */
export interface PlivoHandoffConfig extends CommonConfig {
  readonly plivoAuthId?: string | undefined;
  readonly plivoAuthToken?: string | undefined;
  readonly plivoApiUrl?: string | undefined;
}

/** The Plivo transfer's settings: PLIVO_AUTH_ID, PLIVO_AUTH_TOKEN and DUNBOT_PUBLIC_URL (where Plivo fetches the dial) required. */
function plivoSettingsFrom(config: PlivoHandoffConfig): PlivoHandoffSettings {
  const settings = requiredSettings('plivo', { PLIVO_AUTH_ID: config.plivoAuthId, PLIVO_AUTH_TOKEN: config.plivoAuthToken, DUNBOT_PUBLIC_URL: config.publicUrl });
  return {
    authId: settings.PLIVO_AUTH_ID,
    authToken: settings.PLIVO_AUTH_TOKEN,
    publicUrl: settings.DUNBOT_PUBLIC_URL,
    ...commonSettings(config),
    ...(config.plivoApiUrl !== undefined ? { apiUrl: config.plivoApiUrl } : {}),
  };
}

/** The `plivo` hand-off (see plivoSettingsFrom). */
export function plivoHandoffFromConfig(config: PlivoHandoffConfig, deps: ProviderHandoffDeps): HandoffAdapter {
  return createPlivoHandoff(plivoSettingsFrom(config), deps);
}

/** The server settings the Vonage transfer reads. */
export interface VonageHandoffConfig extends CommonConfig {
  readonly vonageApplicationId?: string | undefined;
  readonly vonagePrivateKeyPath?: string | undefined;
  readonly vonageApiUrl?: string | undefined;
}

/** The Vonage transfer's settings: VONAGE_APPLICATION_ID and VONAGE_PRIVATE_KEY_PATH required (the key is read and checked when the transfer is made). */
function vonageSettingsFrom(config: VonageHandoffConfig): VonageHandoffSettings {
  const settings = requiredSettings('vonage', { VONAGE_APPLICATION_ID: config.vonageApplicationId, VONAGE_PRIVATE_KEY_PATH: config.vonagePrivateKeyPath });
  return {
    applicationId: settings.VONAGE_APPLICATION_ID,
    privateKeyPath: settings.VONAGE_PRIVATE_KEY_PATH,
    ...commonSettings(config),
    ...(config.vonageApiUrl !== undefined ? { apiUrl: config.vonageApiUrl } : {}),
  };
}

/** The `vonage` hand-off (see vonageSettingsFrom). */
export function vonageHandoffFromConfig(config: VonageHandoffConfig, deps: ProviderHandoffDeps): HandoffAdapter {
  return createVonageHandoff(vonageSettingsFrom(config), deps);
}

/** The server settings the jambonz transfer reads. */
export interface JambonzHandoffConfig extends CommonConfig {
  readonly jambonzAccountSid?: string | undefined;
  readonly jambonzApiKey?: string | undefined;
  readonly jambonzWebhookSecret?: string | undefined;
  readonly jambonzApiUrl?: string | undefined;
}

/** The jambonz transfer's settings: JAMBONZ_ACCOUNT_SID, JAMBONZ_API_KEY, JAMBONZ_WEBHOOK_SECRET and DUNBOT_PUBLIC_URL required. */
function jambonzSettingsFrom(config: JambonzHandoffConfig): JambonzHandoffSettings {
  const settings = requiredSettings('jambonz', {
    JAMBONZ_ACCOUNT_SID: config.jambonzAccountSid,
    JAMBONZ_API_KEY: config.jambonzApiKey,
    JAMBONZ_WEBHOOK_SECRET: config.jambonzWebhookSecret,
    DUNBOT_PUBLIC_URL: config.publicUrl,
  });
  return {
    accountSid: settings.JAMBONZ_ACCOUNT_SID,
    apiKey: settings.JAMBONZ_API_KEY,
    webhookSecret: settings.JAMBONZ_WEBHOOK_SECRET,
    publicUrl: settings.DUNBOT_PUBLIC_URL,
    ...commonSettings(config),
    ...(config.jambonzApiUrl !== undefined ? { apiUrl: config.jambonzApiUrl } : {}),
  };
}

/** The `jambonz` hand-off (see jambonzSettingsFrom). */
export function jambonzHandoffFromConfig(config: JambonzHandoffConfig, deps: ProviderHandoffDeps): HandoffAdapter {
  return createJambonzHandoff(jambonzSettingsFrom(config), deps);
}

/** The server settings of every provider transfer. */
export type ProviderTransfersConfig = TelnyxHandoffConfig & PlivoHandoffConfig & VonageHandoffConfig & JambonzHandoffConfig;

/**
 * The call transfers of the providers whose credentials are configured, for the `webhook` adapter
 * to move the calls of those providers to the target its service names. A provider is configured
 * once any of its credentials is set; one set only in part stops the start, naming what is missing.
 */
export function configuredCallTransfers(config: ProviderTransfersConfig, deps: ProviderHandoffDeps): ProviderCallTransfer[] {
  const transfers: ProviderCallTransfer[] = [];
  const anySet = (...values: readonly (string | undefined)[]): boolean => values.some((value) => value !== undefined);
  if (anySet(config.telnyxApiKey)) transfers.push(createTelnyxCallTransfer(telnyxSettingsFrom(config), deps));
  if (anySet(config.plivoAuthId, config.plivoAuthToken)) transfers.push(createPlivoCallTransfer(plivoSettingsFrom(config), deps));
  if (anySet(config.vonageApplicationId, config.vonagePrivateKeyPath)) transfers.push(createVonageCallTransfer(vonageSettingsFrom(config), deps));
  if (anySet(config.jambonzAccountSid, config.jambonzApiKey, config.jambonzWebhookSecret)) transfers.push(createJambonzCallTransfer(jambonzSettingsFrom(config), deps));
  return transfers;
}
