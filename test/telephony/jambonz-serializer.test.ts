import { describe, expect, it } from 'vitest';
import { JAMBONZ_MAX_PENDING_MARKS, createJambonzSerializer, type JambonzSerializer } from '../../src/telephony/index.js';
import { TELEPHONY_ADAPTERS } from '../../src/telephony/telephony-adapters.js';
import { INVALID_UTF8, bytesOfFrames, errorOf, eventsOf, jsonOf, oversizedFrame, rampBytes, text } from './frames.js';

const CALL_SID = 'b8f4a7c2-9d3e-4f61-8a2b-5c7d9e0f1a23';
const STREAM_ID = 'jambonz-stream-1';

// The first text frame: call attributes plus sampleRate, mixType and metadata (spec §6).
const callAttributes = (overrides: Record<string, unknown> = {}) =>
  text({
    callSid: CALL_SID,
    direction: 'inbound',
    from: '+15083084809',
    to: '+15085551212',
    accountSid: 'fef61e75-cec3-496c-a7bc-8368e4d0ab4b',
    sampleRate: 8000,
    mixType: 'mono',
    metadata: { debtorId: 'd-1001', attempt: 2 },
    ...overrides,
  });
// In-stream messages, as in the spec; `duration` is FreeSWITCH's, in samples at 8 kHz.
const dtmf = '{"event":"dtmf","dtmf":"5","duration":2000}';
const markAck = (name: string, event: 'playout' | 'cleared') => text({ type: 'mark', data: { name, event } });

function createSerializer(): JambonzSerializer {
  return createJambonzSerializer({ createStreamId: () => STREAM_ID });
}

function startedSerializer(): JambonzSerializer {
  const serializer = createSerializer();
  eventsOf(serializer.parse(callAttributes(), false));
  return serializer;
}

describe('jambonz serializer (listen, streaming mode)', () => {
  it('is the serializer of the telephony adapter jambonz', () => {
    expect(TELEPHONY_ADAPTERS.jambonz.createSerializer().provider).toBe('jambonz');
  });

  it('turns a listen stream as jambonz sends it into MediaEvents', () => {
    const serializer = createSerializer();
    const first = rampBytes(320);
    const second = rampBytes(320, 9);
    const events = [
      ...eventsOf(serializer.parse(callAttributes(), false)),
      ...eventsOf(serializer.parse(first, true)),
      ...eventsOf(serializer.parse(second, true)),
      ...eventsOf(serializer.parse(dtmf, false)),
    ];
    serializer.mark('m1');
    serializer.mark('m2');
    events.push(...eventsOf(serializer.parse(markAck('m1', 'playout'), false)));
    serializer.clear();
    events.push(...eventsOf(serializer.parse(markAck('m2', 'cleared'), false)));
    expect(events).toEqual([
      {
        type: 'media.start',
        streamId: STREAM_ID,
        callId: CALL_SID,
        inboundFormat: { encoding: 'l16', sampleRateHz: 8000, byteOrder: 'le' },
        // Top-level string attributes (jambonz merges `metadata` there), then the nested metadata.
        customParameters: {
          callSid: CALL_SID,
          direction: 'inbound',
          from: '+15083084809',
          to: '+15085551212',
          accountSid: 'fef61e75-cec3-496c-a7bc-8368e4d0ab4b',
          debtorId: 'd-1001',
        },
      },
      { type: 'media.audio', payload: first },
      { type: 'media.audio', payload: second },
      { type: 'media.dtmf', digit: '5', durationMs: 250 },
      { type: 'media.mark', name: 'm1', cleared: false },
      { type: 'media.mark', name: 'm2', cleared: true },
    ]);
    expect(serializer.pendingMarks).toEqual([]);
  });

  it('lets callSid, from and to win over metadata of the same name', () => {
    const serializer = createSerializer();
    const [start] = eventsOf(serializer.parse(callAttributes({ metadata: { from: 'spoofed', debtorId: 'd-2' } }), false));
    expect(start).toMatchObject({ customParameters: { from: '+15083084809', debtorId: 'd-2' } });
  });

  it('sends binary L16 at the configured rate, marks and killAudio', () => {
    const serializer = createJambonzSerializer({ outboundSampleRateHz: 16000 });
    eventsOf(serializer.parse(callAttributes(), false));
    expect(serializer.outboundFormat()).toEqual({ encoding: 'l16', sampleRateHz: 16000, byteOrder: 'le' });
    const payload = rampBytes(640);
    const frames = serializer.audio(payload);
    expect(frames.every((frame) => frame.binary)).toBe(true);
    expect(bytesOfFrames(frames)).toEqual([payload]);
    expect(jsonOf(serializer.mark('m1'))).toEqual([{ type: 'mark', data: { name: 'm1' } }]);
    expect(jsonOf(serializer.clear())).toEqual([{ type: 'killAudio' }]);
    expect(startedSerializer().outboundFormat()).toEqual({ encoding: 'l16', sampleRateHz: 8000, byteOrder: 'le' });
  });

  it('tracks at most 30 marks: the 31st forgets the oldest, whose late ack is still reported', () => {
    const serializer = startedSerializer();
    for (let index = 1; index <= JAMBONZ_MAX_PENDING_MARKS + 1; index += 1) serializer.mark(`m${index}`);
    expect(serializer.pendingMarks).toHaveLength(30);
    expect(serializer.pendingMarks[0]).toBe('m2');
    expect(serializer.pendingMarks.at(-1)).toBe('m31');
    expect(eventsOf(serializer.parse(markAck('m1', 'playout'), false))).toEqual([{ type: 'media.mark', name: 'm1', cleared: false }]);
    expect(eventsOf(serializer.parse(markAck('m2', 'playout'), false))).toEqual([{ type: 'media.mark', name: 'm2', cleared: false }]);
    expect(serializer.pendingMarks).toHaveLength(29);
  });

  it('takes a first frame whose metadata has a "type" key as the call attributes', () => {
    const serializer = createSerializer();
    const [start] = eventsOf(serializer.parse(callAttributes({ type: 'collections' }), false));
    expect(start).toMatchObject({ type: 'media.start', customParameters: { type: 'collections' } });
  });

  describe('bad frames', () => {
    const cases: { name: string; frame: () => [string | Uint8Array, boolean]; code: string; fatal: boolean; started: boolean }[] = [
      { name: 'malformed JSON', frame: () => ['{"event":"dtmf",', false], code: 'DUN_ERR_MEDIA_BAD_JSON', fatal: false, started: true },
      { name: 'invalid UTF-8', frame: () => [INVALID_UTF8, false], code: 'DUN_ERR_MEDIA_BAD_JSON', fatal: false, started: true },
      {
        name: 'unknown message type',
        frame: () => ['{"type":"playDone","data":{"id":"p1"}}', false],
        code: 'DUN_ERR_MEDIA_UNKNOWN_EVENT',
        fatal: false,
        started: true,
      },
      { name: 'dtmf before start', frame: () => [dtmf, false], code: 'DUN_ERR_MEDIA_BEFORE_START', fatal: false, started: false },
      { name: 'a mark ack before start', frame: () => [markAck('m1', 'playout'), false], code: 'DUN_ERR_MEDIA_BEFORE_START', fatal: false, started: false },
      { name: 'binary before the opening text frame', frame: () => [rampBytes(320), true], code: 'DUN_ERR_MEDIA_UNEXPECTED_BINARY', fatal: false, started: false },
      { name: 'text passed as a binary frame', frame: () => ['not audio', true], code: 'DUN_ERR_MEDIA_UNEXPECTED_TEXT', fatal: false, started: true },
      { name: 'oversized binary frame', frame: () => [new Uint8Array(70_000), true], code: 'DUN_ERR_MEDIA_OVERSIZED', fatal: false, started: true },
      { name: 'oversized text frame', frame: () => [oversizedFrame({ event: 'dtmf', dtmf: '5' }), false], code: 'DUN_ERR_MEDIA_OVERSIZED', fatal: false, started: true },
      { name: 'an odd-length L16 frame', frame: () => [rampBytes(321), true], code: 'DUN_ERR_MEDIA_BAD_FRAME', fatal: false, started: true },
      {
        name: 'a mark ack with an unknown event',
        frame: () => ['{"type":"mark","data":{"name":"m1","event":"skipped"}}', false],
        code: 'DUN_ERR_MEDIA_BAD_FRAME',
        fatal: false,
        started: true,
      },
      { name: 'a second call-attributes frame', frame: () => [callAttributes(), false], code: 'DUN_ERR_MEDIA_DUPLICATE_START', fatal: true, started: true },
      {
        name: 'a first frame without callSid',
        frame: () => [callAttributes({ callSid: undefined }), false],
        code: 'DUN_ERR_MEDIA_BAD_FRAME',
        fatal: true,
        started: false,
      },
      { name: 'a stereo stream', frame: () => [callAttributes({ mixType: 'stereo' }), false], code: 'DUN_ERR_MEDIA_UNSUPPORTED_FORMAT', fatal: true, started: false },
    ];

    it.each(cases)('rejects $name with $code (fatal: $fatal)', ({ frame, code, fatal, started }) => {
      const serializer = started ? startedSerializer() : createSerializer();
      const [data, isBinary] = frame();
      expect(errorOf(serializer.parse(data, isBinary))).toMatchObject({ code, fatal });
    });

    it.each(cases.filter((entry) => !entry.fatal))('keeps working after $name', ({ frame, started }) => {
      const serializer = started ? startedSerializer() : createSerializer();
      const [data, isBinary] = frame();
      serializer.parse(data, isBinary);
      if (!started) eventsOf(serializer.parse(callAttributes(), false));
      const audio = rampBytes(320, 5);
      expect(eventsOf(serializer.parse(audio, true))).toEqual([{ type: 'media.audio', payload: audio }]);
    });

    it('has no base64 on the wire in streaming mode, so no DUN_ERR_MEDIA_BAD_BASE64 case', () => {
      expect(eventsOf(startedSerializer().parse(rampBytes(320), true))[0]).toMatchObject({ type: 'media.audio' });
    });
  });
});
