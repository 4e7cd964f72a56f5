// @ts-check
/**
 * The server under test as a child process, shared by run-media-bench.mjs and hold-level.mjs: it
 * runs in its own process so the load generator's CPU never counts against it, and answers over IPC.
 */
import { fork } from 'node:child_process';

const SERVER_SCRIPT = new URL('./server-under-test.mjs', import.meta.url).pathname;

/**
 * Forks `server-under-test.mjs` in `mode` (`zero`, `soundswallower`, `bare` or `espeak`) with node
 * `flags`; `debtorsDir` replaces the fixtures' debtors.
 * @param {string} mode @param {string} secret @param {string[]} flags @param {string} [debtorsDir]
 */
export function forkServer(mode, secret, flags, debtorsDir) {
  return fork(SERVER_SCRIPT, [mode, secret, ...(debtorsDir === undefined ? [] : [debtorsDir])], { execArgv: flags, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

/**
 * The next IPC message of `type` from the server process; rejects after `timeoutMs`.
 * @param {import('node:child_process').ChildProcess} child
 * @param {string} type
 * @param {number} timeoutMs
 * @returns {Promise<any>}
 */
export function nextMessage(child, type, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error(`server under test sent no ${type} within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (/** @type {any} */ message) => {
      if (message?.type !== type) return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
  });
}
