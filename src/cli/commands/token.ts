import { parseArgs } from 'node:util';
import { systemClock } from '../../call/clock.js';
import { DunbotError } from '../../errors.js';
import { mintStreamToken } from '../../telephony/stream-token.js';
import { writeLine, type CliIo } from '../cli-io.js';
import { strictArgs } from '../cli-options.js';

export const TOKEN_USAGE = 'dunbot token --debtor <id> [--flow <f>] [--locale <l>] [--ttl <seconds>]   (secret from DUNBOT_TOKEN_SECRET)';

/** Mints a signed, expiring media-stream token with the server's secret. */
export async function runToken(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = strictArgs(() => parseArgs({ args: [...args], options: { debtor: { type: 'string' }, flow: { type: 'string' }, locale: { type: 'string' }, ttl: { type: 'string' } }, allowPositionals: false, strict: true }));
  const env = io.env ?? process.env;
  const secret = env['DUNBOT_TOKEN_SECRET'];
  if (values.debtor === undefined) throw new DunbotError('DUN_ERR_CONFIG_INVALID', `--debtor is required\nusage: ${TOKEN_USAGE}`);
  if (secret === undefined || secret.length < 16) throw new DunbotError('DUN_ERR_CONFIG_INVALID', 'DUNBOT_TOKEN_SECRET must be set (at least 16 characters), the same as the server\'s');
  const ttlS = values.ttl === undefined ? 300 : Number(values.ttl);
  if (!Number.isInteger(ttlS) || ttlS < 10 || ttlS > 86_400) throw new DunbotError('DUN_ERR_CONFIG_INVALID', `--ttl must be 10–86400 seconds, got "${values.ttl}"`);
  const token = mintStreamToken(
    { debtorId: values.debtor, ...(values.flow !== undefined ? { flow: values.flow } : {}), ...(values.locale !== undefined ? { locale: values.locale } : {}), expiresAtMs: systemClock.nowMs() + ttlS * 1000 },
    secret,
  );
  writeLine(io.stdout, token);
  return 0;
}
