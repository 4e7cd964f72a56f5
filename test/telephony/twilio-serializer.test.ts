import { Buffer } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { MAX_FRAME_BYTES, createTwilioSerializer, type MediaSerializer } from '../../src/telephony/index.js';
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

const STREAM_SID = 'MZ18ad3ab5a668481ce02b83e7395059f0';
const CALL_SID = 'CA9b9e6c4a1c0b2f6f7d3e8a5b4c2d1e0f';
const ACCOUNT_SID = 'AC25e16e9a716a4a1786a7c83f58e30482';

const outboundMediaSchema = z.object({ media: z.object({ payload: z.string() }) });

const fixtureLines = readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'telephony', 'twilio-call.jsonl'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '');

const start = {
  event: 'start',
  sequenceNumber: '1',
  streamSid: STREAM_SID,
  start: {
    accountSid: ACCOUNT_SID,
    streamSid: STREAM_SID,
    callSid: CALL_SID,
    tracks: ['inbound'],
    customParameters: { debtorId: 'd-1001' },
    mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
  },
};
const media = (sequence: number, payload = ULAW_400HZ_BASE64) => ({
  event: 'media',
  sequenceNumber: String(sequence + 1),
  streamSid: STREAM_SID,
  media: { track: 'inbound', chunk: String(sequence), timestamp: String(sequence * 20), payload },
});
const markEcho = (name: string) => ({ event: 'mark', sequenceNumber: '9', streamSid: STREAM_SID, mark: { name } });

function startedSerializer(): MediaSerializer {
  const serializer = createTwilioSerializer();
  eventsOf(serializer.parse(text(start), false));
  return serializer;
}

describe('Twilio serializer', () => {
  it('is the serializer of the telephony adapter twilio', () => {
    expect(TELEPHONY_ADAPTERS.twilio.createSerializer().provider).toBe('twilio');
  });

  it('turns the captured call in fixtures/telephony/twilio-call.jsonl into MediaEvents', () => {
    const serializer = createTwilioSerializer();
    const events = fixtureLines.flatMap((line, index) => {
      const parsed = eventsOf(serializer.parse(line, false));
      if (index === 1) serializer.mark('utt-1'); // the bot marks the end of its first utterance
      return parsed;
    });
    expect(events).toEqual([
      { type: 'media.connected' },
      {
        type: 'media.start',
        streamId: STREAM_SID,
        callId: CALL_SID,
        inboundFormat: { encoding: 'mulaw', sampleRateHz: 8000 },
        customParameters: { debtorId: 'd-1001', locale: 'en-US' },
      },
      { type: 'media.audio', payload: bytesOf(ULAW_400HZ_BASE64), timestampMs: 5, sequence: 1 },
      { type: 'media.audio', payload: bytesOf(ULAW_600HZ_BASE64), timestampMs: 25, sequence: 2 },
      { type: 'media.dtmf', digit: '1' },
      { type: 'media.mark', name: 'utt-1', cleared: false },
      { type: 'media.stop' },
    ]);
    const audio = events[2];
    expect(audio?.type === 'media.audio' && audio.payload.byteLength).toBe(160);
  });

  it('accepts text frames delivered as UTF-8 bytes, as ws does', () => {
    const serializer = createTwilioSerializer();
    const line = fixtureLines[0] ?? '';
    expect(eventsOf(serializer.parse(new TextEncoder().encode(line), false))).toEqual([{ type: 'media.connected' }]);
  });

  it('builds outbound media, mark and clear exactly as Twilio expects them', () => {
    const serializer = startedSerializer();
    expect(serializer.outboundFormat()).toEqual({ encoding: 'mulaw', sampleRateHz: 8000 });
    expect(jsonOf(serializer.audio(bytesOf(ULAW_400HZ_BASE64)))).toEqual([
      { event: 'media', streamSid: STREAM_SID, media: { payload: ULAW_400HZ_BASE64 } },
    ]);
    expect(jsonOf(serializer.mark('utt-1'))).toEqual([{ event: 'mark', streamSid: STREAM_SID, mark: { name: 'utt-1' } }]);
    expect(jsonOf(serializer.clear())).toEqual([{ event: 'clear', streamSid: STREAM_SID }]);
  });

  it('splits long audio into frames of at most 32 000 bytes, in order', () => {
    const serializer = startedSerializer();
    const payload = rampBytes(70_000);
    const frames = jsonOf(serializer.audio(payload));
    const sizes = frames.map((frame) => bytesOf(outboundMediaSchema.parse(frame).media.payload).byteLength);
    expect(sizes).toEqual([32_000, 32_000, 6_000]);
    expect(serializer.audio(new Uint8Array(0))).toEqual([]);
  });

  it('reports marks echoed after a clear as cleared, and later marks as heard', () => {
    const serializer = startedSerializer();
    serializer.mark('a');
    serializer.mark('b');
    serializer.clear();
    expect(eventsOf(serializer.parse(text(markEcho('a')), false))).toEqual([{ type: 'media.mark', name: 'a', cleared: true }]);
    expect(eventsOf(serializer.parse(text(markEcho('b')), false))).toEqual([{ type: 'media.mark', name: 'b', cleared: true }]);
    serializer.mark('c');
    expect(eventsOf(serializer.parse(text(markEcho('c')), false))).toEqual([{ type: 'media.mark', name: 'c', cleared: false }]);
  });

  it('settles a reused mark name in order: the cleared echo first, then the heard one', () => {
    const serializer = startedSerializer();
    serializer.mark('utt');
    serializer.clear();
    serializer.mark('utt');
    expect(eventsOf(serializer.parse(text(markEcho('utt')), false))).toEqual([{ type: 'media.mark', name: 'utt', cleared: true }]);
    expect(eventsOf(serializer.parse(text(markEcho('utt')), false))).toEqual([{ type: 'media.mark', name: 'utt', cleared: false }]);
  });

  it('throws DUN_ERR_MEDIA_NOT_STARTED for outbound audio before start, and clears nothing', () => {
    const serializer = createTwilioSerializer();
    expect(thrownCode(() => serializer.audio(new Uint8Array(160)))).toBe('DUN_ERR_MEDIA_NOT_STARTED');
    expect(thrownCode(() => serializer.mark('x'))).toBe('DUN_ERR_MEDIA_NOT_STARTED');
    expect(serializer.clear()).toEqual([]);
  });

  it('drops outbound-track audio of a forked stream without an error', () => {
    const serializer = startedSerializer();
    const frame = media(1);
    expect(eventsOf(serializer.parse(text({ ...frame, media: { ...frame.media, track: 'outbound' } }), false))).toEqual([]);
  });

  describe('bad frames', () => {
    const cases: { name: string; frame: () => [string | Uint8Array, boolean]; code: string; fatal: boolean; started: boolean }[] = [
      { name: 'malformed JSON', frame: () => ['{"event":"media",', false], code: 'DUN_ERR_MEDIA_BAD_JSON', fatal: false, started: true },
      { name: 'invalid UTF-8', frame: () => [INVALID_UTF8, false], code: 'DUN_ERR_MEDIA_BAD_JSON', fatal: false, started: true },
      { name: 'JSON that is not an event', frame: () => ['[1,2]', false], code: 'DUN_ERR_MEDIA_BAD_FRAME', fatal: false, started: true },
      {
        name: 'unknown event',
        frame: () => [text({ event: 'transcription', streamSid: STREAM_SID }), false],
        code: 'DUN_ERR_MEDIA_UNKNOWN_EVENT',
        fatal: false,
        started: true,
      },
      { name: 'media before start', frame: () => [text(media(1)), false], code: 'DUN_ERR_MEDIA_BEFORE_START', fatal: false, started: false },
      {
        name: 'dtmf before start',
        frame: () => [text({ event: 'dtmf', sequenceNumber: '2', streamSid: STREAM_SID, dtmf: { track: 'inbound_track', digit: '5' } }), false],
        code: 'DUN_ERR_MEDIA_BEFORE_START',
        fatal: false,
        started: false,
      },
      { name: 'mark before start', frame: () => [text(markEcho('a')), false], code: 'DUN_ERR_MEDIA_BEFORE_START', fatal: false, started: false },
      { name: 'bad base64', frame: () => [text(media(1, BAD_BASE64)), false], code: 'DUN_ERR_MEDIA_BAD_BASE64', fatal: false, started: true },
      {
        name: 'base64 of the wrong length',
        frame: () => [text(media(1, ULAW_400HZ_BASE64.slice(0, -1))), false],
        code: 'DUN_ERR_MEDIA_BAD_BASE64',
        fatal: false,
        started: true,
      },
      { name: 'oversized frame', frame: () => [oversizedFrame(media(1)), false], code: 'DUN_ERR_MEDIA_OVERSIZED', fatal: false, started: true },
      { name: 'binary frame', frame: () => [bytesOf(ULAW_400HZ_BASE64), true], code: 'DUN_ERR_MEDIA_UNEXPECTED_BINARY', fatal: false, started: true },
      {
        name: 'media without a payload',
        frame: () => [text({ ...media(1), media: { track: 'inbound', chunk: '1', timestamp: '20' } }), false],
        code: 'DUN_ERR_MEDIA_BAD_FRAME',
        fatal: false,
        started: true,
      },
      {
        name: 'a numeric timestamp (Twilio sends strings)',
        frame: () => [text({ ...media(1), media: { ...media(1).media, timestamp: 20 } }), false],
        code: 'DUN_ERR_MEDIA_BAD_FRAME',
        fatal: false,
        started: true,
      },
      {
        name: 'a DTMF "digit" that is not one',
        frame: () => [text({ event: 'dtmf', sequenceNumber: '2', streamSid: STREAM_SID, dtmf: { track: 'inbound_track', digit: '12' } }), false],
        code: 'DUN_ERR_MEDIA_BAD_FRAME',
        fatal: false,
        started: true,
      },
      {
        name: 'media of another stream',
        frame: () => [text({ ...media(1), streamSid: 'MZ00000000000000000000000000000000' }), false],
        code: 'DUN_ERR_MEDIA_BAD_FRAME',
        fatal: false,
        started: true,
      },
      { name: 'a second start', frame: () => [text(start), false], code: 'DUN_ERR_MEDIA_DUPLICATE_START', fatal: true, started: true },
      {
        name: 'a start without callSid',
        frame: () => [text({ ...start, start: { ...start.start, callSid: undefined } }), false],
        code: 'DUN_ERR_MEDIA_BAD_FRAME',
        fatal: true,
        started: false,
      },
      {
        name: 'a start that is not μ-law 8 kHz',
        frame: () => [text({ ...start, start: { ...start.start, mediaFormat: { encoding: 'audio/x-l16', sampleRate: 16000, channels: 1 } } }), false],
        code: 'DUN_ERR_MEDIA_UNSUPPORTED_FORMAT',
        fatal: true,
        started: false,
      },
    ];

    it.each(cases)('rejects $name with $code (fatal: $fatal)', ({ frame, code, fatal, started }) => {
      const serializer = started ? startedSerializer() : createTwilioSerializer();
      const [data, isBinary] = frame();
      expect(errorOf(serializer.parse(data, isBinary))).toMatchObject({ code, fatal });
    });

    it.each(cases.filter((entry) => !entry.fatal))('keeps working after $name', ({ frame, started }) => {
      const serializer = started ? startedSerializer() : createTwilioSerializer();
      const [data, isBinary] = frame();
      serializer.parse(data, isBinary);
      if (!started) eventsOf(serializer.parse(text(start), false));
      expect(eventsOf(serializer.parse(text(media(2, ULAW_600HZ_BASE64)), false))).toEqual([
        { type: 'media.audio', payload: bytesOf(ULAW_600HZ_BASE64), timestampMs: 40, sequence: 2 },
      ]);
    });

    it('honours a smaller maxFrameBytes option', () => {
      const serializer = createTwilioSerializer({ maxFrameBytes: 1024 });
      eventsOf(serializer.parse(text(start), false));
      const fourFrames = Buffer.from(rampBytes(800)).toString('base64'); // 1 068 characters
      expect(errorOf(serializer.parse(text(media(1, fourFrames)), false))).toMatchObject({ code: 'DUN_ERR_MEDIA_OVERSIZED', fatal: false });
      expect(eventsOf(serializer.parse(text(media(2)), false))).toHaveLength(1);
      expect(MAX_FRAME_BYTES).toBe(65_536);
    });

    it('never throws, whatever it is given', () => {
      const serializer = startedSerializer();
      const inputs: [string | Uint8Array, boolean][] = [
        ['', false],
        ['null', false],
        ['"media"', false],
        ['{"event":null}', false],
        ['{"event":"media","media":null}', false],
        ['{"event":"mark","mark":{"name":{}}}', false],
        ['{"__proto__":{"event":"start"},"event":"stop"}', false],
        [new Uint8Array(0), true],
        ['binary-as-string', true],
      ];
      for (const [data, isBinary] of inputs) expect(() => serializer.parse(data, isBinary)).not.toThrow();
    });
  });
});
