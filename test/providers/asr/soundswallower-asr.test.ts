import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Intent } from '../../../src/nlu/intents.js';
import { SoundswallowerAsr, type AsrHints, type AsrListener, type AsrResult } from '../../../src/providers/asr/index.js';
import { type SpeakOnPhone, loadPhoneSpeech } from './espeak-speech.js';

/** Debtor replies to "Can you make a payment today?", the question's expected intents and the safety ones. */
const REPLIES: readonly string[] = [
  'yes speaking',
  'i already paid',
  'i lost my job',
  'can i pay in installments',
  'call me back later',
  'wrong number',
  'he is not here',
  'let me talk to a person',
  'stop calling me',
  'how much do i owe',
  'i can pay two hundred dollars on friday',
  'i filed for bankruptcy',
];
// What the shipped flows expect there (expectationsAt(FLOWS.early, 'askPayment')); the grammar holds
// only these and the intents always heard, so a reply with another intent would not be in it.
const EXPECTED: readonly Intent[] = ['affirm', 'promise_to_pay', 'request_plan', 'hardship', 'already_paid', 'dispute', 'callback', 'refuse', 'deny', 'ask_balance', 'ask_caller_identity', 'wrong_number', 'third_party'];
const HINTS: AsrHints = { expectedIntents: EXPECTED };
const CHUNK_SAMPLES = 160; // 20 ms at 8 kHz

interface Heard {
  readonly results: AsrResult[];
  readonly errors: Error[];
}

function listen(): Heard & AsrListener {
  const results: AsrResult[] = [];
  const errors: Error[] = [];
  return { results, errors, onResult: (result) => results.push(result), onError: (error) => errors.push(error) };
}

async function recognize(asr: SoundswallowerAsr, samples: Int16Array, hints: AsrHints = HINTS): Promise<Heard> {
  const heard = listen();
  const stream = await asr.open({ locale: 'en-US', hints }, heard);
  for (let offset = 0; offset < samples.length; offset += CHUNK_SAMPLES) stream.write(samples.subarray(offset, offset + CHUNK_SAMPLES));
  await stream.finish();
  return heard;
}

function wordErrors(reference: readonly string[], hypothesis: readonly string[]): number {
  let previous = Array.from({ length: hypothesis.length + 1 }, (_, j) => j);
  for (let i = 1; i <= reference.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= hypothesis.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (reference[i - 1] === hypothesis[j - 1] ? 0 : 1);
      row.push(Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, substitution));
    }
    previous = row;
  }
  return previous[hypothesis.length] ?? 0;
}

const speak: SpeakOnPhone | undefined = await loadPhoneSpeech();

describe('SoundswallowerAsr', () => {
  const asr = new SoundswallowerAsr();
  afterAll(() => asr.dispose());

  beforeAll(async () => {
    const startedMs = performance.now();
    await asr.warmUp(1);
    console.log(`soundswallower: module and first decoder ready in ${Math.round(performance.now() - startedMs)} ms`);
  }, 30_000);

  describe.skipIf(speak === undefined)('on synthesized telephone speech (espeak-ng)', () => {
    const audio: Int16Array[] = [];
    const heard: Heard[] = [];
    let decodeMs = 0;

    beforeAll(async () => {
      if (speak === undefined) return;
      for (const reply of REPLIES) audio.push(await speak(reply));
      const startedMs = performance.now();
      for (const samples of audio) heard.push(await recognize(asr, samples));
      decodeMs = performance.now() - startedMs;
    }, 60_000);

    it('recognizes most replies word for word, with a low word error rate', () => {
      let exact = 0;
      let errors = 0;
      let words = 0;
      const lines: string[] = [];
      REPLIES.forEach((reply, index) => {
        const text = heard[index]?.results.at(-1)?.text ?? '';
        const reference = reply.split(' ');
        errors += wordErrors(reference, text.split(' ').filter((word) => word !== ''));
        words += reference.length;
        if (text === reply) exact += 1;
        else lines.push(`  "${reply}" → "${text}"`);
      });
      const audioMs = audio.reduce((sum, samples) => sum + samples.length, 0) / 8;
      console.log(
        `soundswallower: ${exact}/${REPLIES.length} exact, WER ${((100 * errors) / words).toFixed(1)}%, ` +
          `decoded ${(audioMs / 1000).toFixed(1)} s of audio in ${Math.round(decodeMs)} ms (real-time factor ${(decodeMs / audioMs).toFixed(2)})\n${lines.join('\n')}`,
      );
      expect(heard.flatMap((one) => one.errors)).toEqual([]);
      expect(exact).toBeGreaterThanOrEqual(10);
      expect(errors / words).toBeLessThan(0.1);
    });

    it('sends partial results before the final one, which comes last and only once', () => {
      const withPartials = heard.filter((one) => one.results.length > 1 && one.results.slice(0, -1).every((result) => !result.isFinal));
      expect(withPartials.length).toBeGreaterThanOrEqual(REPLIES.length - 1);
      for (const one of heard) {
        expect(one.results.filter((result) => result.isFinal)).toHaveLength(1);
        expect(one.results.at(-1)?.isFinal).toBe(true);
      }
    });

    it('hears an amount and a date: "i can pay two hundred dollars on friday"', () => {
      const final = heard[REPLIES.indexOf('i can pay two hundred dollars on friday')]?.results.at(-1);
      expect(final?.text).toBe('i can pay two hundred dollars on friday');
      expect(final?.confidence).toBeGreaterThan(0.5);
      expect(final?.confidence).toBeLessThanOrEqual(1);
    });

    it('compiles a new grammar in well under a second and reuses an unchanged one', async () => {
      const samples = audio[0] ?? new Int16Array(0);
      const hints: AsrHints = { expectedIntents: ['affirm', 'deny'], phrases: ['John Smith'] };
      let startedMs = performance.now();
      const first = await recognize(asr, samples, hints);
      const newGrammarMs = performance.now() - startedMs;
      startedMs = performance.now();
      await recognize(asr, samples, hints);
      const sameGrammarMs = performance.now() - startedMs;
      console.log(`soundswallower: utterance with a new grammar ${Math.round(newGrammarMs)} ms, with the same grammar ${Math.round(sameGrammarMs)} ms`);
      expect(first.results.at(-1)?.text).toBe('yes speaking');
      expect(newGrammarMs).toBeLessThan(2_000);
    });
  });

  it('gives an empty final result with confidence 0 for silence', async () => {
    const heard = await recognize(asr, new Int16Array(8000));
    expect(heard.errors).toEqual([]);
    expect(heard.results.at(-1)).toEqual({ text: '', isFinal: true, confidence: 0 });
  });

  it('refuses zh-CN with DUN_ERR_ASR_LOCALE', async () => {
    await expect(asr.open({ locale: 'zh-CN', hints: HINTS }, listen())).rejects.toMatchObject({ code: 'DUN_ERR_ASR_LOCALE' });
  });

  it('holds an utterance beyond maxActiveStreams until a stream ends, and refuses one beyond maxWaitingStreams, retryably', async () => {
    const limited = new SoundswallowerAsr({ maxActiveStreams: 1, maxWaitingStreams: 1 });
    const first = await limited.open({ locale: 'en-US', hints: HINTS }, listen());
    const heard = listen();
    let secondOpen = false;
    const second = limited.open({ locale: 'en-US', hints: HINTS }, heard).then((stream) => {
      secondOpen = true;
      return stream;
    });
    await expect(limited.open({ locale: 'en-US', hints: HINTS }, listen())).rejects.toMatchObject({ code: 'DUN_ERR_ASR_FAILED', retryable: true });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(secondOpen).toBe(false);
    expect(limited.stats()).toMatchObject({ activeStreams: 1, waitingStreams: 1 });
    await first.finish();
    // The waiting utterance takes the place and the decoder the first one left, and is recognized.
    const stream = await second;
    expect(limited.stats()).toMatchObject({ activeStreams: 1, waitingStreams: 0, decodersCreated: 1 });
    stream.write(new Int16Array(4000));
    await stream.finish();
    expect(heard.results.at(-1)).toEqual({ text: '', isFinal: true, confidence: 0 });
    expect(limited.stats()).toMatchObject({ activeStreams: 0, waitingStreams: 0 });
    limited.dispose();
  }, 20_000);

  it('fails the utterances still waiting when it is disposed', async () => {
    const limited = new SoundswallowerAsr({ maxActiveStreams: 1 });
    const first = await limited.open({ locale: 'en-US', hints: HINTS }, listen());
    const waiting = limited.open({ locale: 'en-US', hints: HINTS }, listen());
    limited.dispose();
    await expect(waiting).rejects.toMatchObject({ code: 'DUN_ERR_ASR_FAILED' });
    first.close();
    expect(limited.stats()).toMatchObject({ activeStreams: 0, waitingStreams: 0 });
  }, 20_000);

  it('keeps the decoders of concurrent streams for the next ones, as making one blocks the event loop', async () => {
    const pool = new SoundswallowerAsr({ maxActiveStreams: 3 });
    const openThree = (): Promise<Awaited<ReturnType<typeof pool.open>>[]> => Promise.all([0, 1, 2].map(() => pool.open({ locale: 'en-US', hints: HINTS }, listen())));
    for (const stream of await openThree()) await stream.finish();
    expect(pool.stats()).toEqual({ activeStreams: 0, waitingStreams: 0, idleDecoders: 3, decodersCreated: 3, grammarsCompiled: 3 });
    const again = await openThree();
    expect(pool.stats()).toEqual({ activeStreams: 3, waitingStreams: 0, idleDecoders: 0, decodersCreated: 3, grammarsCompiled: 3 });
    for (const stream of again) stream.close();
    expect(pool.stats()).toMatchObject({ activeStreams: 0, idleDecoders: 3 });
    // An explicit, smaller limit still bounds what is kept.
    const small = new SoundswallowerAsr({ maxActiveStreams: 3, maxIdleDecoders: 1 });
    const streams = await Promise.all([0, 1, 2].map(() => small.open({ locale: 'en-US', hints: HINTS }, listen())));
    for (const stream of streams) stream.close();
    expect(small.stats()).toMatchObject({ activeStreams: 0, idleDecoders: 1, decodersCreated: 3 });
    pool.dispose();
    small.dispose();
  }, 30_000);

  it('keeps the event loop free while a decoder is made and a grammar compiled: they run on a worker thread', async () => {
    const fresh = new SoundswallowerAsr();
    let last = performance.now();
    let longestStallMs = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longestStallMs = Math.max(longestStallMs, now - last);
      last = now;
    }, 2);
    const startedMs = performance.now();
    // A hint phrase makes the decoder answer a word lookup first: it is still counted once.
    const stream = await fresh.open({ locale: 'en-US', hints: { ...HINTS, phrases: ['John Smith'] } }, listen());
    const openMs = performance.now() - startedMs;
    clearInterval(ticker);
    await stream.finish();
    console.log(`soundswallower: first utterance ready in ${Math.round(openMs)} ms; longest event-loop stall meanwhile ${Math.round(longestStallMs)} ms`);
    expect(fresh.stats()).toEqual({ activeStreams: 0, waitingStreams: 0, idleDecoders: 1, decodersCreated: 1, grammarsCompiled: 1 });
    // On the event loop, making the decoder alone stalled it for the whole of the open.
    expect(longestStallMs).toBeLessThan(openMs / 2);
    fresh.dispose();
  }, 20_000);

  it('gives an utterance an idle decoder that holds its grammar already, so a grammar is compiled once per decoder', async () => {
    const pool = new SoundswallowerAsr({ maxActiveStreams: 2 });
    const paying: AsrHints = { expectedIntents: ['promise_to_pay', 'refuse'] };
    const verifying: AsrHints = { expectedIntents: ['affirm', 'deny'] };
    const utterance = async (hints: AsrHints): Promise<void> => (await pool.open({ locale: 'en-US', hints }, listen())).finish();
    // Two decoders, one per question's grammar…
    const [first, second] = await Promise.all([pool.open({ locale: 'en-US', hints: paying }, listen()), pool.open({ locale: 'en-US', hints: verifying }, listen())]);
    await first?.finish();
    await second?.finish();
    expect(pool.stats()).toMatchObject({ decodersCreated: 2, grammarsCompiled: 2 });
    // …then calls alternate between the two questions: each finds its grammar ready.
    for (const hints of [paying, verifying, verifying, paying, paying, verifying]) await utterance(hints);
    expect(pool.stats()).toMatchObject({ activeStreams: 0, idleDecoders: 2, decodersCreated: 2, grammarsCompiled: 2 });
    pool.dispose();
  }, 30_000);

  it('fails open streams when its worker thread dies, and starts a new one for the next utterance', async () => {
    const asrUnderTest = new SoundswallowerAsr();
    const heard = listen();
    const stream = await asrUnderTest.open({ locale: 'en-US', hints: HINTS }, heard);
    const worker = (asrUnderTest as unknown as { worker: import('node:worker_threads').Worker }).worker;
    await worker.terminate();
    await stream.finish();
    expect(heard.errors).toHaveLength(1);
    expect(heard.errors[0]).toMatchObject({ code: 'DUN_ERR_ASR_FAILED' });
    expect(asrUnderTest.stats()).toMatchObject({ activeStreams: 0, idleDecoders: 0 });
    const silence = await recognize(asrUnderTest, new Int16Array(4000));
    expect(silence.errors).toEqual([]);
    expect(silence.results.at(-1)).toEqual({ text: '', isFinal: true, confidence: 0 });
    asrUnderTest.dispose();
  }, 20_000);

  it('keeps the process alive while its worker owes an answer, and lets it exit once idle', async () => {
    // A script that only warms up: nothing but the worker can keep it running until the answer.
    // The built package, as a user's script would import it (`npm test` builds it first).
    const built = pathToFileURL(join(import.meta.dirname, '..', '..', '..', 'dist', 'src', 'providers', 'asr', 'soundswallower-asr.js')).href;
    const script = join(mkdtempSync(join(tmpdir(), 'dunbot-warm-')), 'warm.mjs');
    writeFileSync(script, `const { SoundswallowerAsr } = await import(${JSON.stringify(built)});\nconst asr = new SoundswallowerAsr();\nawait asr.warmUp(1);\nconsole.log(JSON.stringify(asr.stats()));\n`);
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // Exiting by itself at all shows the idle worker no longer holds the process.
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect({ code, output: output.trim() }).toEqual({ code: 0, output: JSON.stringify({ activeStreams: 0, waitingStreams: 0, idleDecoders: 1, decodersCreated: 1, grammarsCompiled: 0 }) });
  }, 20_000);

  it('fails a stream that goes over maxUtteranceMs with DUN_ERR_ASR_FAILED and ignores later audio', async () => {
    const limited = new SoundswallowerAsr({ maxUtteranceMs: 100 });
    const heard = listen();
    const stream = await limited.open({ locale: 'en-US', hints: HINTS }, heard);
    stream.write(new Int16Array(800));
    stream.write(new Int16Array(160));
    stream.write(new Int16Array(160));
    await stream.finish();
    expect(heard.errors).toHaveLength(1);
    expect(heard.errors[0]).toMatchObject({ code: 'DUN_ERR_ASR_FAILED', retryable: false });
    expect(heard.results.filter((result) => result.isFinal)).toEqual([]);
    limited.dispose();
  }, 20_000);
});
