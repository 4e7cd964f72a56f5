import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES, PendingMarks, ReorderBuffer, checkFrameSize, decodeBase64, encodeBase64 } from '../../src/telephony/index.js';
import { ULAW_400HZ_BASE64, bytesOf } from './frames.js';

describe('decodeBase64', () => {
  it('decodes standard padded base64', () => {
    const decoded = decodeBase64(ULAW_400HZ_BASE64);
    expect(decoded).toEqual({ ok: true, value: bytesOf(ULAW_400HZ_BASE64) });
    expect(decoded.ok && encodeBase64(decoded.value)).toBe(ULAW_400HZ_BASE64);
    expect(decodeBase64('')).toEqual({ ok: true, value: new Uint8Array(0) });
  });

  it.each([
    ['a character outside the alphabet', 'AAA!AAAA'],
    ['whitespace', 'AAAA AAA'],
    ['URL-safe characters', 'AA-_AAAA'],
    ['a length not a multiple of 4', 'AAAAA'],
    ['padding in the middle', 'AA==AAAA'],
    ['three padding characters', 'A==='],
    ['one padding character in the middle', 'AAA=AAAA'],
    ['a trailing newline', 'AAAAAAA\n'],
    ['a non-ASCII letter', 'AAAéAAAA'],
  ])('rejects %s, which Buffer.from would silently accept', (_name, text) => {
    expect(Buffer.from(text, 'base64')).toBeInstanceOf(Buffer);
    expect(decodeBase64(text)).toMatchObject({ ok: false, error: { code: 'DUN_ERR_MEDIA_BAD_BASE64', fatal: false } });
  });

  it('accepts exactly the strings of the standard alphabet with padding at the end (20,000 random strings)', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const noise = '=-_ !\n*.é语';
    const valid = /^[A-Za-z0-9+/]*={0,2}$/;
    let seed = 7;
    const random = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let accepted = 0;
    for (let i = 0; i < 20_000; i += 1) {
      const length = 4 * (1 + Math.floor(random() * 4));
      let text = '';
      for (let j = 0; j < length; j += 1) text += random() < 0.03 ? noise[Math.floor(random() * noise.length)] : alphabet[Math.floor(random() * alphabet.length)];
      // Padding where base64 puts it, on a share of the strings.
      if (random() < 0.3) text = `${text.slice(0, -2)}==`;
      else if (random() < 0.3) text = `${text.slice(0, -1)}=`;
      const decoded = decodeBase64(text);
      expect(decoded.ok, text).toBe(valid.test(text));
      if (decoded.ok) {
        accepted += 1;
        expect(decoded.value).toEqual(new Uint8Array(Buffer.from(text, 'base64')));
      }
    }
    expect(accepted).toBeGreaterThan(5_000);
    expect(accepted).toBeLessThan(20_000);
  });
});

describe('checkFrameSize', () => {
  it('counts UTF-8 bytes of text, not UTF-16 code units', () => {
    const text = '语'.repeat(Math.floor(MAX_FRAME_BYTES / 3) + 1); // 3 bytes each
    expect(text.length).toBeLessThan(MAX_FRAME_BYTES);
    expect(checkFrameSize(text, MAX_FRAME_BYTES)).toMatchObject({ error: { code: 'DUN_ERR_MEDIA_OVERSIZED' } });
    expect(checkFrameSize('a'.repeat(MAX_FRAME_BYTES), MAX_FRAME_BYTES)).toBeUndefined();
    expect(checkFrameSize(new Uint8Array(MAX_FRAME_BYTES + 1), MAX_FRAME_BYTES)).toMatchObject({ ok: false });
  });
});

describe('ReorderBuffer', () => {
  it('releases in order, skips gaps after the window and drops late items', () => {
    const buffer = new ReorderBuffer<{ n: number }>(2);
    buffer.expect(10);
    expect(buffer.push(11, { n: 11 })).toEqual([]);
    expect(buffer.push(12, { n: 12 })).toEqual([]);
    expect(buffer.push(13, { n: 13 })).toEqual([{ n: 11 }, { n: 12 }, { n: 13 }]);
    expect(buffer.push(10, { n: 10 })).toEqual([]);
    expect(buffer.push(13, { n: 13 })).toEqual([]);
    expect(buffer.dropped).toBe(2);
    expect(buffer.push(15, { n: 15 })).toEqual([]);
    expect(buffer.skip(14)).toEqual([{ n: 15 }]);
  });
});

describe('PendingMarks', () => {
  it('bounds pending marks, displacing the oldest', () => {
    const marks = new PendingMarks(2);
    expect(marks.add('a')).toBeUndefined();
    expect(marks.add('b')).toBeUndefined();
    expect(marks.add('c')).toBe('a');
    expect(marks.pending).toEqual(['b', 'c']);
    expect(marks.clearAll()).toEqual(['b', 'c']);
    expect(marks.settle('c', 'cleared')).toBe('cleared');
    expect(marks.settle('c', 'cleared')).toBe('unknown');
  });
});
