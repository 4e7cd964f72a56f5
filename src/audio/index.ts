/**
 * Audio for telephone calls: G.711 codecs, PCM byte order, resampling, voice activity and DTMF
 * detection, tone generation, WAV files and real-time frame pacing.
 */
export { MULAW_8K, type AudioEncoding, type AudioFormat, type PcmAudio } from './audio-format.js';
export { alawToPcm, mulawToPcm, pcmToAlaw, pcmToMulaw } from './g711.js';
export { decodeAudio, encodeAudio, pcm16FromBytes, pcm16ToBytes } from './pcm.js';
export { Resampler, resample, type ResamplerOptions } from './resampler.js';
export type { Vad, VadDecision } from './vad.js';
export { DEFAULT_ENERGY_VAD_OPTIONS, EnergyVad, type EnergyVadOptions } from './energy-vad.js';
export { DtmfDetector, type DtmfDetectorOptions } from './dtmf-detector.js';
export { DTMF_FREQUENCIES_HZ, generateDtmf, generateSilence, generateTone, type DtmfToneOptions } from './tone-generator.js';
export { encodeWav, parseWav } from './wav.js';
export { FramePacer, joinFrames, splitIntoFrames, type FramePacerOptions } from './frame-pacer.js';
