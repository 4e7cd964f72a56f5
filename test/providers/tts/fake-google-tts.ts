import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';

/** What the fake answers to SynthesizeSpeech: audio bytes, or a gRPC error. */
export type FakeTtsReply = { readonly audio: Uint8Array } | { readonly error: grpc.status; readonly details: string };

/** A local gRPC server implementing google.cloud.texttospeech.v1.TextToSpeech/SynthesizeSpeech from the SDK's own proto. */
export interface FakeGoogleTts {
  readonly port: number;
  /** How many requests reached it. */
  readonly requests: () => number;
  /** The `authorization` header of each request, in order. */
  readonly authorizations: (string | undefined)[];
  /** Sets the answer to the next requests (the default is 20 ms of μ-law silence). */
  answerWith(reply: FakeTtsReply): void;
  stop(): Promise<void>;
}

const require = createRequire(import.meta.url);
const ttsEntry = require.resolve('@google-cloud/text-to-speech'); // …/build/src/index.js
const ttsProtos = join(dirname(ttsEntry), '..', 'protos');
const gaxProtos = join(dirname(createRequire(ttsEntry).resolve('google-gax')), '..', 'protos');

function loadTextToSpeechService(): grpc.ServiceDefinition {
  const definition = loadSync('google/cloud/texttospeech/v1/cloud_tts.proto', { includeDirs: [ttsProtos, gaxProtos], keepCase: false, enums: String, longs: String, defaults: true, oneofs: true });
  const service = definition['google.cloud.texttospeech.v1.TextToSpeech'];
  if (service === undefined || 'format' in service) throw new Error('TextToSpeech service missing from cloud_tts.proto');
  return service;
}

/** Starts the fake on 127.0.0.1 and a free port, plain or (with `tls`) over TLS so clients send call credentials. */
export async function startFakeGoogleTts(options: { readonly tls?: { readonly cert: string; readonly key: string } } = {}): Promise<FakeGoogleTts> {
  let requests = 0;
  const authorizations: (string | undefined)[] = [];
  let reply: FakeTtsReply = { audio: new Uint8Array(160).fill(0xff) };
  const server = new grpc.Server();
  server.addService(loadTextToSpeechService(), {
    SynthesizeSpeech: (call: grpc.ServerUnaryCall<unknown, unknown>, callback: grpc.sendUnaryData<unknown>) => {
      requests += 1;
      const authorization = call.metadata.get('authorization')[0];
      authorizations.push(authorization === undefined ? undefined : String(authorization));
      if ('error' in reply) callback({ code: reply.error, details: reply.details });
      else callback(null, { audioContent: Buffer.from(reply.audio) });
    },
  });
  const credentials = options.tls === undefined ? grpc.ServerCredentials.createInsecure() : grpc.ServerCredentials.createSsl(null, [{ cert_chain: Buffer.from(options.tls.cert), private_key: Buffer.from(options.tls.key) }]);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync('127.0.0.1:0', credentials, (error, boundPort) => (error === null ? resolve(boundPort) : reject(error)));
  });
  return {
    port,
    requests: () => requests,
    authorizations,
    answerWith: (next) => {
      reply = next;
    },
    stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
