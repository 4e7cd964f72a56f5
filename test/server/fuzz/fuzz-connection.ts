import { setImmediate as nextTurn } from 'node:timers/promises';
import WebSocket from 'ws';
import type { WireMessage } from './frame-mutation.js';
import type { Ending, PreparedScript } from './fuzz-plan.js';

/** How a fuzzed connection went. */
export interface FuzzOutcome {
  /** The HTTP status the upgrade was refused with, or undefined when it was accepted. */
  readonly refusedStatus: number | undefined;
  /** The close code the client saw (1006: no close frame, e.g. after terminate()). */
  readonly closeCode: number;
  /** True when the server closed the connection before the client did. */
  readonly closedByServer: boolean;
  /** Messages the client sent, answers to the server included. */
  readonly messagesSent: number;
}

/** What a fuzzed connection needs. */
export interface FuzzConnectionOptions {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly script: PreparedScript;
  readonly ending: Ending;
  readonly answersPings: boolean;
  /** Resolves once the server's clock has moved `ms` on. */
  readonly wait: (ms: number) => Promise<void>;
}

function send(ws: WebSocket, message: WireMessage): void {
  if (ws.readyState !== WebSocket.OPEN) return;
  // Bytes in a text frame go out as they are: ws does not check what it sends.
  ws.send(message.data, { binary: message.kind === 'binary' });
}

/**
 * Opens one WebSocket to the media server and plays a fuzz script on it: each message in turn
 * (one event-loop turn apart, so many connections interleave), pauses on the server's clock, then
 * the ending. Resolves with how it went once the socket is closed; never rejects.
 */
export async function runFuzzConnection(options: FuzzConnectionOptions): Promise<FuzzOutcome> {
  const ws = new WebSocket(options.url, { headers: { ...options.headers }, autoPong: options.answersPings });
  let refusedStatus: number | undefined;
  let clientClosing = false;
  let messagesSent = 0;
  ws.on('error', (error) => {
    const status = /Unexpected server response: (\d+)/.exec(error.message)?.[1];
    if (status !== undefined) refusedStatus = Number(status);
  });
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  const opened = await Promise.race([new Promise<boolean>((resolve) => ws.once('open', () => resolve(true))), closed.then(() => false)]);
  if (!opened) return { refusedStatus, closeCode: await closed, closedByServer: true, messagesSent };
  const { answer } = options.script;
  if (answer !== undefined) {
    ws.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      const reply = answer(bytes, isBinary);
      if (reply === undefined) return;
      send(ws, reply);
      messagesSent += 1;
    });
  }
  const isOpen = (): boolean => ws.readyState === WebSocket.OPEN;
  for (const step of options.script.steps) {
    if (!isOpen()) break;
    if (step.run === 'pause') {
      await Promise.race([options.wait(step.ms), closed]);
      continue;
    }
    const count = step.run === 'burst' ? step.count : 1;
    for (let i = 0; i < count; i += 1) send(ws, step.message);
    messagesSent += count;
    await nextTurn();
  }
  if (isOpen()) {
    const { ending } = options;
    if (ending.end === 'linger') await Promise.race([options.wait(ending.ms), closed]);
    if (isOpen()) {
      clientClosing = true;
      if (ending.end === 'close') ws.close(ending.code);
      else ws.terminate();
    }
  }
  const closeCode = await closed;
  return { refusedStatus, closeCode, closedByServer: !clientClosing, messagesSent };
}
