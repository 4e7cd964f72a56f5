export type { AsrHints, AsrListener, AsrProvider, AsrResult, AsrStream } from './asr.js';
export { EN_US_INTENT_PHRASES } from './en-us-intent-phrases.js';
export { MAX_HINT_PHRASES, buildJsgfGrammar, listGrammarWords, normalizeHintPhrase, spellNumber } from './jsgf-grammar.js';
export type { JsgfGrammarOptions } from './jsgf-grammar.js';
export { SoundswallowerAsr } from './soundswallower-asr.js';
export type { SoundswallowerAsrOptions, SoundswallowerStats } from './soundswallower-asr.js';
export { GoogleSpeechAsr } from './google-speech-asr.js';
export type { GoogleSpeechAsrOptions, GoogleSpeechClientOptions } from './google-speech-asr.js';
