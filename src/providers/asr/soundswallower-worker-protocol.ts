/*
 * The messages between SoundswallowerAsr and its worker thread (soundswallower-worker.js). Streams
 * and decoders are numbered by SoundswallowerAsr; the worker makes a decoder the first time its
 * number is used. Messages are handled in the order sent, so a stream's audio always follows its
 * `open` and precedes its `finish`.
 */

/** What the worker is started with (`workerData`). */
export interface WorkerSettings {
  /** Absolute path of the package's model folder, with the trailing slash the module requires. */
  readonly modelBase: string;
  readonly sampleRateHz: number;
  /** Audio between two partial results, in samples. */
  readonly partialIntervalSamples: number;
}

/** To the worker. */
export type ToWorker =
  /** Make these decoders now (answered by `warmed` or `request-failed`). */
  | { readonly type: 'warm'; readonly request: number; readonly decoders: readonly number[] }
  /** Which of these words the dictionary holds (answered by `known` or `request-failed`). */
  | { readonly type: 'lookup'; readonly request: number; readonly decoder: number; readonly words: readonly string[] }
  /** Start an utterance on `decoder` with `grammar` (answered by `opened` or `stream-failed`). */
  | { readonly type: 'open'; readonly stream: number; readonly decoder: number; readonly grammar: string }
  | { readonly type: 'audio'; readonly stream: number; readonly samples: Int16Array }
  /** End the utterance (answered by `final` or `stream-failed`). */
  | { readonly type: 'finish'; readonly stream: number }
  /** Abandon the utterance; its decoder is kept. */
  | { readonly type: 'close'; readonly stream: number }
  /** Free a decoder. */
  | { readonly type: 'drop'; readonly decoder: number };

/** From the worker. */
export type FromWorker =
  | { readonly type: 'warmed'; readonly request: number }
  /** `created`: the decoder was made to answer. */
  | { readonly type: 'known'; readonly request: number; readonly words: readonly string[]; readonly created: boolean }
  | { readonly type: 'request-failed'; readonly request: number; readonly message: string }
  /** `created`: the decoder was made for this utterance; `compiled`: the grammar was compiled for it. */
  | { readonly type: 'opened'; readonly stream: number; readonly created: boolean; readonly compiled: boolean }
  | { readonly type: 'partial'; readonly stream: number; readonly text: string }
  | { readonly type: 'final'; readonly stream: number; readonly text: string; readonly confidence: number }
  /** The stream's decoder is gone (the worker freed it). */
  | { readonly type: 'stream-failed'; readonly stream: number; readonly phase: 'open' | 'audio' | 'finish'; readonly message: string };
