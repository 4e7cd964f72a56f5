import { describe, expect, it } from 'vitest';
import { MULAW_8K } from '../../src/audio/audio-format.js';
import { encodeAudio } from '../../src/audio/pcm.js';
import { generateHoldPattern } from '../../src/audio/tone-generator.js';
import type { AudioOutlet } from '../../src/call/media-channel.js';
import { Playback } from '../../src/call/playback.js';
import { silentLogger } from '../../src/log/logger.js';
import type { RenderedPrompt } from '../../src/scripts/scripts-library.js';
import { ToneTts } from '../../src/testing/scripted-speech.js';
import { ManualScheduler } from '../../src/time/scheduler.js';

const line: RenderedPrompt = { promptId: 'escalation.handoff', locale: 'en-US', text: 'Connecting you now. Please hold.', interruptible: true };
const HOLD = Buffer.from(encodeAudio(generateHoldPattern(8000), MULAW_8K));

/** A playback on a simulated clock, with everything it sent to the provider. */
function setUp(): { readonly scheduler: ManualScheduler; readonly playback: Playback; readonly audio: Buffer[]; readonly events: string[] } {
  const scheduler = new ManualScheduler(0);
  const audio: Buffer[] = [];
  const events: string[] = [];
  const outlet: AudioOutlet = {
    outboundFormat: MULAW_8K,
    sendAudio: (frames, start, count) => audio.push(Buffer.concat(frames.slice(start, start + count))),
    mark: (name) => events.push(`mark ${name}`),
    clear: () => events.push('clear'),
  };
  const playback = new Playback({
    outlet,
    tts: new ToneTts({ msPerCharacter: 10 }),
    locale: 'en-US',
    scheduler,
    framesPerSend: 10,
    logger: silentLogger,
    onIdle: () => events.push('idle'),
    onError: (error) => {
      throw error;
    },
    onFirstFrame: (promptId) => events.push(`first ${promptId}`),
  });
  return { scheduler, playback, audio, events };
}

describe('Playback on hold', () => {
  it('plays the hold line, then loops the hold pattern for as long as the hold lasts, with no marks of its own', async () => {
    const { scheduler, playback, audio, events } = setUp();
    playback.speak(line);
    playback.hold();
    await playback.synthesized();
    expect(playback.holding).toBe(true);
    scheduler.increment(10_000);
    const all = Buffer.concat(audio);
    // 320 ms of line, then hold audio every moment after it.
    const lineBytes = Math.round(line.text.length * 10 * 8);
    expect(all.length).toBeGreaterThanOrEqual(10_000 * 8);
    expect(Buffer.compare(all.subarray(lineBytes, lineBytes + HOLD.length), HOLD)).toBe(0);
    expect(Buffer.compare(all.subarray(lineBytes + HOLD.length, lineBytes + 2 * HOLD.length), HOLD)).toBe(0);
    // The line is the only utterance: one first frame, one mark; hold audio is no prompt.
    expect(events.filter((event) => event.startsWith('first'))).toEqual(['first escalation.handoff']);
    expect(events.filter((event) => event.startsWith('mark'))).toHaveLength(1);
    playback.markReached(events.find((event) => event.startsWith('mark'))?.slice(5) ?? '', false);
    expect(playback.speaking).toBe(false);
    expect(events).toContain('idle');
  });

  it('ends the hold at once, and a line said after it follows with no wait', async () => {
    const { scheduler, playback, audio } = setUp();
    playback.hold();
    await playback.synthesized();
    scheduler.increment(500);
    const heldBytes = Buffer.concat(audio).length;
    playback.endHold();
    expect(playback.holding).toBe(false);
    playback.speak({ ...line, promptId: 'escalation.handoff_failed', text: 'Sorry.' });
    await playback.synthesized();
    scheduler.increment(2000);
    const after = Buffer.concat(audio).subarray(heldBytes);
    // What the pacer still held of the hold (at most one burst), then the apology: never more hold audio.
    expect(after.length).toBeLessThanOrEqual(10 * 160 + 'Sorry.'.length * 10 * 8);
    expect(Buffer.concat(audio).length).toBeLessThan(heldBytes + 10 * 160 + 600);
  });

  it('keeps the caller on hold through a barge-in, and falls silent for good on silence()', async () => {
    const { scheduler, playback, audio, events } = setUp();
    playback.speak(line);
    playback.hold();
    await playback.synthesized();
    scheduler.increment(100);
    playback.interrupt();
    expect(events).toContain('clear');
    const cutAt = Buffer.concat(audio).length;
    scheduler.increment(1000);
    // The hold resumes at once after the cut.
    expect(Buffer.concat(audio).length - cutAt).toBeGreaterThanOrEqual(1000 * 8);
    playback.silence();
    const silencedAt = Buffer.concat(audio).length;
    scheduler.increment(5000);
    expect(Buffer.concat(audio).length).toBe(silencedAt);
    expect(playback.holding).toBe(false);
    expect(scheduler.pendingTimers).toBe(0);
  });
});
