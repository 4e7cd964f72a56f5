import { parseArgs } from 'node:util';
import { systemClock } from '../../time/clock.js';
import { DunbotError } from '../../errors.js';
import { TELEPHONY_PROVIDERS, isTelephonyProvider, mintStreamToken } from '../../telephony/stream-token.js';
import { writeLine, type CliIo } from '../cli-io.js';
import { strictArgs } from '../cli-options.js';

export const TOKEN_USAGE = `dunbot token --debtor <id> --provider <${TELEPHONY_PROVIDERS.join('|')}> [--flow <f>] [--locale <l>] [--ttl <seconds>]   (secret from DUNBOT_TOKEN_SECRET)`;

/** Mints a signed, expiring, single-use media-stream token for one provider's endpoint with the server's secret. */
export async function runToken(args: readonly string[], io: CliIo): Promise<number> {
  const { values } = strictArgs(() =>
    parseArgs({ args: [...args], options: { debtor: { type: 'string' }, provider: { type: 'string' }, flow: { type: 'string' }, locale: { type: 'string' }, ttl: { type: 'string' } }, allowPositionals: false, strict: true }),
  );
  const env = io.env ?? process.env;
  const secret = env['DUNBOT_TOKEN_SECRET'];
  if (values.debtor === undefined) throw new DunbotError('DUN_ERR_CONFIG_INVALID', `--debtor is required\nusage: ${TOKEN_USAGE}`);
  // A token opens one endpoint only: the provider must be named, never assumed.
  if (values.provider === undefined || !isTelephonyProvider(values.provider)) {
    throw new DunbotError('DUN_ERR_CONFIG_INVALID', `--provider must be one of ${TELEPHONY_PROVIDERS.join(', ')}${values.provider === undefined ? '' : `, got "${values.provider}"`}\nusage: ${TOKEN_USAGE}`);
  }
  if (secret === undefined || secret.length < 16) throw new DunbotError('DUN_ERR_CONFIG_INVALID', 'DUNBOT_TOKEN_SECRET must be set (at least 16 characters), the same as the server\'s');
  const ttlS = values.ttl === undefined ? 300 : Number(values.ttl);
  if (!Number.isInteger(ttlS) || ttlS < 10 || ttlS > 86_400) throw new DunbotError('DUN_ERR_CONFIG_INVALID', `--ttl must be 10–86400 seconds, got "${values.ttl}"`);
  const token = mintStreamToken(
    {
      debtorId: values.debtor,
      provider: values.provider,
      ...(values.flow !== undefined ? { flow: values.flow } : {}),
      ...(values.locale !== undefined ? { locale: values.locale } : {}),
      expiresAtMs: systemClock.nowMs() + ttlS * 1000,
    },
    secret,
  );
  writeLine(io.stdout, token);
  return 0;
}
