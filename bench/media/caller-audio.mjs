// @ts-check
/**
 * The caller's audio, encoded once: base64 μ-law 20 ms frames (160 bytes) of quiet line noise and
 * of "speech" (a loud two-tone signal the energy VAD takes for a voice, as in the server tests).
 */
import { pcmToMulaw } from '../../dist/src/audio/index.js';

const SAMPLE_RATE_HZ = 8000;
const FRAME_SAMPLES = 160;
/** Distinct frames of each kind; a call cycles through them. */
const QUIET_FRAMES = 50;
const SPEECH_FRAMES = 50;

/**
 * @param {Int16Array} samples
 * @returns {string[]}
 */
function toBase64Frames(samples) {
  const mulaw = pcmToMulaw(samples);
  const frames = [];
  for (let offset = 0; offset + FRAME_SAMPLES <= mulaw.length; offset += FRAME_SAMPLES) {
    frames.push(Buffer.from(mulaw.subarray(offset, offset + FRAME_SAMPLES)).toString('base64'));
  }
  return frames;
}

function quietNoise() {
  // Telephone audio is never digital silence: a faint noise floor, about -60 dBFS.
  const samples = new Int16Array(QUIET_FRAMES * FRAME_SAMPLES);
  let seed = 12345;
  for (let i = 0; i < samples.length; i += 1) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    samples[i] = (seed % 61) - 30;
  }
  return samples;
}

function speechLike() {
  const samples = new Int16Array(SPEECH_FRAMES * FRAME_SAMPLES);
  for (let i = 0; i < samples.length; i += 1) {
    const t = i / SAMPLE_RATE_HZ;
    // A 4 Hz syllable envelope so it is not a steady tone.
    const envelope = 0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t);
    samples[i] = Math.round(envelope * (6000 * Math.sin(2 * Math.PI * 220 * t) + 2000 * Math.sin(2 * Math.PI * 710 * t)));
  }
  return samples;
}

/** Base64 payloads of quiet 20 ms frames. */
export const QUIET_PAYLOADS = toBase64Frames(quietNoise());
/** Base64 payloads of speech-like 20 ms frames, in order. */
export const SPEECH_PAYLOADS = toBase64Frames(speechLike());
