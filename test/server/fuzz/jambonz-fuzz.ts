import fc from 'fast-check';
import { audioPayload, renderAudio, type AudioPayload } from './audio-payload.js';
import { HOSTILE_SAMPLE_RATES_HZ, type WireFrame } from './frame-mutation.js';
import { dtmfDigit, jsonMessage, markName, nameIn } from './frame-values.js';
import type { ProviderFuzzModel, StreamContext } from './fuzz-plan.js';

/** A jambonz `listen` frame in streaming mode (spec §6), as data: call attributes, binary L16, JSON events. */
export type JambonzTemplate =
  | { readonly event: 'attributes'; readonly sampleRate: number; readonly mixType: string | undefined }
  | { readonly event: 'audio'; readonly audio: AudioPayload }
  | { readonly event: 'dtmf'; readonly digit: string; readonly duration: number | string }
  | { readonly event: 'mark'; readonly name: string; readonly outcome: 'playout' | 'cleared' };

const validAttributes: JambonzTemplate = { event: 'attributes', sampleRate: 8000, mixType: 'mono' };

const attributes: fc.Arbitrary<JambonzTemplate> = fc.oneof(
  { arbitrary: fc.constant(validAttributes), weight: 3 },
  { arbitrary: fc.record({ event: fc.constant('attributes' as const), sampleRate: fc.constantFrom(8000, 16_000, 24_000, 48_000), mixType: fc.constantFrom('mono', 'mixed', undefined) }), weight: 1 },
  { arbitrary: fc.record({ event: fc.constant('attributes' as const), sampleRate: fc.constantFrom(...HOSTILE_SAMPLE_RATES_HZ), mixType: fc.constantFrom('mono', 'stereo', '', undefined) }), weight: 1 },
);

const frame: fc.Arbitrary<JambonzTemplate> = fc.oneof(
  { arbitrary: attributes, weight: 1 },
  { arbitrary: fc.record({ event: fc.constant('audio' as const), audio: audioPayload([320, 320, 640]) }), weight: 12 },
  { arbitrary: fc.record({ event: fc.constant('dtmf' as const), digit: dtmfDigit, duration: fc.constantFrom<number | string>(2000, 0, '800', -8, 1e15) }), weight: 2 },
  { arbitrary: fc.record({ event: fc.constant('mark' as const), name: markName, outcome: fc.constantFrom('playout' as const, 'cleared' as const) }), weight: 2 },
);

function render(template: JambonzTemplate, context: StreamContext): WireFrame {
  switch (template.event) {
    case 'attributes':
      return {
        json: {
          callSid: context.callId,
          direction: 'inbound',
          from: '+15083084809',
          to: '+15085551212',
          accountSid: 'fef61e75-cec3-496c-a7bc-8368e4d0ab4b',
          sampleRate: template.sampleRate,
          ...(template.mixType === undefined ? {} : { mixType: template.mixType }),
          metadata: { debtorRef: 'd-1001', attempt: 2 },
        },
      };
    case 'audio':
      return { bytes: renderAudio(template.audio, 'l16le') };
    case 'dtmf':
      return { json: { event: 'dtmf', dtmf: template.digit, duration: template.duration } };
    case 'mark':
      return { json: { type: 'mark', data: { name: template.name, event: template.outcome } } };
  }
}

/** jambonz: each mark is reported played at once (`playout`). */
function answer(data: Buffer, isBinary: boolean, context: StreamContext): WireFrame | undefined {
  const message = jsonMessage(data, isBinary);
  const name = message?.['type'] === 'mark' ? nameIn(message, 'data') : undefined;
  return name === undefined ? undefined : render({ event: 'mark', name, outcome: 'playout' }, context);
}

/** jambonz `listen` (bidirectional streaming) for the fuzzer. */
export const jambonzFuzz: ProviderFuzzModel<JambonzTemplate> = {
  provider: 'jambonz',
  tokenIn: 'url',
  opening: attributes.map((first) => [first]),
  validStart: validAttributes,
  frame,
  render,
  answer,
};
