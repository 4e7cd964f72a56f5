import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { mulawToPcm, pcmToMulaw } from '../../../src/audio/g711.js';
import { resample } from '../../../src/audio/resampler.js';
import { parseWav } from '../../../src/audio/wav.js';

/** Synthesizes one en-US sentence as 8 kHz telephone-quality samples. */
export type SpeakOnPhone = (text: string) => Promise<Int16Array>;

const PADDING_SAMPLES = 2400; // 0.3 s at 8 kHz
const NOISE_PEAK = 30; // about -60 dBFS: a quiet line, not digital silence

/**
 * Loads the optional espeak-ng package (untyped) with its WASM read once, or undefined when it
 * is not installed. Each sentence goes 22 050 Hz → 8 kHz → μ-law and back, then gets a faint noise
 * floor and 0.3 s of padding on both sides, like an answer heard on a phone line.
 */
export async function loadPhoneSpeech(): Promise<SpeakOnPhone | undefined> {
  // A specifier held in a variable keeps the type checker from demanding the package's types.
  const specifier = 'espeak-ng';
  const loaded: unknown = await import(specifier).catch(() => undefined);
  if (typeof loaded !== 'object' || loaded === null || !('default' in loaded) || typeof loaded.default !== 'function') return undefined;
  const factory = loaded.default;
  const wasmPath = join(dirname(createRequire(import.meta.url).resolve(specifier)), 'espeak-ng.wasm');
  // Read once: each synthesis instantiates a fresh module (measured 110 ms a phrase, 170 ms without).
  const wasmBinary = readFileSync(wasmPath);
  let seed = 12345;
  return async (text) => {
    const engine: unknown = await Reflect.apply(factory, undefined, [{ arguments: ['-v', 'en-us', '-w', '/o.wav', text], wasmBinary }]);
    if (typeof engine !== 'object' || engine === null || !('FS' in engine) || typeof engine.FS !== 'object' || engine.FS === null || !('readFile' in engine.FS)) throw new Error('espeak-ng module has no FS');
    const fs = engine.FS;
    const readFile = fs.readFile;
    if (typeof readFile !== 'function') throw new Error('espeak-ng FS has no readFile');
    const bytes: unknown = readFile.call(fs, '/o.wav');
    if (!(bytes instanceof Uint8Array)) throw new Error('espeak-ng did not return bytes');
    const wav = parseWav(bytes);
    const phone = mulawToPcm(pcmToMulaw(resample(wav.samples, wav.sampleRateHz, 8000)));
    const out = new Int16Array(phone.length + 2 * PADDING_SAMPLES);
    out.set(phone, PADDING_SAMPLES);
    for (let i = 0; i < out.length; i += 1) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const noise = Math.round((seed / 4294967296 - 0.5) * 2 * NOISE_PEAK);
      out[i] = Math.max(-32768, Math.min(32767, (out[i] ?? 0) + noise));
    }
    return out;
  };
}
