// @ts-check
/**
 * The caller's audio, encoded once: base64 μ-law 20 ms frames (160 bytes) of quiet line noise and
 * of a few spoken answers. The answers are synthesized offline with espeak-ng (an optional
 * dependency) so the offline recognizer decodes speech, not a test tone; without espeak-ng they
 * fall back to a loud two-tone signal the energy VAD also takes for a voice.
 */
import { pcmToMulaw, resample } from '../../dist/src/audio/index.js';

const SAMPLE_RATE_HZ = 8000;
const FRAME_SAMPLES = 160;
/** Distinct quiet frames; a call cycles through them. */
const QUIET_FRAMES = 50;
/** What the caller says (matching the ScriptedAsr script the zero-cost server uses). */
const ANSWERS = ['yes speaking', 'how much do i owe', 'who is calling', 'yes that is right'];
/** Line noise mixed into speech too: telephone audio is never digital silence (about -60 dBFS). */
const NOISE_AMPLITUDE = 30;

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

/** @param {Int16Array} samples @param {number} seed */
function addNoise(samples, seed) {
  const out = new Int16Array(samples.length);
  let state = seed;
  for (let i = 0; i < samples.length; i += 1) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    out[i] = Math.max(-32768, Math.min(32767, (samples[i] ?? 0) + (state % (2 * NOISE_AMPLITUDE + 1)) - NOISE_AMPLITUDE));
  }
  return out;
}

/** @param {number} ms */
function twoTone(ms) {
  const samples = new Int16Array((ms * SAMPLE_RATE_HZ) / 1000);
  for (let i = 0; i < samples.length; i += 1) {
    const t = i / SAMPLE_RATE_HZ;
    const envelope = 0.6 + 0.4 * Math.sin(2 * Math.PI * 4 * t);
    samples[i] = Math.round(envelope * (6000 * Math.sin(2 * Math.PI * 220 * t) + 2000 * Math.sin(2 * Math.PI * 710 * t)));
  }
  return samples;
}

/**
 * Synthesizes the answers (espeak-ng when installed) and the line noise, as base64 frames.
 * @returns {Promise<{ quiet: string[], answers: string[][], source: string }>}
 */
export async function loadCallerAudio() {
  const quiet = toBase64Frames(addNoise(new Int16Array(QUIET_FRAMES * FRAME_SAMPLES), 12345));
  try {
    const { EspeakTts } = await import('../../dist/src/providers/tts/espeak-tts.js');
    const voice = new EspeakTts({ workers: 1 });
    const answers = [];
    try {
      for (const [index, text] of ANSWERS.entries()) {
        const audio = await voice.synthesize({ text, locale: 'en-US' });
        answers.push(toBase64Frames(addNoise(resample(audio.samples, audio.sampleRateHz, SAMPLE_RATE_HZ), 777 + index)));
      }
    } finally {
      // Its worker thread would sit idle in the load generator for the whole run.
      await voice.close();
    }
    return { quiet, answers, source: 'espeak-ng speech' };
  } catch {
    return { quiet, answers: [600, 800, 1000].map((ms, index) => toBase64Frames(addNoise(twoTone(ms), 777 + index))), source: 'two-tone signal (espeak-ng not installed)' };
  }
}
