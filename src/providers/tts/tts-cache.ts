import type { PcmAudio } from '../../audio/audio-format.js';
import type { Locale } from '../../domain/locale.js';
import type { TtsProvider, TtsRequest } from './tts.js';

/** Default byte budget of a CachedTts: 64 MiB of PCM samples (about 25 minutes at 22050 Hz). */
export const DEFAULT_TTS_CACHE_BYTES = 64 * 1024 * 1024;

/** How many prompts `preload` synthesizes at once by default. */
export const DEFAULT_TTS_PRELOAD_CONCURRENCY = 4;

/** Options of a CachedTts. */
export interface CachedTtsOptions {
  /** Most bytes of samples kept; the least recently used prompts are evicted beyond it. */
  readonly maxBytes?: number;
  /** How many prompts `preload` synthesizes at once. */
  readonly preloadConcurrency?: number;
}

/** Counters of a CachedTts. */
export interface TtsCacheStats {
  /** Requests answered without a new synthesis (from the cache or by joining one in flight). */
  readonly hits: number;
  /** Requests that started a synthesis. */
  readonly misses: number;
  /** Bytes of samples held now. */
  readonly bytes: number;
  /** Prompts held now. */
  readonly entries: number;
}

/**
 * Caches what another TtsProvider synthesizes, keyed by provider name, voice, locale and text, with
 * least-recently-used eviction under a byte budget. Concurrent requests for one key share one synthesis,
 * and every caller receives the same, read-only samples (see TtsProvider.synthesize): a prompt said on
 * hundreds of calls at once is held once, and what a caller derives from it (the wire encoding) can
 * be derived once too.
 *
 * @example
 * const tts = new CachedTts(new EspeakTts(), { maxBytes: 16 * 1024 * 1024 });
 * await tts.preload([{ text: 'Hello, this is Dunbank.', locale: 'en-US' }]);
 * const audio = await tts.synthesize({ text: 'Hello, this is Dunbank.', locale: 'en-US' }); // a hit
 */
export class CachedTts implements TtsProvider {
  readonly name: string;
  private readonly maxBytes: number;
  private readonly preloadConcurrency: number;
  /** Map iteration order is insertion order: the first key is the least recently used. */
  private readonly entries = new Map<string, PcmAudio>();
  private readonly inFlight = new Map<string, Promise<PcmAudio>>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;

  constructor(
    private readonly provider: TtsProvider,
    options: CachedTtsOptions = {},
  ) {
    this.name = provider.name;
    this.maxBytes = options.maxBytes ?? DEFAULT_TTS_CACHE_BYTES;
    this.preloadConcurrency = Math.max(1, Math.floor(options.preloadConcurrency ?? DEFAULT_TTS_PRELOAD_CONCURRENCY));
    if (!(this.maxBytes >= 0)) throw new RangeError('maxBytes must be a number ≥ 0');
  }

  defaultVoice(locale: Locale): string {
    return this.provider.defaultVoice(locale);
  }

  async synthesize(request: TtsRequest): Promise<PcmAudio> {
    return this.lookup(request);
  }

  /** Synthesizes every request not yet cached (e.g. every prompt without variables when a flow loads); rejects with the first failure after trying them all. */
  async preload(requests: readonly TtsRequest[]): Promise<void> {
    const pending = [...requests];
    const failures: unknown[] = [];
    const worker = async (): Promise<void> => {
      for (let request = pending.shift(); request !== undefined; request = pending.shift()) {
        try {
          await this.lookup(request);
        } catch (error) {
          failures.push(error);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.preloadConcurrency, pending.length) }, worker));
    if (failures.length > 0) throw failures[0];
  }

  stats(): TtsCacheStats {
    return { hits: this.hits, misses: this.misses, bytes: this.bytes, entries: this.entries.size };
  }

  private lookup(request: TtsRequest): Promise<PcmAudio> {
    const key = this.keyOf(request);
    const cached = this.entries.get(key);
    if (cached !== undefined) {
      this.hits += 1;
      this.entries.delete(key);
      this.entries.set(key, cached);
      return Promise.resolve(cached);
    }
    const running = this.inFlight.get(key);
    if (running !== undefined) {
      this.hits += 1;
      return running;
    }
    this.misses += 1;
    const synthesis = this.provider.synthesize(request).then(
      (audio) => {
        this.inFlight.delete(key);
        this.store(key, audio);
        return audio;
      },
      (error: unknown) => {
        this.inFlight.delete(key);
        throw error;
      },
    );
    this.inFlight.set(key, synthesis);
    return synthesis;
  }

  private keyOf(request: TtsRequest): string {
    const voice = request.voice ?? this.provider.defaultVoice(request.locale);
    return JSON.stringify([this.provider.name, voice, request.locale, request.text]);
  }

  private store(key: string, audio: PcmAudio): void {
    const size = audio.samples.byteLength;
    if (size > this.maxBytes) return;
    this.entries.set(key, audio);
    this.bytes += size;
    for (const [oldestKey, oldest] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldestKey);
      this.bytes -= oldest.samples.byteLength;
    }
  }
}
