import fc from 'fast-check';
import { audioPayload, renderAudio, type AudioPayload, type WireEncoding } from './audio-payload.js';
import { HOSTILE_CHANNELS, HOSTILE_SAMPLE_RATES_HZ, type WireFrame } from './frame-mutation.js';
import { dtmfDigit, jsonMessage, markName, nameIn } from './frame-values.js';
import type { ProviderFuzzModel, StreamContext } from './fuzz-plan.js';

/** A Telnyx media-streaming frame (spec §2), as data. */
export type TelnyxTemplate =
  | { readonly event: 'connected' }
  | { readonly event: 'start'; readonly encoding: string; readonly sampleRate: number | string; readonly channels: number | undefined }
  | { readonly event: 'media'; readonly track: 'inbound' | 'outbound'; readonly audio: AudioPayload }
  | { readonly event: 'dtmf'; readonly digit: string }
  | { readonly event: 'mark'; readonly name: string }
  | { readonly event: 'error'; readonly code: number | string; readonly title: string }
  | { readonly event: 'stop' };

const validStart: TelnyxTemplate = { event: 'start', encoding: 'PCMU', sampleRate: 8000, channels: 1 };

const start: fc.Arbitrary<TelnyxTemplate> = fc.oneof(
  { arbitrary: fc.constant(validStart), weight: 3 },
  { arbitrary: fc.record({ event: fc.constant('start' as const), encoding: fc.constant('PCMA'), sampleRate: fc.constant(8000), channels: fc.constant(1) }), weight: 1 },
  {
    arbitrary: fc.record({ event: fc.constant('start' as const), encoding: fc.constantFrom('L16', 'l16'), sampleRate: fc.constantFrom(8000, 16_000, 22_050, 24_000, 48_000), channels: fc.constantFrom(1, undefined) }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      event: fc.constant('start' as const),
      encoding: fc.constantFrom('PCMU', 'pcmu', 'PCMA', 'L16', 'OPUS', 'G722', 'AMR-WB', ''),
      sampleRate: fc.oneof(fc.constantFrom(...HOSTILE_SAMPLE_RATES_HZ), fc.constantFrom('8000', '16000', '999999999999999', '1e9', '-1', '')),
      channels: fc.constantFrom(1, undefined, ...HOSTILE_CHANNELS),
    }),
    weight: 2,
  },
);

const frame: fc.Arbitrary<TelnyxTemplate> = fc.oneof(
  { arbitrary: fc.constant({ event: 'connected' as const }), weight: 1 },
  { arbitrary: start, weight: 1 },
  { arbitrary: fc.record({ event: fc.constant('media' as const), track: fc.constantFrom('inbound' as const, 'inbound' as const, 'outbound' as const), audio: audioPayload([160, 320, 640]) }), weight: 12 },
  { arbitrary: fc.record({ event: fc.constant('dtmf' as const), digit: dtmfDigit }), weight: 2 },
  { arbitrary: fc.record({ event: fc.constant('mark' as const), name: markName }), weight: 2 },
  { arbitrary: fc.record({ event: fc.constant('error' as const), code: fc.constantFrom<number | string>(100002, 100003, 100004, 100005, '100003', -1), title: fc.constantFrom('malformed_frame', 'invalid_media', '') }), weight: 1 },
  { arbitrary: fc.constant({ event: 'stop' as const }), weight: 1 },
);

function encodingOf(name: string): WireEncoding {
  const upper = name.toUpperCase();
  return upper === 'PCMA' ? 'alaw' : upper === 'L16' ? 'l16be' : 'mulaw';
}

function render(template: TelnyxTemplate, context: StreamContext): WireFrame {
  const header = { sequence_number: String(context.sequence++), stream_id: context.streamId };
  switch (template.event) {
    case 'connected':
      return { json: { event: 'connected', version: '1.0.0' } };
    case 'start':
      context.encoding = encodingOf(template.encoding);
      return {
        json: {
          event: 'start',
          ...header,
          start: {
            user_id: '3E6F995F-85F7-4705-9741-53B116D28237',
            call_control_id: context.callId,
            call_session_id: 'ff55a038-1c3c-11ee-8f1d-02420a0daa69',
            from: '+13122010094',
            to: '+13122123456',
            tags: ['TAG1'],
            client_state: 'aGF2ZSBhIG5pY2UgZGF5ID1d',
            custom_parameters: { customer_id: 'c1' },
            media_format: { encoding: template.encoding, sample_rate: template.sampleRate, channels: template.channels },
          },
        },
      };
    case 'media': {
      context.chunk += 1;
      const payload = Buffer.from(renderAudio(template.audio, context.encoding)).toString('base64');
      return { json: { event: 'media', ...header, media: { track: template.track, chunk: String(context.chunk), timestamp: String(context.chunk * 20), payload } } };
    }
    case 'dtmf':
      return { json: { event: 'dtmf', stream_id: context.streamId, occurred_at: '2026-03-11T15:00:00.000000Z', sequence_number: header.sequence_number, dtmf: { digit: template.digit } } };
    case 'mark':
      return { json: { event: 'mark', ...header, mark: { name: template.name } } };
    case 'error':
      return { json: { event: 'error', stream_id: context.streamId, payload: { code: template.code, title: template.title, detail: 'fuzz' } } };
    case 'stop':
      return { json: { event: 'stop', ...header, stop: { user_id: '3E6F995F-85F7-4705-9741-53B116D28237', call_control_id: context.callId } } };
  }
}

/** Telnyx: echoes each mark at once, like Twilio (spec §2). */
function answer(data: Buffer, isBinary: boolean, context: StreamContext): WireFrame | undefined {
  const message = jsonMessage(data, isBinary);
  const name = message?.['event'] === 'mark' ? nameIn(message, 'mark') : undefined;
  return name === undefined ? undefined : render({ event: 'mark', name }, context);
}

/** Telnyx media streaming for the fuzzer. */
export const telnyxFuzz: ProviderFuzzModel<TelnyxTemplate> = {
  provider: 'telnyx',
  tokenIn: 'url',
  opening: fc.tuple(fc.boolean(), start).map(([connected, first]) => (connected ? [{ event: 'connected' as const }, first] : [first])),
  validStart,
  frame,
  render,
  answer,
};
