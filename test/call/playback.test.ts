import { describe, expect, it } from 'vitest';
import { mulawToPcm } from '../../src/audio/g711.js';
import { pcm16FromBytes } from '../../src/audio/pcm.js';
import { MediaChannel } from '../../src/call/media-channel.js';
import { Playback } from '../../src/call/playback.js';
import { NO_VOICE_METRICS } from '../../src/call/voice-metrics.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { silentLogger } from '../../src/log/logger.js';
import { CachedTts } from '../../src/providers/tts/tts-cache.js';
import type { RenderedPrompt } from '../../src/scripts/scripts-library.js';
import { createTwilioSerializer, createVonageSerializer } from '../../src/telephony/index.js';
import { TELEPHONY_ADAPTERS } from '../../src/telephony/telephony-adapters.js';
import type { OutboundFrame } from '../../src/telephony/media-event.js';
import type { MediaSerializer } from '../../src/telephony/serializer.js';
import { ToneTts } from '../../src/testing/scripted-speech.js';

const STREAM_SID = 'MZ18ad3ab5a668481ce02b83e7395059f0';
const prompt: RenderedPrompt = { promptId: 'opening.greeting', locale: 'en-US', text: 'Hello, this is Dunbank.', interruptible: true };

function startedTwilio(): MediaSerializer {
  const serializer = createTwilioSerializer();
  const start = { event: 'start', sequenceNumber: '1', streamSid: STREAM_SID, start: { streamSid: STREAM_SID, callSid: 'CA1', accountSid: 'AC1', tracks: ['inbound'], customParameters: {}, mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 } } };
  expect(serializer.parse(JSON.stringify(start), false).ok).toBe(true);
  return serializer;
}

function startedVonage(): MediaSerializer {
  const serializer = createVonageSerializer();
  expect(serializer.parse(JSON.stringify({ event: 'websocket:connected', 'content-type': 'audio/l16;rate=16000' }), false).ok).toBe(true);
  return serializer;
}

/** Plays `prompt` to the end on one call and returns the frames that left. */
async function play(serializer: MediaSerializer, tts: CachedTts, framesPerSend: number): Promise<{ sent: OutboundFrame[]; sendsAtMs: number[] }> {
  const scheduler = new ManualScheduler(0);
  const sent: OutboundFrame[] = [];
  const sendsAtMs: number[] = [];
  const channel = new MediaChannel({
    serializer,
    scheduler,
    logger: silentLogger,
    metrics: NO_VOICE_METRICS,
    transport: {
      send: (frames) => {
        sent.push(...frames);
        sendsAtMs.push(scheduler.nowMs());
      },
      close: () => undefined,
    },
  });
  const playback = new Playback({
    outlet: channel,
    tts,
    locale: 'en-US',
    scheduler,
    framesPerSend,
    logger: silentLogger,
    onIdle: () => undefined,
    onError: (error) => {
      throw error;
    },
  });
  playback.speak(prompt);
  await playback.synthesized();
  scheduler.increment(10_000);
  return { sent, sendsAtMs };
}

/** The audio payloads of Twilio media frames, decoded to PCM. */
function twilioAudio(frames: readonly OutboundFrame[]): number[] {
  return frames.flatMap((frame) => {
    const message = JSON.parse(String(frame.data)) as { event: string; media?: { payload: string } };
    return message.event === 'media' && message.media !== undefined ? Array.from(mulawToPcm(Buffer.from(message.media.payload, 'base64'))) : [];
  });
}

describe('Playback', () => {
  it('plays a cached prompt identically on every call and in each call\'s own wire format', async () => {
    const tone = new ToneTts();
    const tts = new CachedTts(tone);
    const [first, second, vonage] = [await play(startedTwilio(), tts, 5), await play(startedTwilio(), tts, 5), await play(startedVonage(), tts, 5)];

    // One synthesis served all three calls.
    expect(tone.requests).toHaveLength(1);
    const synthesized = (await tts.synthesize({ text: prompt.text, locale: 'en-US' })).samples;
    expect(second.sent).toEqual(first.sent);
    // μ-law on Twilio: the tone back within G.711's quantization, frame by frame.
    const heard = twilioAudio(first.sent);
    expect(heard).toHaveLength(synthesized.length);
    expect(Math.max(...heard.map((sample, i) => Math.abs(sample - (synthesized[i] ?? 0))))).toBeLessThanOrEqual(32);
    // 16 kHz little-endian L16 on Vonage, in 640-byte frames: twice the samples of the 8 kHz tone.
    const audioFrames = vonage.sent.filter((frame) => frame.binary);
    expect(audioFrames.every((frame) => (frame.data as Uint8Array).length === 640)).toBe(true);
    const wide = audioFrames.flatMap((frame) => Array.from(pcm16FromBytes(frame.data as Uint8Array, 'le')));
    expect(wide).toHaveLength(synthesized.length * 2);
  });

  it('sends a burst of framesPerSend frames as one message where the provider allows it, the mark right after the last', async () => {
    const { sent, sendsAtMs } = await play(startedTwilio(), new CachedTts(new ToneTts()), 5);
    const messages = sent.map((frame) => JSON.parse(String(frame.data)) as { event: string; media?: { payload: string } });
    // 23 characters × 40 ms = 920 ms: 46 frames of 160 bytes in 10 bursts (9 of 5 frames, then 1), then the mark.
    expect(messages.map((message) => message.event)).toEqual([...Array.from({ length: 10 }, () => 'media'), 'mark']);
    expect(messages.slice(0, 10).map((message) => Buffer.from(message.media?.payload ?? '', 'base64').length)).toEqual([...Array.from({ length: 9 }, () => 800), 160]);
    expect(sendsAtMs).toEqual([...Array.from({ length: 10 }, (_, i) => i * 100), 900]);
  });

  it('joins frames only for the providers that play a payload of any length', () => {
    const joins = Object.fromEntries(Object.values(TELEPHONY_ADAPTERS).map((adapter) => [adapter.provider, adapter.createSerializer().joinsAudioFrames]));
    expect(joins).toEqual({ twilio: true, telnyx: true, plivo: true, vonage: false, jambonz: false });
  });

  it('sends one message per 20 ms frame where the provider needs exactly one frame per message (Vonage)', async () => {
    const { sent, sendsAtMs } = await play(startedVonage(), new CachedTts(new ToneTts()), 5);
    const audioFrames = sent.filter((frame) => frame.binary);
    expect(audioFrames).toHaveLength(46);
    expect(audioFrames.every((frame) => (frame.data as Uint8Array).length === 640)).toBe(true);
    // Still paced in bursts: five sends at each 100 ms step.
    expect(sendsAtMs.slice(0, 10)).toEqual([0, 0, 0, 0, 0, 100, 100, 100, 100, 100]);
  });
});
