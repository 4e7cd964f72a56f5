import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { threadId } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { parseWav } from '../../../src/audio/index.js';
import { EspeakPool } from '../../../src/providers/tts/espeak-pool.js';
import { EspeakTts } from '../../../src/providers/tts/espeak-tts.js';

function isInstalled(packageName: string): boolean {
  try {
    createRequire(import.meta.url).resolve(packageName);
    return true;
  } catch {
    return false;
  }
}

/** About 20 s of speech: long enough that its synthesis spans many turns of the event loop. */
const LONG_TEXT = Array.from({ length: 12 }, (_, i) => `Reminder number ${i + 1}: your balance of ${1200 + i * 37} dollars and ${i + 10} cents was due on March ${i + 3}.`).join(' ');

describe.skipIf(!isInstalled('espeak-ng'))('EspeakTts on worker threads (needs the optional espeak-ng package)', () => {
  const tts = new EspeakTts({ workers: 2 });
  const pool = new EspeakPool({ size: 2 });

  afterAll(async () => {
    await Promise.all([tts.close(), pool.close()]);
  });

  it('leaves the event loop free: a callback scheduled during a synthesis runs before it ends', async () => {
    await tts.synthesize({ text: 'Warm up.', locale: 'en-US' });
    const order: string[] = [];

    const synthesis = tts.synthesize({ text: LONG_TEXT, locale: 'en-US' }).then(() => order.push('synthesized'));
    setImmediate(() => order.push('event loop turned'));
    await synthesis;

    expect(order).toEqual(['event loop turned', 'synthesized']);
  });

  it('synthesizes on worker threads, concurrent requests on different ones', async () => {
    const texts = ['Your balance is one hundred dollars.', 'Your balance is two hundred dollars.'];

    const results = await Promise.all(texts.map((text) => pool.synthesize({ text, voice: 'en-us', locale: 'en-US' })));

    const threads = new Set(results.map((result) => result.threadId));
    expect(threads.size).toBe(2);
    expect(threads.has(threadId)).toBe(false);
    for (const result of results) expect(parseWav(result.wav).sampleRateHz).toBe(22050);
  });

  it('keeps the codes of its errors, and a worker that failed a request serves the next', async () => {
    const one = new EspeakTts({ workers: 1 });
    try {
      await expect(one.synthesize({ text: 'Hello.', locale: 'en-US', voice: 'xx-no-such-voice' })).rejects.toMatchObject({
        code: 'DUN_ERR_TTS_FAILED',
        retryable: false,
        message: 'espeak-ng produced no audio (unknown voice?).',
        details: expect.objectContaining({ voice: 'xx-no-such-voice', locale: 'en-US' }),
      });
      await expect(one.synthesize({ text: 'Hello.', locale: 'en-US' })).resolves.toMatchObject({ sampleRateHz: 22050 });
    } finally {
      await one.close();
    }
  });

  it('fails every request after close() with DUN_ERR_TTS_FAILED', async () => {
    const closing = new EspeakTts({ workers: 1 });
    await closing.synthesize({ text: 'Hello.', locale: 'en-US' });

    await closing.close();

    await expect(closing.synthesize({ text: 'Hello again.', locale: 'en-US' })).rejects.toMatchObject({ code: 'DUN_ERR_TTS_FAILED', retryable: false });
  });
});

describe('EspeakTts without the optional package, on a worker', () => {
  it('raises DUN_ERR_TTS_UNAVAILABLE from the worker, and again on the next request', async () => {
    const tts = new EspeakTts({ packageName: 'dunbot-test-missing-espeak-ng', workers: 1 });
    try {
      for (let attempt = 0; attempt < 2; attempt += 1) {
        await expect(tts.synthesize({ text: 'Hello.', locale: 'en-US' })).rejects.toMatchObject({ code: 'DUN_ERR_TTS_UNAVAILABLE', details: expect.objectContaining({ package: 'dunbot-test-missing-espeak-ng' }) });
      }
    } finally {
      await tts.close();
    }
  });
});

/** The nice value of each thread of this process (Linux: field 19 of /proc/self/task/<tid>/stat). */
function threadNiceValues(): Map<number, number> {
  const values = new Map<number, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces: state is field 3.
    const nice = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19 - 3]);
    values.set(Number(tid), nice);
  }
  return values;
}

describe.skipIf(process.platform !== 'linux')('EspeakPool thread priority (Linux)', () => {
  it('runs its workers at the nice value asked for, leaving the event loop as it was', async () => {
    const before = threadNiceValues();
    const pool = new EspeakPool({ size: 1, niceness: 7, packageName: 'dunbot-test-missing-espeak-ng' });
    try {
      // The worker has started (and set its priority) once it answers, even with a failure.
      await expect(pool.synthesize({ text: 'Hello.', voice: 'en-us', locale: 'en-US' })).rejects.toMatchObject({ code: 'DUN_ERR_TTS_UNAVAILABLE' });

      const after = threadNiceValues();
      expect([...after.values()].filter((nice) => nice === 7)).toHaveLength(1);
      expect(after.get(process.pid)).toBe(before.get(process.pid));
    } finally {
      await pool.close();
    }
  });
});
