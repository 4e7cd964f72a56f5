import fc from 'fast-check';
import { audioPayload, renderAudio, type AudioPayload } from './audio-payload.js';
import type { WireFrame } from './frame-mutation.js';
import { dtmfDigit, jsonMessage, markName, nameIn } from './frame-values.js';
import type { ProviderFuzzModel, StreamContext } from './fuzz-plan.js';

/** A Vonage Voice API WebSocket frame (spec §4), as data: JSON text events and binary L16 audio. */
export type VonageTemplate =
  | { readonly event: 'websocket:connected'; readonly contentType: string }
  | { readonly event: 'audio'; readonly audio: AudioPayload }
  | { readonly event: 'websocket:dtmf'; readonly digit: string; readonly durationMs: number | string }
  | { readonly event: 'websocket:notify'; readonly name: string }
  | { readonly event: 'websocket:cleared' };

const validConnected: VonageTemplate = { event: 'websocket:connected', contentType: 'audio/l16;rate=16000' };

const connected: fc.Arbitrary<VonageTemplate> = fc.oneof(
  { arbitrary: fc.constant(validConnected), weight: 3 },
  {
    arbitrary: fc.record({
      event: fc.constant('websocket:connected' as const),
      contentType: fc.constantFrom('audio/l16;rate=8000', 'audio/l16; rate=16000', 'audio/L16;rate=24000', 'audio/l16;rate=0', 'audio/l16;rate=999999999999999', 'audio/l16;rate=-16000', 'audio/pcmu', 'audio/l16', ''),
    }),
    weight: 1,
  },
);

const frame: fc.Arbitrary<VonageTemplate> = fc.oneof(
  { arbitrary: connected, weight: 1 },
  { arbitrary: fc.record({ event: fc.constant('audio' as const), audio: audioPayload([640, 640, 320]) }), weight: 12 },
  { arbitrary: fc.record({ event: fc.constant('websocket:dtmf' as const), digit: dtmfDigit, durationMs: fc.constantFrom<number | string>(260, 0, '100', -5, 1e15) }), weight: 2 },
  { arbitrary: fc.record({ event: fc.constant('websocket:notify' as const), name: markName }), weight: 2 },
  { arbitrary: fc.constant({ event: 'websocket:cleared' as const }), weight: 1 },
);

function render(template: VonageTemplate, _context: StreamContext): WireFrame {
  switch (template.event) {
    case 'websocket:connected':
      // The NCCO `headers` arrive flattened at the top level.
      return { json: { event: 'websocket:connected', 'content-type': template.contentType, callerId: '447700900123', debtorRef: 'd1001' } };
    case 'audio':
      return { bytes: renderAudio(template.audio, 'l16le') };
    case 'websocket:dtmf':
      return { json: { event: 'websocket:dtmf', digit: template.digit, duration: template.durationMs } };
    case 'websocket:notify':
      return { json: { event: 'websocket:notify', payload: { name: template.name } } };
    case 'websocket:cleared':
      return { json: { event: 'websocket:cleared' } };
  }
}

/** Vonage: `notify` is answered `websocket:notify` with its payload, `clear` with `websocket:cleared`. */
function answer(data: Buffer, isBinary: boolean, context: StreamContext): WireFrame | undefined {
  const message = jsonMessage(data, isBinary);
  const name = message?.['action'] === 'notify' ? nameIn(message, 'payload') : undefined;
  if (name !== undefined) return render({ event: 'websocket:notify', name }, context);
  if (message?.['action'] === 'clear') return render({ event: 'websocket:cleared' }, context);
  return undefined;
}

/** The Vonage Voice API WebSocket for the fuzzer. */
export const vonageFuzz: ProviderFuzzModel<VonageTemplate> = {
  provider: 'vonage',
  tokenIn: 'url',
  opening: connected.map((first) => [first]),
  validStart: validConnected,
  frame,
  render,
  answer,
};
