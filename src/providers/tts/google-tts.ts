import { TextToSpeechClient } from '@google-cloud/text-to-speech';
import { status } from '@grpc/grpc-js';
import type { PcmAudio } from '../../audio/audio-format.js';
import { mulawToPcm } from '../../audio/index.js';
import type { Locale } from '../../domain/locale.js';
import { DunbotError } from '../../errors.js';
import { describeCredentialsFailure, startGoogleClient } from '../google-credentials.js';
import type { TtsProvider, TtsRequest } from './tts.js';

/** Options of the Google client: endpoint, port, credentials, `sslCreds` (see `@google-cloud/text-to-speech`). */
export type GoogleTtsClientOptions = NonNullable<ConstructorParameters<typeof TextToSpeechClient>[0]>;

/** The rate dunbot asks Google for: telephone μ-law, so no resampling is needed before a call. */
export const GOOGLE_TTS_SAMPLE_RATE_HZ = 8000;

/** Default deadline of one synthesis request, in ms. */
export const DEFAULT_GOOGLE_TTS_TIMEOUT_MS = 10_000;

/** Google's language code per locale: Mandarin is `cmn-CN`, not `zh-CN`. */
export const GOOGLE_LANGUAGE_CODES: Readonly<Record<Locale, string>> = { 'en-US': 'en-US', 'zh-CN': 'cmn-CN' };

/** Google voices used when a request names none. */
export const GOOGLE_DEFAULT_VOICES: Readonly<Record<Locale, string>> = { 'en-US': 'en-US-Standard-C', 'zh-CN': 'cmn-CN-Standard-A' };

/** Options of GoogleTts. */
export interface GoogleTtsOptions {
  /** Passed to `new TextToSpeechClient(…)`; tests point it at a local server with `apiEndpoint`, `port` and `sslCreds`. */
  readonly clientOptions?: GoogleTtsClientOptions;
  /** Voice names per locale, overriding GOOGLE_DEFAULT_VOICES. */
  readonly voices?: Partial<Record<Locale, string>>;
  /** Deadline of one request, in ms; exceeding it raises a retryable DUN_ERR_TTS_FAILED. */
  readonly timeoutMs?: number;
}

/** gRPC statuses worth trying again: the service was down, slow, over quota or broke mid-request. */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([status.UNAVAILABLE, status.DEADLINE_EXCEEDED, status.RESOURCE_EXHAUSTED, status.INTERNAL]);

const WAVE_FORMAT_MULAW = 7;

/**
 * Google Cloud Text-to-Speech over gRPC, asking for 8 kHz μ-law and decoding it to PCM.
 * The client does not retry: a failure raises DUN_ERR_TTS_FAILED with `retryable`, for the caller to decide.
 * The client starts on the first request; every failure, a client that cannot start included, rejects that request.
 *
 * @example
 * const tts = new GoogleTts({ voices: { 'en-US': 'en-US-Wavenet-F' } });
 * const audio = await tts.synthesize({ text: 'Hello, this is Dunbank.', locale: 'en-US' }); // 8000 Hz
 * await tts.close();
 */
export class GoogleTts implements TtsProvider {
  readonly name = 'google';
  private readonly clientOptions: GoogleTtsClientOptions | undefined;
  private client: Promise<TextToSpeechClient> | undefined;
  private readonly voices: Readonly<Record<Locale, string>>;
  private readonly timeoutMs: number;

  constructor(options: GoogleTtsOptions = {}) {
    this.clientOptions = options.clientOptions;
    this.voices = { ...GOOGLE_DEFAULT_VOICES, ...options.voices };
    this.timeoutMs = options.timeoutMs ?? DEFAULT_GOOGLE_TTS_TIMEOUT_MS;
  }

  defaultVoice(locale: Locale): string {
    return this.voices[locale];
  }

  async synthesize(request: TtsRequest): Promise<PcmAudio> {
    const voice = request.voice ?? this.defaultVoice(request.locale);
    const details = { provider: this.name, voice, locale: request.locale };
    let audioContent: unknown;
    try {
      const client = await this.getClient();
      const [response] = await client.synthesizeSpeech(
        {
          input: { text: request.text },
          voice: { languageCode: GOOGLE_LANGUAGE_CODES[request.locale], name: voice },
          audioConfig: { audioEncoding: 'MULAW', sampleRateHertz: GOOGLE_TTS_SAMPLE_RATE_HZ },
        },
        // retry: null turns off the client's own retries; retrying belongs to the caller.
        { timeout: this.timeoutMs, retry: null },
      );
      audioContent = response.audioContent;
    } catch (cause) {
      throw toTtsError(cause, details);
    }
    return decodeGoogleMulaw(parseAudioContent(audioContent, details), details);
  }

  /** Closes the gRPC channel. Never rejects. */
  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    // A client that never started has no channel to close.
    await client?.then((started) => started.close()).catch(() => undefined);
  }

  private getClient(): Promise<TextToSpeechClient> {
    const toError = (cause: unknown): DunbotError =>
      new DunbotError('DUN_ERR_TTS_FAILED', 'The Google TTS client could not start: no usable credentials or endpoint.', { cause, details: { provider: this.name, reason: 'client_start' } });
    this.client ??= startGoogleClient(() => new TextToSpeechClient(this.clientOptions), toError).catch((error: unknown) => {
      // Forget the failed client: the next request starts a new one (the credentials may be fixed by then).
      this.client = undefined;
      throw error;
    });
    return this.client;
  }
}

function toTtsError(cause: unknown, details: Readonly<Record<string, unknown>>): DunbotError {
  if (cause instanceof DunbotError) return cause;
  const code = typeof cause === 'object' && cause !== null && 'code' in cause && typeof cause.code === 'number' ? cause.code : undefined;
  // A token failure may carry the token endpoint's HTTP status where a gRPC code (0–16) belongs.
  const grpcCode = code !== undefined && code >= 0 && code <= 16 ? code : undefined;
  const statusName = grpcCode === undefined ? undefined : status[grpcCode];
  const credentials = describeCredentialsFailure(cause);
  if (credentials !== undefined) {
    return new DunbotError('DUN_ERR_TTS_FAILED', `Google TTS request failed (${statusName ?? 'no gRPC status'}): the credentials gave no access token or were refused.`, {
      cause,
      retryable: credentials.retryable,
      details: { ...details, grpcCode, grpcStatus: statusName, reason: 'credentials', httpStatus: credentials.httpStatus },
    });
  }
  return new DunbotError('DUN_ERR_TTS_FAILED', `Google TTS request failed (${statusName ?? 'no gRPC status'}).`, {
    cause,
    retryable: grpcCode !== undefined && RETRYABLE_STATUSES.has(grpcCode),
    details: { ...details, grpcCode, grpcStatus: statusName },
  });
}

function parseAudioContent(audioContent: unknown, details: Readonly<Record<string, unknown>>): Uint8Array {
  // gRPC gives bytes as a Buffer; the REST fallback gives them base64-encoded.
  const bytes = audioContent instanceof Uint8Array ? audioContent : typeof audioContent === 'string' ? Buffer.from(audioContent, 'base64') : undefined;
  if (bytes === undefined || bytes.length === 0) {
    throw new DunbotError('DUN_ERR_TTS_FAILED', 'Google TTS returned no audio.', { details });
  }
  return bytes;
}

/** Decodes μ-law audio content; Google wraps it in a WAV (RIFF) header in some configurations, whose `data` chunk holds the samples. */
export function decodeGoogleMulaw(bytes: Uint8Array, details: Readonly<Record<string, unknown>> = {}): PcmAudio {
  if (!hasTag(bytes, 0, 'RIFF')) return { samples: mulawToPcm(bytes), sampleRateHz: GOOGLE_TTS_SAMPLE_RATE_HZ };
  const fail = (reason: string): DunbotError => new DunbotError('DUN_ERR_TTS_FAILED', `Google TTS returned a WAV file that cannot be used: ${reason}.`, { details });
  if (bytes.length < 12 || !hasTag(bytes, 8, 'WAVE')) throw fail('no WAVE form type');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let sampleRateHz: number | undefined;
  for (let offset = 12; offset + 8 <= bytes.length; ) {
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (hasTag(bytes, offset, 'fmt ')) {
      if (size < 16 || body + 16 > bytes.length) throw fail('truncated fmt chunk');
      const formatTag = view.getUint16(body, true);
      const channels = view.getUint16(body + 2, true);
      sampleRateHz = view.getUint32(body + 4, true);
      if (formatTag !== WAVE_FORMAT_MULAW || channels !== 1) throw fail(`format ${formatTag} with ${channels} channels, not mono μ-law`);
    } else if (hasTag(bytes, offset, 'data')) {
      if (sampleRateHz === undefined) throw fail('data chunk before fmt chunk');
      // A streaming writer may leave the size 0 or too large: the data then runs to the end.
      const end = size === 0 || body + size > bytes.length ? bytes.length : body + size;
      return { samples: mulawToPcm(bytes.subarray(body, end)), sampleRateHz };
    }
    offset = body + size + (size % 2);
  }
  throw fail('no data chunk');
}

function hasTag(bytes: Uint8Array, offset: number, tag: string): boolean {
  for (let i = 0; i < tag.length; i += 1) if (bytes[offset + i] !== tag.charCodeAt(i)) return false;
  return true;
}
