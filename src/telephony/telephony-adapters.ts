import type { IncomingHttpHeaders } from 'node:http';
import { createJambonzSerializer } from './jambonz-serializer.js';
import type { MediaEvent } from './media-event.js';
import { createPlivoSerializer } from './plivo-serializer.js';
import type { MediaSerializer } from './serializer.js';
import { TELEPHONY_PROVIDERS, type TelephonyProvider } from './stream-token.js';
import { createTelnyxSerializer } from './telnyx-serializer.js';
import { createTwilioSerializer } from './twilio-serializer.js';
import { isValidTwilioSignature } from './twilio-signature.js';
import { createVonageSerializer } from './vonage-serializer.js';

/** The WebSocket upgrade request, as a stream's credentials are read from it. */
export interface UpgradeRequest {
  /** The request URL (path and query). */
  readonly url: URL;
  readonly headers: IncomingHttpHeaders;
}

/** What the server knows that a provider's stream authentication may need. */
export interface StreamAuthSettings {
  /** Twilio's auth token: with it, the upgrade must carry a valid X-Twilio-Signature. */
  readonly twilioAuthToken?: string;
  /** The public base URL the provider was given (what it signs behind a proxy). */
  readonly publicUrl?: string;
}

/** What an upgrade request shows of a stream's credentials. */
export type UpgradeCredentials =
  /** A stream token (or none) to check before the upgrade is accepted. */
  | { readonly kind: 'token'; readonly token: string | undefined }
  /** The provider cannot put a token on the upgrade: it comes in `start`, checked there. */
  | { readonly kind: 'at-start' }
  /** Refused before the upgrade, for `reason` (counted under that name). */
  | { readonly kind: 'refused'; readonly reason: string };

/**
 * One telephony provider as the server meets it: how its stream proves it may start a call, and
 * the serializer that speaks its wire protocol on each connection.
 */
export interface TelephonyAdapter {
  readonly provider: TelephonyProvider;
  createSerializer(): MediaSerializer;
  credentialsOnUpgrade(request: UpgradeRequest, settings: StreamAuthSettings): UpgradeCredentials;
  /** The stream token carried by `start`, for providers whose credentials come at start. */
  tokenAtStart(start: Extract<MediaEvent, { type: 'media.start' }>): string | undefined;
}

/** The token on an upgrade: `?token=` in the URL, or the `x-dunbot-token` header. */
function tokenOnUpgrade(request: UpgradeRequest): UpgradeCredentials {
  const header = request.headers['x-dunbot-token'];
  return { kind: 'token', token: request.url.searchParams.get('token') ?? (typeof header === 'string' ? header : undefined) };
}

/** Providers that connect to a URL dunbot gave them, token included. */
function tokenInUrl(provider: TelephonyProvider, createSerializer: () => MediaSerializer): TelephonyAdapter {
  return { provider, createSerializer, credentialsOnUpgrade: tokenOnUpgrade, tokenAtStart: () => undefined };
}

/**
 * Twilio signs the upgrade (X-Twilio-Signature over the wss:// URL as configured) but cannot add a
 * token to it: the token minted by `POST /twiml/stream` arrives in `start.customParameters`.
 */
const twilio: TelephonyAdapter = {
  provider: 'twilio',
  createSerializer: () => createTwilioSerializer(),
  credentialsOnUpgrade: (request, settings) => {
    const authToken = settings.twilioAuthToken;
    if (authToken === undefined) return { kind: 'at-start' };
    const signature = request.headers['x-twilio-signature'];
    if (typeof signature !== 'string') return { kind: 'refused', reason: 'bad_signature' };
    // Behind a proxy the public host is the one Twilio used.
    const forwarded = request.headers['x-forwarded-host'];
    const host = settings.publicUrl !== undefined ? new URL(settings.publicUrl).host : typeof forwarded === 'string' ? forwarded : request.headers.host;
    const signedUrl = `wss://${host ?? ''}${request.url.pathname}${request.url.search}`;
    return isValidTwilioSignature(signature, signedUrl, {}, authToken) ? { kind: 'at-start' } : { kind: 'refused', reason: 'bad_signature' };
  },
  tokenAtStart: (start) => start.customParameters['token'],
};

/** Every provider dunbot takes streams from, keyed as in the `/media/<provider>` path. */
export const TELEPHONY_ADAPTERS: Readonly<Record<TelephonyProvider, TelephonyAdapter>> = Object.freeze({
  twilio,
  telnyx: tokenInUrl('telnyx', () => createTelnyxSerializer()),
  plivo: tokenInUrl('plivo', () => createPlivoSerializer()),
  vonage: tokenInUrl('vonage', () => createVonageSerializer()),
  jambonz: tokenInUrl('jambonz', () => createJambonzSerializer()),
});

/** The adapter for a `/media/<provider>` path segment, or undefined for a provider dunbot does not take. */
export function telephonyAdapterFor(name: string): TelephonyAdapter | undefined {
  return (TELEPHONY_PROVIDERS as readonly string[]).includes(name) ? TELEPHONY_ADAPTERS[name as TelephonyProvider] : undefined;
}
