import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { DunbotError } from '../../errors.js';

/** The npm package of the offline synthesizer (GPL-3.0+, an optional dependency). */
export const ESPEAK_NG_PACKAGE = 'espeak-ng';

/** The espeak-ng package, imported and its WASM compiled: compile once, instantiate per run. */
export interface EspeakNgEngine {
  readonly factory: (options: Readonly<Record<string, unknown>>) => Promise<unknown>;
  /** The compiled `WebAssembly.Module` (opaque: this project's TypeScript libs do not declare WebAssembly). */
  readonly wasm: object;
}

/** One command-line run of espeak-ng inside a fresh instance of the compiled module. */
export interface EspeakNgRun {
  /** Command-line arguments, without the program name. */
  readonly args: readonly string[];
  /** Files written into the instance's file system before `main` runs (path → UTF-8 text). */
  readonly inputFiles: Readonly<Record<string, string>>;
  /** File read back from the instance's file system after `main` returned. */
  readonly outputPath: string;
}

/** What a run produced: the output file (absent when espeak-ng failed) and its stderr lines. */
export interface EspeakNgResult {
  readonly output: Uint8Array | undefined;
  readonly errorLines: readonly string[];
}

const loading = new Map<string, Promise<EspeakNgEngine>>();

/**
 * Imports the espeak-ng package and compiles its WASM once per process (per `specifier`).
 * Throws `DUN_ERR_TTS_UNAVAILABLE` when the optional package is not installed.
 *
 * @example
 * const engine = await loadEspeakNg();
 * const { output } = await runEspeakNg(engine, { args: ['-v', 'en-us', '-w', '/o.wav', '-f', '/in.txt'], inputFiles: { '/in.txt': 'Hello' }, outputPath: '/o.wav' });
 */
export function loadEspeakNg(specifier: string = ESPEAK_NG_PACKAGE): Promise<EspeakNgEngine> {
  let engine = loading.get(specifier);
  if (engine === undefined) {
    engine = importEngine(specifier);
    loading.set(specifier, engine);
    // A failed load is not cached: installing the package later and retrying works.
    engine.catch(() => loading.delete(specifier));
  }
  return engine;
}

async function importEngine(specifier: string): Promise<EspeakNgEngine> {
  let namespace: unknown;
  try {
    // A variable specifier keeps this GPL package out of static import graphs and bundles.
    namespace = await import(specifier);
  } catch (cause) {
    throw new DunbotError(
      'DUN_ERR_TTS_UNAVAILABLE',
      `The offline TTS needs the optional package "${ESPEAK_NG_PACKAGE}" (GPL-3.0+), which is not installed: install it (npm install ${ESPEAK_NG_PACKAGE}) or choose a cloud TTS such as Google.`,
      { cause, details: { package: specifier } },
    );
  }
  const factory = parseFactory(namespace);
  try {
    const entryPath = createRequire(import.meta.url).resolve(specifier);
    const wasm = await getWebAssembly().compile(await readFile(new URL('espeak-ng.wasm', pathToFileURL(entryPath))));
    return { factory, wasm };
  } catch (cause) {
    throw new DunbotError(
      'DUN_ERR_TTS_UNAVAILABLE',
      `The optional package "${ESPEAK_NG_PACKAGE}" is installed but its WASM could not be loaded: reinstall it or choose a cloud TTS such as Google.`,
      { cause, details: { package: specifier } },
    );
  }
}

function parseFactory(namespace: unknown): EspeakNgEngine['factory'] {
  const candidate = isObject(namespace) && 'default' in namespace ? namespace.default : undefined;
  if (typeof candidate !== 'function') {
    throw new DunbotError('DUN_ERR_TTS_UNAVAILABLE', `The package "${ESPEAK_NG_PACKAGE}" does not export a module factory; install version 1.x or choose a cloud TTS.`);
  }
  return async (options) => {
    const module: unknown = await candidate(options);
    return module;
  };
}

/** Runs espeak-ng once in a new instance of the compiled module; espeak's exit status never reaches the process. */
export async function runEspeakNg(engine: EspeakNgEngine, run: EspeakNgRun): Promise<EspeakNgResult> {
  const errorLines: string[] = [];
  const module = await engine.factory({
    arguments: [...run.args],
    preRun: [
      (instance: unknown): void => {
        const fs = parseFs(instance);
        for (const [path, text] of Object.entries(run.inputFiles)) fs.writeFile(path, text);
      },
    ],
    // Emscripten's hook for a caller-made instance: instantiating the compiled module skips the compile.
    instantiateWasm: (imports: object, receive: (instance: object, module: object) => void): unknown => {
      const instance = getWebAssembly().instantiate(engine.wasm, imports);
      receive(instance, engine.wasm);
      return instance.exports;
    },
    print: (): void => undefined,
    printErr: (line: unknown): void => {
      // Emscripten's note that exit() did not shut the runtime down is noise, not an espeak error.
      if (typeof line === 'string' && !line.startsWith('program exited')) errorLines.push(line);
    },
    // The default quit sets process.exitCode: an espeak error must not decide how the bot exits.
    quit: (_status: unknown, toThrow: unknown): never => {
      throw toThrow;
    },
  });
  const fs = parseFs(module);
  return { output: fs.exists(run.outputPath) ? fs.readFile(run.outputPath) : undefined, errorLines };
}

interface EspeakNgFs {
  writeFile(path: string, text: string): void;
  readFile(path: string): Uint8Array;
  exists(path: string): boolean;
}

function parseFs(module: unknown): EspeakNgFs {
  const fs = isObject(module) && 'FS' in module ? module.FS : undefined;
  if (!isObject(fs) || typeof fs.writeFile !== 'function' || typeof fs.readFile !== 'function' || typeof fs.analyzePath !== 'function') {
    throw new DunbotError('DUN_ERR_TTS_FAILED', 'The espeak-ng module has no usable file system (FS.readFile, FS.writeFile, FS.analyzePath).');
  }
  const { writeFile, readFile: read, analyzePath } = fs;
  return {
    writeFile: (path, text) => {
      writeFile.call(fs, path, text);
    },
    readFile: (path) => {
      const bytes: unknown = read.call(fs, path);
      if (!(bytes instanceof Uint8Array)) throw new DunbotError('DUN_ERR_TTS_FAILED', 'espeak-ng returned a file that is not bytes.');
      return bytes;
    },
    exists: (path) => {
      const info: unknown = analyzePath.call(fs, path);
      return isObject(info) && info.exists === true;
    },
  };
}

/** The few WebAssembly functions used here, typed locally (tsconfig's libs have no WebAssembly types). */
interface WebAssemblyApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: object): Readonly<Record<string, unknown>>;
}

function getWebAssembly(): WebAssemblyApi {
  const api: unknown = Reflect.get(globalThis, 'WebAssembly');
  if (!isObject(api) || typeof api.compile !== 'function' || typeof api.Instance !== 'function') {
    throw new DunbotError('DUN_ERR_TTS_UNAVAILABLE', 'This JavaScript runtime has no WebAssembly, which the offline TTS needs; choose a cloud TTS.');
  }
  const { compile, Instance } = api;
  return {
    compile: async (bytes) => {
      const module: unknown = await compile.call(api, bytes);
      if (!isObject(module)) throw new TypeError('WebAssembly.compile returned no module');
      return module;
    },
    instantiate: (module, imports) => {
      const instance: unknown = Reflect.construct(Instance, [module, imports]);
      if (!isObject(instance)) throw new TypeError('new WebAssembly.Instance returned no instance');
      return instance;
    },
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
