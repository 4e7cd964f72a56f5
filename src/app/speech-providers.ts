import type { Locale } from '../domain/locale.js';
import type { Logger } from '../log/logger.js';
import { SoundswallowerAsr } from '../providers/asr/soundswallower-asr.js';
import type { AsrProvider } from '../providers/asr/asr.js';
import { CachedTts } from '../providers/tts/tts-cache.js';
import { EspeakTts } from '../providers/tts/espeak-tts.js';
import { GoogleTts } from '../providers/tts/google-tts.js';
import { GoogleSpeechAsr } from '../providers/asr/google-speech-asr.js';
import { loadGoogleCredentials } from '../providers/google-credentials.js';
import type { SpeechProviders } from '../call/call-parts.js';
import type { ScriptsLibrary } from '../scripts/scripts-library.js';
import type { ServerConfig } from '../server/server-config.js';

/** Speech providers the runtime built, with what they hold (worker threads, gRPC channels) to release. */
export interface ClosableSpeechProviders extends SpeechProviders {
  close(): Promise<void>;
}

/**
 * The speech providers the configuration names: offline soundswallower (en-US only) and espeak-ng
 * by default, Google Speech and Text-to-Speech when chosen. TTS is cached, and every prompt
 * without variables is synthesized before the first call so no call pays for it. Google
 * credentials (GOOGLE_APPLICATION_CREDENTIALS in `env`) are checked before any provider is built.
 */
export async function createSpeechProviders(config: ServerConfig, scripts: ScriptsLibrary, logger: Logger, env: Readonly<Record<string, string | undefined>> = process.env): Promise<ClosableSpeechProviders> {
  // A bad credentials file stops the server at start rather than failing the first call.
  const googleSettings = [...(config.asr === 'google' ? ['DUNBOT_ASR'] : []), ...(config.tts === 'google' ? ['DUNBOT_TTS'] : [])];
  const googleKeyFilename = googleSettings.length > 0 ? loadGoogleCredentials(env, googleSettings).keyFilename : undefined;
  const synthesizer = config.tts === 'google' ? new GoogleTts({ clientOptions: { keyFilename: googleKeyFilename } }) : new EspeakTts();
  const tts = new CachedTts(synthesizer);
  const releases: (() => Promise<void>)[] = [() => synthesizer.close()];
  let asrByLocale: (locale: Locale) => AsrProvider | undefined;
  if (config.asr === 'google') {
    const google = new GoogleSpeechAsr({ clientOptions: { keyFilename: googleKeyFilename } });
    releases.push(() => google.dispose());
    asrByLocale = () => google;
  } else if (config.asr === 'soundswallower') {
    const offline = new SoundswallowerAsr();
    // Off the event loop and not awaited: the first callers find the module loaded and two decoders ready.
    offline.warmUp(2).catch((error: unknown) => logger.warn('offline speech recognition could not warm up', { error: error instanceof Error ? error.message : String(error) }));
    asrByLocale = (locale) => (offline.locales.includes(locale) ? offline : undefined);
  } else {
    asrByLocale = () => undefined;
  }
  const fixed = scripts.locales.flatMap((locale) => scripts.promptIds().filter((id) => scripts.variablesOf(locale, id).length === 0).map((id) => ({ locale, text: scripts.render(locale, id, {}, { currency: 'USD' }).text })));
  await tts.preload(fixed);
  logger.info('prompts synthesized ahead of calls', { count: fixed.length });
  return {
    asr: asrByLocale,
    tts,
    close: async () => {
      await Promise.all(releases.map((release) => release().catch(() => undefined)));
    },
  };
}
