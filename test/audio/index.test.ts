import { expect, it } from 'vitest';
import * as audio from '../../src/audio/index.js';

it('offers every audio export from the folder index', () => {
  expect(Object.keys(audio).sort()).toEqual(
    [
      'DEFAULT_ENERGY_VAD_OPTIONS', 'DTMF_FREQUENCIES_HZ', 'DtmfDetector', 'EnergyVad', 'FramePacer', 'MULAW_8K', 'Resampler',
      'alawToPcm', 'decodeAudio', 'encodeAudio', 'encodeWav', 'generateDtmf', 'generateSilence', 'generateTone', 'joinFrames', 'mulawToPcm',
      'HOLD_PATTERN_MS', 'generateHoldPattern',
      'parseWav', 'pcm16FromBytes', 'pcm16ToBytes', 'pcmToAlaw', 'pcmToMulaw', 'resample', 'splitIntoFrames',
      'DEFAULT_VOICE_FEATURE_OPTIONS', 'VoiceFeatureMeter', 'estimatePitchHz',
    ].sort(),
  );
});
