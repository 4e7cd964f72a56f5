import * as grpc from '@grpc/grpc-js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isDunbotError } from '../../../src/errors.js';
import { GoogleSpeechAsr, type AsrListener, type AsrResult, type GoogleSpeechAsrOptions } from '../../../src/providers/asr/index.js';
import { type FakeBehaviour, type FakeGoogleSpeech, type ReceivedConfig, startFakeGoogleSpeech } from './fake-google-speech.js';

beforeAll(() => {
  // The real client must not probe for a GCE metadata server.
  process.env.METADATA_SERVER_DETECTION = 'none';
});

const FAKE_CREDENTIALS = { client_email: 'dunbot-test@example.iam.gserviceaccount.com', private_key: 'not-a-key' };

interface Recorder extends AsrListener {
  readonly results: AsrResult[];
  readonly errors: Error[];
}

function record(): Recorder {
  const results: AsrResult[] = [];
  const errors: Error[] = [];
  return { results, errors, onResult: (result) => results.push(result), onError: (error) => errors.push(error) };
}

/** 20 ms of 8 kHz audio: a quiet ramp, so μ-law bytes are not all the same. */
function frame(): Int16Array {
  return Int16Array.from({ length: 160 }, (_, index) => (index % 40) * 50 - 1000);
}

let fake: FakeGoogleSpeech | undefined;
let asr: GoogleSpeechAsr | undefined;

afterEach(async () => {
  await asr?.dispose();
  await fake?.stop();
  asr = undefined;
  fake = undefined;
});

async function setUp(behave: (config: ReceivedConfig | undefined, index: number) => FakeBehaviour, options: Omit<GoogleSpeechAsrOptions, 'clientOptions'> = {}): Promise<{ fake: FakeGoogleSpeech; asr: GoogleSpeechAsr }> {
  fake = await startFakeGoogleSpeech(behave);
  asr = new GoogleSpeechAsr({
    ...options,
    clientOptions: { apiEndpoint: '127.0.0.1', port: fake.port, sslCreds: grpc.credentials.createInsecure(), credentials: FAKE_CREDENTIALS, projectId: 'dunbot-test' },
  });
  return { fake, asr };
}

describe('GoogleSpeechAsr against a local StreamingRecognize server', () => {
  it('sends an 8 kHz μ-law telephony config with the hints and maps interim and final en-US results', async () => {
    const { fake, asr } = await setUp(() => ({ kind: 'transcribe', interim: 'i can pay', final: 'I can pay $200 on Friday', confidence: 0.92 }));
    const listener = record();
    const stream = await asr.open({ locale: 'en-US', hints: { expectedIntents: ['promise_to_pay'], phrases: ['two hundred dollars', 'Friday'] } }, listener);
    for (let i = 0; i < 10; i += 1) stream.write(frame());
    await stream.finish();

    expect(fake.streams).toHaveLength(1);
    expect(fake.streams[0]?.config).toEqual({
      config: { encoding: 'MULAW', sampleRateHertz: 8000, languageCode: 'en-US', model: 'telephony', speechContexts: [{ phrases: ['two hundred dollars', 'Friday'] }] },
      interimResults: true,
    });
    expect(fake.streams[0]?.audioBytes).toBe(10 * 160);
    expect(listener.errors).toEqual([]);
    expect(listener.results).toEqual([
      { text: 'i can pay', isFinal: false, confidence: expect.closeTo(0.6, 5) },
      { text: 'I can pay $200 on Friday', isFinal: true, confidence: expect.closeTo(0.92, 5) },
    ]);
  });

  it('recognizes zh-CN as cmn-Hans-CN and leaves out an empty speech context', async () => {
    const { fake, asr } = await setUp(() => ({ kind: 'transcribe', interim: '我周五', final: '我周五还五百', confidence: 0.81 }));
    const listener = record();
    const stream = await asr.open({ locale: 'zh-CN', hints: { expectedIntents: ['promise_to_pay'] } }, listener);
    stream.write(frame());
    await stream.finish();

    expect(fake.streams[0]?.config?.config).toEqual({ encoding: 'MULAW', sampleRateHertz: 8000, languageCode: 'cmn-Hans-CN', model: 'telephony' });
    expect(listener.results.map((result) => [result.text, result.isFinal])).toEqual([
      ['我周五', false],
      ['我周五还五百', true],
    ]);
  });

  const refuseTelephony = (config: ReceivedConfig | undefined): FakeBehaviour =>
    config?.config?.model === 'telephony'
      ? { kind: 'fail', code: grpc.status.INVALID_ARGUMENT, details: "Invalid recognition 'config': The requested model is currently not supported for language : cmn-Hans-CN." }
      : { kind: 'transcribe', interim: '好', final: '好的', confidence: 0.9 };

  it('falls back to phone_call when Google refuses the telephony model for a language, losing no audio', async () => {
    const { fake, asr } = await setUp(refuseTelephony);
    const listener = record();
    const stream = await asr.open({ locale: 'zh-CN', hints: { expectedIntents: ['affirm'] } }, listener);
    stream.write(frame());
    // The refusal arrives while audio still flows: the first frame is replayed, the rest follows.
    await fake.whenConfigured(2);
    for (let i = 0; i < 4; i += 1) stream.write(frame());
    await stream.finish();

    expect(listener.errors).toEqual([]);
    expect(fake.streams.map((received) => received.config?.config?.model)).toEqual(['telephony', 'phone_call']);
    expect(fake.streams[1]?.config?.config).toMatchObject({ languageCode: 'cmn-Hans-CN', useEnhanced: true });
    expect(fake.streams[1]?.audioBytes).toBe(5 * 160);
    expect(listener.results.at(-1)).toEqual({ text: '好的', isFinal: true, confidence: expect.closeTo(0.9, 5) });

    // The provider remembers the refusal: the next stream starts with phone_call.
    const next = await asr.open({ locale: 'zh-CN', hints: { expectedIntents: ['affirm'] } }, record());
    next.write(frame());
    await next.finish();
    expect(fake.streams.at(-1)?.config?.config?.model).toBe('phone_call');
  });

  it('falls back even when the refusal arrives after finish()', async () => {
    const { fake, asr } = await setUp(refuseTelephony);
    const listener = record();
    const stream = await asr.open({ locale: 'zh-CN', hints: { expectedIntents: ['affirm'] } }, listener);
    for (let i = 0; i < 3; i += 1) stream.write(frame());
    await stream.finish();
    expect(listener.errors).toEqual([]);
    // The refused call is failed on its config, so all the audio must reach the second one.
    expect(fake.streams.map((received) => received.config?.config?.model)).toEqual(['telephony', 'phone_call']);
    expect(fake.streams[1]?.audioBytes).toBe(3 * 160);
    expect(listener.results.at(-1)?.text).toBe('好的');
  });

  it('restarts the Google stream when the audio written reaches maxStreamMs, and every byte arrives', async () => {
    const { fake, asr } = await setUp((_, index) => ({ kind: 'transcribe', interim: `part ${index}`, final: `final ${index}`, confidence: 0.8 }), { maxStreamMs: 100 });
    const listener = record();
    const stream = await asr.open({ locale: 'en-US', hints: { expectedIntents: [] } }, listener);
    // 100 ms = 800 μ-law bytes per Google stream; write 130 ms in chunks of 30 ms (not a divisor of 100).
    const chunk = Int16Array.from({ length: 240 }, (_, index) => (index % 16) * 100);
    let written = 0;
    for (let i = 0; i < 13; i += 1) {
      stream.write(chunk);
      written += chunk.length;
    }
    await stream.finish();

    expect(fake.streams.map((received) => received.audioBytes)).toEqual([800, 800, 800, 720]);
    expect(fake.streams.reduce((sum, received) => sum + received.audioBytes, 0)).toBe(written);
    expect(fake.streams.every((received) => received.config?.config?.encoding === 'MULAW')).toBe(true);
    expect(listener.results.filter((result) => result.isFinal).map((result) => result.text)).toEqual(['final 0', 'final 1', 'final 2', 'final 3']);
    expect(listener.errors).toEqual([]);
  });

  it('reports UNAVAILABLE as a retryable DUN_ERR_ASR_FAILED', async () => {
    const { asr } = await setUp(() => ({ kind: 'fail', code: grpc.status.UNAVAILABLE, details: 'backend unavailable' }));
    const listener = record();
    const stream = await asr.open({ locale: 'en-US', hints: { expectedIntents: [] } }, listener);
    stream.write(frame());
    await stream.finish();

    expect(listener.results).toEqual([]);
    expect(listener.errors).toHaveLength(1);
    const error = listener.errors[0];
    expect(isDunbotError(error, 'DUN_ERR_ASR_FAILED')).toBe(true);
    expect(error).toMatchObject({ retryable: true, details: { provider: 'google-speech', grpcCode: grpc.status.UNAVAILABLE } });
  });

  it('reports PERMISSION_DENIED as not retryable', async () => {
    const { asr } = await setUp(() => ({ kind: 'fail', code: grpc.status.PERMISSION_DENIED, details: 'no access' }));
    const listener = record();
    const stream = await asr.open({ locale: 'en-US', hints: { expectedIntents: [] } }, listener);
    stream.write(frame());
    await stream.finish();
    expect(listener.errors[0]).toMatchObject({ code: 'DUN_ERR_ASR_FAILED', retryable: false });
  });

  it('gives an empty final result when no audio was written, without calling Google', async () => {
    const { fake, asr } = await setUp(() => ({ kind: 'transcribe', interim: 'x', final: 'x', confidence: 1 }));
    const listener = record();
    const stream = await asr.open({ locale: 'en-US', hints: { expectedIntents: [] } }, listener);
    await stream.finish();
    expect(listener.results).toEqual([{ text: '', isFinal: true, confidence: 0 }]);
    expect(fake.streams).toEqual([]);
  });

  it('refuses a locale it does not know', async () => {
    const { asr } = await setUp(() => ({ kind: 'transcribe', interim: 'x', final: 'x', confidence: 1 }));
    // @ts-expect-error fr-FR is not a dunbot locale
    await expect(asr.open({ locale: 'fr-FR', hints: { expectedIntents: [] } }, record())).rejects.toMatchObject({ code: 'DUN_ERR_ASR_LOCALE' });
  });
});
