import { describe, expect, it } from 'vitest';
import { createVonageSerializer, type MediaSerializer } from '../../src/telephony/index.js';
import { TELEPHONY_ADAPTERS } from '../../src/telephony/telephony-adapters.js';
import { INVALID_UTF8, bytesOfFrames, errorOf, eventsOf, jsonOf, oversizedFrame, rampBytes, text, thrownCode } from './frames.js';

// Frames copied from the spec (§4).
const connected = (rate = 16000) => text({ event: 'websocket:connected', 'content-type': `audio/l16;rate=${rate}`, callerId: '447700900123' });
const dtmf = '{"event":"websocket:dtmf","digit":"5","duration":260}';
const cleared = '{"event":"websocket:cleared"}';
const notify = (name: string) => text({ event: 'websocket:notify', payload: { name } });

const STREAM_ID = 'vonage-stream-1';

function createSerializer(): MediaSerializer {
  return createVonageSerializer({ createStreamId: () => STREAM_ID });
}

function startedSerializer(rate = 16000): MediaSerializer {
  const serializer = createSerializer();
  eventsOf(serializer.parse(connected(rate), false));
  return serializer;
}

describe('Vonage serializer', () => {
  it('is the serializer of the telephony adapter vonage', () => {
    expect(TELEPHONY_ADAPTERS.vonage.createSerializer().provider).toBe('vonage');
  });

  it('turns a call as Vonage sends it into MediaEvents', () => {
    const serializer = createSerializer();
    const first = rampBytes(640);
    const second = rampBytes(640, 7);
    const events = [
      ...eventsOf(serializer.parse(connected(), false)),
      ...eventsOf(serializer.parse(first, true)),
      ...eventsOf(serializer.parse(second, true)),
      ...eventsOf(serializer.parse(dtmf, false)),
    ];
    serializer.mark('m1');
    events.push(...eventsOf(serializer.parse(notify('m1'), false)));
    expect(events).toEqual([
      { type: 'media.connected' },
      {
        type: 'media.start',
        streamId: STREAM_ID,
        inboundFormat: { encoding: 'l16', sampleRateHz: 16000, byteOrder: 'le' },
        customParameters: { callerId: '447700900123' },
      },
      { type: 'media.audio', payload: first },
      { type: 'media.audio', payload: second },
      { type: 'media.dtmf', digit: '5', durationMs: 260 },
      { type: 'media.mark', name: 'm1', cleared: false },
    ]);
  });

  it('generates a stream id when none is configured', () => {
    const [, start] = eventsOf(createVonageSerializer().parse(connected(), false));
    expect(start?.type === 'media.start' ? start.streamId : undefined).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('keeps only string header values as custom parameters', () => {
    const serializer = createSerializer();
    const frame = text({ event: 'websocket:connected', 'content-type': 'audio/l16;rate=8000', callerId: '447700900123', attempt: 2, nested: { a: 'b' } });
    expect(eventsOf(serializer.parse(frame, false))[1]).toMatchObject({
      inboundFormat: { encoding: 'l16', sampleRateHz: 8000, byteOrder: 'le' },
      customParameters: { callerId: '447700900123' },
    });
  });

  it('accepts exactly 20 ms of audio per binary frame: 320 bytes at 8 kHz, 640 at 16 kHz', () => {
    const narrow = startedSerializer(8000);
    expect(eventsOf(narrow.parse(rampBytes(320), true))).toHaveLength(1);
    expect(errorOf(narrow.parse(rampBytes(640), true))).toMatchObject({ code: 'DUN_ERR_MEDIA_BAD_FRAME', fatal: false });
    const wide = startedSerializer(16000);
    expect(errorOf(wide.parse(rampBytes(320), true))).toMatchObject({ code: 'DUN_ERR_MEDIA_BAD_FRAME', fatal: false });
    expect(eventsOf(wide.parse(rampBytes(640), true))).toHaveLength(1);
  });

  it('sends audio in full 20 ms frames, keeping the remainder for the next call', () => {
    const serializer = startedSerializer(16000);
    expect(serializer.outboundFormat()).toEqual({ encoding: 'l16', sampleRateHz: 16000, byteOrder: 'le' });
    const first = rampBytes(1000);
    const second = rampBytes(300, 100);
    expect(bytesOfFrames(serializer.audio(first))).toEqual([first.slice(0, 640)]);
    const frames = serializer.audio(second);
    const expected = new Uint8Array(640);
    expected.set(first.slice(640), 0);
    expected.set(second.slice(0, 280), 360);
    expect(bytesOfFrames(frames)).toEqual([expected]);
    expect(frames.every((frame) => frame.binary)).toBe(true);
  });

  it('flushes the remainder padded with silence before a notify, so the mark follows all audio', () => {
    const serializer = startedSerializer(8000);
    serializer.audio(rampBytes(330, 1));
    const frames = serializer.mark('m1');
    expect(frames).toHaveLength(2);
    const padded = new Uint8Array(320);
    padded.set(rampBytes(10, 1 + 320), 0);
    expect(bytesOfFrames(frames.slice(0, 1))).toEqual([padded]);
    expect(jsonOf(frames.slice(1))).toEqual([{ action: 'notify', payload: { name: 'm1' } }]);
    expect(jsonOf(serializer.mark('m2'))).toEqual([{ action: 'notify', payload: { name: 'm2' } }]);
  });

  it('drops the remainder on clear', () => {
    const serializer = startedSerializer(16000);
    serializer.audio(rampBytes(100));
    expect(jsonOf(serializer.clear())).toEqual([{ action: 'clear' }]);
    expect(serializer.audio(rampBytes(600, 50))).toEqual([]);
    expect(bytesOfFrames(serializer.audio(rampBytes(40, 50 + 600)))).toEqual([rampBytes(640, 50)]);
  });

  it('reports notifies pending at websocket:cleared as cleared, and no later notify for them', () => {
    const serializer = startedSerializer();
    serializer.mark('a');
    serializer.mark('b');
    serializer.clear();
    expect(eventsOf(serializer.parse(cleared, false))).toEqual([
      { type: 'media.cleared' },
      { type: 'media.mark', name: 'a', cleared: true },
      { type: 'media.mark', name: 'b', cleared: true },
    ]);
    expect(eventsOf(serializer.parse(notify('a'), false))).toEqual([]);
    serializer.mark('c');
    expect(eventsOf(serializer.parse(notify('c'), false))).toEqual([{ type: 'media.mark', name: 'c', cleared: false }]);
  });

  it('throws DUN_ERR_MEDIA_NOT_STARTED for outbound audio before websocket:connected', () => {
    const serializer = createSerializer();
    expect(thrownCode(() => serializer.audio(rampBytes(640)))).toBe('DUN_ERR_MEDIA_NOT_STARTED');
    expect(thrownCode(() => serializer.mark('m1'))).toBe('DUN_ERR_MEDIA_NOT_STARTED');
    expect(serializer.clear()).toEqual([]);
  });

  describe('bad frames', () => {
    const cases: { name: string; frame: () => [string | Uint8Array, boolean]; code: string; fatal: boolean; started: boolean }[] = [
      { name: 'malformed JSON', frame: () => ['{"event":"websocket:dtmf"', false], code: 'DUN_ERR_MEDIA_BAD_JSON', fatal: false, started: true },
      { name: 'invalid UTF-8', frame: () => [INVALID_UTF8, false], code: 'DUN_ERR_MEDIA_BAD_JSON', fatal: false, started: true },
      {
        name: 'unknown event',
        frame: () => ['{"event":"websocket:media:update"}', false],
        code: 'DUN_ERR_MEDIA_UNKNOWN_EVENT',
        fatal: false,
        started: true,
      },
      { name: 'dtmf before start', frame: () => [dtmf, false], code: 'DUN_ERR_MEDIA_BEFORE_START', fatal: false, started: false },
      { name: 'notify before start', frame: () => [notify('m1'), false], code: 'DUN_ERR_MEDIA_BEFORE_START', fatal: false, started: false },
      { name: 'binary before the opening text frame', frame: () => [rampBytes(640), true], code: 'DUN_ERR_MEDIA_UNEXPECTED_BINARY', fatal: false, started: false },
      { name: 'text passed as a binary frame', frame: () => ['not audio', true], code: 'DUN_ERR_MEDIA_UNEXPECTED_TEXT', fatal: false, started: true },
      { name: 'oversized binary frame', frame: () => [new Uint8Array(70_000), true], code: 'DUN_ERR_MEDIA_OVERSIZED', fatal: false, started: true },
      { name: 'oversized text frame', frame: () => [oversizedFrame({ event: 'websocket:dtmf', digit: '5' }), false], code: 'DUN_ERR_MEDIA_OVERSIZED', fatal: false, started: true },
      { name: 'a 10 ms audio frame', frame: () => [rampBytes(320), true], code: 'DUN_ERR_MEDIA_BAD_FRAME', fatal: false, started: true },
      {
        name: 'a notify without a name',
        frame: () => ['{"event":"websocket:notify","payload":{}}', false],
        code: 'DUN_ERR_MEDIA_BAD_FRAME',
        fatal: false,
        started: true,
      },
      { name: 'a second websocket:connected', frame: () => [connected(), false], code: 'DUN_ERR_MEDIA_DUPLICATE_START', fatal: true, started: true },
      {
        name: 'a websocket:connected without content-type',
        frame: () => ['{"event":"websocket:connected","callerId":"447700900123"}', false],
        code: 'DUN_ERR_MEDIA_BAD_FRAME',
        fatal: true,
        started: false,
      },
      { name: 'a 24 kHz stream', frame: () => [connected(24000), false], code: 'DUN_ERR_MEDIA_UNSUPPORTED_FORMAT', fatal: true, started: false },
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
      if (!started) eventsOf(serializer.parse(connected(), false));
      const audio = rampBytes(640, 3);
      expect(eventsOf(serializer.parse(audio, true))).toEqual([{ type: 'media.audio', payload: audio }]);
    });

    it('has no base64 on the wire, so no DUN_ERR_MEDIA_BAD_BASE64 case', () => {
      const serializer = startedSerializer();
      expect(eventsOf(serializer.parse(rampBytes(640), true))[0]).toMatchObject({ type: 'media.audio' });
    });
  });
});
