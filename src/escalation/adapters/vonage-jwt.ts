import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import { DunbotError } from '../../errors.js';

/** How long a Voice API token is valid, in s: minted per request, so a few minutes is plenty. */
export const VONAGE_JWT_TTL_S = 300;

/** The application's private key (PEM, as Vonage's dashboard downloads it), checked to be RSA. */
export function parseVonagePrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey(pem);
  } catch {
    throw new DunbotError('DUN_ERR_CONFIG_INVALID', 'Vonage private key (VONAGE_PRIVATE_KEY_PATH) is not a PEM private key');
  }
  if (key.asymmetricKeyType !== 'rsa') throw new DunbotError('DUN_ERR_CONFIG_INVALID', 'Vonage private key (VONAGE_PRIVATE_KEY_PATH) must be the RSA key of the Vonage application');
  return key;
}

function base64url(value: string | Buffer): string {
  return Buffer.from(value).toString('base64url');
}

/**
 * A Voice API bearer token: a JWT signed RS256 with the application's private key, with the
 * claims Vonage reads (`application_id`, `iat`, `exp`, and a unique `jti` so no two tokens are
 * alike). Built with node:crypto, so no JWT library is needed.
 */
export function createVonageJwt(applicationId: string, privateKey: KeyObject, nowS: number, jti: string): string {
  const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const claims = base64url(JSON.stringify({ application_id: applicationId, iat: nowS, exp: nowS + VONAGE_JWT_TTL_S, jti }));
  const signature = sign('sha256', Buffer.from(`${header}.${claims}`, 'utf8'), privateKey);
  return `${header}.${claims}.${base64url(signature)}`;
}
