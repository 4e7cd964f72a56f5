import { DunbotError } from '../../errors.js';

/**
 * The settings a hand-off adapter cannot run without, by the environment variable each comes
 * from, checked all at once: any missing stops the server at start with DUN_ERR_CONFIG_INVALID
 * naming every variable to set, rather than failing the first caller who asks for a person.
 *
 * @example
 * const { TELNYX_API_KEY: apiKey } = requiredSettings('telnyx', { TELNYX_API_KEY: config.telnyxApiKey });
 */
export function requiredSettings<const T extends Readonly<Record<string, string | undefined>>>(adapter: string, byEnvName: T): { readonly [K in keyof T]: string } {
  const missing = Object.keys(byEnvName).filter((name) => {
    const value = byEnvName[name];
    return value === undefined || value.trim() === '';
  });
  if (missing.length > 0) {
    const problems = missing.map((name) => `${name} is required`);
    throw new DunbotError('DUN_ERR_CONFIG_INVALID', `the ${adapter} hand-off is not configured: ${problems.join('; ')}`, { details: { problems } });
  }
  return byEnvName as { readonly [K in keyof T]: string };
}
