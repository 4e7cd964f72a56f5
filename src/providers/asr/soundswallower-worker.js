// @ts-check
/**
 * The soundswallower decoders, on a worker thread of their own: compiling a grammar (≈50 ms),
 * making a decoder (≈200 ms) and decoding audio (≈0.16 × real time) would otherwise stop every
 * call on the server's event loop meanwhile. SoundswallowerAsr (soundswallower-asr.ts) owns the
 * bookkeeping — which decoder serves which stream, how many are kept — and sends the work here;
 * this file only runs it, in the order it arrives.
 *
 * Plain JavaScript so that Node runs it as it is, from `src/` under the test runner as from `dist/`.
 * The messages are typed in soundswallower-worker-protocol.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import createModule from 'soundswallower';

/** @typedef {import('./soundswallower-worker-protocol.js').ToWorker} ToWorker */
/** @typedef {import('./soundswallower-worker-protocol.js').FromWorker} FromWorker */
/** @typedef {import('./soundswallower-worker-protocol.js').WorkerSettings} WorkerSettings */
/** @typedef {import('soundswallower').Decoder} Decoder */
/** @typedef {import('soundswallower').Segment} Segment */

if (parentPort === null) throw new Error('soundswallower-worker.js runs as a worker thread');
const port = parentPort;
const settings = /** @type {WorkerSettings} */ (workerData);

/** @type {Promise<import('soundswallower').SoundSwallowerModule> | undefined} */
let modulePromise;
/** @type {Map<number, { decoder: Decoder, grammar: string | undefined }>} */
const decoders = new Map();
/** @type {Map<number, { decoderId: number, samplesSincePartial: number, lastPartial: string }>} */
const streams = new Map();
/** Messages run one at a time, in order: each may wait for the module or a new decoder. */
let queue = Promise.resolve();

/** @param {FromWorker} message */
const post = (message) => port.postMessage(message);

/** @param {unknown} error */
const describe = (error) => (error instanceof Error ? error.message : String(error));

function loadModule() {
  /** @type {Partial<import('soundswallower').SoundSwallowerModule> & { modelBase: string }} */
  const overrides = { modelBase: settings.modelBase, print: () => undefined, printErr: () => undefined };
  modulePromise ??= createModule(overrides);
  return modulePromise;
}

/** The decoder `id`, made now when it does not exist yet; `created` says which. */
async function decoderFor(/** @type {number} */ id) {
  const existing = decoders.get(id);
  if (existing !== undefined) return { pooled: existing, created: false };
  const soundswallower = await loadModule();
  // Alternative pronunciations double the grammar's compile time (≈90 → ≈40 ms without) and did
  // not help on telephone-quality test speech: 21/24 phrases with them, 22/24 without.
  const decoder = new soundswallower.Decoder({ samprate: settings.sampleRateHz, loglevel: 'ERROR', fsgusealtpron: false });
  try {
    await decoder.initialize();
  } catch (error) {
    decoder.delete();
    throw error;
  }
  const pooled = { decoder, grammar: /** @type {string | undefined} */ (undefined) };
  decoders.set(id, pooled);
  return { pooled, created: true };
}

function drop(/** @type {number} */ id) {
  decoders.get(id)?.decoder.delete();
  decoders.delete(id);
}

/** A stream still decoding, with its decoder; undefined once it has ended or failed. */
function openStream(/** @type {number} */ id) {
  const stream = streams.get(id);
  const pooled = stream === undefined ? undefined : decoders.get(stream.decoderId);
  return stream === undefined || pooled === undefined ? undefined : { stream, pooled };
}

/**
 * Ends a stream whose decoder threw: a decoder in an unknown state is freed, not reused.
 * @param {number} id @param {'audio' | 'finish'} phase @param {unknown} error
 */
function failStream(id, phase, error) {
  const stream = streams.get(id);
  streams.delete(id);
  if (stream !== undefined) drop(stream.decoderId);
  post({ type: 'stream-failed', stream: id, phase, message: describe(error) });
}

/** Mean word posterior of an alignment, ignoring silences, fillers and null transitions. */
function confidenceOf(/** @type {Segment} */ alignment) {
  const words = (alignment.w ?? []).filter((segment) => !/^[<[(]/.test(segment.t));
  if (words.length === 0) return 0;
  const mean = words.reduce((sum, segment) => sum + segment.p, 0) / words.length;
  return Number.isFinite(mean) ? Math.min(1, Math.max(0, mean)) : 0;
}

/**
 * Posts the answer `work` gives to a request, or why it could not.
 * @param {number} request @param {() => Promise<FromWorker>} work
 */
async function answer(request, work) {
  try {
    post(await work());
  } catch (error) {
    post({ type: 'request-failed', request, message: describe(error) });
  }
}

/** @param {ToWorker} message */
async function handle(message) {
  switch (message.type) {
    case 'warm':
      return answer(message.request, async () => {
        for (const id of message.decoders) await decoderFor(id);
        return { type: 'warmed', request: message.request };
      });
    case 'lookup':
      return answer(message.request, async () => {
        const { pooled, created } = await decoderFor(message.decoder);
        return { type: 'known', request: message.request, words: message.words.filter((word) => pooled.decoder.lookup_word(word) !== null), created };
      });
    case 'open': {
      try {
        const { pooled, created } = await decoderFor(message.decoder);
        const compiled = pooled.grammar !== message.grammar;
        if (compiled) {
          pooled.grammar = undefined;
          pooled.decoder.set_grammar(message.grammar);
          pooled.grammar = message.grammar;
        }
        pooled.decoder.start();
        streams.set(message.stream, { decoderId: message.decoder, samplesSincePartial: 0, lastPartial: '' });
        post({ type: 'opened', stream: message.stream, created, compiled });
      } catch (error) {
        drop(message.decoder);
        post({ type: 'stream-failed', stream: message.stream, phase: 'open', message: describe(error) });
      }
      return;
    }
    case 'audio': {
      const open = openStream(message.stream);
      if (open === undefined) return;
      // process_audio takes 32-bit float samples in [-1, 1).
      const samples = message.samples;
      const floats = new Float32Array(samples.length);
      for (let i = 0; i < samples.length; i += 1) floats[i] = (samples[i] ?? 0) / 32768;
      try {
        open.pooled.decoder.process_audio(floats);
        open.stream.samplesSincePartial += samples.length;
        if (open.stream.samplesSincePartial >= settings.partialIntervalSamples) {
          open.stream.samplesSincePartial = 0;
          const partial = open.pooled.decoder.get_text();
          if (partial !== '' && partial !== open.stream.lastPartial) {
            open.stream.lastPartial = partial;
            post({ type: 'partial', stream: message.stream, text: partial });
          }
        }
      } catch (error) {
        failStream(message.stream, 'audio', error);
      }
      return;
    }
    case 'finish': {
      const open = openStream(message.stream);
      if (open === undefined) return;
      try {
        open.pooled.decoder.stop();
        const text = open.pooled.decoder.get_text();
        streams.delete(message.stream);
        post({ type: 'final', stream: message.stream, text, confidence: text === '' ? 0 : confidenceOf(open.pooled.decoder.get_alignment()) });
      } catch (error) {
        failStream(message.stream, 'finish', error);
      }
      return;
    }
    case 'close': {
      const stream = streams.get(message.stream);
      if (stream === undefined) return;
      streams.delete(message.stream);
      try {
        decoders.get(stream.decoderId)?.decoder.stop();
      } catch {
        // A decoder that cannot stop cannot be trusted with the next utterance.
        drop(stream.decoderId);
      }
      return;
    }
    case 'drop':
      drop(message.decoder);
      return;
  }
}

port.on('message', (/** @type {ToWorker} */ message) => {
  queue = queue.then(() => handle(message));
});
