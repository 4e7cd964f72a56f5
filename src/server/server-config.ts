import { randomBytes } from 'node:crypto';
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { IN_BAND_DTMF_SETTINGS } from '../call/voice-call-options.js';
import { DunbotError } from '../errors.js';
import { DEFAULT_HEAP_GROWTH_PERCENT } from './heap-growth.js';
import { packageRoot } from '../util/package-root.js';
import { DEFAULT_LLM_BUDGET_MS } from '../understanding/understander-names.js';
import { LLM_ANSWERS_SETTINGS } from '../answering/llm-answers-setting.js';
import { LOCALES } from '../domain/locale.js';
import { isTransferTarget } from '../escalation/call-transfer.js';

/** A phone number in E.164 form: a plus, then up to 15 digits, the first not 0. */
const E164 = /^\+[1-9]\d{6,14}$/;

/** An http(s) API base URL without credentials, query or fragment: the provider APIs' overrides. */
const apiBaseUrl = z
  .url({ protocol: /^https?$/ })
  .refine((value) => {
    // Not a URL at all is z.url's to report.
    if (!URL.canParse(value)) return true;
    const url = new URL(value);
    return url.username === '' && url.password === '' && url.search === '' && url.hash === '';
  }, 'an http(s) URL without credentials, query or fragment');

/** True when `path` is a file this process can read: a key file is checked at start, not at the first hand-off. */
function isReadableFile(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

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
  /** The Twilio account whose Calls API the warm-transfer hand-off dials agents with. */
  twilioAccountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'AC followed by 32 hex digits').optional(),
  /** Twilio's REST API, or a stand-in for tests and staging. */
  twilioApiUrl: z.url({ protocol: /^https?$/ }).default('https://api.twilio.com'),
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
  /** When set, every voice call is saved in this folder as a replayable fixture (`dunbot serve --record`). */
  recordDir: z.string().trim().min(1).optional(),
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
  /**
   * How a caller who should reach a person is put through during the call: `none` (the default)
   * only records the request and ends the call ESCALATED; any other name is a hand-off adapter (see
   * src/escalation/handoff-adapters.ts), checked when the runtime is composed, so a name nobody
   * provides stops the server at start.
   */
  handoff: z.string().trim().min(1).default('none'),
  /** Who the hand-off reaches: a phone number in E.164 form or a sip:/sips: URI. */
  handoffTarget: z.string().trim().refine(isTransferTarget, 'an E.164 phone number (+15551234567) or a sip:/sips: URI').optional(),
  /**
   * How long the agent's phone may ring before the hand-off ends `no_answer`, counted from when it
   * starts ringing (preparing the call and briefing the agent do not count).
   */
  handoffRingTimeoutS: z.coerce.number().int().min(5).max(600).default(25),
  /** The language of the summary the agent gets; the call's own when unset. */
  handoffAgentLocale: z.enum(LOCALES).optional(),
  /** Where the `webhook` adapter posts the hand-off packet. */
  handoffWebhookUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** The key the hand-off's requests are signed with (the `webhook` adapter), at least 16 characters. */
  handoffSecret: z.string().min(16).optional(),
  /** The number the agent's phone shows when a provider dials them, E.164; each adapter has its own default. */
  handoffCallerId: z.string().trim().regex(E164, 'an E.164 phone number such as +15551234567').optional(),
  /** Telnyx Call Control: the API key (`telnyx` hand-off). */
  telnyxApiKey: z.string().trim().min(1).optional(),
  /** Telnyx's webhook public key (base64 Ed25519): with DUNBOT_PUBLIC_URL, the transfer's outcome is reported. */
  telnyxPublicKey: z.string().trim().min(1).optional(),
  /** Telnyx's API, or a stand-in for tests and staging. */
  telnyxApiUrl: apiBaseUrl.optional(),
  /** Plivo: the account's auth ID and token (`plivo` hand-off); the token also signs Plivo's callbacks. */
  plivoAuthId: z.string().trim().min(1).optional(),
  plivoAuthToken: z.string().trim().min(1).optional(),
  /** Plivo's API, or a stand-in for tests and staging. */
  plivoApiUrl: apiBaseUrl.optional(),
  /** Vonage: the application's id and the path of its private key file (`vonage` hand-off), readable at start. */
  vonageApplicationId: z.string().trim().min(1).optional(),
  vonagePrivateKeyPath: z.string().trim().min(1).refine(isReadableFile, 'a readable file (the Vonage application\'s private key)').optional(),
  /** Vonage's API, or a regional endpoint or a stand-in. */
  vonageApiUrl: apiBaseUrl.optional(),
  /** jambonz: the account's SID, an API key and the webhook secret that signs its callbacks (`jambonz` hand-off). */
  jambonzAccountSid: z.string().trim().min(1).optional(),
  jambonzApiKey: z.string().trim().min(1).optional(),
  jambonzWebhookSecret: z.string().trim().min(1).optional(),
  /** jambonz's API: jambonz cloud's by default, or a self-hosted one. */
  jambonzApiUrl: apiBaseUrl.optional(),
  /** Quality inspection of each call as it ends (src/qa), counted in /metrics; `off` inspects nothing. */
  qa: z.enum(['on', 'off']).default('on'),
  /** A rules file laid over the shipped quality-inspection rules (qa-rules/default.json); read at start. */
  qaRules: z.string().trim().min(1).optional(),
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
  TWILIO_ACCOUNT_SID: 'twilioAccountSid',
  DUNBOT_TWILIO_API_URL: 'twilioApiUrl',
  DUNBOT_ALLOW_UNSIGNED_TWIML: 'allowUnsignedTwiml',
  DUNBOT_DB: 'dbPath',
  DUNBOT_DEBTORS_DIR: 'debtorsDir',
  DUNBOT_ASR: 'asr',
  DUNBOT_TTS: 'tts',
  DUNBOT_NO_INPUT_MS: 'noInputMs',
  DUNBOT_MAX_CALL_MS: 'maxCallMs',
  DUNBOT_INBAND_DTMF: 'inBandDtmf',
  DUNBOT_RECORD_DIR: 'recordDir',
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
  DUNBOT_HANDOFF: 'handoff',
  DUNBOT_HANDOFF_TARGET: 'handoffTarget',
  DUNBOT_HANDOFF_RING_TIMEOUT_S: 'handoffRingTimeoutS',
  DUNBOT_HANDOFF_AGENT_LOCALE: 'handoffAgentLocale',
  DUNBOT_HANDOFF_WEBHOOK_URL: 'handoffWebhookUrl',
  DUNBOT_HANDOFF_SECRET: 'handoffSecret',
  DUNBOT_HANDOFF_CALLER_ID: 'handoffCallerId',
  TELNYX_API_KEY: 'telnyxApiKey',
  TELNYX_PUBLIC_KEY: 'telnyxPublicKey',
  DUNBOT_TELNYX_API_URL: 'telnyxApiUrl',
  PLIVO_AUTH_ID: 'plivoAuthId',
  PLIVO_AUTH_TOKEN: 'plivoAuthToken',
  DUNBOT_PLIVO_API_URL: 'plivoApiUrl',
  VONAGE_APPLICATION_ID: 'vonageApplicationId',
  VONAGE_PRIVATE_KEY_PATH: 'vonagePrivateKeyPath',
  DUNBOT_VONAGE_API_URL: 'vonageApiUrl',
  JAMBONZ_ACCOUNT_SID: 'jambonzAccountSid',
  JAMBONZ_API_KEY: 'jambonzApiKey',
  JAMBONZ_WEBHOOK_SECRET: 'jambonzWebhookSecret',
  DUNBOT_JAMBONZ_API_URL: 'jambonzApiUrl',
  DUNBOT_QA: 'qa',
  DUNBOT_QA_RULES: 'qaRules',
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
