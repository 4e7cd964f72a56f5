import { describe, expect, it } from 'vitest';
import { DtmfDetector } from '../../src/audio/dtmf-detector.js';
import { resample } from '../../src/audio/resampler.js';
import { generateDtmf, generateSilence } from '../../src/audio/tone-generator.js';
import { parseWav } from '../../src/audio/wav.js';
import { DTMF_FREQUENCIES_HZ } from '../../src/audio/tone-generator.js';
import { addNoise, chordProgression, concat, rms, seededRandom, syntheticVowel, toPcm, VOWEL_FORMANTS_HZ } from './signals.js';

const RATE_HZ = 8000;
const KEYS = '0123456789*#ABCD';

function key(digit: string, durationMs: number, sampleRateHz = RATE_HZ): Int16Array {
  return generateDtmf(digit, { sampleRateHz, durationMs, amplitude: 0.25 });
}

/** Runs a detector over a signal in 20 ms frames, as the media stream delivers it. */
function detect(signal: Int16Array, sampleRateHz = RATE_HZ): string[] {
  const detector = new DtmfDetector({ sampleRateHz });
  const frame = Math.round(sampleRateHz / 50);
  const digits: string[] = [];
  for (let offset = 0; offset < signal.length; offset += frame) digits.push(...detector.process(signal.subarray(offset, offset + frame)));
  return digits;
}

/** A sum of sines with the given frequencies, amplitudes (sample units) and start phases. */
function sines(components: readonly { hz: number; amplitude: number; phase?: number }[], durationMs: number): Int16Array {
  const length = Math.round((durationMs * RATE_HZ) / 1000);
  return toPcm(Array.from({ length }, (_, i) => components.reduce((sum, { hz, amplitude, phase = 0 }) => sum + amplitude * Math.sin((2 * Math.PI * hz * i) / RATE_HZ + phase), 0)));
}

/** A key press between two stretches of silence, with white noise `snrDb` below the key's level over all of it. */
function noisyPress(digit: string, durationMs: number, snrDb: number, seed: number): Int16Array {
  const tone = key(digit, durationMs);
  return addNoise(concat(generateSilence(150, RATE_HZ), tone, generateSilence(150, RATE_HZ)), snrDb, seed, rms(tone));
}

describe('DtmfDetector', () => {
  it('detects each of the 16 keys exactly once in white noise at 15 dB SNR', () => {
    for (const digit of KEYS) {
      for (let seed = 1; seed <= 3; seed += 1) expect(detect(noisyPress(digit, 80, 15, seed * 100 + digit.charCodeAt(0))), `key ${digit}`).toEqual([digit]);
    }
  });

  it('accepts every key with its tones off by ±1.5 % and at any relative phase', () => {
    const random = seededRandom(3);
    for (const digit of KEYS) {
      const [rowHz, columnHz] = DTMF_FREQUENCIES_HZ[digit] ?? [0, 0];
      for (const rowShift of [-0.015, 0.015]) {
        for (const columnShift of [-0.015, 0.015]) {
          const press = sines([
            { hz: rowHz * (1 + rowShift), amplitude: 7000, phase: 2 * Math.PI * random() },
            { hz: columnHz * (1 + columnShift), amplitude: 7000, phase: 2 * Math.PI * random() },
          ], 60);
          const lead = generateSilence(40 + Math.floor(random() * 20), RATE_HZ);
          expect(detect(concat(lead, press, generateSilence(100, RATE_HZ))), `key ${digit} shifted ${rowShift}/${columnShift}`).toEqual([digit]);
        }
      }
    }
  });

  it('rejects a key whose tones carry strong second harmonics', () => {
    // Key 1 (697 + 1209 Hz) with each tone's second harmonic 6 dB down, as a voice or instrument would have.
    const rowHarmonic = sines([{ hz: 697, amplitude: 7000 }, { hz: 1209, amplitude: 7000 }, { hz: 1394, amplitude: 3500 }], 200);
    const columnHarmonic = sines([{ hz: 697, amplitude: 7000 }, { hz: 1209, amplitude: 7000 }, { hz: 2418, amplitude: 3500 }], 200);
    expect(detect(rowHarmonic)).toEqual([]);
    expect(detect(columnHarmonic)).toEqual([]);
    expect(detect(sines([{ hz: 697, amplitude: 7000 }, { hz: 1209, amplitude: 7000 }, { hz: 2418, amplitude: 1000 }], 200))).toEqual(['1']);
  });

  it('reads "1 2 3" pressed 60 ms apart', () => {
    const gap = generateSilence(60, RATE_HZ);
    const signal = concat(gap, key('1', 70), gap, key('2', 70), gap, key('3', 70), gap);
    expect(detect(addNoise(signal, 20, 42, rms(key('1', 70))))).toEqual(['1', '2', '3']);
  });

  it('reports a key held for 500 ms once, and the same key again after a gap', () => {
    const held = addNoise(concat(generateSilence(100, RATE_HZ), key('5', 500), generateSilence(100, RATE_HZ)), 15, 7, rms(key('5', 500)));
    expect(detect(held)).toEqual(['5']);
    const twice = concat(key('5', 100), generateSilence(50, RATE_HZ), key('5', 100));
    expect(detect(twice)).toEqual(['5', '5']);
  });

  it('catches a 40 ms press at any alignment to its blocks, and never a 10 ms blip', () => {
    for (let offset = 0; offset < 102; offset += 3) {
      const lead = generateSilence(100, RATE_HZ).subarray(offset);
      expect(detect(concat(lead, key('9', 40), generateSilence(100, RATE_HZ))), `offset ${offset}`).toEqual(['9']);
      expect(detect(concat(lead, key('9', 10), generateSilence(100, RATE_HZ))), `offset ${offset}`).toEqual([]);
    }
  });

  it('finds keys split across process() calls of any size', () => {
    const signal = concat(key('#', 60), generateSilence(60, RATE_HZ), key('D', 60), generateSilence(60, RATE_HZ));
    for (const chunk of [1, 37, 102, 1000]) {
      const detector = new DtmfDetector({ sampleRateHz: RATE_HZ });
      const digits: string[] = [];
      for (let offset = 0; offset < signal.length; offset += chunk) digits.push(...detector.process(signal.subarray(offset, offset + chunk)));
      expect(digits, `chunks of ${chunk}`).toEqual(['#', 'D']);
    }
  });

  it('works at 16 kHz', () => {
    const signal = concat(key('7', 80, 16000), generateSilence(80, 16000), key('0', 80, 16000), generateSilence(80, 16000));
    expect(detect(signal, 16000)).toEqual(['7', '0']);
  });

  it('ignores keys too quiet to be real (-50 dBFS)', () => {
    const faint = generateDtmf('1', { sampleRateHz: RATE_HZ, durationMs: 200, amplitude: 0.003 });
    expect(detect(faint)).toEqual([]);
  });

  it('detects a key whose tones are just above the minimum level (−38 dBFS each), and none just below (−42 dBFS)', () => {
    const level = (db: number): number => 32768 * 10 ** (db / 20);
    const press = (db: number): Int16Array => concat(generateSilence(60, RATE_HZ), sines([{ hz: 852, amplitude: level(db) }, { hz: 1477, amplitude: level(db) }], 120), generateSilence(60, RATE_HZ));
    expect(detect(press(-38))).toEqual(['9']);
    expect(detect(press(-42))).toEqual([]);
  });

  it('ignores a single tone, and keys twisted beyond 8 dB (column weaker) or 4 dB (column stronger)', () => {
    expect(detect(sines([{ hz: 697, amplitude: 8000 }], 200))).toEqual([]);
    const twisted = (rowAmplitude: number, columnAmplitude: number): string[] => detect(sines([{ hz: 697, amplitude: rowAmplitude }, { hz: 1209, amplitude: columnAmplitude }], 200));
    expect(twisted(8000, 8000 * 10 ** (-7 / 20))).toEqual(['1']);
    expect(twisted(8000, 8000 * 10 ** (-9 / 20))).toEqual([]);
    expect(twisted(8000 * 10 ** (-3 / 20), 8000)).toEqual(['1']);
    expect(twisted(8000 * 10 ** (-5 / 20), 8000)).toEqual([]);
  });

  it('detects a key at the edge of every rule at once: column 7 dB weaker, in noise that leaves the tones 86 % of the energy', () => {
    // The column tone then holds about 14 % of each block, close to the least share a key can have
    // (the detector stops after the column filters below it). So near the twist limit, noise may
    // break the press into two; what matters here is that it is heard, and as nothing else.
    for (let seed = 1; seed <= 10; seed += 1) {
      const tone = sines([{ hz: 697, amplitude: 8000 }, { hz: 1209, amplitude: 8000 * 10 ** (-7 / 20) }], 200);
      const digits = detect(addNoise(tone, 8, seed, rms(tone)));
      expect(digits[0], `seed ${seed}`).toBe('1');
      expect(new Set(digits), `seed ${seed}`).toEqual(new Set(['1']));
    }
  });
});

describe('DtmfDetector talk-off', () => {
  it('stays silent on sung vowels with gliding pitch, including formants placed on key tones', () => {
    const detections: string[] = [];
    for (const formants of VOWEL_FORMANTS_HZ) {
      for (const pitchHz of [100, 120, 150, 180, 220]) detections.push(...detect(toPcm(syntheticVowel(formants, pitchHz, 2000, RATE_HZ, 16000))));
    }
    // 60 s of vowels in all.
    expect(detections).toEqual([]);
  });

  it('stays silent on organ-like chords whose notes sit near key tones', () => {
    // MIDI notes: F5 (698 Hz) and A♯5 (932 Hz) near the rows, F♯6 (1480 Hz) on a column.
    const chords = [[65, 69, 72], [77, 81, 84], [70, 74, 77], [66, 70, 73, 78], [72, 76, 79], [77, 90], [82, 86, 89], [65, 77, 90]];
    expect(detect(toPcm(chordProgression(chords, 1000, RATE_HZ, 16000)))).toEqual([]);
  });
});

interface EspeakModule {
  readonly FS: { readFile(path: string): Uint8Array };
}
type Espeak = (options: { arguments: string[] }) => Promise<EspeakModule>;

/** Loads the optional espeak-ng package (untyped), checking the shape this test relies on. */
async function loadEspeak(): Promise<Espeak | undefined> {
  // A specifier held in a variable keeps the type checker from demanding the package's types.
  const specifier = 'espeak-ng';
  const loaded: unknown = await import(specifier).catch(() => undefined);
  if (typeof loaded !== 'object' || loaded === null || !('default' in loaded) || typeof loaded.default !== 'function') return undefined;
  const factory = loaded.default;
  return async (options) => {
    const engine: unknown = await Reflect.apply(factory, undefined, [options]);
    if (typeof engine !== 'object' || engine === null || !('FS' in engine) || typeof engine.FS !== 'object' || engine.FS === null || !('readFile' in engine.FS)) throw new Error('espeak-ng module has no FS');
    const fs = engine.FS;
    const readFile = fs.readFile;
    if (typeof readFile !== 'function') throw new Error('espeak-ng FS has no readFile');
    return {
      FS: {
        readFile: (path) => {
          const bytes: unknown = readFile.call(fs, path);
          if (!(bytes instanceof Uint8Array)) throw new Error('espeak-ng did not return bytes');
          return bytes;
        },
      },
    };
  };
}

const espeak = await loadEspeak();

describe.skipIf(espeak === undefined)('DtmfDetector talk-off on synthesized speech (espeak-ng)', () => {
  const sentences = [
    ['en-us', 'Hello, this is a reminder about your account. Please call us back at your earliest convenience; we can offer a payment plan that fits your budget.'],
    ['cmn', '您好，这里是还款提醒。请您尽快联系我们，我们可以为您提供分期付款方案。'],
  ] as const;

  for (const [voice, text] of sentences) {
    it(`stays silent on a ${voice} sentence resampled to 8 kHz`, async () => {
      if (espeak === undefined) return;
      const engine = await espeak({ arguments: ['-v', voice, '-w', '/speech.wav', text] });
      const speech = parseWav(engine.FS.readFile('/speech.wav'));
      expect(speech.sampleRateHz).toBe(22050);
      const telephone = resample(speech.samples, speech.sampleRateHz, RATE_HZ);
      expect(telephone.length / RATE_HZ).toBeGreaterThan(4);
      expect(detect(telephone)).toEqual([]);
    });
  }
});
