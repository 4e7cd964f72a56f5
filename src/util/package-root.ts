import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cachedRoot: string | undefined;

/**
 * The folder holding dunbot's package.json. Modules run both from src/ (tests) and from dist/src/
 * (the CLI), so data folders such as scripts-library/ are found from here, never from the cwd.
 */
export function packageRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'scripts-library'))) {
      cachedRoot = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('dunbot package root not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}
