import { PassThrough } from 'node:stream';
import { runCli } from '../../src/cli/main.js';

/** Runs the CLI in-process with the given stdin text; returns exit code and captured output. */
export async function runDunbot(argv: readonly string[], stdinText = '', env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  stdin.end(stdinText);
  const code = await runCli(argv, { stdin, stdout, stderr, env });
  return { code, stdout: out, stderr: err };
}
