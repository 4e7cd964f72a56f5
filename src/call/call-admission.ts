import type { Debtor } from '../domain/debtor.js';
import type { DebtorRepository } from '../domain/debtor-repository.js';
import { isLocale, type Locale } from '../domain/locale.js';
import type { Logger } from '../log/logger.js';
import type { MediaEvent } from '../telephony/media-event.js';
import type { StreamClaims } from '../telephony/stream-token.js';

type StartEvent = Extract<MediaEvent, { type: 'media.start' }>;

/** Who a stream may become a call with, or why it may not. */
export type Admission =
  | { readonly admitted: true; readonly claims: StreamClaims; readonly debtor: Debtor; readonly locale: Locale }
  /** `refusal` is counted by the server when the credentials were good but the call still cannot be placed. */
  | { readonly admitted: false; readonly closeCode: number; readonly reason: string; readonly refusal?: string }
  /** The stream ended while it was being checked: there is nothing left to admit or refuse. */
  | { readonly admitted: 'abandoned' };

export interface AdmissionChecks {
  /** Checks the stream's credentials at `start`; undefined means refused. */
  readonly authorize: (start: StartEvent) => Promise<StreamClaims | undefined>;
  readonly debtors: DebtorRepository;
  /** True once the stream has ended (the caller hung up while a check was running). */
  readonly isOver: () => boolean;
  readonly logger: Logger;
}

/**
 * The gate between a stream and a call: valid credentials for this provider, a debtor the
 * deployment knows, and the locale the call is held in (the token's, when it names a known one,
 * else the debtor's). Nothing about the debtor is said to a stream that does not pass.
 */
export async function admitCall(start: StartEvent, checks: AdmissionChecks): Promise<Admission> {
  const claims = await checks.authorize(start);
  if (checks.isOver()) return { admitted: 'abandoned' };
  if (claims === undefined) {
    checks.logger.warn('stream refused: missing or invalid token', { code: 'DUN_ERR_AUTH_REFUSED' });
    return { admitted: false, closeCode: 1008, reason: 'invalid stream token' };
  }
  const debtor = await checks.debtors.get(claims.debtorId);
  if (checks.isOver()) return { admitted: 'abandoned' };
  if (debtor === undefined) {
    checks.logger.warn('stream refused: unknown debtor', { pii: { debtorId: claims.debtorId } });
    return { admitted: false, closeCode: 1008, reason: 'unknown debtor', refusal: 'unknown_debtor' };
  }
  const locale = claims.locale !== undefined && isLocale(claims.locale) ? claims.locale : debtor.locale;
  return { admitted: true, claims, debtor, locale };
}
