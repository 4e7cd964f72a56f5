// @ts-check
/**
 * A stand-in for espeak-worker.js speaking the same protocol, so EspeakPool's tests can make a
 * worker crash, throw, hang or hold a request on cue. What it does depends on the text:
 * - `crash`: the thread exits with code 3; `throw`: an uncaught exception;
 * - `hang`: never answers; `hold:<name>`: posts `held:<name>` on the BroadcastChannel
 *   `fake-espeak-worker` and answers once `release:<name>` is posted there (a worker busy for as
 *   long as the test wants, without sleeping);
 * - `fail:<failure>`: answers `failed` with that failure and a line of stderr;
 * - anything else: a WAV of 10 silent samples at 22050 Hz.
 */
import { parentPort, threadId } from 'node:worker_threads';

/** @typedef {import('../../../src/providers/tts/espeak-worker-protocol.js').EspeakWorkerRequest} EspeakWorkerRequest */
/** @typedef {import('../../../src/providers/tts/espeak-worker-protocol.js').EspeakWorkerAnswer} EspeakWorkerAnswer */
/** @typedef {import('../../../src/providers/tts/espeak-worker-protocol.js').EspeakFailure} EspeakFailure */

if (parentPort === null) throw new Error('fake-espeak-worker.js runs as a worker thread');
const port = parentPort;

/** Held requests by name, waiting for their release. */
/** @type {Map<string, () => void>} */
const held = new Map();
const channel = new BroadcastChannel('fake-espeak-worker');
channel.onmessage = (/** @type {MessageEvent} */ event) => {
  const data = String(event.data);
  if (!data.startsWith('release:')) return;
  const name = data.slice('release:'.length);
  held.get(name)?.();
  held.delete(name);
};
// The channel must not keep a worker alive on its own: the pool decides when one is needed.
channel.unref();

/** A 16-bit mono WAV of `samples` zero samples at 22050 Hz. */
function silentWav(/** @type {number} */ samples) {
  const bytes = new Uint8Array(44 + samples * 2);
  const view = new DataView(bytes.buffer);
  const ascii = (/** @type {number} */ at, /** @type {string} */ text) => [...text].forEach((char, i) => view.setUint8(at + i, char.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + samples * 2, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, 22050, true);
  view.setUint32(28, 44100, true);
  view.setUint16(32, 2, true);
  view.setUint16(34, 16, true);
  ascii(36, 'data');
  view.setUint32(40, samples * 2, true);
  return bytes;
}

/** @param {EspeakWorkerRequest} request */
function answer(request) {
  const wav = silentWav(10);
  /** @type {EspeakWorkerAnswer} */
  const message = { type: 'synthesized', request: request.request, threadId, wav };
  port.postMessage(message, [wav.buffer]);
}

port.on('message', (/** @type {EspeakWorkerRequest} */ request) => {
  const { text } = request;
  if (text === 'crash') process.exit(3);
  if (text === 'throw') {
    setImmediate(() => {
      throw new Error('fake espeak worker blew up');
    });
    return;
  }
  if (text === 'hang') return;
  if (text.startsWith('hold:')) {
    const name = text.slice('hold:'.length);
    held.set(name, () => answer(request));
    // The test releases it only once told: a release sent before this thread listened would be lost.
    channel.postMessage(`held:${name}`);
    return;
  }
  if (text.startsWith('fail:')) {
    /** @type {EspeakWorkerAnswer} */
    const message = { type: 'failed', request: request.request, threadId, failure: /** @type {EspeakFailure} */ (text.slice('fail:'.length)), detail: 'fake detail', stderr: ['fake stderr line'] };
    port.postMessage(message);
    return;
  }
  answer(request);
});
