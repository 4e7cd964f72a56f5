import { describe, expect, it } from 'vitest';
import { encodeWav, parseWav } from '../../src/audio/wav.js';

/** Builds a RIFF/WAVE file from chunks, each given as id and body. */
function riff(chunks: readonly (readonly [string, Uint8Array])[], riffSize?: number): Uint8Array {
  const parts: number[] = [];
  for (const [id, body] of chunks) {
    parts.push(...Array.from(id, (c) => c.charCodeAt(0)), body.length & 0xff, (body.length >> 8) & 0xff, (body.length >> 16) & 0xff, body.length >>> 24);
    parts.push(...body);
    if (body.length % 2 === 1) parts.push(0);
  }
  const size = riffSize ?? parts.length + 4;
  return Uint8Array.from([0x52, 0x49, 0x46, 0x46, size & 0xff, (size >> 8) & 0xff, (size >> 16) & 0xff, size >>> 24, 0x57, 0x41, 0x56, 0x45, ...parts]);
}

function fmt(formatTag: number, channels: number, sampleRateHz: number, bitsPerSample: number): Uint8Array {
  const body = new Uint8Array(16);
  const view = new DataView(body.buffer);
  view.setUint16(0, formatTag, true);
  view.setUint16(2, channels, true);
  view.setUint32(4, sampleRateHz, true);
  view.setUint32(8, (sampleRateHz * channels * bitsPerSample) / 8, true);
  view.setUint16(12, (channels * bitsPerSample) / 8, true);
  view.setUint16(14, bitsPerSample, true);
  return body;
}

const SAMPLES = Int16Array.from([0, 1, -1, 32767, -32768, 1234]);
const DATA = Uint8Array.from([0x00, 0x00, 0x01, 0x00, 0xff, 0xff, 0xff, 0x7f, 0x00, 0x80, 0xd2, 0x04]);

describe('WAV', () => {
  it('round-trips 16-bit mono PCM', () => {
    const bytes = encodeWav({ samples: SAMPLES, sampleRateHz: 22050 });
    expect(bytes.length).toBe(44 + 12);
    const audio = parseWav(bytes);
    expect(audio.sampleRateHz).toBe(22050);
    expect(Array.from(audio.samples)).toEqual(Array.from(SAMPLES));
  });

  it('writes the canonical 44-byte header', () => {
    const bytes = encodeWav({ samples: SAMPLES, sampleRateHz: 8000 });
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('RIFF');
    expect(Array.from(bytes.subarray(4, 8))).toEqual([48, 0, 0, 0]);
    expect(Array.from(bytes.subarray(20, 36))).toEqual(Array.from(fmt(1, 1, 8000, 16)));
    expect(Array.from(bytes.subarray(44))).toEqual(Array.from(DATA));
  });

  it('skips other chunks, including odd-sized ones with their pad byte', () => {
    const bytes = riff([['LIST', Uint8Array.from([1, 2, 3])], ['fmt ', fmt(1, 1, 16000, 16)], ['data', DATA]]);
    expect(Array.from(parseWav(bytes).samples)).toEqual(Array.from(SAMPLES));
  });

  it('accepts WAVE_FORMAT_EXTENSIBLE with a PCM sub-format', () => {
    const extensible = new Uint8Array(40);
    extensible.set(fmt(0xfffe, 1, 8000, 16));
    extensible.set([22, 0, 16, 0, 4, 0, 0, 0, 0x01, 0x00], 16);
    expect(parseWav(riff([['fmt ', extensible], ['data', DATA]])).sampleRateHz).toBe(8000);
  });

  it('reads a streamed file whose data chunk claims more bytes than it has', () => {
    const bytes = riff([['fmt ', fmt(1, 1, 22050, 16)], ['data', DATA]]);
    const view = new DataView(bytes.buffer);
    view.setUint32(40, 0x7ffff000, true);
    expect(Array.from(parseWav(bytes.subarray(0, bytes.length - 1)).samples)).toEqual(Array.from(SAMPLES.subarray(0, 5)));
  });

  it('explains what is wrong with anything but 16-bit mono PCM', () => {
    expect(() => parseWav(new Uint8Array(10))).toThrow(/RIFF\/WAVE/);
    expect(() => parseWav(riff([['fmt ', fmt(1, 2, 8000, 16)], ['data', DATA]]))).toThrow(/2 channels/);
    expect(() => parseWav(riff([['fmt ', fmt(1, 1, 8000, 8)], ['data', DATA]]))).toThrow(/8-bit/);
    expect(() => parseWav(riff([['fmt ', fmt(3, 1, 8000, 32)], ['data', DATA]]))).toThrow(/format 3/);
    expect(() => parseWav(riff([['fmt ', fmt(7, 1, 8000, 8)], ['data', DATA]]))).toThrow(/format 7/);
    expect(() => parseWav(riff([['data', DATA]]))).toThrow(/no fmt chunk/);
    expect(() => parseWav(riff([['fmt ', fmt(1, 1, 8000, 16)]]))).toThrow(/no data chunk/);
    expect(() => parseWav(riff([['fmt ', fmt(1, 1, 8000, 16)], ['data', DATA.subarray(0, 3)]]))).toThrow(/odd length of 3 bytes/);
  });
});
