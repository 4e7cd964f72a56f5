/**
 * Audio for telephone calls: G.711 codecs, PCM byte order, resampling, voice activity and DTMF
 * detection, tone generation, WAV files, real-time frame pacing, and the voice features (level,
 * pitch) of an utterance.
 */
export { MULAW_8K, type AudioEncoding, type AudioFormat, type PcmAudio } from './audio-format.js';
export { alawToPcm, mulawToPcm, pcmToAlaw, pcmToMulaw } from './g711.js';
export { decodeAudio, encodeAudio, pcm16FromBytes, pcm16ToBytes } from './pcm.js';
export { Resampler, resample, type ResamplerOptions } from './resampler.js';
export type { Vad, VadDecision } from './vad.js';
export { DEFAULT_ENERGY_VAD_OPTIONS, EnergyVad, type EnergyVadOptions } from './energy-vad.js';
export { DtmfDetector, type DtmfDetectorOptions } from './dtmf-detector.js';
export { DTMF_FREQUENCIES_HZ, HOLD_PATTERN_MS, generateDtmf, generateHoldPattern, generateSilence, generateTone, type DtmfToneOptions } from './tone-generator.js';
export { encodeWav, parseWav } from './wav.js';
export { FramePacer, joinFrames, splitIntoFrames, type FramePacerOptions } from './frame-pacer.js';
export { DEFAULT_VOICE_FEATURE_OPTIONS, VoiceFeatureMeter, estimatePitchHz, type VoiceFeatureOptions, type VoiceFeatures } from './voice-features.js';
