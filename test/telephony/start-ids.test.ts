import { describe, expect, it } from 'vitest';
import {
  createJambonzSerializer,
  createPlivoSerializer,
  createTelnyxSerializer,
  createTwilioSerializer,
  createVonageSerializer,
  type MediaEvent,
  type MediaSerializer,
} from '../../src/telephony/index.js';
import { eventsOf, text } from './frames.js';

type StartEvent = Extract<MediaEvent, { type: 'media.start' }>;

/** The `media.start` a provider's opening frame yields; fails the test when there is none. */
function startOf(serializer: MediaSerializer, frame: string): StartEvent {
  const start = eventsOf(serializer.parse(frame, false)).find((event): event is StartEvent => event.type === 'media.start');
  if (start === undefined) throw new Error('expected a media.start');
  return start;
}

// Each start frame is the spec's example for its provider, with the elided ids filled in.
describe('media.start carries the provider’s own call and stream ids', () => {
  it('twilio: streamSid and start.callSid', () => {
    const frame = text({
      event: 'start',
      sequenceNumber: '1',
      streamSid: 'MZ18ad3ab5a668481ce02b83e7395059f0',
      start: {
        accountSid: 'AC123',
        streamSid: 'MZ18ad3ab5a668481ce02b83e7395059f0',
        callSid: 'CA0f7a1c9e3b5d4e6f8a0b1c2d3e4f5a6b',
        tracks: ['inbound'],
        customParameters: { k: 'v' },
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      },
    });
    const start = startOf(createTwilioSerializer(), frame);
    expect([start.streamId, start.callId]).toEqual(['MZ18ad3ab5a668481ce02b83e7395059f0', 'CA0f7a1c9e3b5d4e6f8a0b1c2d3e4f5a6b']);
  });

  it('telnyx: stream_id and start.call_control_id (not call_session_id)', () => {
    const frame = text({
      event: 'start',
      sequence_number: '1',
      stream_id: '32de0dc7-61a5-4ad8-a1b6-5bd4bd4c3f27',
      start: {
        user_id: '3e6f995f-85f7-4705-9741-53b116d28237',
        call_control_id: 'v3:u5OAKGEPT3Dx8SZSSDRWEMdNH2OripQhO',
        call_session_id: 'ff55a038-4f46-11ef-9fd1-02420aef1c3a',
        from: '+13122010094',
        to: '+13122123456',
        tags: ['TAG1'],
        client_state: 'aGF2ZSBhIG5pY2UgZGF5ID1d',
        custom_parameters: { customer_id: 'c1' },
        media_format: { encoding: 'PCMU', sample_rate: 8000, channels: 1 },
      },
    });
    const start = startOf(createTelnyxSerializer(), frame);
    expect([start.streamId, start.callId]).toEqual(['32de0dc7-61a5-4ad8-a1b6-5bd4bd4c3f27', 'v3:u5OAKGEPT3Dx8SZSSDRWEMdNH2OripQhO']);
  });

  it('telnyx: a start without call_control_id opens the stream with no call id', () => {
    const frame = text({ event: 'start', sequence_number: '1', stream_id: 'S1', start: { media_format: { encoding: 'PCMU', sample_rate: 8000, channels: 1 } } });
    const start = startOf(createTelnyxSerializer(), frame);
    expect(start.streamId).toBe('S1');
    expect('callId' in start).toBe(false);
  });

  it('plivo: start.streamId and start.callId', () => {
    const frame = text({
      event: 'start',
      sequenceNumber: 1,
      start: {
        callId: '1b7e6c2a-4f3d-11ef-8c2b-0242ac120002',
        streamId: '9a4f0e3c-2d1b-4c5a-8e7f-6b5a4c3d2e1f',
        accountId: 'MAODU4ZTM5MDQ0ZDY3NG',
        tracks: ['inbound'],
        mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000 },
      },
      extra_headers: 'k1=v1;k2=v2',
    });
    const start = startOf(createPlivoSerializer(), frame);
    expect([start.streamId, start.callId]).toEqual(['9a4f0e3c-2d1b-4c5a-8e7f-6b5a4c3d2e1f', '1b7e6c2a-4f3d-11ef-8c2b-0242ac120002']);
  });

  it('vonage: websocket:connected names no call and no stream, so the stream id is generated and the call id left undefined', () => {
    const frame = text({ event: 'websocket:connected', 'content-type': 'audio/l16;rate=16000', callerId: '447700900123' });
    const start = startOf(createVonageSerializer({ createStreamId: () => 'generated-1' }), frame);
    expect(start.streamId).toBe('generated-1');
    expect('callId' in start).toBe(false);
    // An NCCO header stays a custom parameter, whatever its name: it is not taken for the call id.
    const withUuid = startOf(createVonageSerializer(), text({ event: 'websocket:connected', 'content-type': 'audio/l16;rate=8000', uuid: 'aaaaaaaa-bbbb-cccc-dddd-0123456789ab' }));
    expect(withUuid.callId).toBeUndefined();
    expect(withUuid.customParameters).toEqual({ uuid: 'aaaaaaaa-bbbb-cccc-dddd-0123456789ab' });
  });

  it('jambonz: callSid of the call-attributes frame, not its SIP callId; no stream id is sent, so one is generated', () => {
    const frame = text({
      callSid: 'b8f4a7c2-9d3e-4f61-8a2b-5c7d9e0f1a23',
      callId: '7f3c2b1a@10.0.0.5',
      direction: 'inbound',
      from: '+15083084809',
      to: '+15085551212',
      sampleRate: 8000,
      mixType: 'mono',
      metadata: {},
    });
    const start = startOf(createJambonzSerializer({ createStreamId: () => 'generated-2' }), frame);
    expect([start.streamId, start.callId]).toEqual(['generated-2', 'b8f4a7c2-9d3e-4f61-8a2b-5c7d9e0f1a23']);
  });
});
