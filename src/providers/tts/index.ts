export type { TtsProvider, TtsRequest } from './tts.js';
export { CachedTts, DEFAULT_TTS_CACHE_BYTES, DEFAULT_TTS_PRELOAD_CONCURRENCY } from './tts-cache.js';
export type { CachedTtsOptions, TtsCacheStats } from './tts-cache.js';
export { EspeakTts, ESPEAK_DEFAULT_VOICES, ESPEAK_SAMPLE_RATE_HZ, DEFAULT_ESPEAK_MAX_TEXT_CHARS } from './espeak-tts.js';
export type { EspeakTtsOptions } from './espeak-tts.js';
export { EspeakPool, ESPEAK_NG_PACKAGE, DEFAULT_ESPEAK_MAX_QUEUED, DEFAULT_ESPEAK_NICENESS, DEFAULT_ESPEAK_TIMEOUT_MS } from './espeak-pool.js';
export type { EspeakJob, EspeakPoolOptions, EspeakPoolStats, EspeakSynthesis } from './espeak-pool.js';
export {
  GoogleTts,
  DEFAULT_GOOGLE_TTS_TIMEOUT_MS,
  GOOGLE_DEFAULT_VOICES,
  GOOGLE_LANGUAGE_CODES,
  GOOGLE_TTS_SAMPLE_RATE_HZ,
} from './google-tts.js';
export type { GoogleTtsClientOptions, GoogleTtsOptions } from './google-tts.js';
