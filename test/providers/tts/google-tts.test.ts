import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mulawToPcm, pcmToMulaw } from '../../../src/audio/index.js';
import { decodeGoogleMulaw, GoogleTts } from '../../../src/providers/tts/google-tts.js';

/**
 * A local gRPC server implementing google.cloud.texttospeech.v1.TextToSpeech/SynthesizeSpeech from the
 * proto files shipped in @google-cloud/text-to-speech, answered by the real TextToSpeechClient.
 */
type Reply = { readonly audio: Uint8Array } | { readonly error: grpc.StatusObject['code']; readonly details: string };

const require = createRequire(import.meta.url);
const ttsEntry = require.resolve('@google-cloud/text-to-speech'); // …/build/src/index.js
const ttsProtos = join(dirname(ttsEntry), '..', 'protos');
const gaxProtos = join(dirname(createRequire(ttsEntry).resolve('google-gax')), '..', 'protos');

function loadTextToSpeechService(): grpc.ServiceDefinition {
  const definition = loadSync('google/cloud/texttospeech/v1/cloud_tts.proto', {
    includeDirs: [ttsProtos, gaxProtos],
    keepCase: false,
    enums: String,
    longs: String,
    defaults: true,
    oneofs: true,
  });
  const service = definition['google.cloud.texttospeech.v1.TextToSpeech'];
  if (service === undefined || 'format' in service) throw new Error('TextToSpeech service missing from cloud_tts.proto');
  return service;
}

/** A 440 Hz tone at 8 kHz, 250 ms. */
function generateTestTone(): Int16Array {
  return Int16Array.from({ length: 2000 }, (_, index) => Math.round(8000 * Math.sin((2 * Math.PI * 440 * index) / 8000)));
}

/** A WAV file as Google wraps MULAW audio: RIFF, fmt (format 7, mono, 8 kHz, 8 bits), a fact chunk, then data. */
function wrapInWav(mulaw: Uint8Array, dataSize = mulaw.length): Uint8Array {
  const header = Buffer.alloc(12 + 26 + 12 + 8);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(header.length - 8 + mulaw.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(18, 16);
  header.writeUInt16LE(7, 20); // WAVE_FORMAT_MULAW
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(8000, 28);
  header.writeUInt16LE(1, 32);
  header.writeUInt16LE(8, 34);
  header.writeUInt16LE(0, 36);
  header.write('fact', 38, 'ascii');
  header.writeUInt32LE(4, 42);
  header.writeUInt32LE(mulaw.length, 46);
  header.write('data', 50, 'ascii');
  header.writeUInt32LE(dataSize, 54);
  return Buffer.concat([header, mulaw]);
}

describe('GoogleTts against a local TextToSpeech gRPC server', () => {
  const tone = generateTestTone();
  const toneMulaw = pcmToMulaw(tone);
  const received: unknown[] = [];
  let reply: Reply = { audio: toneMulaw };
  let server: grpc.Server;
  let tts: GoogleTts;

  beforeAll(async () => {
    // Keep google-auth-library from probing the GCE metadata server.
    process.env.METADATA_SERVER_DETECTION = 'none';
    server = new grpc.Server();
    server.addService(loadTextToSpeechService(), {
      SynthesizeSpeech: (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
        received.push(call.request);
        if ('error' in reply) callback({ code: reply.error, details: reply.details });
        else callback(null, { audioContent: Buffer.from(reply.audio) });
      },
    });
    const port = await new Promise<number>((resolve, reject) => {
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, boundPort) => (error ? reject(error) : resolve(boundPort)));
    });
    tts = new GoogleTts({
      clientOptions: {
        apiEndpoint: '127.0.0.1',
        port,
        sslCreds: grpc.credentials.createInsecure(),
        credentials: { client_email: 'dunbot-test@example.com', private_key: 'not-a-real-key' },
        projectId: 'dunbot-test',
      },
    });
  });

  afterAll(async () => {
    await tts.close();
    await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
  });

  beforeEach(() => {
    received.length = 0;
    reply = { audio: toneMulaw };
  });

  it('asks for 8 kHz MULAW in the locale and voice, and decodes the μ-law bytes to PCM', async () => {
    const audio = await tts.synthesize({ text: 'Hello, this is Dunbank.', locale: 'en-US' });

    expect(received).toEqual([
      expect.objectContaining({
        input: expect.objectContaining({ text: 'Hello, this is Dunbank.' }),
        voice: expect.objectContaining({ languageCode: 'en-US', name: 'en-US-Standard-C' }),
        audioConfig: expect.objectContaining({ audioEncoding: 'MULAW', sampleRateHertz: 8000 }),
      }),
    ]);
    expect(audio.sampleRateHz).toBe(8000);
    expect(audio.samples).toEqual(mulawToPcm(toneMulaw));
    // μ-law keeps a 14-bit sample within half a quantization step (≤ 256 at this tone's amplitude).
    expect(Math.max(...audio.samples.map((sample, index) => Math.abs(sample - (tone[index] ?? 0))))).toBeLessThanOrEqual(256);
  });

  it('sends cmn-CN for zh-CN and the voice the request names', async () => {
    await tts.synthesize({ text: '您好，这里是敦银行。', locale: 'zh-CN', voice: 'cmn-CN-Wavenet-B' });

    expect(received).toEqual([
      expect.objectContaining({
        input: expect.objectContaining({ text: '您好，这里是敦银行。' }),
        voice: expect.objectContaining({ languageCode: 'cmn-CN', name: 'cmn-CN-Wavenet-B' }),
      }),
    ]);
  });

  it('strips a RIFF/WAV header instead of playing it as audio', async () => {
    reply = { audio: wrapInWav(toneMulaw) };

    const audio = await tts.synthesize({ text: 'Hello.', locale: 'en-US' });

    expect(audio).toEqual({ samples: mulawToPcm(toneMulaw), sampleRateHz: 8000 });
  });

  it('maps gRPC UNAVAILABLE to a retryable DUN_ERR_TTS_FAILED', async () => {
    reply = { error: grpc.status.UNAVAILABLE, details: 'backend down' };

    await expect(tts.synthesize({ text: 'Hello.', locale: 'en-US' })).rejects.toMatchObject({
      code: 'DUN_ERR_TTS_FAILED',
      retryable: true,
      details: expect.objectContaining({ grpcStatus: 'UNAVAILABLE' }),
    });
    expect(received).toHaveLength(1); // the client itself did not retry
  });

  it('maps RESOURCE_EXHAUSTED to retryable and INVALID_ARGUMENT to not retryable', async () => {
    reply = { error: grpc.status.RESOURCE_EXHAUSTED, details: 'quota' };
    await expect(tts.synthesize({ text: 'Hello.', locale: 'en-US' })).rejects.toMatchObject({ code: 'DUN_ERR_TTS_FAILED', retryable: true });

    reply = { error: grpc.status.INVALID_ARGUMENT, details: 'unknown voice' };
    await expect(tts.synthesize({ text: 'Hello.', locale: 'en-US', voice: 'no-such-voice' })).rejects.toMatchObject({
      code: 'DUN_ERR_TTS_FAILED',
      retryable: false,
      details: expect.objectContaining({ grpcStatus: 'INVALID_ARGUMENT', voice: 'no-such-voice' }),
    });
  });

  it('rejects empty audio content as DUN_ERR_TTS_FAILED', async () => {
    reply = { audio: new Uint8Array(0) };

    await expect(tts.synthesize({ text: 'Hello.', locale: 'en-US' })).rejects.toMatchObject({ code: 'DUN_ERR_TTS_FAILED', retryable: false });
  });
});

describe('decodeGoogleMulaw', () => {
  const mulaw = pcmToMulaw(generateTestTone());

  it('reads the data to the end when a streaming writer left its size 0', () => {
    expect(decodeGoogleMulaw(wrapInWav(mulaw, 0)).samples).toEqual(mulawToPcm(mulaw));
  });

  it('rejects a WAV file that is not mono μ-law or has no data chunk', () => {
    const linear = wrapInWav(mulaw);
    linear[20] = 1; // WAVE_FORMAT_PCM
    expect(() => decodeGoogleMulaw(linear)).toThrow(expect.objectContaining({ code: 'DUN_ERR_TTS_FAILED' }));
    expect(() => decodeGoogleMulaw(wrapInWav(new Uint8Array(0)).subarray(0, 50))).toThrow(/no data chunk/);
  });
});
