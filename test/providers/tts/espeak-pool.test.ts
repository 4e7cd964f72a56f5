import { threadId } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseWav } from '../../../src/audio/index.js';
import { EspeakPool, type EspeakPoolOptions } from '../../../src/providers/tts/espeak-pool.js';
import { ManualScheduler } from '../../../src/time/scheduler.js';

/** The stand-in worker: crashes, throws, hangs or holds a request on cue (see its header). */
const FAKE_WORKER = new URL('./fake-espeak-worker.js', import.meta.url);

const channel = new BroadcastChannel('fake-espeak-worker');
/** Resolvers of `held()` by name: a worker has the request and holds it. */
const heldWaiters = new Map<string, () => void>();
const heldSeen = new Set<string>();

beforeAll(() => {
  channel.onmessage = (event: MessageEvent) => {
    const data = String(event.data);
    if (!data.startsWith('held:')) return;
    const name = data.slice('held:'.length);
    heldSeen.add(name);
    heldWaiters.get(name)?.();
  };
});

afterAll(() => channel.close());

/** Resolves once a worker is holding the request `hold:<name>`. */
function held(name: string): Promise<void> {
  if (heldSeen.has(name)) return Promise.resolve();
  return new Promise((resolve) => heldWaiters.set(name, resolve));
}

function release(name: string): void {
  channel.postMessage(`release:${name}`);
}

const pools: EspeakPool[] = [];
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => pool.close()));
});

function fakePool(options: EspeakPoolOptions = {}): EspeakPool {
  const pool = new EspeakPool({ workerUrl: FAKE_WORKER, ...options });
  pools.push(pool);
  return pool;
}

const job = (text: string) => ({ text, voice: 'en-us', locale: 'en-US' as const });

/** MessagePorts keeping the event loop alive: a ref'd worker adds one. */
function refdPorts(): number {
  return process.getActiveResourcesInfo().filter((name) => name === 'MessagePort').length;
}

describe('EspeakPool', () => {
  it('runs concurrent requests on as many worker threads as it has, and queues the rest', async () => {
    const pool = fakePool({ size: 2 });

    const first = pool.synthesize(job('hold:concurrent-1'));
    const second = pool.synthesize(job('hold:concurrent-2'));
    const third = pool.synthesize(job('after both'));
    await Promise.all([held('concurrent-1'), held('concurrent-2')]);

    expect(pool.stats()).toMatchObject({ size: 2, workers: 2, busy: 2, queued: 1 });
    release('concurrent-1');
    release('concurrent-2');
    const results = await Promise.all([first, second, third]);
    const threads = new Set(results.map((result) => result.threadId));
    expect(threads.size).toBe(2);
    expect(threads.has(threadId)).toBe(false);
    expect(parseWav(results[2]?.wav ?? new Uint8Array())).toMatchObject({ sampleRateHz: 22050 });
    expect(pool.stats()).toMatchObject({ workers: 2, busy: 0, queued: 0, workersStarted: 2 });
  });

  it('fails only the request of a worker that exits, and serves the next on a new worker', async () => {
    const pool = fakePool({ size: 1 });

    const crashed = pool.synthesize(job('crash'));
    const next = pool.synthesize(job('queued behind the crash'));

    await expect(crashed).rejects.toMatchObject({ code: 'DUN_ERR_TTS_FAILED', retryable: true, message: expect.stringMatching(/worker thread stopped.*code 3/) });
    await expect(next).resolves.toMatchObject({ threadId: expect.any(Number) });
    await expect(pool.synthesize(job('and the one after'))).resolves.toMatchObject({ threadId: expect.any(Number) });
    expect(pool.stats()).toMatchObject({ workers: 1, workersStarted: 2 });
  });

  it('fails the request of a worker that throws with DUN_ERR_TTS_FAILED, leaving the other worker alone', async () => {
    const pool = fakePool({ size: 2 });

    const other = pool.synthesize(job('hold:beside-the-throw'));
    await held('beside-the-throw');
    const thrown = pool.synthesize(job('throw'));

    await expect(thrown).rejects.toMatchObject({ code: 'DUN_ERR_TTS_FAILED', message: expect.stringMatching(/fake espeak worker blew up/) });
    release('beside-the-throw');
    await expect(other).resolves.toMatchObject({ threadId: expect.any(Number) });
  });

  it('gives up on a synthesis over timeoutMs, on the scheduler it was given, and replaces its worker', async () => {
    const scheduler = new ManualScheduler(0);
    const pool = fakePool({ size: 1, timeoutMs: 5000, scheduler });
    let settled = false;

    const hung = pool.synthesize(job('hang'));
    void hung.catch(() => undefined).finally(() => (settled = true));
    expect(scheduler.pendingTimers).toBe(1);
    scheduler.increment(4999);
    await Promise.resolve();
    expect(settled).toBe(false);
    scheduler.increment(1);

    await expect(hung).rejects.toMatchObject({ code: 'DUN_ERR_TTS_FAILED', retryable: true, message: expect.stringMatching(/longer than 5000 ms/) });
    await expect(pool.synthesize(job('after the hang'))).resolves.toMatchObject({ threadId: expect.any(Number) });
    expect(pool.stats().workersStarted).toBe(2);
  });

  it('clears the timeout of a synthesis that answers, and of one in flight at close()', async () => {
    const scheduler = new ManualScheduler(0);
    const pool = fakePool({ size: 1, timeoutMs: 5000, scheduler });

    await pool.synthesize(job('answers in time'));
    expect(scheduler.pendingTimers).toBe(0);
    const running = pool.synthesize(job('hold:cleared-at-close'));
    await held('cleared-at-close');
    expect(scheduler.pendingTimers).toBe(1);
    const outcome = running.catch((error: unknown) => error);
    await pool.close();
    expect(await outcome).toMatchObject({ code: 'DUN_ERR_TTS_FAILED', message: expect.stringMatching(/closed/) });
    expect(scheduler.pendingTimers).toBe(0);
  });

  it('turns the failures a worker reports into coded errors', async () => {
    const pool = fakePool({ size: 1, packageName: 'some-espeak-build' });

    await expect(pool.synthesize(job('fail:package-missing'))).rejects.toMatchObject({
      code: 'DUN_ERR_TTS_UNAVAILABLE',
      retryable: false,
      message: expect.stringMatching(/install.*espeak-ng.*cloud TTS/),
      details: expect.objectContaining({ package: 'some-espeak-build' }),
    });
    await expect(pool.synthesize(job('fail:wasm-unloadable'))).rejects.toMatchObject({ code: 'DUN_ERR_TTS_UNAVAILABLE' });
    await expect(pool.synthesize(job('fail:no-audio'))).rejects.toMatchObject({
      code: 'DUN_ERR_TTS_FAILED',
      retryable: false,
      message: 'espeak-ng produced no audio (unknown voice?).',
      details: expect.objectContaining({ voice: 'en-us', locale: 'en-US', stderr: ['fake stderr line'] }),
    });
    await expect(pool.synthesize(job('fail:aborted'))).rejects.toMatchObject({ code: 'DUN_ERR_TTS_FAILED', message: 'espeak-ng aborted while synthesizing.', cause: expect.objectContaining({ message: 'fake detail' }) });
  });

  it('refuses a request beyond maxQueued, retryably', async () => {
    const pool = fakePool({ size: 1, maxQueued: 1 });

    const running = pool.synthesize(job('hold:full-queue'));
    await held('full-queue');
    const waiting = pool.synthesize(job('waits'));

    await expect(pool.synthesize(job('one too many'))).rejects.toMatchObject({ code: 'DUN_ERR_TTS_FAILED', retryable: true });
    release('full-queue');
    await expect(Promise.all([running, waiting])).resolves.toHaveLength(2);
  });

  it('holds the process only while a worker is busy', async () => {
    const pool = fakePool({ size: 1 });
    await pool.synthesize(job('start the worker'));
    const idle = refdPorts();

    const busy = pool.synthesize(job('hold:busy-worker'));
    await held('busy-worker');
    const whileBusy = refdPorts();
    release('busy-worker');
    await busy;

    expect(whileBusy).toBe(idle + 1);
    expect(refdPorts()).toBe(idle);
  });

  it('close() fails the requests in flight and waiting, and every later one', async () => {
    const pool = fakePool({ size: 1 });
    const running = pool.synthesize(job('hold:closing'));
    await held('closing');
    const waiting = pool.synthesize(job('never runs'));
    const outcomes = Promise.allSettled([running, waiting]);

    await pool.close();

    const [runningOutcome, waitingOutcome] = await outcomes;
    expect(runningOutcome).toMatchObject({ status: 'rejected', reason: { code: 'DUN_ERR_TTS_FAILED', message: expect.stringMatching(/closed/) } });
    expect(waitingOutcome).toMatchObject({ status: 'rejected', reason: { code: 'DUN_ERR_TTS_FAILED' } });
    await expect(pool.synthesize(job('after close'))).rejects.toMatchObject({ code: 'DUN_ERR_TTS_FAILED', retryable: false });
    expect(pool.stats()).toMatchObject({ workers: 0, busy: 0, queued: 0 });
  });

  it('rejects a size, timeout, queue limit or nice value out of range', () => {
    expect(() => new EspeakPool({ size: 0 })).toThrow(RangeError);
    expect(() => new EspeakPool({ size: 1.5 })).toThrow(RangeError);
    expect(() => new EspeakPool({ timeoutMs: 0 })).toThrow(RangeError);
    expect(() => new EspeakPool({ maxQueued: -1 })).toThrow(RangeError);
    expect(() => new EspeakPool({ niceness: -1 })).toThrow(RangeError);
    expect(() => new EspeakPool({ niceness: 20 })).toThrow(RangeError);
  });
});
