import type { Writable } from 'node:stream';

/**
 * Why a text call stopped before the debtor's input or the flow ended it. `left`: the person at the
 * terminal went away (Ctrl-C, the terminal closed), so the call ends as a hang-up. `broken`: the
 * call could not go on (stopped by SIGTERM, the output closed), so the runtime ends it.
 */
export interface ChatInterruption {
  readonly ending: 'left' | 'broken';
  /** What the record's DUN_NOTE_INTERRUPTED note says. */
  readonly note: string;
  /** The exit code of `dunbot chat` after such an interruption. */
  readonly exitCode: number;
}

const SIGNAL_NAMES = ['SIGINT', 'SIGHUP', 'SIGTERM'] as const;

const SIGNALS: Readonly<Record<(typeof SIGNAL_NAMES)[number], ChatInterruption>> = {
  SIGINT: { ending: 'left', note: 'the person at the terminal pressed Ctrl-C (SIGINT)', exitCode: 130 },
  SIGHUP: { ending: 'left', note: 'the terminal closed (SIGHUP)', exitCode: 129 },
  SIGTERM: { ending: 'broken', note: 'dunbot chat was stopped (SIGTERM)', exitCode: 143 },
};

/**
 * Watches a text call for what can cut it short (signals, a closed output) so that it still ends
 * with a recorded disposition: the first one aborts `signal`; a second signal of the same kind is
 * left to its default action, so a hung call can still be killed.
 */
export class ChatInterruptions {
  private readonly controller = new AbortController();
  private first: ChatInterruption | undefined;
  private closedOutput = false;
  private readonly onSignal = new Map<NodeJS.Signals, () => void>();
  private readonly output: Writable;

  constructor(output: Writable) {
    this.output = output;
    for (const signalName of SIGNAL_NAMES) {
      const interruption = SIGNALS[signalName];
      const handler = (): void => {
        if (this.first !== undefined) {
          process.removeListener(signalName, handler);
          process.kill(process.pid, signalName);
          return;
        }
        this.interrupt(interruption);
      };
      this.onSignal.set(signalName, handler);
      process.on(signalName, handler);
    }
    // Kept after the call too: the output may close under the last lines, and an unhandled
    // 'error' event (EPIPE) would crash the process after the record was complete.
    output.on('error', this.onOutputError);
  }

  /** Aborted at the first interruption. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** The first interruption, if any. */
  get interruption(): ChatInterruption | undefined {
    return this.first;
  }

  /** True once writing to the output failed: nothing more is written there. */
  get outputClosed(): boolean {
    return this.closedOutput;
  }

  /** Writes to the output unless it has closed. */
  write(text: string): void {
    if (!this.closedOutput && !this.output.destroyed) this.output.write(text);
  }

  /** Writes one line to the output unless it has closed. */
  writeLine(line: string): void {
    this.write(line + '\n');
  }

  /** Stops listening for signals (the output listener stays, see the constructor). */
  dispose(): void {
    for (const [name, handler] of this.onSignal) process.removeListener(name, handler);
    this.onSignal.clear();
  }

  private interrupt(interruption: ChatInterruption): void {
    if (this.first !== undefined) return;
    this.first = interruption;
    this.controller.abort();
  }

  private readonly onOutputError = (error: Error): void => {
    this.closedOutput = true;
    const code = 'code' in error && typeof error.code === 'string' ? error.code : error.name;
    this.interrupt({ ending: 'broken', note: `the terminal output closed (${code}); the bot could no longer be read`, exitCode: 1 });
  };
}
