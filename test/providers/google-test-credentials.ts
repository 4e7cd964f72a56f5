import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import * as grpc from '@grpc/grpc-js';

/**
 * The grpc module with `createSsl()` trusting `cert`: passed as the Google clients' `grpc` option, their
 * own TLS channel (with the credentials' call credentials on it) reaches a local server, so the real
 * token path runs offline.
 */
export function grpcTrusting(cert: string): typeof grpc {
  const credentials: typeof grpc.credentials = {
    ...grpc.credentials,
    createSsl: (_rootCerts, privateKey, certChain, verifyOptions) => grpc.credentials.createSsl(Buffer.from(cert), privateKey, certChain, verifyOptions),
  };
  return { ...grpc, credentials };
}

/** A local OAuth token endpoint that refuses every request with 401 invalid_client. */
export interface RefusingTokenServer {
  readonly url: string;
  readonly requests: () => number;
  stop(): Promise<void>;
}

/** Starts {@link RefusingTokenServer} on 127.0.0.1 and a free port. */
export async function startRefusingTokenServer(): Promise<RefusingTokenServer> {
  let requests = 0;
  const server = createServer((request, response) => {
    requests += 1;
    request.resume();
    response.writeHead(401, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: 'invalid_client', error_description: 'The OAuth client was not found.' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('token server has no TCP address');
  return {
    url: `http://127.0.0.1:${address.port}/token`,
    requests: () => requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A service-account key file's content, with a freshly generated RSA key. */
export function serviceAccountCredentials(): Record<string, string> {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    type: 'service_account',
    project_id: 'dunbot-test',
    private_key_id: '0123456789abcdef',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    client_email: 'dunbot-test@dunbot-test.iam.gserviceaccount.com',
    client_id: '123456789',
    token_uri: 'https://oauth2.googleapis.com/token',
  };
}

/** A workload-identity (external_account) file whose token exchange goes to `tokenUrl`. */
export function externalAccountCredentials(tokenUrl: string, subjectTokenFile: string): Record<string, unknown> {
  return {
    type: 'external_account',
    audience: '//iam.googleapis.com/projects/123/locations/global/workloadIdentityPools/pool/providers/provider',
    subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
    token_url: tokenUrl,
    credential_source: { file: subjectTokenFile },
  };
}
