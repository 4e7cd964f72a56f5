import fc from 'fast-check';
import { audioPayload, renderAudio, type AudioPayload } from './audio-payload.js';
import { HOSTILE_CHANNELS, HOSTILE_SAMPLE_RATES_HZ, type WireFrame } from './frame-mutation.js';
import { dtmfDigit, jsonMessage, markName, nameIn } from './frame-values.js';
import type { ProviderFuzzModel, StreamContext } from './fuzz-plan.js';

/** A Twilio Media Streams frame (spec §1), as data. */
export type TwilioTemplate =
  | { readonly event: 'connected' }
  | { readonly event: 'start'; readonly encoding: string; readonly sampleRate: number; readonly channels: number; readonly withToken: boolean }
  | { readonly event: 'media'; readonly track: 'inbound' | 'outbound'; readonly audio: AudioPayload }
  | { readonly event: 'dtmf'; readonly digit: string }
  | { readonly event: 'mark'; readonly name: string }
  | { readonly event: 'stop' };

const ACCOUNT_SID = 'AC00000000000000000000000000000000';

const validStart: TwilioTemplate = { event: 'start', encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1, withToken: true };

const start: fc.Arbitrary<TwilioTemplate> = fc.oneof(
  { arbitrary: fc.constant(validStart), weight: 4 },
  {
    arbitrary: fc.record({
      event: fc.constant('start' as const),
      encoding: fc.constantFrom('audio/x-mulaw', 'audio/x-alaw', 'audio/l16', ''),
      sampleRate: fc.constantFrom(...HOSTILE_SAMPLE_RATES_HZ),
      channels: fc.constantFrom(1, ...HOSTILE_CHANNELS),
      withToken: fc.boolean(),
    }),
    weight: 1,
  },
);

const frame: fc.Arbitrary<TwilioTemplate> = fc.oneof(
  { arbitrary: fc.constant({ event: 'connected' as const }), weight: 1 },
  { arbitrary: start, weight: 1 },
  { arbitrary: fc.record({ event: fc.constant('media' as const), track: fc.constantFrom('inbound' as const, 'inbound' as const, 'outbound' as const), audio: audioPayload([160]) }), weight: 12 },
  { arbitrary: fc.record({ event: fc.constant('dtmf' as const), digit: dtmfDigit }), weight: 2 },
  { arbitrary: fc.record({ event: fc.constant('mark' as const), name: markName }), weight: 2 },
  { arbitrary: fc.constant({ event: 'stop' as const }), weight: 1 },
);

function render(template: TwilioTemplate, context: StreamContext): WireFrame {
  const header = { sequenceNumber: String(context.sequence++), streamSid: context.streamId };
  switch (template.event) {
    case 'connected':
      return { json: { event: 'connected', protocol: 'Call', version: '1.0.0' } };
    case 'start':
      return {
        json: {
          event: 'start',
          ...header,
          start: {
            accountSid: ACCOUNT_SID,
            streamSid: context.streamId,
            callSid: context.callId,
            tracks: ['inbound'],
            customParameters: template.withToken && context.startToken !== undefined ? { token: context.startToken } : {},
            mediaFormat: { encoding: template.encoding, sampleRate: template.sampleRate, channels: template.channels },
          },
        },
      };
    case 'media': {
      context.chunk += 1;
      // Key order as Twilio writes it, so unmutated frames take the server's byte-scanning fast path.
      const payload = Buffer.from(renderAudio(template.audio, 'mulaw')).toString('base64');
      return { json: { event: 'media', ...header, media: { track: template.track, chunk: String(context.chunk), timestamp: String(context.chunk * 20), payload } } };
    }
    case 'dtmf':
      return { json: { event: 'dtmf', ...header, dtmf: { track: 'inbound_track', digit: template.digit } } };
    case 'mark':
      return { json: { event: 'mark', ...header, mark: { name: template.name } } };
    case 'stop':
      return { json: { event: 'stop', ...header, stop: { accountSid: ACCOUNT_SID, callSid: context.callId } } };
  }
}

/** Twilio: echoes each mark at once (its audio has been "played" by the time the mark arrives). */
function answer(data: Buffer, isBinary: boolean, context: StreamContext): WireFrame | undefined {
  const message = jsonMessage(data, isBinary);
  const name = message?.['event'] === 'mark' ? nameIn(message, 'mark') : undefined;
  return name === undefined ? undefined : render({ event: 'mark', name }, context);
}

/** Twilio Media Streams for the fuzzer. */
export const twilioFuzz: ProviderFuzzModel<TwilioTemplate> = {
  provider: 'twilio',
  tokenIn: 'start',
  opening: fc.tuple(fc.boolean(), start).map(([connected, first]) => (connected ? [{ event: 'connected' as const }, first] : [first])),
  validStart,
  frame,
  render,
  answer,
};
