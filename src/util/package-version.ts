import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { packageRoot } from './package-root.js';

let cachedVersion: string | undefined;

/**
 * dunbot's own version, from its package.json, for the User-Agent of the requests it makes: a
 * receiver can then tell which build sent a request without being told separately.
 */
export function dunbotVersion(): string {
  if (cachedVersion !== undefined) return cachedVersion;
  const manifest = z.object({ version: z.string().min(1) }).parse(JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')));
  cachedVersion = manifest.version;
  return cachedVersion;
}

/** The User-Agent of dunbot's outgoing requests: `dunbot/<version>`. */
export function dunbotUserAgent(): string {
  return `dunbot/${dunbotVersion()}`;
}
