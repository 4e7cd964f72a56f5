import { describe, expect, it } from 'vitest';
import { PreRollBuffer } from '../../src/call/pre-roll-buffer.js';

/** `count` samples numbered from `first`. */
function ramp(first: number, count: number): Int16Array {
  return Int16Array.from({ length: count }, (_, i) => first + i);
}

function joined(chunks: Int16Array[]): number[] {
  return chunks.flatMap((chunk) => Array.from(chunk));
}

describe('PreRollBuffer', () => {
  it('keeps the newest samples up to its duration, oldest first', () => {
    // 1 ms at 8 kHz holds 8 samples.
    const buffer = new PreRollBuffer(1, 8000);
    buffer.push(ramp(0, 5));
    buffer.push(ramp(5, 5));
    buffer.push(ramp(10, 3));
    expect(joined(buffer.take())).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('returns less than its duration when less was pushed, and nothing once taken', () => {
    const buffer = new PreRollBuffer(1, 8000);
    expect(buffer.take()).toEqual([]);
    buffer.push(ramp(0, 3));
    expect(joined(buffer.take())).toEqual([0, 1, 2]);
    expect(buffer.take()).toEqual([]);
    buffer.push(ramp(100, 2));
    expect(joined(buffer.take())).toEqual([100, 101]);
  });

  it('keeps only the tail of a chunk longer than the buffer', () => {
    const buffer = new PreRollBuffer(1, 8000);
    buffer.push(ramp(0, 3));
    buffer.push(ramp(50, 20));
    expect(joined(buffer.take())).toEqual(Array.from({ length: 8 }, (_, i) => 62 + i));
  });

  it('matches a plain list of the last 300 ms over many frames of uneven sizes', () => {
    const buffer = new PreRollBuffer(300, 8000);
    let all: number[] = [];
    let next = 0;
    for (let frame = 0; frame < 200; frame += 1) {
      const size = 1 + ((frame * 37) % 300);
      buffer.push(ramp(next % 30_000, size));
      all = all.concat(Array.from(ramp(next % 30_000, size)));
      next += size;
      if (frame % 17 === 0) {
        expect(joined(buffer.take())).toEqual(all.slice(-2400));
        all = [];
      }
    }
    expect(joined(buffer.take())).toEqual(all.slice(-2400));
  });

  it('holds nothing when its duration is zero', () => {
    const buffer = new PreRollBuffer(0, 8000);
    buffer.push(ramp(0, 160));
    expect(buffer.take()).toEqual([]);
  });

  it('copies what it keeps, so the caller may reuse its frame', () => {
    const buffer = new PreRollBuffer(1, 8000);
    const frame = ramp(0, 4);
    buffer.push(frame);
    frame.fill(-1);
    expect(joined(buffer.take())).toEqual([0, 1, 2, 3]);
  });
});

describe('PreRollBuffer pieces', () => {
  it('hands back the audio in pieces the size of the chunks pushed, aligned to the newest', () => {
    const buffer = new PreRollBuffer(1, 8000);
    for (let first = 0; first < 30; first += 3) buffer.push(ramp(first, 3));
    expect(buffer.take().map((piece) => Array.from(piece))).toEqual([
      [22, 23],
      [24, 25, 26],
      [27, 28, 29],
    ]);
  });
});
