import { describe, expect, it } from 'vitest';
import { createJambonzSerializer, createPlivoSerializer, createTelnyxSerializer, createTwilioSerializer, createVonageSerializer, type MediaSerializer } from '../../src/telephony/index.js';
import { errorOf, eventsOf, text } from './frames.js';

/** A provider's start frame for one audio format, as the provider would send it. */
interface Provider {
  readonly name: string;
  readonly create: () => MediaSerializer;
  readonly start: (encoding: string, sampleRateHz: number, channels: number) => string;
  /** Formats the provider documents: accepted. */
  readonly documented: readonly (readonly [string, number, number])[];
  /** Formats it does not: refused at start. */
  readonly undocumented: readonly (readonly [string, number, number])[];
}

const HUGE_RATES = [0, 1, 7999, 44_100, 96_000, 2 ** 31 - 1, 1e9];

const PROVIDERS: readonly Provider[] = [
  {
    name: 'twilio',
    create: () => createTwilioSerializer(),
    start: (encoding, sampleRate, channels) =>
      text({ event: 'start', sequenceNumber: '1', streamSid: 'MZ1', start: { streamSid: 'MZ1', callSid: 'CA1', accountSid: 'AC1', tracks: ['inbound'], customParameters: {}, mediaFormat: { encoding, sampleRate, channels } } }),
    documented: [['audio/x-mulaw', 8000, 1]],
    undocumented: [['audio/x-mulaw', 16000, 1], ['audio/x-mulaw', 8000, 2], ['audio/x-alaw', 8000, 1], ...HUGE_RATES.map((rate) => ['audio/x-mulaw', rate, 1] as const)],
  },
  {
    name: 'telnyx',
    create: () => createTelnyxSerializer(),
    start: (encoding, sample_rate, channels) =>
      text({ event: 'start', sequence_number: '1', stream_id: 'S1', start: { call_control_id: 'v3:1', custom_parameters: {}, media_format: { encoding, sample_rate, channels } } }),
    documented: [['PCMU', 8000, 1], ['PCMA', 8000, 1], ...[8000, 16000, 22050, 24000, 48000].map((rate) => ['L16', rate, 1] as const)],
    undocumented: [['PCMU', 16000, 1], ['PCMU', 8000, 2], ['OPUS', 48000, 1], ...HUGE_RATES.map((rate) => ['L16', rate, 1] as const), ...HUGE_RATES.map((rate) => ['PCMU', rate, 1] as const)],
  },
  {
    name: 'plivo',
    create: () => createPlivoSerializer(),
    start: (encoding, sampleRate) => text({ event: 'start', sequenceNumber: 1, start: { callId: 'c1', streamId: 's1', accountId: 'MA1', tracks: ['inbound'], mediaFormat: { encoding, sampleRate } } }),
    documented: [['audio/x-mulaw', 8000, 1], ['audio/x-l16', 8000, 1], ['audio/x-l16', 16000, 1]],
    undocumented: [['audio/x-mulaw', 16000, 1], ...HUGE_RATES.map((rate) => ['audio/x-l16', rate, 1] as const)],
  },
  {
    name: 'vonage',
    create: () => createVonageSerializer(),
    start: (encoding, rate) => text({ event: 'websocket:connected', 'content-type': `${encoding};rate=${rate}` }),
    documented: [['audio/l16', 8000, 1], ['audio/l16', 16000, 1]],
    undocumented: [['audio/l16', 24000, 1], ['audio/pcmu', 8000, 1], ...HUGE_RATES.map((rate) => ['audio/l16', rate, 1] as const)],
  },
  {
    name: 'jambonz',
    create: () => createJambonzSerializer(),
    start: (mixType, sampleRate) => text({ callSid: 'c1', from: '+1', to: '+2', sampleRate, mixType, metadata: {} }),
    documented: [8000, 16000, 24000, 32000, 48000, 64000].map((rate) => ['mono', rate, 1] as const),
    undocumented: [['stereo', 8000, 2], ...HUGE_RATES.filter((rate) => rate > 0).map((rate) => ['mono', rate, 1] as const)],
  },
];

describe('audio formats are checked at start', () => {
  for (const provider of PROVIDERS) {
    it(`${provider.name}: accepts each documented format`, () => {
      for (const [encoding, rate, channels] of provider.documented) {
        const event = eventsOf(provider.create().parse(provider.start(encoding, rate, channels), false)).find((candidate) => candidate.type === 'media.start');
        expect(event?.type === 'media.start' ? event.inboundFormat.sampleRateHz : undefined).toBe(rate);
      }
    });

    it(`${provider.name}: refuses any other rate, encoding or channel count as fatal before the stream starts`, () => {
      for (const [encoding, rate, channels] of provider.undocumented) {
        const serializer = provider.create();
        const error = errorOf(serializer.parse(provider.start(encoding, rate, channels), false));
        expect([error.code, error.fatal], `${encoding} ${rate} Hz ${channels} ch`).toEqual([expect.stringMatching(/^DUN_ERR_MEDIA_(UNSUPPORTED_FORMAT|BAD_FRAME)$/), true]);
      }
    });
  }
});
