import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { GoogleTts } from '../../../src/providers/tts/google-tts.js';
import { externalAccountCredentials, grpcTrusting, serviceAccountCredentials, startRefusingTokenServer, type RefusingTokenServer } from '../google-test-credentials.js';
import { watchProcessErrors, type ProcessErrorWatch } from '../process-errors.js';
import { generateSelfSignedCertificate, type SelfSignedCertificate } from '../self-signed-certificate.js';
import { type FakeGoogleTts, startFakeGoogleTts } from './fake-google-tts.js';

const HELLO = { text: 'Hello, this is Dunbank.', locale: 'en-US' } as const;

let tls: SelfSignedCertificate;
let directory: string;
let fake: FakeGoogleTts | undefined;
let tokenServer: RefusingTokenServer | undefined;
let tts: GoogleTts | undefined;
let watch: ProcessErrorWatch | undefined;

beforeAll(() => {
  // Keep google-auth-library from probing the GCE metadata server.
  process.env.METADATA_SERVER_DETECTION = 'none';
  tls = generateSelfSignedCertificate();
  directory = mkdtempSync(join(tmpdir(), 'dunbot-tts-failures-'));
});

afterEach(async () => {
  await tts?.close();
  await fake?.stop();
  await tokenServer?.stop();
  const escaped = (await watch?.stop()) ?? [];
  tts = undefined;
  fake = undefined;
  tokenServer = undefined;
  watch = undefined;
  // Vitest also fails the run on these; asserting here names the test that let one escape.
  expect(escaped).toEqual([]);
});

function writeCredentials(name: string, content: unknown): string {
  const path = join(directory, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** A GoogleTts against a fake that speaks TLS, so the client attaches the credentials' call credentials. */
async function setUpWithCredentials(keyFilename: string): Promise<{ fake: FakeGoogleTts; tts: GoogleTts }> {
  watch = watchProcessErrors();
  fake = await startFakeGoogleTts({ tls });
  tts = new GoogleTts({ clientOptions: { apiEndpoint: '127.0.0.1', port: fake.port, grpc: grpcTrusting(tls.cert), keyFilename } });
  return { fake, tts };
}

describe('GoogleTts when the client cannot start', () => {
  it('rejects every request with DUN_ERR_TTS_FAILED when the credentials file does not exist', async () => {
    watch = watchProcessErrors();
    tts = new GoogleTts({ clientOptions: { keyFilename: join(directory, 'missing.json') } });

    await expect(tts.synthesize(HELLO)).rejects.toMatchObject({ code: 'DUN_ERR_TTS_FAILED', retryable: false, details: { reason: 'client_start' } });
    await expect(tts.synthesize(HELLO)).rejects.toMatchObject({ code: 'DUN_ERR_TTS_FAILED' });
  });

  it('closes without error a client that never started', async () => {
    watch = watchProcessErrors();
    tts = new GoogleTts({ clientOptions: { keyFilename: join(directory, 'missing.json') } });
    await expect(tts.synthesize(HELLO)).rejects.toMatchObject({ code: 'DUN_ERR_TTS_FAILED' });

    await expect(tts.close()).resolves.toBeUndefined();
  });
});

describe('GoogleTts when the credentials give no token', () => {
  it('rejects with a credentials failure that is not retryable when the private key cannot sign', async () => {
    const { fake, tts } = await setUpWithCredentials(writeCredentials('unsigned.json', { type: 'service_account', client_email: 'dunbot-test@example.iam.gserviceaccount.com', private_key: 'not-a-key' }));

    await expect(tts.synthesize(HELLO)).rejects.toMatchObject({ code: 'DUN_ERR_TTS_FAILED', retryable: false, details: { provider: 'google', reason: 'credentials' } });
    expect(fake.requests()).toBe(0);
  });

  it('rejects with the HTTP status when the token endpoint answers 401', async () => {
    tokenServer = await startRefusingTokenServer();
    const subjectToken = writeCredentials('subject-token.txt', 'a-subject-token');
    const { tts } = await setUpWithCredentials(writeCredentials('external.json', externalAccountCredentials(tokenServer.url, subjectToken)));

    await expect(tts.synthesize(HELLO)).rejects.toMatchObject({ code: 'DUN_ERR_TTS_FAILED', retryable: false, details: { reason: 'credentials', httpStatus: 401 } });
    expect(tokenServer.requests()).toBeGreaterThan(0);
  });

  it('sends a token signed with a service-account key, and maps UNAUTHENTICATED to a credentials failure', async () => {
    const { fake, tts } = await setUpWithCredentials(writeCredentials('service-account.json', serviceAccountCredentials()));
    await expect(tts.synthesize(HELLO)).resolves.toMatchObject({ sampleRateHz: 8000 });

    fake.answerWith({ error: grpc.status.UNAUTHENTICATED, details: 'Request had invalid authentication credentials.' });
    await expect(tts.synthesize(HELLO)).rejects.toMatchObject({ code: 'DUN_ERR_TTS_FAILED', retryable: false, details: { reason: 'credentials', grpcStatus: 'UNAUTHENTICATED' } });
    expect(fake.authorizations.every((authorization) => authorization?.startsWith('Bearer ey') === true)).toBe(true);
  });
});

describe('GoogleTts when the service is unreachable', () => {
  it('rejects with a retryable DUN_ERR_TTS_FAILED when nothing listens at the endpoint', async () => {
    watch = watchProcessErrors();
    fake = await startFakeGoogleTts();
    const port = fake.port;
    await fake.stop();
    fake = undefined;
    tts = new GoogleTts({ clientOptions: { apiEndpoint: '127.0.0.1', port, sslCreds: grpc.credentials.createInsecure(), credentials: { client_email: 'dunbot-test@example.com', private_key: 'not-a-real-key' } } });

    await expect(tts.synthesize(HELLO)).rejects.toMatchObject({ code: 'DUN_ERR_TTS_FAILED', retryable: true, details: { grpcStatus: 'UNAVAILABLE' } });
  });
});
