import type { Request } from 'express';

/**
 * What every refused Twilio webhook request gets, whatever the reason, so a refusal tells an
 * unauthenticated caller nothing about what exists.
 */
export const REFUSED_WEBHOOK_BODY = { error: 'DUN_ERR_AUTH_REFUSED', message: 'request not authenticated' } as const;

/** The POST parameters as Twilio signed them: every field of the form body, as text. */
export function twilioPostParameters(body: unknown): Record<string, string> | undefined {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) return undefined;
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    // A repeated field arrives as an array; Twilio never sends one, so the request is not Twilio's.
    if (typeof value !== 'string') return undefined;
    params[name] = value;
  }
  return params;
}

/**
 * The URL Twilio signed for this request. Twilio signs the URL it was given — the public one, not
 * the address behind a proxy — so it is DUNBOT_PUBLIC_URL's origin (else the request's own host)
 * followed by the path and query string as received.
 */
export function twilioSignedUrl(request: Request, publicUrl: string | undefined): string {
  const base = publicUrl !== undefined ? new URL(publicUrl).origin : `${request.protocol}://${request.get('host') ?? ''}`;
  return `${base}${request.originalUrl}`;
}
