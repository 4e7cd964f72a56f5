import { describe, expect, it } from 'vitest';
import { createPlivoSerializer, type MediaSerializer } from '../../src/telephony/index.js';
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
  rampBytes,
  text,
  thrownCode,
} from './frames.js';

const CALL_ID = 'e2d4a8b0-6f1c-4a57-9a3e-2b7c5d8f9e10';
const STREAM_ID = 'b3f1c2d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
const EXTRA_HEADERS = 'debtorId=d1001;locale=enUS';
const FIRST_TIMESTAMP = 1712345678000;

// Frames copied from the spec (§3), with realistic ids in place of the ellipses.
const start = (encoding = 'audio/x-mulaw', sampleRate = 8000) =>
  text({
    event: 'start',
    sequenceNumber: 1,
    start: { callId: CALL_ID, streamId: STREAM_ID, accountId: 'MAODU4ZTM5MDQ0ZDY3NG', tracks: ['inbound'], mediaFormat: { encoding, sampleRate } },
    extra_headers: EXTRA_HEADERS,
  });
const media = (sequence: number, payload = ULAW_400HZ_BASE64) =>
  text({
    event: 'media',
    sequenceNumber: sequence,
    streamId: STREAM_ID,
    media: { track: 'inbound', timestamp: String(FIRST_TIMESTAMP + (sequence - 2) * 20), chunk: sequence - 1, payload },
    extra_headers: EXTRA_HEADERS,
  });
const dtmf = (sequence: number) =>
  text({
    event: 'dtmf',
    sequenceNumber: sequence,
    streamId: STREAM_ID,
    dtmf: { track: 'inbound', digit: '5', timestamp: String(FIRST_TIMESTAMP + 90) },
    extra_headers: EXTRA_HEADERS,
  });
const playedStream = (name: string, sequence = 7) => text({ event: 'playedStream', sequenceNumber: sequence, streamId: STREAM_ID, name });
const clearedAudio = (sequence = 8) => text({ event: 'clearedAudio', sequenceNumber: sequence, streamId: STREAM_ID });

const audio = (sequence: number, payload = ULAW_400HZ_BASE64) => ({
  type: 'media.audio',
  payload: bytesOf(payload),
  timestampMs: (sequence - 2) * 20,
  sequence: sequence - 1,
});

function startedSerializer(frame = start()): MediaSerializer {
  const serializer = createPlivoSerializer();
  eventsOf(serializer.parse(frame, false));
  return serializer;
}

function feed(serializer: MediaSerializer, frames: readonly string[]): unknown[] {
  return frames.flatMap((frame) => eventsOf(serializer.parse(frame, false)));
}

describe('Plivo serializer', () => {
  it('is the serializer of the telephony adapter plivo', () => {
    expect(TELEPHONY_ADAPTERS.plivo.createSerializer().provider).toBe('plivo');
  });

  it('turns a call as Plivo sends it into MediaEvents', () => {
    const serializer = createPlivoSerializer();
    const events = feed(serializer, [start()]);
    serializer.mark('cp-1');
    events.push(...feed(serializer, [media(2), media(3, ULAW_600HZ_BASE64), dtmf(4), playedStream('cp-1', 5)]));
    expect(events).toEqual([
      {
        type: 'media.start',
        streamId: STREAM_ID,
        callId: CALL_ID,
        inboundFormat: { encoding: 'mulaw', sampleRateHz: 8000 },
        customParameters: { debtorId: 'd1001', locale: 'enUS' },
      },
      audio(2),
      audio(3, ULAW_600HZ_BASE64),
      { type: 'media.dtmf', digit: '5' },
      { type: 'media.mark', name: 'cp-1', cleared: false },
    ]);
  });

  it('reads audio/x-l16 at 8 or 16 kHz as little-endian PCM', () => {
    for (const sampleRate of [8000, 16000]) {
      const serializer = createPlivoSerializer();
      expect(eventsOf(serializer.parse(start('audio/x-l16', sampleRate), false))[0]).toMatchObject({
        inboundFormat: { encoding: 'l16', sampleRateHz: sampleRate, byteOrder: 'le' },
      });
      expect(serializer.outboundFormat()).toEqual({ encoding: 'l16', sampleRateHz: sampleRate, byteOrder: 'le' });
    }
  });

  it('builds playAudio, checkpoint and clearAudio exactly as Plivo expects them', () => {
    const serializer = startedSerializer();
    expect(jsonOf(serializer.audio(bytesOf(ULAW_400HZ_BASE64)))).toEqual([
      { event: 'playAudio', media: { contentType: 'audio/x-mulaw', sampleRate: 8000, payload: ULAW_400HZ_BASE64 } },
    ]);
    expect(jsonOf(serializer.mark('cp-1'))).toEqual([{ event: 'checkpoint', streamId: STREAM_ID, name: 'cp-1' }]);
    expect(jsonOf(serializer.clear())).toEqual([{ event: 'clearAudio', streamId: STREAM_ID }]);

    const l16 = startedSerializer(start('audio/x-l16', 16000));
    const [frame] = jsonOf(l16.audio(rampBytes(640)));
    expect(frame).toMatchObject({ event: 'playAudio', media: { contentType: 'audio/x-l16', sampleRate: 16000 } });
  });

  it('keeps every playAudio message under Plivo’s 64 KB limit', () => {
    const serializer = startedSerializer();
    const frames = serializer.audio(rampBytes(100_000));
    expect(frames).toHaveLength(4);
    for (const frame of frames) expect(String(frame.data).length).toBeLessThan(64_000);
  });

  it('reports every checkpoint pending at clearedAudio as cleared, and no later ack for them', () => {
    const serializer = startedSerializer();
    serializer.mark('cp-1');
    serializer.mark('cp-2');
    serializer.mark('cp-3');
    expect(feed(serializer, [playedStream('cp-1', 2)])).toEqual([{ type: 'media.mark', name: 'cp-1', cleared: false }]);
    expect(jsonOf(serializer.clear())).toEqual([{ event: 'clearAudio', streamId: STREAM_ID }]);
    expect(feed(serializer, [clearedAudio(3)])).toEqual([
      { type: 'media.cleared' },
      { type: 'media.mark', name: 'cp-2', cleared: true },
      { type: 'media.mark', name: 'cp-3', cleared: true },
    ]);
    expect(feed(serializer, [playedStream('cp-2', 4)])).toEqual([]);
    serializer.mark('cp-4');
    expect(feed(serializer, [playedStream('cp-4', 5)])).toEqual([{ type: 'media.mark', name: 'cp-4', cleared: false }]);
  });

  it('throws DUN_ERR_MEDIA_NOT_STARTED for outbound audio before start, and clears nothing', () => {
    const serializer = createPlivoSerializer();
    expect(thrownCode(() => serializer.audio(new Uint8Array(160)))).toBe('DUN_ERR_MEDIA_NOT_STARTED');
    expect(thrownCode(() => serializer.mark('cp-1'))).toBe('DUN_ERR_MEDIA_NOT_STARTED');
    expect(serializer.clear()).toEqual([]);
    expect(serializer.outboundFormat()).toEqual({ encoding: 'l16', sampleRateHz: 8000, byteOrder: 'le' });
  });

  describe('bad frames', () => {
    const cases: { name: string; frame: () => [string | Uint8Array, boolean]; code: string; fatal: boolean; started: boolean }[] = [
      { name: 'malformed JSON', frame: () => ['{"event":"media"', false], code: 'DUN_ERR_MEDIA_BAD_JSON', fatal: false, started: true },
      { name: 'invalid UTF-8', frame: () => [INVALID_UTF8, false], code: 'DUN_ERR_MEDIA_BAD_JSON', fatal: false, started: true },
      {
        name: 'unknown event (the old "played" name)',
        frame: () => [text({ event: 'played', sequenceNumber: 3, streamId: STREAM_ID, name: 'cp-1' }), false],
        code: 'DUN_ERR_MEDIA_UNKNOWN_EVENT',
        fatal: false,
        started: true,
      },
      { name: 'media before start', frame: () => [media(2), false], code: 'DUN_ERR_MEDIA_BEFORE_START', fatal: false, started: false },
      { name: 'playedStream before start', frame: () => [playedStream('cp-1'), false], code: 'DUN_ERR_MEDIA_BEFORE_START', fatal: false, started: false },
      { name: 'bad base64', frame: () => [media(2, BAD_BASE64), false], code: 'DUN_ERR_MEDIA_BAD_BASE64', fatal: false, started: true },
      {
        name: 'oversized frame',
        frame: () => [oversizedFrame({ event: 'media', sequenceNumber: 2, streamId: STREAM_ID, media: { payload: ULAW_400HZ_BASE64 } }), false],
        code: 'DUN_ERR_MEDIA_OVERSIZED',
        fatal: false,
        started: true,
      },
      { name: 'binary frame', frame: () => [bytesOf(ULAW_400HZ_BASE64), true], code: 'DUN_ERR_MEDIA_UNEXPECTED_BINARY', fatal: false, started: true },
      {
        name: 'a string chunk (Plivo sends numbers)',
        frame: () => [media(2).replace('"chunk":1', '"chunk":"1"'), false],
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
        name: 'a start without streamId',
        frame: () => [text({ event: 'start', sequenceNumber: 1, start: { callId: CALL_ID, mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000 } } }), false],
        code: 'DUN_ERR_MEDIA_BAD_FRAME',
        fatal: true,
        started: false,
      },
      {
        name: 'a μ-law start at 16 kHz',
        frame: () => [start('audio/x-mulaw', 16000), false],
        code: 'DUN_ERR_MEDIA_UNSUPPORTED_FORMAT',
        fatal: true,
        started: false,
      },
    ];

    it.each(cases)('rejects $name with $code (fatal: $fatal)', ({ frame, code, fatal, started }) => {
      const serializer = started ? startedSerializer() : createPlivoSerializer();
      const [data, isBinary] = frame();
      expect(errorOf(serializer.parse(data, isBinary))).toMatchObject({ code, fatal });
    });

    it.each(cases.filter((entry) => !entry.fatal))('keeps working after $name', ({ frame, started }) => {
      const serializer = started ? startedSerializer() : createPlivoSerializer();
      const [data, isBinary] = frame();
      serializer.parse(data, isBinary);
      if (!started) eventsOf(serializer.parse(start(), false));
      expect(feed(serializer, [media(2, ULAW_600HZ_BASE64)])).toEqual([audio(2, ULAW_600HZ_BASE64)]);
    });
  });
});
