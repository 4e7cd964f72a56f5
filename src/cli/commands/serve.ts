import { parseArgs } from 'node:util';
import { createLogger } from '../../log/logger.js';
import { composeRuntime } from '../../app/compose-runtime.js';
import { startDunbotServer } from '../../server/dunbot-server.js';
import { applyHeapGrowth } from '../../server/heap-growth.js';
import { loadServerConfig } from '../../server/server-config.js';
import type { CliIo } from '../cli-io.js';
import { strictArgs } from '../cli-options.js';

export const SERVE_USAGE = 'dunbot serve [--config <file.json>] [--port N] [--host H] [--record <dir>]';

/** Starts the voice server until SIGINT/SIGTERM, then shuts down gracefully. */
export async function runServe(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = strictArgs(() => parseArgs({ args: [...args], options: { config: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, record: { type: 'string' } }, allowPositionals: false, strict: true }));
  const overrides: Record<string, unknown> = { ...(values.port !== undefined ? { port: values.port } : {}), ...(values.host !== undefined ? { host: values.host } : {}), ...(values.record !== undefined ? { recordDir: values.record } : {}) };
  const env = io.env ?? process.env;
  const config = loadServerConfig(env, values.config, overrides);
  // A process-wide setting, so it belongs to the command that owns the process, not to the server.
  applyHeapGrowth(config.heapGrowthPercent);
  const logger = createLogger({ write: (line) => io.stderr.write(line + '\n') });
  // Checks the Google credentials when DUNBOT_ASR or DUNBOT_TTS asks for Google: a bad file exits 2 here.
  const runtime = await composeRuntime(config, { logger, env });
  const server = await startDunbotServer(runtime, logger);
  io.stdout.write(`dunbot listening on http://${config.host}:${server.port} (media streams at /media/<provider>)\n`);
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  // The store closes only after every call's last entry has been written.
  await runtime.close();
  return 0;
}
