import fc from 'fast-check';
import { pcmToAlaw, pcmToMulaw } from '../../../src/audio/g711.js';

/** How audio bytes are encoded on a provider's wire. */
export type WireEncoding = 'mulaw' | 'alaw' | 'l16le' | 'l16be';

/**
 * An audio payload, described rather than held: silence, a loud two-tone sound the VAD takes for
 * speech, noise, or a byte ramp, `sizeBytes` long (mostly one 20 ms frame, sometimes any size).
 */
export interface AudioPayload {
  readonly shape: 'silence' | 'speech' | 'noise' | 'ramp';
  readonly sizeBytes: number;
  readonly seed: number;
}

/** An arbitrary audio payload; `frameBytes` are the provider's usual 20 ms sizes. */
export function audioPayload(frameBytes: readonly number[]): fc.Arbitrary<AudioPayload> {
  return fc.record({
    shape: fc.constantFrom('silence' as const, 'speech' as const, 'speech' as const, 'noise' as const, 'ramp' as const),
    sizeBytes: fc.oneof(
      { arbitrary: fc.constantFrom(...frameBytes), weight: 8 },
      { arbitrary: fc.constantFrom(0, 1, 2, 159, 161, 319, 321, 639, 641, 1600, 3200), weight: 1 },
      { arbitrary: fc.integer({ min: 0, max: 4000 }), weight: 1 },
    ),
    seed: fc.nat(),
  });
}

function pcmOf(payload: AudioPayload, samples: number): Int16Array {
  const pcm = new Int16Array(samples);
  let state = payload.seed | 1;
  for (let i = 0; i < samples; i += 1) {
    if (payload.shape === 'speech') pcm[i] = Math.round(6000 * Math.sin((2 * Math.PI * 220 * i) / 8000) + 2000 * Math.sin((2 * Math.PI * 710 * i) / 8000));
    else if (payload.shape === 'noise') {
      // xorshift: noise that is the same for the same seed
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      pcm[i] = (state % 20_000) | 0;
    } else if (payload.shape === 'silence') pcm[i] = ((i * 7919) % 13) - 6;
  }
  return pcm;
}

/** The payload's bytes in `encoding`, exactly `sizeBytes` long. */
export function renderAudio(payload: AudioPayload, encoding: WireEncoding): Uint8Array {
  if (payload.shape === 'ramp') return Uint8Array.from({ length: payload.sizeBytes }, (_, index) => (payload.seed + index) % 256);
  const bytesPerSample = encoding === 'l16le' || encoding === 'l16be' ? 2 : 1;
  const pcm = pcmOf(payload, Math.ceil(payload.sizeBytes / bytesPerSample));
  let bytes: Uint8Array;
  if (encoding === 'mulaw') bytes = pcmToMulaw(pcm);
  else if (encoding === 'alaw') bytes = pcmToAlaw(pcm);
  else {
    const view = Buffer.alloc(pcm.length * 2);
    pcm.forEach((sample, index) => (encoding === 'l16le' ? view.writeInt16LE(sample, index * 2) : view.writeInt16BE(sample, index * 2)));
    bytes = view;
  }
  return bytes.subarray(0, payload.sizeBytes);
}
