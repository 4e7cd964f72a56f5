import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { IN_BAND_DTMF_SETTINGS } from '../call/voice-call-options.js';
import { DunbotError } from '../errors.js';
import { DEFAULT_HEAP_GROWTH_PERCENT } from './heap-growth.js';
import { packageRoot } from '../util/package-root.js';
import { DEFAULT_LLM_BUDGET_MS } from '../understanding/understander-names.js';
import { LLM_ANSWERS_SETTINGS } from '../answering/llm-answers-setting.js';

/** A list setting: a JSON array in the file, a comma-separated list in the environment ("rules, llm"). */
function splitList(value: unknown): unknown {
  return typeof value === 'string' ? value.split(',').map((item) => item.trim()) : value;
}

/** Server settings: from an optional JSON file, overridden by DUNBOT_* environment variables. */
export const ServerConfigSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(8080),
  /** Public base URL (https://…) the provider reaches; TwiML's wss URL is derived from it. */
  publicUrl: z.url().optional(),
  /** HMAC secret for stream tokens (≥ 16 bytes). Absent: a random one per process, logged as a warning. */
  tokenSecret: z.string().min(16).optional(),
  tokenTtlS: z.coerce.number().int().min(10).max(86_400).default(300),
  /** When set, X-Twilio-Signature is required on `POST /twiml/stream` and on the Twilio upgrade. */
  twilioAuthToken: z.string().min(1).optional(),
  /**
   * Development only: `POST /twiml/stream` mints tokens without a Twilio signature when no auth
   * token is set. Anyone who reaches the server can then start a call to any debtor.
   */
  allowUnsignedTwiml: z.union([z.boolean(), z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1')]).default(false),
  dbPath: z.string().min(1).default('.dunbot/calls.db'),
  debtorsDir: z.string().min(1).default(join(packageRoot(), 'fixtures', 'debtors')),
  asr: z.enum(['soundswallower', 'google', 'none']).default('soundswallower'),
  tts: z.enum(['espeak', 'google']).default('espeak'),
  noInputMs: z.coerce.number().int().min(1000).max(60_000).default(6000),
  maxCallMs: z.coerce.number().int().min(10_000).max(4 * 3_600_000).default(15 * 60_000),
  /** Search caller audio for key tones: `auto` (only for providers that do not report keys), `always` or `never`. */
  inBandDtmf: z.enum(IN_BAND_DTMF_SETTINGS).default('auto'),
  /** Open connections (HTTP and media streams together) beyond which new ones are answered 503. */
  maxConnections: z.coerce.number().int().min(1).max(100_000).default(1000),
  /** A connection that has not completed an HTTP request or upgrade by then is closed. */
  idleConnectionMs: z.coerce.number().int().min(1000).max(300_000).default(10_000),
  /** Media streams are pinged this often; one that answered nothing since the last ping is ended. */
  pingIntervalMs: z.coerce.number().int().min(1000).max(300_000).default(10_000),
  /** Graceful shutdown: how long live calls may go on before they are ended and recorded. */
  shutdownGraceMs: z.coerce.number().int().min(0).max(600_000).default(30_000),
  /** Old-generation growth between major collections, in percent (see heap-growth.ts); 0 leaves it to V8. */
  heapGrowthPercent: z.coerce.number().int().min(0).max(1000).default(DEFAULT_HEAP_GROWTH_PERCENT),
  /**
   * Understanders asked in order for each debtor turn, until one is confident (see src/understanding).
   * The names are checked when the runtime is composed, against the shipped understanders and any
   * an application adds, so a name nobody provides still stops the server at start. The default
   * asks the learned model only when the rules are unsure: on new wording the pair reads more
   * intents right than the rules alone, and neither needs a network.
   */
  understanders: z.preprocess(splitList, z.array(z.string().min(1)).min(1)).default(['rules', 'learned']),
  /** Time for understanding one debtor turn; when it runs out the best answer so far is taken. */
  understandingBudgetMs: z.coerce.number().int().min(50).max(30_000).default(1500),
  /** OpenAI-compatible API of the `llm` understander, with its version path (`http://localhost:11434/v1`). */
  llmBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Bearer token for that API; unset for local servers that need none. */
  llmApiKey: z.string().min(1).optional(),
  /** The model as that server names it; required when `llmBaseUrl` is set. */
  llmModel: z.string().trim().min(1).optional(),
  /** The `llm` understander's own time per turn, retries included; the turn's budget still bounds it. */
  llmBudgetMs: z.coerce.number().int().min(50).max(30_000).default(DEFAULT_LLM_BUDGET_MS),
  /** With an LLM configured (`llmBaseUrl`), it also answers off-script questions from the account's facts; `off` keeps it to understanding. */
  llmAnswers: z.enum(LLM_ANSWERS_SETTINGS).default('on'),
});

/** Validated server settings. */
export type ServerConfig = z.infer<typeof ServerConfigSchema> & { readonly tokenSecret: string; readonly tokenSecretGenerated: boolean };

const ENV_KEYS: Readonly<Record<string, string>> = {
  DUNBOT_HOST: 'host',
  DUNBOT_PORT: 'port',
  DUNBOT_PUBLIC_URL: 'publicUrl',
  DUNBOT_TOKEN_SECRET: 'tokenSecret',
  DUNBOT_TOKEN_TTL_S: 'tokenTtlS',
  TWILIO_AUTH_TOKEN: 'twilioAuthToken',
  DUNBOT_ALLOW_UNSIGNED_TWIML: 'allowUnsignedTwiml',
  DUNBOT_DB: 'dbPath',
  DUNBOT_DEBTORS_DIR: 'debtorsDir',
  DUNBOT_ASR: 'asr',
  DUNBOT_TTS: 'tts',
  DUNBOT_NO_INPUT_MS: 'noInputMs',
  DUNBOT_MAX_CALL_MS: 'maxCallMs',
  DUNBOT_INBAND_DTMF: 'inBandDtmf',
  DUNBOT_MAX_CONNECTIONS: 'maxConnections',
  DUNBOT_IDLE_CONNECTION_MS: 'idleConnectionMs',
  DUNBOT_PING_INTERVAL_MS: 'pingIntervalMs',
  DUNBOT_SHUTDOWN_GRACE_MS: 'shutdownGraceMs',
  DUNBOT_HEAP_GROWTH_PERCENT: 'heapGrowthPercent',
  DUNBOT_UNDERSTANDERS: 'understanders',
  DUNBOT_UNDERSTANDING_BUDGET_MS: 'understandingBudgetMs',
  DUNBOT_LLM_BASE_URL: 'llmBaseUrl',
  DUNBOT_LLM_API_KEY: 'llmApiKey',
  DUNBOT_LLM_MODEL: 'llmModel',
  DUNBOT_LLM_BUDGET_MS: 'llmBudgetMs',
  DUNBOT_LLM_ANSWERS: 'llmAnswers',
};

/**
 * Loads and validates the configuration at start: every problem is reported at once, naming the
 * setting and where it came from, as DUN_ERR_CONFIG_INVALID.
 */
export function loadServerConfig(env: Readonly<Record<string, string | undefined>>, file?: string, overrides: Record<string, unknown> = {}): ServerConfig {
  let fromFile: Record<string, unknown> = {};
  if (file !== undefined) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('expected a JSON object');
      fromFile = parsed as Record<string, unknown>;
    } catch (error) {
      throw new DunbotError('DUN_ERR_CONFIG_INVALID', `config file ${file}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const fromEnv: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value !== undefined && value !== '') fromEnv[key] = value;
  }
  const result = ServerConfigSchema.strict()
    .superRefine((config, context) => {
      if (config.llmBaseUrl !== undefined && config.llmModel === undefined) context.addIssue({ code: 'custom', path: ['llmModel'], message: 'required when llmBaseUrl (DUNBOT_LLM_BASE_URL) is set' });
    })
    .safeParse({ ...fromFile, ...fromEnv, ...overrides });
  if (!result.success) {
    const envName = (key: string): string => Object.entries(ENV_KEYS).find(([, value]) => value === key)?.[0] ?? key;
    const problems = result.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '');
      return `${key} (${envName(key)}): ${issue.message}`;
    });
    throw new DunbotError('DUN_ERR_CONFIG_INVALID', `invalid server configuration: ${problems.join('; ')}`, { details: { problems } });
  }
  const generated = result.data.tokenSecret === undefined;
  return { ...result.data, tokenSecret: result.data.tokenSecret ?? randomBytes(32).toString('base64url'), tokenSecretGenerated: generated };
}
