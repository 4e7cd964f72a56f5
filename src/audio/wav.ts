import type { PcmAudio } from './audio-format.js';
import { pcm16FromBytes, pcm16ToBytes } from './pcm.js';

const WAVE_FORMAT_PCM = 0x0001;
/** WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID. */
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;
const HEADER_BYTES = 44;

function fourCc(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(bytes[offset] ?? 0, bytes[offset + 1] ?? 0, bytes[offset + 2] ?? 0, bytes[offset + 3] ?? 0);
}

interface WavFormat {
  readonly formatTag: number;
  readonly channels: number;
  readonly sampleRateHz: number;
  readonly bitsPerSample: number;
}

function readFormat(view: DataView, offset: number, size: number): WavFormat {
  if (size < 16) throw new Error(`WAV fmt chunk is ${size} bytes; at least 16 are needed`);
  let formatTag = view.getUint16(offset, true);
  if (formatTag === WAVE_FORMAT_EXTENSIBLE) {
    if (size < 40) throw new Error(`WAV extensible fmt chunk is ${size} bytes; 40 are needed`);
    formatTag = view.getUint16(offset + 24, true);
  }
  return { formatTag, channels: view.getUint16(offset + 2, true), sampleRateHz: view.getUint32(offset + 4, true), bitsPerSample: view.getUint16(offset + 14, true) };
}

/**
 * Parses a RIFF/WAVE file of 16-bit mono PCM; any other layout throws an Error saying what it is.
 * A data chunk that claims more bytes than the file holds (as streaming writers leave it) is read
 * up to the end of the file.
 */
export function parseWav(bytes: Uint8Array): PcmAudio {
  if (bytes.length < 12 || fourCc(bytes, 0) !== 'RIFF' || fourCc(bytes, 8) !== 'WAVE') throw new Error('Not a WAV file: the RIFF/WAVE header is missing');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format: WavFormat | undefined;
  let data: Uint8Array | undefined;
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const id = fourCc(bytes, offset);
    const size = view.getUint32(offset + 4, true);
    const body = offset + 8;
    if (id === 'fmt ') {
      if (body + size > bytes.length) throw new Error('WAV fmt chunk is truncated');
      format = readFormat(view, body, size);
    } else if (id === 'data' && data === undefined) {
      const available = Math.min(size, bytes.length - body);
      // A streamed file cut mid-sample keeps its whole samples.
      data = bytes.subarray(body, body + (size > available ? available - (available % 2) : available));
    }
    // Chunks are padded to an even length.
    offset = body + size + (size % 2);
  }
  if (format === undefined) throw new Error('WAV file has no fmt chunk');
  if (format.formatTag !== WAVE_FORMAT_PCM) throw new Error(`WAV format ${format.formatTag} is not supported; only PCM (1) is`);
  if (format.bitsPerSample !== 16) throw new Error(`WAV has ${format.bitsPerSample}-bit samples; only 16-bit is supported`);
  if (format.channels !== 1) throw new Error(`WAV has ${format.channels} channels; only mono is supported`);
  if (format.sampleRateHz === 0) throw new Error('WAV sample rate is 0');
  if (data === undefined) throw new Error('WAV file has no data chunk');
  if (data.length % 2 !== 0) throw new Error(`WAV data chunk has an odd length of ${data.length} bytes`);
  return { samples: pcm16FromBytes(data, 'le'), sampleRateHz: format.sampleRateHz };
}

/** Encodes 16-bit mono PCM as a canonical 44-byte-header WAV file. */
export function encodeWav(audio: PcmAudio): Uint8Array {
  const dataBytes = audio.samples.length * 2;
  const bytes = new Uint8Array(HEADER_BYTES + dataBytes);
  const view = new DataView(bytes.buffer);
  const writeFourCc = (offset: number, text: string): void => {
    for (let i = 0; i < 4; i += 1) bytes[offset + i] = text.charCodeAt(i);
  };
  writeFourCc(0, 'RIFF');
  view.setUint32(4, HEADER_BYTES - 8 + dataBytes, true);
  writeFourCc(8, 'WAVE');
  writeFourCc(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, WAVE_FORMAT_PCM, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, audio.sampleRateHz, true);
  view.setUint32(28, audio.sampleRateHz * 2, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  writeFourCc(36, 'data');
  view.setUint32(40, dataBytes, true);
  bytes.set(pcm16ToBytes(audio.samples, 'le'), HEADER_BYTES);
  return bytes;
}
