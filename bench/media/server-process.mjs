// @ts-check
/**
 * The server under test as a child process, shared by run-media-bench.mjs and hold-level.mjs: it
 * runs in its own process so the load generator's CPU never counts against it, and answers over IPC.
 */
import { fork } from 'node:child_process';

const SERVER_SCRIPT = new URL('./server-under-test.mjs', import.meta.url).pathname;

/**
 * What a server script's `window` message must hold: every field the ramp reads from it.
 * A script that answers `window-end` without them speaks another protocol.
 */
export const WINDOW_FIELDS = ['wallMs', 'cpuMs', 'eventLoopUtilization', 'rssMb', 'framesIn', 'sendsOut', 'lag', 'syncLag', 'turn', 'turnSamples', 'dunbotTurn', 'nlu', 'recognition', 'finals', 'unansweredFinals', 'logs'];

/**
 * Forks `server-under-test.mjs` in `mode` (`zero`, `soundswallower`, `bare` or `espeak`) with node
 * `flags`; `debtorsDir` replaces the fixtures' debtors. `script` runs another copy of the server
 * script instead (the baseline tree's, for `--baseline`), which imports its own tree's `dist/`.
 * @param {string} mode @param {string} secret @param {string[]} flags @param {string} [debtorsDir] @param {string} [script]
 */
export function forkServer(mode, secret, flags, debtorsDir, script = SERVER_SCRIPT) {
  return fork(script, [mode, secret, ...(debtorsDir === undefined ? [] : [debtorsDir])], { execArgv: flags, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/**
 * The next IPC message of `type` from the server process; rejects after `timeoutMs`, or as soon
 * as the process exits without having sent it.
 * @param {import('node:child_process').ChildProcess} child
 * @param {string} type
 * @param {number} timeoutMs
 * @returns {Promise<any>}
 */
export function nextMessage(child, type, timeoutMs) {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`server under test sent no ${type} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (/** @type {any} */ message) => {
      if (message?.type !== type) return;
      done();
      resolve(message);
    };
    const onExit = (/** @type {number | null} */ code, /** @type {string | null} */ signal) => {
      done();
      reject(new Error(`server under test exited (${signal ?? `code ${code}`}) without sending ${type}`));
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}
