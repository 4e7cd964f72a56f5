import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isDunbotError } from '../../../src/errors.js';
import { GoogleSpeechAsr, type AsrListener, type AsrResult, type AsrStream, type GoogleSpeechAsrOptions } from '../../../src/providers/asr/index.js';
import { ManualScheduler } from '../../../src/time/scheduler.js';
import { externalAccountCredentials, grpcTrusting, serviceAccountCredentials, startRefusingTokenServer, type RefusingTokenServer } from '../google-test-credentials.js';
import { watchProcessErrors, type ProcessErrorWatch } from '../process-errors.js';
import { generateSelfSignedCertificate, type SelfSignedCertificate } from '../self-signed-certificate.js';
import { type FakeBehaviour, type FakeGoogleSpeech, type ReceivedConfig, startFakeGoogleSpeech } from './fake-google-speech.js';

interface Recorder extends AsrListener {
  readonly results: AsrResult[];
  readonly errors: Error[];
  /** Resolves with the first error reported. */
  readonly failed: Promise<Error>;
}

function record(): Recorder {
  const results: AsrResult[] = [];
  const errors: Error[] = [];
  let reportFailure: (error: Error) => void = () => undefined;
  const failed = new Promise<Error>((resolve) => {
    reportFailure = resolve;
  });
  return {
    results,
    errors,
    failed,
    onResult: (result) => results.push(result),
    onError: (error) => {
      errors.push(error);
      reportFailure(error);
    },
  };
}

/** 20 ms of 8 kHz audio. */
function frame(): Int16Array {
  return Int16Array.from({ length: 160 }, (_, index) => (index % 40) * 50 - 1000);
}

const EN_US = { locale: 'en-US', hints: { expectedIntents: [] } } as const;

let tls: SelfSignedCertificate;
let directory: string;
let fake: FakeGoogleSpeech | undefined;
let tokenServer: RefusingTokenServer | undefined;
let asr: GoogleSpeechAsr | undefined;
let watch: ProcessErrorWatch | undefined;

beforeAll(() => {
  // The real client must not probe for a GCE metadata server.
  process.env.METADATA_SERVER_DETECTION = 'none';
  tls = generateSelfSignedCertificate();
  directory = mkdtempSync(join(tmpdir(), 'dunbot-asr-failures-'));
});

afterEach(async () => {
  await asr?.dispose();
  await fake?.stop();
  await tokenServer?.stop();
  const escaped = (await watch?.stop()) ?? [];
  asr = undefined;
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

/** A recognizer against a fake that speaks TLS, so the client attaches the credentials' call credentials. */
async function setUpWithCredentials(behave: (config: ReceivedConfig | undefined, index: number) => FakeBehaviour, keyFilename: string): Promise<{ fake: FakeGoogleSpeech; asr: GoogleSpeechAsr }> {
  watch = watchProcessErrors();
  fake = await startFakeGoogleSpeech(behave, { tls });
  asr = new GoogleSpeechAsr({ clientOptions: { apiEndpoint: '127.0.0.1', port: fake.port, grpc: grpcTrusting(tls.cert), keyFilename } });
  return { fake, asr };
}

async function setUpPlain(behave: (config: ReceivedConfig | undefined, index: number) => FakeBehaviour, options: Omit<GoogleSpeechAsrOptions, 'clientOptions'> = {}): Promise<{ fake: FakeGoogleSpeech; asr: GoogleSpeechAsr }> {
  watch = watchProcessErrors();
  fake = await startFakeGoogleSpeech(behave);
  asr = new GoogleSpeechAsr({
    ...options,
    clientOptions: { apiEndpoint: '127.0.0.1', port: fake.port, sslCreds: grpc.credentials.createInsecure(), credentials: { client_email: 'dunbot-test@example.iam.gserviceaccount.com', private_key: 'not-a-key' } },
  });
  return { fake, asr };
}

const transcribe = (): FakeBehaviour => ({ kind: 'transcribe', interim: 'i can', final: 'I can pay', confidence: 0.9 });

async function speak(stream: AsrStream, frames: number): Promise<void> {
  for (let i = 0; i < frames; i += 1) stream.write(frame());
  await stream.finish();
}

describe('GoogleSpeechAsr when the client cannot start', () => {
  it('rejects open() with DUN_ERR_ASR_FAILED for a credentials file that does not exist, and again on the next open', async () => {
    watch = watchProcessErrors();
    asr = new GoogleSpeechAsr({ clientOptions: { keyFilename: join(directory, 'missing.json') } });

    await expect(asr.open(EN_US, record())).rejects.toMatchObject({ code: 'DUN_ERR_ASR_FAILED', retryable: false, details: { reason: 'client_start' } });
    await expect(asr.open(EN_US, record())).rejects.toMatchObject({ code: 'DUN_ERR_ASR_FAILED' });
  });

});

describe('GoogleSpeechAsr when the credentials give no token', () => {
  it('reports a credentials file that is not JSON through onError (the client reads it as a key file and starts)', async () => {
    const { asr } = await setUpWithCredentials(transcribe, writeCredentials('garbage.json', 'not json at all'));
    const listener = record();
    const stream = await asr.open(EN_US, listener);

    await speak(stream, 2);

    expect(listener.errors).toHaveLength(1);
    expect(listener.errors[0]).toMatchObject({ code: 'DUN_ERR_ASR_FAILED', retryable: false, details: { reason: 'credentials' } });
  });

  it('reports a private key that cannot sign through onError, as a credentials failure that is not retryable', async () => {
    const keyFilename = writeCredentials('unsigned.json', { type: 'service_account', client_email: 'dunbot-test@example.iam.gserviceaccount.com', private_key: 'not-a-key' });
    const { fake, asr } = await setUpWithCredentials(transcribe, keyFilename);
    const listener = record();
    const stream = await asr.open(EN_US, listener);

    await speak(stream, 5);

    expect(listener.errors).toHaveLength(1);
    expect(listener.errors[0]).toMatchObject({ code: 'DUN_ERR_ASR_FAILED', retryable: false, details: { provider: 'google-speech', reason: 'credentials' } });
    expect(listener.results).toEqual([]);
    expect(fake.streams).toEqual([]); // no token, no call
  });

  it('reports a token endpoint answering 401 through onError with the HTTP status', async () => {
    tokenServer = await startRefusingTokenServer();
    const subjectToken = writeCredentials('subject-token.txt', 'a-subject-token');
    const keyFilename = writeCredentials('external.json', externalAccountCredentials(tokenServer.url, subjectToken));
    const { asr } = await setUpWithCredentials(transcribe, keyFilename);
    const listener = record();
    const stream = await asr.open(EN_US, listener);

    await speak(stream, 5);

    expect(tokenServer.requests()).toBeGreaterThan(0);
    expect(listener.errors).toHaveLength(1);
    expect(listener.errors[0]).toMatchObject({ code: 'DUN_ERR_ASR_FAILED', retryable: false, details: { reason: 'credentials', httpStatus: 401, grpcCode: undefined } });
  });

  it('sends a token signed with a service-account key, and reports UNAUTHENTICATED from the service as not retryable', async () => {
    const keyFilename = writeCredentials('service-account.json', serviceAccountCredentials());
    const { fake, asr } = await setUpWithCredentials(() => ({ kind: 'fail', code: grpc.status.UNAUTHENTICATED, details: 'Request had invalid authentication credentials.' }), keyFilename);
    const listener = record();
    const stream = await asr.open(EN_US, listener);

    await speak(stream, 3);

    expect(fake.authorizations[0]).toMatch(/^Bearer ey/);
    expect(listener.errors).toHaveLength(1);
    expect(listener.errors[0]).toMatchObject({ code: 'DUN_ERR_ASR_FAILED', retryable: false, details: { reason: 'credentials', grpcCode: grpc.status.UNAUTHENTICATED } });
  });
});

describe('GoogleSpeechAsr when the service fails during a stream', () => {
  it('reports a stream that dies mid-way once, and ignores the audio and finish() that follow', async () => {
    const { fake, asr } = await setUpPlain(() => ({ kind: 'die', afterAudioBytes: 3 * 160, code: grpc.status.UNAVAILABLE, details: 'connection reset' }));
    const listener = record();
    const stream = await asr.open(EN_US, listener);
    for (let i = 0; i < 3; i += 1) stream.write(frame());

    const error = await listener.failed;
    for (let i = 0; i < 5; i += 1) stream.write(frame());
    await stream.finish();
    stream.close();

    expect(error).toMatchObject({ code: 'DUN_ERR_ASR_FAILED', retryable: true, details: { grpcCode: grpc.status.UNAVAILABLE } });
    expect(listener.errors).toHaveLength(1);
    expect(fake.streams).toHaveLength(1);
    expect(listener.results.every((result) => !result.isFinal)).toBe(true);
  });

  it('reports a backend that goes away mid-stream', async () => {
    const { fake, asr } = await setUpPlain(transcribe);
    const listener = record();
    const stream = await asr.open(EN_US, listener);
    stream.write(frame());
    await fake.whenConfigured(1);

    fake.kill();
    const error = await listener.failed;
    stream.write(frame());
    await stream.finish();

    expect(isDunbotError(error, 'DUN_ERR_ASR_FAILED')).toBe(true);
    expect(listener.errors).toHaveLength(1);
  });

  it('reports a failure of the Google stream a restart opened', async () => {
    const { fake, asr } = await setUpPlain((_, index) => (index === 0 ? transcribe() : { kind: 'fail', code: grpc.status.RESOURCE_EXHAUSTED, details: 'quota' }), { maxStreamMs: 100 });
    const listener = record();
    const stream = await asr.open(EN_US, listener);

    // 100 ms per Google stream: 160 ms of audio needs a second one.
    await speak(stream, 8);

    expect(fake.streams.length).toBeGreaterThanOrEqual(2);
    expect(listener.errors).toHaveLength(1);
    expect(listener.errors[0]).toMatchObject({ code: 'DUN_ERR_ASR_FAILED', retryable: true, details: { grpcCode: grpc.status.RESOURCE_EXHAUSTED } });
  });

  it('reports a failure of the model a refusal fell back to', async () => {
    const { fake, asr } = await setUpPlain((config) =>
      config?.config?.model === 'telephony'
        ? { kind: 'fail', code: grpc.status.INVALID_ARGUMENT, details: 'The requested model is currently not supported for language : en-US.' }
        : { kind: 'fail', code: grpc.status.INTERNAL, details: 'backend error' },
    );
    const listener = record();
    const stream = await asr.open(EN_US, listener);

    await speak(stream, 3);

    expect(fake.streams.map((received) => received.config?.config?.model)).toEqual(['telephony', 'phone_call']);
    expect(listener.errors).toHaveLength(1);
    expect(listener.errors[0]).toMatchObject({ code: 'DUN_ERR_ASR_FAILED', retryable: true, details: { grpcCode: grpc.status.INTERNAL } });
  });

  it('reports audio written after dispose() closed the client, without throwing', async () => {
    const { asr } = await setUpPlain(transcribe);
    const listener = record();
    const stream = await asr.open(EN_US, listener);

    await asr.dispose();
    expect(() => stream.write(frame())).not.toThrow();
    await listener.failed;
    await stream.finish();

    expect(listener.errors).toHaveLength(1);
    expect(listener.errors[0]).toMatchObject({ code: 'DUN_ERR_ASR_FAILED' });
  });
});

describe('GoogleSpeechAsr finish timeout', () => {
  it('settles a finish the service never answers once the scheduler passes finishTimeoutMs, reporting DUN_ERR_ASR_FAILED', async () => {
    const scheduler = new ManualScheduler(0);
    const { fake, asr } = await setUpPlain(() => ({ kind: 'silent' }), { scheduler, finishTimeoutMs: 5000 });
    const listener = record();
    const stream = await asr.open(EN_US, listener);
    stream.write(frame());
    await fake.whenConfigured(1);
    let settled = false;

    const finishing = stream.finish().finally(() => (settled = true));
    expect(scheduler.pendingTimers).toBe(1);
    scheduler.increment(4999);
    await Promise.resolve();
    expect(settled).toBe(false);
    scheduler.increment(1);
    await finishing;

    expect(listener.errors).toHaveLength(1);
    expect(listener.errors[0]).toMatchObject({ code: 'DUN_ERR_ASR_FAILED', retryable: true, message: expect.stringContaining('no last result in time'), details: { finishTimeoutMs: 5000 } });
    expect(listener.results.filter((result) => result.isFinal)).toEqual([]);
    expect(scheduler.pendingTimers).toBe(0);
    // Destroying the SDK's stream does not cancel its gRPC call, so the silent fake would hold it open.
    fake.kill();
  });

  it('clears the timeout on the scheduler when the last result arrives in time', async () => {
    const scheduler = new ManualScheduler(0);
    const { asr } = await setUpPlain(transcribe, { scheduler, finishTimeoutMs: 5000 });
    const listener = record();
    const stream = await asr.open(EN_US, listener);

    await speak(stream, 3);

    expect(listener.errors).toEqual([]);
    expect(listener.results.at(-1)).toEqual({ text: 'I can pay', isFinal: true, confidence: expect.closeTo(0.9, 5) });
    expect(scheduler.pendingTimers).toBe(0);
  });
});
