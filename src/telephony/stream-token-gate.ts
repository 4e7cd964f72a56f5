import type { Clock } from '../time/clock.js';
import { verifyStreamToken, type StreamClaims, type TelephonyProvider, type TokenRejection } from './stream-token.js';
import type { TokenNonceStore } from './token-nonce-store.js';

/** Why a stream was refused its credentials. */
export type StreamRefusal = TokenRejection | 'missing_token' | 'reused' | 'wrong_call';

/** The verdict on a stream's credentials. */
export type StreamAdmission = { readonly ok: true; readonly claims: StreamClaims } | { readonly ok: false; readonly reason: StreamRefusal };

/** What the gate needs. */
export interface StreamTokenGateDeps {
  readonly secret: string;
  readonly nonces: TokenNonceStore;
  readonly clock: Clock;
}

/**
 * Admits a media stream on the strength of its token: signed with the server's secret, not
 * expired, minted for this provider's endpoint (and for this call, when it names one), and never
 * used before. The nonce is spent only when everything else holds, so a refused attempt does not
 * burn a good token; a token presented twice is refused as `reused`.
 */
export class StreamTokenGate {
  private readonly deps: StreamTokenGateDeps;

  constructor(deps: StreamTokenGateDeps) {
    this.deps = deps;
  }

  /**
   * @param token The token as the stream carried it, or undefined when it carried none.
   * @param provider The endpoint the stream arrived on.
   * @param callId The provider's call id from `start`, when the token is checked there.
   */
  async admit(token: string | undefined, provider: TelephonyProvider, callId?: string): Promise<StreamAdmission> {
    if (token === undefined || token === '') return { ok: false, reason: 'missing_token' };
    const nowMs = this.deps.clock.nowMs();
    const verdict = verifyStreamToken(token, this.deps.secret, nowMs, provider);
    if (!verdict.ok) return verdict;
    const { claims } = verdict;
    if (claims.callId !== undefined && claims.callId !== callId) return { ok: false, reason: 'wrong_call' };
    if (!(await this.deps.nonces.claim(claims.nonce, claims.expiresAtMs, nowMs))) return { ok: false, reason: 'reused' };
    return { ok: true, claims };
  }
}
