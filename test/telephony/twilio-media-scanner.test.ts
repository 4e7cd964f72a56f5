import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { createTwilioSerializer, type MediaSerializer } from '../../src/telephony/index.js';
import { TwilioMediaScanner } from '../../src/telephony/twilio-media-scanner.js';
import { ULAW_400HZ_BASE64, ULAW_600HZ_BASE64, bytesOf, text } from './frames.js';

const STREAM_SID = 'MZ18ad3ab5a668481ce02b83e7395059f0';

/** A media frame exactly as Twilio lays it out (spec §1). */
function twilioMedia(chunk: number, payload: string, streamSid = STREAM_SID, track = 'inbound'): string {
  return `{"event":"media","sequenceNumber":"${chunk + 2}","streamSid":"${streamSid}","media":{"track":"${track}","chunk":"${chunk}","timestamp":"${chunk * 20}","payload":"${payload}"}}`;
}

function startedSerializer(): MediaSerializer {
  const serializer = createTwilioSerializer();
  const start = {
    event: 'start',
    sequenceNumber: '1',
    streamSid: STREAM_SID,
    start: { streamSid: STREAM_SID, callSid: 'CA1', customParameters: {}, mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 } },
  };
  expect(serializer.parse(text(start), false).ok).toBe(true);
  return serializer;
}

const utf8 = (value: string): Uint8Array => new Uint8Array(Buffer.from(value, 'utf8'));

/** A deterministic generator, so a failure names a reproducible case. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('TwilioMediaScanner', () => {
  it('reads a media frame in Twilio’s layout without the JSON path', () => {
    const scanner = TwilioMediaScanner.forStream(STREAM_SID);
    expect(scanner?.scan(utf8(twilioMedia(7, ULAW_400HZ_BASE64)))).toEqual({
      type: 'media.audio',
      payload: bytesOf(ULAW_400HZ_BASE64),
      timestampMs: 140,
      sequence: 7,
    });
  });

  it.each([
    ['another stream', twilioMedia(1, ULAW_400HZ_BASE64, 'MZother')],
    ['the outbound track', twilioMedia(1, ULAW_400HZ_BASE64, STREAM_SID, 'outbound')],
    ['whitespace', twilioMedia(1, ULAW_400HZ_BASE64).replace('"media":{', '"media": {')],
    ['another key order', `{"event":"media","streamSid":"${STREAM_SID}","sequenceNumber":"3","media":{"track":"inbound","chunk":"1","timestamp":"20","payload":"${ULAW_400HZ_BASE64}"}}`],
    ['an extra field', twilioMedia(1, ULAW_400HZ_BASE64).replace('}}', '},"x":1}')],
    ['an escaped payload', twilioMedia(1, ULAW_400HZ_BASE64).replace('"payload":"/', '"payload":"\\/')],
    ['bad base64', twilioMedia(1, `${ULAW_400HZ_BASE64.slice(0, 10)}!${ULAW_400HZ_BASE64.slice(11)}`)],
    ['a quote inside the payload', twilioMedia(1, `${ULAW_400HZ_BASE64.slice(0, 10)}"${ULAW_400HZ_BASE64.slice(11)}`)],
    ['a non-ASCII byte inside the payload', twilioMedia(1, `${ULAW_400HZ_BASE64.slice(0, 10)}\u00e9${ULAW_400HZ_BASE64.slice(11)}`)],
    ['a number for a decimal string', twilioMedia(1, ULAW_400HZ_BASE64).replace('"chunk":"1"', '"chunk":1')],
    ['a 16-digit counter', twilioMedia(1, ULAW_400HZ_BASE64).replace('"chunk":"1"', '"chunk":"1234567890123456"')],
    ['trailing bytes', `${twilioMedia(1, ULAW_400HZ_BASE64)} `],
    ['a cut frame', twilioMedia(1, ULAW_400HZ_BASE64).slice(0, -1)],
    ['a mark', `{"event":"mark","sequenceNumber":"4","streamSid":"${STREAM_SID}","mark":{"name":"m"}}`],
  ])('leaves %s to the general path', (_name, frame) => {
    expect(TwilioMediaScanner.forStream(STREAM_SID)?.scan(utf8(frame))).toBeUndefined();
  });

  it('is not made for a stream id that JSON would escape', () => {
    expect(TwilioMediaScanner.forStream('MZ"1')).toBeUndefined();
    expect(TwilioMediaScanner.forStream('MZ\u00e91')).toBeUndefined();
  });

  it('gives the serializer the same result as the general path for every frame, valid or not (3,000 mutated frames)', () => {
    const random = seededRandom(5);
    const payloads = [ULAW_400HZ_BASE64, ULAW_600HZ_BASE64, 'AAAA', '', 'AA==', 'AAA='];
    const mutations = ['', ' ', '"', '\\', '0', 'A', '=', '}', '{', ',', ':', '9', '\u00e9'];
    const serializer = startedSerializer();
    let scanned = 0;
    let rejected = 0;
    for (let i = 0; i < 3_000; i += 1) {
      let frame = twilioMedia(1 + Math.floor(random() * 100_000), payloads[Math.floor(random() * payloads.length)] ?? '');
      // Most frames get one to three edits anywhere in them: a byte replaced, inserted or removed.
      const edits = random() < 0.25 ? 0 : 1 + Math.floor(random() * 3);
      for (let e = 0; e < edits; e += 1) {
        const at = Math.floor(random() * frame.length);
        const insert = mutations[Math.floor(random() * mutations.length)] ?? '';
        const removed = random() < 0.5 ? 1 : 0;
        frame = frame.slice(0, at) + insert + frame.slice(at + removed);
      }
      const viaBytes = serializer.parse(utf8(frame), false);
      // A string always takes the general path.
      const viaString = serializer.parse(frame, false);
      expect(viaBytes, frame).toEqual(viaString);
      if (TwilioMediaScanner.forStream(STREAM_SID)?.scan(utf8(frame)) !== undefined) scanned += 1;
      if (!viaString.ok) rejected += 1;
    }
    expect(scanned).toBeGreaterThan(700);
    expect(rejected).toBeGreaterThan(700);
  });
});
