import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { z } from 'zod';

const receivedConfigSchema = z.object({
  config: z
    .object({
      encoding: z.string().optional(),
      sampleRateHertz: z.number().optional(),
      languageCode: z.string().optional(),
      model: z.string().optional(),
      useEnhanced: z.boolean().optional(),
      speechContexts: z.array(z.object({ phrases: z.array(z.string()).optional() })).optional(),
    })
    .optional(),
  interimResults: z.boolean().optional(),
});

/** The first request of one StreamingRecognize call, as the fake decoded it. */
export type ReceivedConfig = z.infer<typeof receivedConfigSchema>;

/** One StreamingRecognize call the fake served. */
export interface ReceivedStream {
  readonly config: ReceivedConfig | undefined;
  audioBytes: number;
  readonly requests: number;
}

/** What the fake answers on a call, given the config it received. */
export type FakeBehaviour =
  | { readonly kind: 'transcribe'; readonly interim: string; readonly final: string; readonly confidence: number }
  | { readonly kind: 'fail'; readonly code: grpc.status; readonly details: string }
  /** Sends an interim result on the first audio, then fails the call once `afterAudioBytes` have arrived. */
  | { readonly kind: 'die'; readonly afterAudioBytes: number; readonly code: grpc.status; readonly details: string }
  /** Takes the audio and never answers, not even the half-close: a finish that never ends. */
  | { readonly kind: 'silent' };

/** How the fake listens: plain by default, TLS with `tls` (so clients send their call credentials). */
export interface FakeGoogleSpeechOptions {
  readonly tls?: { readonly cert: string; readonly key: string };
}

/** A local gRPC server implementing google.cloud.speech.v1.Speech/StreamingRecognize from the SDK's own proto. */
export interface FakeGoogleSpeech {
  readonly port: number;
  readonly streams: ReceivedStream[];
  /** The `authorization` header of each call, in order. */
  readonly authorizations: (string | undefined)[];
  /** Resolves once `count` calls have sent their config. */
  whenConfigured(count: number): Promise<void>;
  stop(): Promise<void>;
  /** Goes away at once, cancelling the calls it serves (a crashed or unreachable backend). */
  kill(): void;
}

const require = createRequire(import.meta.url);
const speechRoot = join(dirname(require.resolve('@google-cloud/speech')), '..', '..');
const gaxProtos = join(dirname(require.resolve('google-gax')), '..', '..', 'build', 'protos');

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * Starts the fake on 127.0.0.1 and a free port. Each call: the first request must carry the config,
 * later ones audio; after the first audio it sends an interim result, and when the client
 * half-closes it sends the final result and ends the call (or fails, per `behave`).
 */
export async function startFakeGoogleSpeech(behave: (config: ReceivedConfig | undefined, index: number) => FakeBehaviour, options: FakeGoogleSpeechOptions = {}): Promise<FakeGoogleSpeech> {
  const definition = protoLoader.loadSync(join(speechRoot, 'build', 'protos', 'google', 'cloud', 'speech', 'v1', 'cloud_speech.proto'), {
    includeDirs: [join(speechRoot, 'build', 'protos'), gaxProtos],
    keepCase: false,
    enums: String,
    longs: Number,
    defaults: false,
  });
  const speechService = definition['google.cloud.speech.v1.Speech'];
  if (speechService === undefined || !isServiceDefinition(speechService)) throw new Error('Speech service missing from the proto');
  const streams: ReceivedStream[] = [];
  const authorizations: (string | undefined)[] = [];
  const waiters: { readonly count: number; readonly resolve: () => void }[] = [];
  const configured = (): number => streams.filter((stream) => stream.config !== undefined).length;
  const wakeWaiters = (): void => {
    for (const waiter of waiters.filter((one) => one.count <= configured())) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  const server = new grpc.Server();
  const streamingRecognize = (call: grpc.ServerDuplexStream<unknown, unknown>): void => {
    const stream: { config: ReceivedConfig | undefined; audioBytes: number; requests: number } = { config: undefined, audioBytes: 0, requests: 0 };
    const index = streams.length;
    streams.push(stream);
    const authorization = call.metadata.get('authorization')[0];
    authorizations.push(authorization === undefined ? undefined : String(authorization));
    let behaviour: FakeBehaviour | undefined;
    let sentInterim = false;
    call.on('data', (request: unknown) => {
      if (!isRecord(request)) return;
      stream.requests += 1;
      if (request.streamingConfig !== undefined && request.streamingConfig !== null) {
        stream.config = receivedConfigSchema.parse(request.streamingConfig);
        behaviour = behave(stream.config, index);
        wakeWaiters();
        if (behaviour.kind === 'fail') call.emit('error', { code: behaviour.code, details: behaviour.details });
        return;
      }
      if (request.audioContent instanceof Uint8Array) stream.audioBytes += request.audioContent.length;
      if ((behaviour?.kind === 'transcribe' || behaviour?.kind === 'die') && !sentInterim) {
        sentInterim = true;
        call.write({ results: [{ alternatives: [{ transcript: behaviour.kind === 'transcribe' ? behaviour.interim : 'one moment' }], isFinal: false, stability: 0.6 }] });
      }
      if (behaviour?.kind === 'die' && stream.audioBytes >= behaviour.afterAudioBytes) {
        const failure = behaviour;
        behaviour = undefined;
        call.emit('error', { code: failure.code, details: failure.details });
      }
    });
    call.on('end', () => {
      if (behaviour?.kind !== 'transcribe') return;
      call.write({ results: [{ alternatives: [{ transcript: behaviour.final, confidence: behaviour.confidence }], isFinal: true }] });
      call.end();
    });
    call.on('error', () => undefined);
  };
  server.addService(speechService, { streamingRecognize });
  const port = await new Promise<number>((resolve, reject) => {
    const credentials = options.tls === undefined ? grpc.ServerCredentials.createInsecure() : grpc.ServerCredentials.createSsl(null, [{ cert_chain: Buffer.from(options.tls.cert), private_key: Buffer.from(options.tls.key) }]);
    server.bindAsync('127.0.0.1:0', credentials, (error, boundPort) => (error === null ? resolve(boundPort) : reject(error)));
  });
  return {
    port,
    streams,
    authorizations,
    whenConfigured: (count) =>
      new Promise<void>((resolve) => {
        waiters.push({ count, resolve });
        wakeWaiters();
      }),
    stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
    kill: () => server.forceShutdown(),
  };
}

/** Message and enum definitions carry a `format`; service definitions map method names to methods. */
function isServiceDefinition(definition: protoLoader.AnyDefinition): definition is protoLoader.ServiceDefinition {
  return !('format' in definition);
}
