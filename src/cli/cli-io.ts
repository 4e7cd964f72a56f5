import type { Readable, Writable } from 'node:stream';

/** The streams a command reads and writes; tests pass their own. */
export interface CliIo {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** Environment variables (defaults to process.env). */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Writes one line to a stream. */
export function writeLine(stream: Writable, line: string): void {
  stream.write(line + '\n');
}
