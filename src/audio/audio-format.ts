/** How audio bytes on a wire are encoded. */
export type AudioEncoding = 'mulaw' | 'alaw' | 'l16';

/** The format of an audio stream: G.711 μ-law/A-law (8-bit) or 16-bit linear PCM. */
export interface AudioFormat {
  readonly encoding: AudioEncoding;
  readonly sampleRateHz: number;
  /** Byte order of L16 samples; RTP L16 is big-endian, most WebSocket providers send little-endian. */
  readonly byteOrder?: 'le' | 'be';
}

/** Audio as the pipeline works on it: mono 16-bit PCM samples at a known rate. */
export interface PcmAudio {
  readonly samples: Int16Array;
  readonly sampleRateHz: number;
}

/** G.711 μ-law at 8 kHz, the telephone default. */
export const MULAW_8K: AudioFormat = { encoding: 'mulaw', sampleRateHz: 8000 };
