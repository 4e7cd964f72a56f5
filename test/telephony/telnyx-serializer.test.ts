import { describe, expect, it } from 'vitest';
import { createTelnyxSerializer, type MediaSerializer, type TelnyxSerializerOptions } from '../../src/telephony/index.js';
import { TELEPHONY_ADAPTERS } from '../../src/telephony/telephony-adapters.js';
import {
  BAD_BASE64,
  INVALID_UTF8,
  ULAW_400HZ_BASE64,
  ULAW_600HZ_BASE64,
  bytesOf,
  errorOf,
  eventsOf,
  jsonOf,
  oversizedFrame,
  text,
} from './frames.js';

const STREAM_ID = '32de0dea-53cb-4b21-89a4-9183e4d1b2ec';
const CALL_CONTROL_ID = 'v3:MdI91X4lWFEs7IgbBEOT9M4AigoY08M0WWZFISt1Yw2axZ_IiE4pqg';

// Frames copied from the spec (§2), with realistic ids in place of the ellipses.
const connected = '{"event":"connected","version":"1.0.0"}';
const start = (encoding = 'PCMU', sampleRate = 8000) =>
  text({
    event: 'start',
    sequence_number: '1',
    stream_id: STREAM_ID,
    start: {
      user_id: '3e6f995f-85f7-4705-9741-53b116d28237',
      call_control_id: CALL_CONTROL_ID,
      call_session_id: 'ff55a038-4f46-11ef-9fd1-02420aef1c3a',
      from: '+13122010094',
      to: '+13122123456',
      tags: ['TAG1'],
      client_state: 'aGF2ZSBhIG5pY2UgZGF5ID1d',
      custom_parameters: { customer_id: 'c1' },
      media_format: { encoding, sample_rate: sampleRate, channels: 1 },
    },
  });
const media = (sequence: number, payload = ULAW_400HZ_BASE64) =>
  text({
    event: 'media',
    sequence_number: String(sequence),
    stream_id: STREAM_ID,
    media: { track: 'inbound', chunk: String(sequence - 1), timestamp: String((sequence - 2) * 20 + 5), payload },
  });
const dtmf = (sequence: number) =>
  text({ event: 'dtmf', stream_id: STREAM_ID, occurred_at: '2025-06-05T08:54:19.698408Z', sequence_number: String(sequence), dtmf: { digit: '1' } });
const mark = (name: string, sequence = 5) => text({ event: 'mark', stream_id: STREAM_ID, sequence_number: String(sequence), mark: { name } });
const error = text({ event: 'error', stream_id: STREAM_ID, payload: { code: 100003, title: 'malformed_frame', detail: 'The frame could not be parsed' } });
const stop = (sequence: number) =>
  text({ event: 'stop', sequence_number: String(sequence), stream_id: STREAM_ID, stop: { user_id: '3e6f995f-85f7-4705-9741-53b116d28237', call_control_id: CALL_CONTROL_ID } });

const audio = (sequence: number, payload = ULAW_400HZ_BASE64) => ({
  type: 'media.audio',
  payload: bytesOf(payload),
  timestampMs: (sequence - 2) * 20 + 5,
  sequence: sequence - 1,
});

function startedSerializer(options?: TelnyxSerializerOptions): MediaSerializer {
  const serializer = createTelnyxSerializer(options);
  eventsOf(serializer.parse(start(), false));
  return serializer;
}

function feed(serializer: MediaSerializer, frames: readonly string[]): unknown[] {
  return frames.flatMap((frame) => eventsOf(serializer.parse(frame, false)));
}

describe('Telnyx serializer', () => {
  it('is the serializer of the telephony adapter telnyx', () => {
    expect(TELEPHONY_ADAPTERS.telnyx.createSerializer().provider).toBe('telnyx');
  });

  it('turns a call as Telnyx sends it into MediaEvents', () => {
    const serializer = createTelnyxSerializer();
    const events = feed(serializer, [connected, start()]);
    serializer.mark('m1');
    events.push(...feed(serializer, [media(2), media(3, ULAW_600HZ_BASE64), dtmf(4), mark('m1', 5), error, stop(6)]));
    expect(events).toEqual([
      { type: 'media.connected' },
      {
        type: 'media.start',
        streamId: STREAM_ID,
        callId: CALL_CONTROL_ID,
        inboundFormat: { encoding: 'mulaw', sampleRateHz: 8000 },
        customParameters: { customer_id: 'c1' },
      },
      audio(2),
      audio(3, ULAW_600HZ_BASE64),
      { type: 'media.dtmf', digit: '1' },
      { type: 'media.mark', name: 'm1', cleared: false },
      { type: 'media.provider_error', code: '100003', detail: 'malformed_frame: The frame could not be parsed' },
      { type: 'media.stop' },
    ]);
  });

  it('reads PCMA as A-law and L16 as big-endian PCM at the stream rate', () => {
    const alaw = createTelnyxSerializer();
    expect(eventsOf(alaw.parse(start('PCMA'), false))[0]).toMatchObject({ inboundFormat: { encoding: 'alaw', sampleRateHz: 8000 } });
    const l16 = createTelnyxSerializer();
    expect(eventsOf(l16.parse(start('L16', 16000), false))[0]).toMatchObject({
      inboundFormat: { encoding: 'l16', sampleRateHz: 16000, byteOrder: 'be' },
    });
    expect(l16.outboundFormat()).toEqual({ encoding: 'l16', sampleRateHz: 16000, byteOrder: 'be' });
    const configured = startedSerializer({ outboundFormat: { encoding: 'l16', sampleRateHz: 8000, byteOrder: 'be' } });
    expect(configured.outboundFormat()).toEqual({ encoding: 'l16', sampleRateHz: 8000, byteOrder: 'be' });
  });

  it('builds outbound media, mark and clear without stream_id', () => {
    const serializer = startedSerializer();
    expect(jsonOf(serializer.audio(bytesOf(ULAW_400HZ_BASE64)))).toEqual([{ event: 'media', media: { payload: ULAW_400HZ_BASE64 } }]);
    expect(jsonOf(serializer.mark('m1'))).toEqual([{ event: 'mark', mark: { name: 'm1' } }]);
    expect(jsonOf(serializer.clear())).toEqual([{ event: 'clear' }]);
  });

  it('reports marks echoed after a clear as cleared, and later marks as heard', () => {
    const serializer = startedSerializer();
    serializer.mark('a');
    serializer.mark('b');
    serializer.clear();
    serializer.mark('c');
    expect(feed(serializer, [mark('a', 2), mark('b', 3), mark('c', 4)])).toEqual([
      { type: 'media.mark', name: 'a', cleared: true },
      { type: 'media.mark', name: 'b', cleared: true },
      { type: 'media.mark', name: 'c', cleared: false },
    ]);
  });

  describe('out-of-order audio', () => {
    it('puts a swapped pair back in sequence order', () => {
      const serializer = startedSerializer();
      expect(feed(serializer, [media(3)])).toEqual([]);
      expect(feed(serializer, [media(2, ULAW_600HZ_BASE64)])).toEqual([audio(2, ULAW_600HZ_BASE64), audio(3)]);
    });

    it('gives up on a gap after the window (3 frames) and drops the late frame', () => {
      const serializer = startedSerializer();
      expect(feed(serializer, [media(3), media(4), media(5)])).toEqual([]);
      expect(feed(serializer, [media(6)])).toEqual([audio(3), audio(4), audio(5), audio(6)]);
      expect(feed(serializer, [media(2)])).toEqual([]);
      expect(feed(serializer, [media(7)])).toEqual([audio(7)]);
    });

    it('never waits with window 0, and never emits a frame older than one already emitted', () => {
      const serializer = startedSerializer({ reorderWindow: 0 });
      expect(feed(serializer, [media(3)])).toEqual([audio(3)]);
      expect(feed(serializer, [media(2), media(3)])).toEqual([]);
      expect(feed(serializer, [media(4)])).toEqual([audio(4)]);
    });

    it('counts DTMF and mark sequence numbers, so they do not look like gaps', () => {
      const serializer = startedSerializer();
      expect(feed(serializer, [media(2), media(4)])).toEqual([audio(2)]);
      expect(feed(serializer, [dtmf(3)])).toEqual([{ type: 'media.dtmf', digit: '1' }, audio(4)]);
      expect(feed(serializer, [mark('x', 6), media(5), media(7)])).toEqual([
        { type: 'media.mark', name: 'x', cleared: false },
        audio(5),
        audio(7),
      ]);
    });

    it('releases held audio before stop', () => {
      const serializer = startedSerializer();
      expect(feed(serializer, [media(3), stop(4)])).toEqual([audio(3), { type: 'media.stop' }]);
    });
  });

  describe('bad frames', () => {
    const cases: { name: string; frame: () => [string | Uint8Array, boolean]; code: string; fatal: boolean; started: boolean }[] = [
      { name: 'malformed JSON', frame: () => ['{"event":"media","media":', false], code: 'DUN_ERR_MEDIA_BAD_JSON', fatal: false, started: true },
      { name: 'invalid UTF-8', frame: () => [INVALID_UTF8, false], code: 'DUN_ERR_MEDIA_BAD_JSON', fatal: false, started: true },
      {
        name: 'unknown event',
        frame: () => [text({ event: 'transcription', stream_id: STREAM_ID }), false],
        code: 'DUN_ERR_MEDIA_UNKNOWN_EVENT',
        fatal: false,
        started: true,
      },
      { name: 'media before start', frame: () => [media(2), false], code: 'DUN_ERR_MEDIA_BEFORE_START', fatal: false, started: false },
      { name: 'dtmf before start', frame: () => [dtmf(2), false], code: 'DUN_ERR_MEDIA_BEFORE_START', fatal: false, started: false },
      { name: 'bad base64', frame: () => [media(2, BAD_BASE64), false], code: 'DUN_ERR_MEDIA_BAD_BASE64', fatal: false, started: true },
      {
        name: 'oversized frame',
        frame: () => [oversizedFrame({ event: 'media', sequence_number: '2', stream_id: STREAM_ID, media: { payload: ULAW_400HZ_BASE64 } }), false],
        code: 'DUN_ERR_MEDIA_OVERSIZED',
        fatal: false,
        started: true,
      },
      { name: 'binary frame', frame: () => [bytesOf(ULAW_400HZ_BASE64), true], code: 'DUN_ERR_MEDIA_UNEXPECTED_BINARY', fatal: false, started: true },
      {
        name: 'media without sequence_number',
        frame: () => [text({ event: 'media', stream_id: STREAM_ID, media: { payload: ULAW_400HZ_BASE64 } }), false],
        code: 'DUN_ERR_MEDIA_BAD_FRAME',
        fatal: false,
        started: true,
      },
      {
        name: 'media of another stream',
        frame: () => [media(2).replace(STREAM_ID, '00000000-0000-0000-0000-000000000000'), false],
        code: 'DUN_ERR_MEDIA_BAD_FRAME',
        fatal: false,
        started: true,
      },
      { name: 'a second start', frame: () => [start(), false], code: 'DUN_ERR_MEDIA_DUPLICATE_START', fatal: true, started: true },
      {
        name: 'a start without media_format',
        frame: () => [text({ event: 'start', sequence_number: '1', stream_id: STREAM_ID, start: {} }), false],
        code: 'DUN_ERR_MEDIA_BAD_FRAME',
        fatal: true,
        started: false,
      },
      { name: 'a G722 start', frame: () => [start('G722', 16000), false], code: 'DUN_ERR_MEDIA_UNSUPPORTED_FORMAT', fatal: true, started: false },
    ];

    it.each(cases)('rejects $name with $code (fatal: $fatal)', ({ frame, code, fatal, started }) => {
      const serializer = started ? startedSerializer() : createTelnyxSerializer();
      const [data, isBinary] = frame();
      expect(errorOf(serializer.parse(data, isBinary))).toMatchObject({ code, fatal });
    });

    it.each(cases.filter((entry) => !entry.fatal))('keeps working after $name', ({ frame, started }) => {
      const serializer = started ? startedSerializer() : createTelnyxSerializer();
      const [data, isBinary] = frame();
      serializer.parse(data, isBinary);
      if (!started) eventsOf(serializer.parse(start(), false));
      expect(feed(serializer, [media(2, ULAW_600HZ_BASE64)])).toEqual([audio(2, ULAW_600HZ_BASE64)]);
    });
  });
});
