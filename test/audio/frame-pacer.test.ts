import { describe, expect, it } from 'vitest';
import { FramePacer, joinFrames, splitIntoFrames } from '../../src/audio/frame-pacer.js';
import type { Scheduler, TimerHandle } from '../../src/time/scheduler.js';

/** A scheduler whose clock moves only when told, and whose timers can be made to fire late. */
class FakeScheduler implements Scheduler {
  private now = 0;
  private nextId = 1;
  private timers: { id: number; dueMs: number; callback: () => void }[] = [];

  nowMs(): number {
    return this.now;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    const id = this.nextId++;
    this.timers.push({ id, dueMs: this.now + delayMs, callback });
    return { id };
  }

  clearTimeout(handle: TimerHandle): void {
    const id = 'id' in handle ? handle.id : undefined;
    this.timers = this.timers.filter((timer) => timer.id !== id);
  }

  get pending(): number {
    return this.timers.length;
  }

  /** Moves time forward, firing each timer exactly when due. */
  advance(ms: number): void {
    const target = this.now + ms;
    for (;;) {
      const next = [...this.timers].sort((a, b) => a.dueMs - b.dueMs)[0];
      if (next === undefined || next.dueMs > target) break;
      this.timers = this.timers.filter((timer) => timer !== next);
      this.now = next.dueMs;
      next.callback();
    }
    this.now = target;
  }

  /** Fires the next timer at `atMs`, later than it was due, as a busy event loop would. */
  fireLate(atMs: number): void {
    const next = [...this.timers].sort((a, b) => a.dueMs - b.dueMs)[0];
    if (next === undefined) throw new Error('no timer pending');
    this.timers = this.timers.filter((timer) => timer !== next);
    this.now = atMs;
    next.callback();
  }
}

interface Harness {
  readonly scheduler: FakeScheduler;
  readonly pacer: FramePacer;
  /** What the pacer did, in order: `frame <first byte>@<ms>` or `mark <name>@<ms>`. */
  readonly log: string[];
  readonly frameTimesMs: number[];
  /** Each onFrames call: the frames' first bytes and when. */
  readonly bursts: string[];
}

function harness(framesPerSend?: number): Harness {
  const scheduler = new FakeScheduler();
  const log: string[] = [];
  const frameTimesMs: number[] = [];
  const bursts: string[] = [];
  const pacer = new FramePacer({
    scheduler,
    ...(framesPerSend !== undefined ? { framesPerSend } : {}),
    onFrames: (sent, start, count) => {
      const firstBytes = sent.slice(start, start + count).map((frame) => frame[0] ?? '');
      bursts.push(`${firstBytes.join(',')}@${scheduler.nowMs()}`);
      for (const first of firstBytes) {
        frameTimesMs.push(scheduler.nowMs());
        log.push(`frame ${first}@${scheduler.nowMs()}`);
      }
    },
    onMark: (name) => log.push(`mark ${name}@${scheduler.nowMs()}`),
  });
  return { scheduler, pacer, log, frameTimesMs, bursts };
}

/** `count` 20 ms μ-law frames whose first byte numbers them from `first`. */
function frames(count: number, first = 0): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => new Uint8Array(160).fill(first + i));
}

describe('splitIntoFrames', () => {
  it('cuts a payload into frames and keeps a short remainder as the last frame', () => {
    const payload = new Uint8Array(8001).map((_, i) => i % 256);
    const split = splitIntoFrames(payload, 160);
    expect(split.length).toBe(51);
    expect(split.slice(0, 50).every((frame) => frame.length === 160)).toBe(true);
    expect(Array.from(split[50] ?? [])).toEqual([8000 % 256]);
    expect(split[1]?.buffer).toBe(payload.buffer);
    expect(splitIntoFrames(new Uint8Array(0), 160)).toEqual([]);
  });

  it('rejects a frame size that is not a positive whole number', () => {
    expect(() => splitIntoFrames(new Uint8Array(10), 0)).toThrow(RangeError);
    expect(() => splitIntoFrames(new Uint8Array(10), 1.5)).toThrow(RangeError);
  });
});

describe('joinFrames', () => {
  it('joins frames cut from one payload as a view of it, without copying', () => {
    const payload = new Uint8Array(800).map((_, i) => i % 251);
    const split = splitIntoFrames(payload, 160);
    const joined = joinFrames(split, 1, 3);
    expect(joined.buffer).toBe(payload.buffer);
    expect(Array.from(joined)).toEqual(Array.from(payload.subarray(160, 640)));
    expect(joinFrames(split, 4, 1)).toBe(split[4]);
  });

  it('copies frames that are not consecutive views of one payload', () => {
    const joined = joinFrames([new Uint8Array([1, 2]), new Uint8Array([3]), new Uint8Array([4, 5])], 0, 3);
    expect(Array.from(joined)).toEqual([1, 2, 3, 4, 5]);
    // Views of one buffer out of order are not consecutive either.
    const payload = new Uint8Array([1, 2, 3, 4]);
    expect(Array.from(joinFrames([payload.subarray(2, 4), payload.subarray(0, 2)], 0, 2))).toEqual([3, 4, 1, 2]);
  });
});

describe('FramePacer', () => {
  it('sends one second of audio as 50 frames 20 ms apart, the first at once', () => {
    const { scheduler, pacer, frameTimesMs } = harness();
    pacer.enqueue(splitIntoFrames(new Uint8Array(8000), 160));
    expect(frameTimesMs).toEqual([0]);
    expect(pacer.queuedMs).toBe(980);
    scheduler.advance(2000);
    expect(frameTimesMs).toEqual(Array.from({ length: 50 }, (_, i) => i * 20));
    expect(pacer.queuedMs).toBe(0);
    expect(scheduler.pending).toBe(0);
  });

  it('plays one frames array on many pacers at once, each from its own start (a cached prompt)', () => {
    const shared = frames(4, 1);
    const first = harness();
    first.pacer.enqueue(shared, 'a');
    first.scheduler.advance(40);
    const second = harness();
    second.pacer.enqueue(shared, 'b');
    first.scheduler.advance(1000);
    second.scheduler.advance(1000);
    expect(first.log).toEqual(['frame 1@0', 'frame 2@20', 'frame 3@40', 'frame 4@60', 'mark a@60']);
    expect(second.log).toEqual(['frame 1@0', 'frame 2@20', 'frame 3@40', 'frame 4@60', 'mark b@60']);
    expect(shared.map((frame) => frame[0])).toEqual([1, 2, 3, 4]);
  });

  it('reports a mark right after its last frame, and marks in order', () => {
    const { scheduler, pacer, log } = harness();
    pacer.enqueue(frames(3, 1), 'first');
    pacer.enqueue(frames(2, 4), 'second');
    scheduler.advance(1000);
    expect(log).toEqual(['frame 1@0', 'frame 2@20', 'frame 3@40', 'mark first@40', 'frame 4@60', 'frame 5@80', 'mark second@80']);
  });

  it('drops queued frames on clear() and returns the marks never reached', () => {
    const { scheduler, pacer, log } = harness();
    pacer.enqueue(frames(2, 1), 'a');
    pacer.enqueue(frames(10, 3), 'b');
    pacer.enqueue(frames(10, 13), 'c');
    scheduler.advance(100);
    expect(log.filter((entry) => entry.startsWith('frame'))).toHaveLength(6);
    expect(pacer.clear()).toEqual(['b', 'c']);
    expect(pacer.queuedMs).toBe(0);
    expect(scheduler.pending).toBe(0);
    scheduler.advance(1000);
    expect(log).toHaveLength(7);
    expect(pacer.clear()).toEqual([]);
  });

  it('starts afresh after clear(): the next utterance goes out at once', () => {
    const { scheduler, pacer, frameTimesMs } = harness();
    pacer.enqueue(frames(5));
    scheduler.advance(30);
    pacer.clear();
    scheduler.advance(5);
    pacer.enqueue(frames(2));
    scheduler.advance(100);
    expect(frameTimesMs).toEqual([0, 20, 35, 55]);
  });

  it('catches up when a timer fires late, sending every frame due by then', () => {
    const { scheduler, pacer, frameTimesMs } = harness();
    pacer.enqueue(frames(10));
    // Due at 20; fired at 75: the frames due at 20, 40 and 60 all go now.
    scheduler.fireLate(75);
    expect(frameTimesMs).toEqual([0, 75, 75, 75]);
    scheduler.advance(5);
    expect(frameTimesMs).toEqual([0, 75, 75, 75, 80]);
    scheduler.advance(200);
    // Back on the original 20 ms grid, never more than one frame ahead of real time.
    expect(frameTimesMs.slice(4)).toEqual([80, 100, 120, 140, 160, 180]);
    frameTimesMs.forEach((sentAtMs, k) => expect(sentAtMs).toBeGreaterThanOrEqual(k * 20));
  });

  it('keeps the lead at one frame when more audio arrives while the last frame plays', () => {
    const { scheduler, pacer, frameTimesMs } = harness();
    pacer.enqueue(frames(1));
    scheduler.advance(5);
    pacer.enqueue(frames(2));
    expect(frameTimesMs).toEqual([0]);
    scheduler.advance(100);
    expect(frameTimesMs).toEqual([0, 20, 40]);
  });

  it('restarts the clock after an underrun rather than bursting', () => {
    const { scheduler, pacer, frameTimesMs } = harness();
    pacer.enqueue(frames(2));
    scheduler.advance(500);
    pacer.enqueue(frames(3));
    scheduler.advance(100);
    expect(frameTimesMs).toEqual([0, 20, 500, 520, 540]);
  });

  it('reports a mark queued with no frames once everything before it is sent', () => {
    const { scheduler, pacer, log } = harness();
    pacer.enqueue([], 'empty');
    expect(log).toEqual(['mark empty@0']);
    pacer.enqueue(frames(2, 1));
    pacer.enqueue([], 'after');
    scheduler.advance(100);
    expect(log.slice(1)).toEqual(['frame 1@0', 'frame 2@20', 'mark after@20']);
  });

  it('lets onFrames clear the pacer (barge-in during a send)', () => {
    const scheduler = new FakeScheduler();
    const sent: number[] = [];
    let dropped: string[] = [];
    const pacer: FramePacer = new FramePacer({
      scheduler,
      onFrames: (burst, start) => {
        sent.push(burst[start]?.[0] ?? -1);
        if (sent.length === 2) dropped = pacer.clear();
      },
    });
    pacer.enqueue(frames(5, 1), 'utterance');
    scheduler.advance(200);
    expect(sent).toEqual([1, 2]);
    expect(dropped).toEqual(['utterance']);
    expect(scheduler.pending).toBe(0);
  });

  it('sends bursts of framesPerSend frames every framesPerSend · 20 ms, holding the real-time pace', () => {
    const { scheduler, pacer, frameTimesMs } = harness(3);
    pacer.enqueue(splitIntoFrames(new Uint8Array(8000), 160));
    expect(frameTimesMs).toEqual([0, 0, 0]);
    scheduler.advance(2000);
    expect(frameTimesMs).toEqual(Array.from({ length: 50 }, (_, i) => Math.floor(i / 3) * 60));
    expect(scheduler.pending).toBe(0);
  });

  it('reports a mark in the burst that carries its last frame, and never lets a burst run ahead of the clock', () => {
    const { scheduler, pacer, log, bursts } = harness(3);
    pacer.enqueue(frames(4, 1), 'first');
    pacer.enqueue(frames(1, 5), 'second');
    scheduler.advance(10);
    // Audio queued while the first burst plays waits for its own slot: the lead stays one burst.
    pacer.enqueue(frames(2, 6), 'third');
    scheduler.advance(500);
    expect(log).toEqual(['frame 1@0', 'frame 2@0', 'frame 3@0', 'frame 4@60', 'mark first@60', 'frame 5@60', 'mark second@60', 'frame 6@60', 'frame 7@120', 'mark third@120']);
    // One onFrames per enqueue() in a burst, so each mark still falls between the frames around it.
    expect(bursts).toEqual(['1,2,3@0', '4@60', '5@60', '6@60', '7@120']);
  });

  it('rejects a burst size that is not a whole number of at least 1', () => {
    const scheduler = new FakeScheduler();
    expect(() => new FramePacer({ scheduler, framesPerSend: 0, onFrames: () => undefined })).toThrow(RangeError);
    expect(() => new FramePacer({ scheduler, framesPerSend: 1.5, onFrames: () => undefined })).toThrow(RangeError);
  });
});

describe('FramePacer: cutting and short frames', () => {
  it('cuts what is unsent of one queued segment, keeps the rest in order, and sends it with no gap', () => {
    const { scheduler, pacer, log } = harness();
    pacer.enqueue(frames(3, 1), 'speech');
    pacer.enqueue(frames(5, 10), 'hold');
    scheduler.advance(70);
    expect(pacer.cut('hold')).toBe(true);
    expect(pacer.cut('hold')).toBe(false);
    pacer.enqueue(frames(2, 20), 'next');
    scheduler.advance(200);
    // The hold frame sent stays sent; what follows it is due the moment it ends.
    expect(log).toEqual(['frame 1@0', 'frame 2@20', 'frame 3@40', 'mark speech@40', 'frame 10@60', 'frame 20@80', 'frame 21@100', 'mark next@100']);
    expect(pacer.queuedMs).toBe(0);
    expect(scheduler.pending).toBe(0);
  });

  it('drops the timer when a cut leaves nothing queued', () => {
    const { scheduler, pacer } = harness();
    pacer.enqueue(frames(3, 1), 'only');
    expect(pacer.cut('only')).toBe(true);
    expect(scheduler.pending).toBe(0);
  });

  it('plays a short last frame only as long as its audio: what follows is due when it ends', () => {
    const { scheduler, pacer, frameTimesMs } = harness();
    // 2.5 frames: the last one is 10 ms of audio.
    pacer.enqueue(splitIntoFrames(new Uint8Array(400), 160), 'line');
    pacer.enqueue(frames(2, 7), 'hold');
    scheduler.advance(200);
    expect(frameTimesMs).toEqual([0, 20, 40, 50, 70]);
  });
});
