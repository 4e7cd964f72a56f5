import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

function sourceFiles(folder: string): string[] {
  const dir = join(ROOT, folder);
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.ts') || name.endsWith('.js'))
    .map((name) => join(dir, name));
}

/** The module specifiers a file imports (static and dynamic). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)].map((match) => match[1] ?? '');
}

describe('the runtime architecture', () => {
  it('keeps the call runtime and the server free of the shipped flows: the flow registry is injected', () => {
    const offenders = ['src/call', 'src/server', 'src/telephony', 'src/understanding', 'src/answering', 'src/escalation'].flatMap(sourceFiles).filter((file) => importsOf(file).some((specifier) => /(^|\/)flows\//.test(specifier)));
    expect(offenders.map((file) => relative(ROOT, file))).toEqual([]);
  });

  it('reads time only through the Clock and Scheduler in call/, providers/ and server/', () => {
    // A global timer or clock read would escape a simulated clock; a socket's own timeout method is not a timer of ours.
    const globalTime = /(^|[^.\w])(setTimeout|setInterval|setImmediate|Date\.now)\s*\(/;
    const offenders = ['src/call', 'src/providers', 'src/server', 'src/audio', 'src/understanding', 'src/answering']
      .flatMap(sourceFiles)
      .flatMap((file) => readFileSync(file, 'utf8').split('\n').map((line, index) => ({ file, line, index })))
      .filter(({ line }) => !line.trimStart().startsWith('//') && !line.trimStart().startsWith('*') && globalTime.test(line))
      .map(({ file, index }) => `${relative(ROOT, file)}:${index + 1}`);
    expect(offenders).toEqual([]);
  });
});
