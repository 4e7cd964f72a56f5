import { createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync, statSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { DunbotError } from '../errors.js';

/** The variable Google client libraries read the path of their credentials file from. */
export const GOOGLE_CREDENTIALS_VARIABLE = 'GOOGLE_APPLICATION_CREDENTIALS';

/** Credentials files larger than this (64 KiB) are refused: a key file is a few kilobytes. */
export const MAX_GOOGLE_CREDENTIALS_BYTES = 64 * 1024;

/** The credential types the Google auth library builds a client for, named by the file's `type`. */
export const GOOGLE_CREDENTIAL_TYPES = ['service_account', 'authorized_user', 'external_account', 'external_account_authorized_user', 'impersonated_service_account'] as const;

/** One of {@link GOOGLE_CREDENTIAL_TYPES}. */
export type GoogleCredentialType = (typeof GOOGLE_CREDENTIAL_TYPES)[number];

/** A credentials file that passed {@link loadGoogleCredentials}; pass `keyFilename` to the Google clients. */
export interface GoogleCredentials {
  /** Absolute path of the checked file. */
  readonly keyFilename: string;
  readonly type: GoogleCredentialType;
}

/** What went wrong when a Google call could not authenticate, from {@link describeCredentialsFailure}. */
export interface CredentialsFailure {
  /** The token endpoint's HTTP status, when it answered one. */
  readonly httpStatus: number | undefined;
  /** True when the token endpoint was busy or failing (408, 429, 5xx); a bad credential is not. */
  readonly retryable: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The auth library wraps a token failure in a gRPC status with this text (grpc-js load-balancing-call). */
const TOKEN_FAILURE_TEXT = 'Getting metadata from plugin failed';
const GRPC_UNAUTHENTICATED = 16;
/** The impersonation URL the library accepts (googleauth.js fromImpersonatedJSON). */
const IMPERSONATION_URL = /[^/]+:(generateAccessToken|generateIdToken)$/;
const MAX_IMPERSONATION_URL_CHARS = 256;
/** Pluggable-auth timeout bounds, in ms (pluggable-auth-client.js). */
const MIN_EXECUTABLE_TIMEOUT_MS = 5_000;
const MAX_EXECUTABLE_TIMEOUT_MS = 120_000;

const required = (what: 'string' | 'object' = 'string'): { error: (issue: { input: unknown }) => string } => ({
  error: (issue) => (issue.input === undefined || issue.input === null ? 'is missing' : `is not ${what === 'string' ? 'a string' : 'an object'}`),
});
// `abort` stops at an empty value, so refinements after it do not pile up messages about it.
const text = (): z.ZodString => z.string(required()).min(1, { error: 'is empty', abort: true });

// Field messages never quote a value: the file holds secrets.
const serviceAccountSchema = z.object({
  client_email: text().refine((value) => /^[^@\s]+@[^@\s]+$/.test(value), 'is not an email address'),
  private_key: text().superRefine((value, context) => {
    const problem = privateKeyProblem(value);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  }),
});

const authorizedUserSchema = z.object({ client_id: text(), client_secret: text(), refresh_token: text() });

const externalAccountSchema = z.object({
  audience: text(),
  subject_token_type: text(),
  token_url: z.url('is not a URL').optional(),
  service_account_impersonation_url: z.url('is not a URL').optional(),
  credential_source: z.record(z.string(), z.unknown(), required('object')),
});

const impersonatedSchema = z.object({
  service_account_impersonation_url: text()
    .max(MAX_IMPERSONATION_URL_CHARS, `is longer than ${MAX_IMPERSONATION_URL_CHARS} characters`)
    .regex(IMPERSONATION_URL, 'does not end in <service account>:generateAccessToken'),
  source_credentials: z.record(z.string(), z.unknown(), required('object')),
});

/**
 * Checks, before any Google client is built, the credentials file named by GOOGLE_APPLICATION_CREDENTIALS:
 * set, a readable file, JSON, and holding what the auth library needs for its `type`. `requestedBy`
 * names the settings that chose Google (`DUNBOT_ASR`, `DUNBOT_TTS`), for the message.
 *
 * @throws DunbotError DUN_ERR_CONFIG_INVALID naming the variable and the problem, never a secret.
 * @example
 * const credentials = loadGoogleCredentials(process.env, ['DUNBOT_ASR']);
 * const asr = new GoogleSpeechAsr({ clientOptions: { keyFilename: credentials.keyFilename } });
 */
export function loadGoogleCredentials(env: Env, requestedBy: readonly string[]): GoogleCredentials {
  const who = requestedBy.length > 0 ? requestedBy.map((name) => `${name}=google`).join(' and ') : 'Google';
  const fail = (problem: string, details: Record<string, unknown> = {}): DunbotError =>
    new DunbotError('DUN_ERR_CONFIG_INVALID', `${who} needs Google credentials, but ${problem}`, { details: { variable: GOOGLE_CREDENTIALS_VARIABLE, requestedBy, ...details } });
  const path = env[GOOGLE_CREDENTIALS_VARIABLE]?.trim();
  if (path === undefined || path === '') {
    throw fail(
      `${GOOGLE_CREDENTIALS_VARIABLE} is not set. Set it to the path of a Google credentials JSON file (a service-account key, or the file \`gcloud auth application-default login\` writes); ` +
        'dunbot runs offline, so there is no metadata server to fall back on.',
    );
  }
  const keyFilename = resolve(path);
  const where = `${GOOGLE_CREDENTIALS_VARIABLE} names ${keyFilename}`;
  const json = parseJsonObject(readCredentialsFile(keyFilename, (problem) => fail(`${where}, which ${problem}`, { path: keyFilename })), (problem) => fail(`${where}, which ${problem}`, { path: keyFilename }));
  const type = json.type;
  if (!isCredentialType(type)) {
    const found = typeof type === 'string' ? `has type "${type.slice(0, 40)}"` : 'has no "type" field';
    throw fail(`${where}, which ${found}; dunbot knows ${GOOGLE_CREDENTIAL_TYPES.join(', ')}.`, { path: keyFilename });
  }
  const problems = credentialProblems(type, json, env, 0);
  if (problems.length > 0) throw fail(`${where}, a ${type} file with wrong fields: ${problems.join('; ')}.`, { path: keyFilename, type, problems });
  return { keyFilename, type };
}

/**
 * Recognizes a Google call that failed because its credentials gave no access token (the token
 * endpoint refused them, or a key could not sign) or the service refused the token; else undefined.
 */
export function describeCredentialsFailure(error: unknown): CredentialsFailure | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = 'code' in error && typeof error.code === 'number' ? error.code : undefined;
  const message = `${error instanceof Error ? error.message : ''} ${'details' in error && typeof error.details === 'string' ? error.details : ''}`;
  if (code === GRPC_UNAUTHENTICATED) return { httpStatus: undefined, retryable: false };
  if (!message.includes(TOKEN_FAILURE_TEXT)) return undefined;
  // The plugin passes the token endpoint's HTTP status on as the call's code (a gRPC code is 0–16).
  const httpStatus = code !== undefined && code >= 100 && code <= 599 ? code : undefined;
  return { httpStatus, retryable: httpStatus !== undefined && (httpStatus === 408 || httpStatus === 429 || httpStatus >= 500) };
}

/**
 * Builds a Google client and starts it (credentials, channel), rejecting with `toError(cause)` when it
 * cannot. Each call of a Google client starts it with `initialize().catch((err) => { throw err; })`, a
 * rejection nobody handles, which ends the process when the credentials are unusable: started here,
 * the failure is caught, and a caller that keeps only started clients never calls one that failed.
 */
export async function startGoogleClient<Client extends { initialize(): Promise<unknown> }>(create: () => Client, toError: (cause: unknown) => DunbotError): Promise<Client> {
  try {
    const client = create();
    await client.initialize();
    return client;
  } catch (cause) {
    throw toError(cause);
  }
}

function readCredentialsFile(path: string, fail: (problem: string) => DunbotError): string {
  if (!existsSync(path)) throw fail('does not exist.');
  const unreadable = (error: unknown): DunbotError => {
    const code = typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : 'unknown error';
    return fail(`cannot be read (${code === 'EACCES' ? 'permission denied' : code}).`);
  };
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw unreadable(error);
  }
  if (!stats.isFile()) throw fail('is not a file.');
  if (stats.size > MAX_GOOGLE_CREDENTIALS_BYTES) throw fail(`is larger than ${MAX_GOOGLE_CREDENTIALS_BYTES / 1024} KiB, too large for a credentials file.`);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw unreadable(error);
  }
}

function parseJsonObject(content: string, fail: (problem: string) => DunbotError): Readonly<Record<string, unknown>> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    // JSON.parse quotes the start of its input in its message, which may be a key: leave it out.
    const hint = content.includes('-----BEGIN') ? ' (it looks like a PEM file; the variable must name the JSON key file Google gives)' : '';
    throw fail(`is not valid JSON${hint}.`);
  }
  if (!isRecord(parsed)) throw fail('does not hold a JSON object.');
  return parsed;
}

function credentialProblems(type: GoogleCredentialType, json: Readonly<Record<string, unknown>>, env: Env, depth: number): string[] {
  switch (type) {
    case 'service_account':
      return schemaProblems(serviceAccountSchema, json);
    case 'authorized_user':
    case 'external_account_authorized_user':
      return schemaProblems(authorizedUserSchema, json);
    case 'external_account': {
      const problems = schemaProblems(externalAccountSchema, json);
      const source = json.credential_source;
      return isRecord(source) ? [...problems, ...credentialSourceProblems(source, env)] : problems;
    }
    case 'impersonated_service_account': {
      const problems = schemaProblems(impersonatedSchema, json);
      const source = json.source_credentials;
      if (!isRecord(source)) return problems;
      const sourceType = source.type;
      // The library accepts any source type; one level of nesting covers every documented file.
      if (!isCredentialType(sourceType) || sourceType === 'impersonated_service_account' || depth > 0) {
        return [...problems, 'source_credentials.type is not service_account, authorized_user, external_account or external_account_authorized_user'];
      }
      return [...problems, ...credentialProblems(sourceType, source, env, depth + 1).map((problem) => `source_credentials.${problem}`)];
    }
  }
}

/** The subject-token source of an external account: exactly one kind, as the auth library requires. */
function credentialSourceProblems(source: Readonly<Record<string, unknown>>, env: Env): string[] {
  const kinds = ['file', 'url', 'certificate', 'environment_id', 'executable'].filter((kind) => source[kind] !== undefined);
  if (kinds.length !== 1) return ['credential_source must name exactly one of file, url, certificate, environment_id (AWS) or executable'];
  const problems: string[] = [];
  const format = source.format;
  if (isRecord(format) && format.type === 'json' && typeof format.subject_token_field_name !== 'string') problems.push('credential_source.format.subject_token_field_name is missing');
  if (typeof source.file === 'string' && !existsSync(source.file)) problems.push('credential_source.file names a file that does not exist');
  if (source.file !== undefined && typeof source.file !== 'string') problems.push('credential_source.file is not a string');
  if (source.url !== undefined && !URL.canParse(String(source.url))) problems.push('credential_source.url is not a URL');
  if (source.certificate !== undefined && !isRecord(source.certificate)) problems.push('credential_source.certificate is not an object');
  if (source.environment_id !== undefined) {
    if (typeof source.environment_id !== 'string' || !/^aws\d+$/.test(source.environment_id)) problems.push('credential_source.environment_id is not aws1 (or a later AWS version)');
    if (typeof source.regional_cred_verification_url !== 'string') problems.push('credential_source.regional_cred_verification_url is missing');
  }
  const executable = source.executable;
  if (executable !== undefined) {
    if (!isRecord(executable) || typeof executable.command !== 'string' || executable.command === '') problems.push('credential_source.executable.command is missing');
    else if (executable.timeout_millis !== undefined && !(typeof executable.timeout_millis === 'number' && executable.timeout_millis >= MIN_EXECUTABLE_TIMEOUT_MS && executable.timeout_millis <= MAX_EXECUTABLE_TIMEOUT_MS)) {
      problems.push(`credential_source.executable.timeout_millis is not between ${MIN_EXECUTABLE_TIMEOUT_MS} and ${MAX_EXECUTABLE_TIMEOUT_MS}`);
    }
    // The library refuses to run the executable without this opt-in, but only when a token is due.
    if (env.GOOGLE_EXTERNAL_ACCOUNT_ALLOW_EXECUTABLES !== '1') problems.push('credential_source.executable needs GOOGLE_EXTERNAL_ACCOUNT_ALLOW_EXECUTABLES=1');
  }
  return problems;
}

/** Why `key` cannot sign, or undefined when it is a usable unencrypted PEM private key. */
function privateKeyProblem(key: string): string | undefined {
  if (!key.includes('\n') && key.includes('\\n')) return 'has literal "\\n" where the PEM needs line breaks (the JSON string was escaped twice)';
  if (!/-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(key)) return 'is not a PEM private key (-----BEGIN PRIVATE KEY----- …)';
  try {
    createPrivateKey(key);
    return undefined;
  } catch {
    return 'is not a readable PEM private key (damaged or truncated)';
  }
}

function schemaProblems(schema: z.ZodType, json: Readonly<Record<string, unknown>>): string[] {
  const result = schema.safeParse(json);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
}

function isCredentialType(value: unknown): value is GoogleCredentialType {
  return GOOGLE_CREDENTIAL_TYPES.some((type) => type === value);
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
