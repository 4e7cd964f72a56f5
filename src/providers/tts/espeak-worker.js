// @ts-check
/**
 * One espeak-ng synthesizer on a worker thread of its own: a synthesis takes 0.1–1 s of CPU
 * (the WASM build is a command-line program run to completion), and on the server's event loop
 * it would stop every call's audio meanwhile. EspeakPool (espeak-pool.ts) keeps several of these
 * and sends each one request at a time; this file only runs them.
 *
 * The package is imported and its 18 MB of WASM compiled once, when the worker starts; each
 * request then runs in a fresh instance of the compiled module, since espeak-ng's `main` runs once
 * per instance. Plain JavaScript so that Node runs it as it is, from `src/` under the test runner
 * as from `dist/`. The messages are typed in espeak-worker-protocol.ts.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { setPriority } from 'node:os';
import { pathToFileURL } from 'node:url';
import { parentPort, threadId, workerData } from 'node:worker_threads';

/** @typedef {import('./espeak-worker-protocol.js').EspeakWorkerSettings} EspeakWorkerSettings */
/** @typedef {import('./espeak-worker-protocol.js').EspeakWorkerRequest} EspeakWorkerRequest */
/** @typedef {import('./espeak-worker-protocol.js').EspeakWorkerAnswer} EspeakWorkerAnswer */
/** @typedef {import('./espeak-worker-protocol.js').EspeakFailure} EspeakFailure */
/**
 * The package's module factory, and its WASM compiled: `instantiate` makes a fresh instance of it.
 * @typedef {{ factory: (options: Record<string, unknown>) => Promise<unknown>, wasm: object, instantiate: (imports: object) => Record<string, unknown> }} Engine
 */

if (parentPort === null) throw new Error('espeak-worker.js runs as a worker thread');
const port = parentPort;
const settings = /** @type {EspeakWorkerSettings} */ (workerData);

// Below the event loop's priority: with as many workers as cores, the thread that paces every
// call's audio must get the CPU before synthesis does (40 calls on 2 cores, bench scenario (d):
// the event loop's p99 delay went from ≈40 to ≈20 ms). Linux keeps a nice value per thread, so this lowers
// this worker alone; elsewhere it would lower the whole process, so it is left as it is.
if (process.platform === 'linux' && settings.niceness > 0) {
  try {
    setPriority(settings.niceness);
  } catch {
    // Only a scheduling preference: synthesis works the same without it.
  }
}

const INPUT_PATH = '/dunbot-input.txt';
const OUTPUT_PATH = '/dunbot-output.wav';

/** A failure with its kind, for the pool to turn into a coded error. */
class Failure extends Error {
  /** @param {EspeakFailure} failure @param {unknown} [cause] */
  constructor(failure, cause) {
    super(cause instanceof Error ? cause.message : cause === undefined ? failure : String(cause));
    this.failure = failure;
    this.detail = cause === undefined ? undefined : this.message;
  }
}

/** @type {Promise<Engine> | undefined} */
let engine;

/** The engine, loaded once; a failed load is retried by the next request (the package may be installed since). */
function loadEngine() {
  if (engine === undefined) {
    engine = importEngine();
    engine.catch(() => {
      engine = undefined;
    });
  }
  return engine;
}

/** @returns {Promise<Engine>} */
async function importEngine() {
  /** @type {unknown} */
  let namespace;
  try {
    namespace = await import(settings.packageName);
  } catch (cause) {
    throw new Failure('package-missing', cause);
  }
  const factory = isObject(namespace) ? namespace['default'] : undefined;
  if (typeof factory !== 'function') throw new Failure('no-factory');
  // Read from globalThis: the project's TypeScript libraries do not declare WebAssembly.
  const api = Reflect.get(globalThis, 'WebAssembly');
  const compile = isObject(api) ? api['compile'] : undefined;
  const Instance = isObject(api) ? api['Instance'] : undefined;
  if (typeof compile !== 'function' || typeof Instance !== 'function') throw new Failure('no-webassembly');
  /** @type {unknown} */
  let wasm;
  try {
    const entryPath = createRequire(import.meta.url).resolve(settings.packageName);
    wasm = await compile.call(api, await readFile(new URL('espeak-ng.wasm', pathToFileURL(entryPath))));
  } catch (cause) {
    throw new Failure('wasm-unloadable', cause);
  }
  if (!isObject(wasm)) throw new Failure('wasm-unloadable', 'WebAssembly.compile returned no module');
  const compiled = wasm;
  return {
    factory: async (options) => factory(options),
    wasm: compiled,
    instantiate: (imports) => {
      const instance = Reflect.construct(Instance, [compiled, imports]);
      if (!isObject(instance)) throw new TypeError('new WebAssembly.Instance returned no instance');
      return instance;
    },
  };
}

/**
 * Runs espeak-ng once, as its command line would, and returns the WAV it wrote.
 * @param {Engine} loaded @param {EspeakWorkerRequest} request @param {string[]} stderr
 */
async function run(loaded, request, stderr) {
  /** @type {unknown} */
  let module;
  try {
    module = await loaded.factory({
      // The text goes in a file, not argv, so text starting with '-' is never read as an option.
      arguments: ['-v', request.voice, '-w', OUTPUT_PATH, '-f', INPUT_PATH],
      preRun: [(/** @type {unknown} */ instance) => fsOf(instance).writeFile(INPUT_PATH, request.text)],
      // Emscripten's hook for a caller-made instance: instantiating the compiled module skips the compile.
      instantiateWasm: (/** @type {object} */ imports, /** @type {(instance: object, module: object) => void} */ receive) => {
        const instance = loaded.instantiate(imports);
        receive(instance, loaded.wasm);
        return instance['exports'];
      },
      print: () => undefined,
      printErr: (/** @type {unknown} */ line) => {
        // Emscripten's note that exit() did not shut the runtime down is noise, not an espeak error.
        if (typeof line === 'string' && !line.startsWith('program exited')) stderr.push(line);
      },
      // The default quit sets process.exitCode: an espeak error must not decide how the process exits.
      quit: (/** @type {unknown} */ _status, /** @type {unknown} */ toThrow) => {
        throw toThrow;
      },
    });
  } catch (cause) {
    if (cause instanceof Failure) throw cause;
    throw new Failure('aborted', cause);
  }
  const fs = fsOf(module);
  const output = fs.analyzePath(OUTPUT_PATH);
  if (!isObject(output) || output['exists'] !== true) throw new Failure('no-audio');
  const wav = fs.readFile(OUTPUT_PATH);
  if (!(wav instanceof Uint8Array)) throw new Failure('bad-output');
  // Its buffer moves to the pool rather than being copied: it must be the whole buffer.
  return wav.byteOffset === 0 && wav.byteLength === wav.buffer.byteLength ? wav : wav.slice();
}

/** @param {unknown} module */
function fsOf(module) {
  const fs = isObject(module) ? module['FS'] : undefined;
  if (!isObject(fs) || typeof fs['writeFile'] !== 'function' || typeof fs['readFile'] !== 'function' || typeof fs['analyzePath'] !== 'function') throw new Failure('no-fs');
  return /** @type {{ writeFile(path: string, text: string): void, readFile(path: string): unknown, analyzePath(path: string): unknown }} */ (fs);
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isObject(value) {
  return (typeof value === 'object' || typeof value === 'function') && value !== null;
}

/** @param {EspeakWorkerRequest} request */
async function handle(request) {
  /** @type {string[]} */
  const stderr = [];
  try {
    const wav = await run(await loadEngine(), request, stderr);
    /** @type {EspeakWorkerAnswer} */
    const answer = { type: 'synthesized', request: request.request, threadId, wav };
    port.postMessage(answer, [/** @type {ArrayBuffer} */ (wav.buffer)]);
  } catch (error) {
    const failure = error instanceof Failure ? error : new Failure('aborted', error);
    /** @type {EspeakWorkerAnswer} */
    const answer = { type: 'failed', request: request.request, threadId, failure: failure.failure, stderr, ...(failure.detail === undefined ? {} : { detail: failure.detail }) };
    port.postMessage(answer);
  }
}

/** Requests run one at a time, in order (the pool sends one at a time anyway). */
let queue = Promise.resolve();
port.on('message', (/** @type {EspeakWorkerRequest} */ request) => {
  queue = queue.then(() => handle(request));
});

// Load while the worker waits for its first request: a worker started on demand is ready sooner.
loadEngine().catch(() => undefined);
