import fc from 'fast-check';
import { audioPayload, renderAudio, type AudioPayload } from './audio-payload.js';
import { HOSTILE_SAMPLE_RATES_HZ, type WireFrame } from './frame-mutation.js';
import { dtmfDigit, jsonMessage, markName } from './frame-values.js';
import type { ProviderFuzzModel, StreamContext } from './fuzz-plan.js';

/** A Plivo audio-stream frame (spec §3), as data. */
export type PlivoTemplate =
  | { readonly event: 'start'; readonly encoding: string; readonly sampleRate: number }
  | { readonly event: 'media'; readonly track: 'inbound' | 'outbound'; readonly audio: AudioPayload }
  | { readonly event: 'dtmf'; readonly digit: string }
  | { readonly event: 'playedStream'; readonly name: string }
  | { readonly event: 'clearedAudio' };

const EXTRA_HEADERS = 'debtorRef=d1001;attempt=2';
/** Plivo's media timestamps are wall-clock epoch milliseconds. */
const FIRST_TIMESTAMP_MS = 1_773_241_200_000;

const validStart: PlivoTemplate = { event: 'start', encoding: 'audio/x-mulaw', sampleRate: 8000 };

const start: fc.Arbitrary<PlivoTemplate> = fc.oneof(
  { arbitrary: fc.constant(validStart), weight: 3 },
  { arbitrary: fc.record({ event: fc.constant('start' as const), encoding: fc.constant('audio/x-l16'), sampleRate: fc.constantFrom(8000, 16_000) }), weight: 2 },
  { arbitrary: fc.record({ event: fc.constant('start' as const), encoding: fc.constantFrom('audio/x-mulaw', 'audio/x-l16', 'audio/x-alaw', 'audio/x-mulaw;rate=8000', ''), sampleRate: fc.constantFrom(...HOSTILE_SAMPLE_RATES_HZ) }), weight: 1 },
);

const frame: fc.Arbitrary<PlivoTemplate> = fc.oneof(
  { arbitrary: start, weight: 1 },
  { arbitrary: fc.record({ event: fc.constant('media' as const), track: fc.constantFrom('inbound' as const, 'inbound' as const, 'outbound' as const), audio: audioPayload([160, 320, 640]) }), weight: 12 },
  { arbitrary: fc.record({ event: fc.constant('dtmf' as const), digit: dtmfDigit }), weight: 2 },
  { arbitrary: fc.record({ event: fc.constant('playedStream' as const), name: markName }), weight: 2 },
  { arbitrary: fc.constant({ event: 'clearedAudio' as const }), weight: 1 },
);

function render(template: PlivoTemplate, context: StreamContext): WireFrame {
  const sequenceNumber = context.sequence++;
  switch (template.event) {
    case 'start':
      context.encoding = template.encoding === 'audio/x-l16' ? 'l16le' : 'mulaw';
      return {
        json: {
          event: 'start',
          sequenceNumber,
          start: { callId: context.callId, streamId: context.streamId, accountId: 'MAODU4ZTM5MDQ0ZDY3NG', tracks: ['inbound'], mediaFormat: { encoding: template.encoding, sampleRate: template.sampleRate } },
          extra_headers: EXTRA_HEADERS,
        },
      };
    case 'media': {
      context.chunk += 1;
      const payload = Buffer.from(renderAudio(template.audio, context.encoding)).toString('base64');
      const timestamp = String(FIRST_TIMESTAMP_MS + context.chunk * 20);
      return { json: { event: 'media', sequenceNumber, streamId: context.streamId, media: { track: template.track, timestamp, chunk: context.chunk, payload }, extra_headers: EXTRA_HEADERS } };
    }
    case 'dtmf':
      return { json: { event: 'dtmf', sequenceNumber, streamId: context.streamId, dtmf: { track: 'inbound', digit: template.digit, timestamp: String(FIRST_TIMESTAMP_MS) } } };
    case 'playedStream':
      return { json: { event: 'playedStream', sequenceNumber, streamId: context.streamId, name: template.name } };
    case 'clearedAudio':
      return { json: { event: 'clearedAudio', sequenceNumber, streamId: context.streamId } };
  }
}

/** Plivo: `checkpoint` is answered `playedStream` (played at once), `clearAudio` with `clearedAudio`. */
function answer(data: Buffer, isBinary: boolean, context: StreamContext): WireFrame | undefined {
  const message = jsonMessage(data, isBinary);
  const name = message?.['name'];
  if (message?.['event'] === 'checkpoint' && typeof name === 'string') return render({ event: 'playedStream', name }, context);
  if (message?.['event'] === 'clearAudio') return render({ event: 'clearedAudio' }, context);
  return undefined;
}

/** Plivo audio streams for the fuzzer. */
export const plivoFuzz: ProviderFuzzModel<PlivoTemplate> = {
  provider: 'plivo',
  tokenIn: 'url',
  opening: start.map((first) => [first]),
  validStart,
  frame,
  render,
  answer,
};
