/*
 * The messages between EspeakPool and each of its worker threads (espeak-worker.js). A worker
 * is sent one request at a time and answers it before it is sent the next.
 */

/** What a worker is started with (`workerData`). */
export interface EspeakWorkerSettings {
  /** The module specifier imported for espeak-ng (the optional package; tests name a missing one). */
  readonly packageName: string;
  /** The nice value the worker gives its own thread on Linux (0–19; higher yields the CPU sooner). */
  readonly niceness: number;
}

/** To a worker: synthesize `text` with `voice` (answered by `synthesized` or `failed`). */
export interface EspeakWorkerRequest {
  readonly type: 'synthesize';
  readonly request: number;
  readonly voice: string;
  readonly text: string;
}

/**
 * Why a request failed, which decides the error's code and message (espeakError):
 * - `package-missing`, `no-factory`, `wasm-unloadable`, `no-webassembly`: espeak-ng cannot be loaded;
 * - `no-fs`, `bad-output`: the package is not the build dunbot expects;
 * - `aborted`: espeak-ng threw or exited while running; `no-audio`: it wrote no WAV file.
 */
export type EspeakFailure = 'package-missing' | 'no-factory' | 'wasm-unloadable' | 'no-webassembly' | 'no-fs' | 'bad-output' | 'aborted' | 'no-audio';

/** From a worker; `threadId` is the worker's, as `worker_threads.threadId` reads there. */
export type EspeakWorkerAnswer =
  /** `wav`: the WAV file espeak-ng wrote (its buffer is transferred). */
  | { readonly type: 'synthesized'; readonly request: number; readonly threadId: number; readonly wav: Uint8Array }
  /** `detail`: the underlying error's message; `stderr`: what espeak-ng printed. */
  | { readonly type: 'failed'; readonly request: number; readonly threadId: number; readonly failure: EspeakFailure; readonly detail?: string; readonly stderr: readonly string[] };
