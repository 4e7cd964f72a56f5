import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { DunbotError } from '../../src/errors.js';
import { describeCredentialsFailure, loadGoogleCredentials, MAX_GOOGLE_CREDENTIALS_BYTES } from '../../src/providers/google-credentials.js';
import { serviceAccountCredentials } from './google-test-credentials.js';

let directory: string;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'dunbot-google-credentials-'));
});

function writeCredentials(name: string, content: unknown): string {
  const path = join(directory, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

/** The DunbotError `loadGoogleCredentials` throws for `path` (or for no variable at all). */
function refusal(path: string | undefined, requestedBy: readonly string[] = ['DUNBOT_ASR'], env: Record<string, string> = {}): DunbotError {
  try {
    loadGoogleCredentials(path === undefined ? env : { ...env, GOOGLE_APPLICATION_CREDENTIALS: path }, requestedBy);
  } catch (error) {
    if (error instanceof DunbotError) return error;
    throw error;
  }
  throw new Error('the credentials were accepted');
}

/** The base64 body of a PEM key, which no message may contain any part of. */
function keyBody(pem: string): string {
  return pem.split('\n').slice(1, 3).join('');
}

describe('loadGoogleCredentials: the variable and the file', () => {
  it('refuses an unset variable, naming it, the setting that asked for Google, and the missing metadata server', () => {
    const error = refusal(undefined, ['DUNBOT_ASR', 'DUNBOT_TTS']);
    expect(error.code).toBe('DUN_ERR_CONFIG_INVALID');
    expect(error.message).toMatch(/^DUNBOT_ASR=google and DUNBOT_TTS=google needs Google credentials, but GOOGLE_APPLICATION_CREDENTIALS is not set/);
    expect(error.message).toContain('no metadata server');
    expect(error.details).toMatchObject({ variable: 'GOOGLE_APPLICATION_CREDENTIALS', requestedBy: ['DUNBOT_ASR', 'DUNBOT_TTS'] });
  });

  it('refuses an empty variable like an unset one', () => {
    expect(refusal('  ', ['DUNBOT_TTS']).message).toMatch(/^DUNBOT_TTS=google needs Google credentials, but GOOGLE_APPLICATION_CREDENTIALS is not set/);
  });

  it('refuses a path that does not exist or is a directory, naming the path', () => {
    const missing = join(directory, 'missing.json');
    expect(refusal(missing).message).toContain(`GOOGLE_APPLICATION_CREDENTIALS names ${missing}, which does not exist.`);
    const folder = join(directory, 'a-folder');
    mkdirSync(folder);
    expect(refusal(folder).message).toContain('which is not a file.');
  });

  it('refuses a file it may not read', async () => {
    const path = writeCredentials('locked.json', serviceAccountCredentials());
    chmodSync(path, 0o000);
    if (process.getuid?.() !== 0) {
      expect(refusal(path).message).toContain('cannot be read (permission denied)');
      return;
    }
    // Root reads any file: the check runs in a process of an unprivileged user, as a service would.
    chmodSync(directory, 0o755);
    const moduleUrl = pathToFileURL(join(import.meta.dirname, '..', '..', 'dist', 'src', 'providers', 'google-credentials.js')).href;
    const script = `import('${moduleUrl}').then((m) => { try { m.loadGoogleCredentials({ GOOGLE_APPLICATION_CREDENTIALS: ${JSON.stringify(path)} }, ['DUNBOT_ASR']); console.log('accepted'); } catch (error) { console.log(error.message); } })`;
    const output = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--input-type=module', '-e', script], { uid: 65534, gid: 65534 }, (error, stdout) => (error === null ? resolve(stdout) : reject(error)));
    });
    expect(output).toContain('cannot be read (permission denied)');
  });

  it(`refuses a file larger than ${MAX_GOOGLE_CREDENTIALS_BYTES} bytes`, () => {
    expect(refusal(writeCredentials('huge.json', ' '.repeat(MAX_GOOGLE_CREDENTIALS_BYTES + 1))).message).toContain('too large for a credentials file');
  });

  it('refuses a file that is not JSON without quoting it, and says when it is a PEM key', () => {
    const pem = serviceAccountCredentials().private_key ?? '';
    const error = refusal(writeCredentials('key.pem', pem));
    expect(error.message).toContain('is not valid JSON (it looks like a PEM file');
    expect(error.message).not.toContain(keyBody(pem).slice(0, 12));
    expect(refusal(writeCredentials('list.json', '[]')).message).toContain('does not hold a JSON object');
  });

  it('refuses a file without a known type', () => {
    expect(refusal(writeCredentials('untyped.json', { client_email: 'a@b.c' })).message).toContain('has no "type" field; dunbot knows service_account, authorized_user');
    expect(refusal(writeCredentials('odd-type.json', { type: 'api_key' })).message).toContain('has type "api_key"');
  });

  it('resolves a relative path against the working directory', () => {
    const path = writeCredentials('relative.json', serviceAccountCredentials());
    expect(loadGoogleCredentials({ GOOGLE_APPLICATION_CREDENTIALS: relative(process.cwd(), path) }, ['DUNBOT_ASR'])).toEqual({ keyFilename: path, type: 'service_account' });
  });
});

describe('loadGoogleCredentials: service_account', () => {
  it('accepts a key file with an email and a PEM private key', () => {
    const path = writeCredentials('service-account.json', serviceAccountCredentials());
    expect(loadGoogleCredentials({ GOOGLE_APPLICATION_CREDENTIALS: path }, ['DUNBOT_ASR'])).toEqual({ keyFilename: path, type: 'service_account' });
  });

  it('names every missing field at once', () => {
    const error = refusal(writeCredentials('empty-account.json', { type: 'service_account', client_email: '' }));
    expect(error.message).toContain('a service_account file with wrong fields: client_email is empty; private_key is missing.');
    expect(error.details).toMatchObject({ type: 'service_account', problems: ['client_email is empty', 'private_key is missing'] });
  });

  it('refuses a private key that is not a PEM key, or one whose line breaks were escaped twice, without printing it', () => {
    const good = serviceAccountCredentials();
    const notPem = refusal(writeCredentials('not-pem.json', { ...good, private_key: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC' }));
    expect(notPem.message).toContain('private_key is not a PEM private key');
    expect(notPem.message).not.toContain('MIIEvQIBADAN');

    const pem = good.private_key ?? '';
    const escapedTwice = refusal(writeCredentials('escaped-twice.json', { ...good, private_key: pem.replaceAll('\n', '\\n') }));
    expect(escapedTwice.message).toContain('private_key has literal "\\n" where the PEM needs line breaks');
    expect(escapedTwice.message).not.toContain(keyBody(pem).slice(0, 12));
  });

  it('refuses a truncated PEM private key', () => {
    const good = serviceAccountCredentials();
    const pem = good.private_key ?? '';
    const truncated = `${pem.slice(0, 200)}\n-----END PRIVATE KEY-----\n`;
    const error = refusal(writeCredentials('truncated.json', { ...good, private_key: truncated }));
    expect(error.message).toContain('private_key is not a readable PEM private key');
    expect(error.message).not.toContain(keyBody(pem).slice(0, 12));
  });

  it('refuses a client_email that is not an email address', () => {
    expect(refusal(writeCredentials('bad-email.json', { ...serviceAccountCredentials(), client_email: 'dunbot-test' })).message).toContain('client_email is not an email address');
  });
});

describe('loadGoogleCredentials: other credential types', () => {
  const user = { type: 'authorized_user', client_id: 'id.apps.googleusercontent.com', client_secret: 'secret', refresh_token: 'refresh' };

  it('accepts an authorized_user file and names its missing refresh_token', () => {
    expect(loadGoogleCredentials({ GOOGLE_APPLICATION_CREDENTIALS: writeCredentials('user.json', user) }, ['DUNBOT_TTS']).type).toBe('authorized_user');
    const error = refusal(writeCredentials('user-without-token.json', { ...user, refresh_token: undefined }));
    expect(error.message).toContain('refresh_token is missing');
    expect(error.message).not.toContain('secret');
  });

  it('checks the fields and the subject-token source of an external_account file', () => {
    const subjectToken = writeCredentials('subject-token.txt', 'token');
    const external = {
      type: 'external_account',
      audience: '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/q',
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      token_url: 'https://sts.googleapis.com/v1/token',
      credential_source: { file: subjectToken },
    };
    expect(loadGoogleCredentials({ GOOGLE_APPLICATION_CREDENTIALS: writeCredentials('external.json', external) }, ['DUNBOT_ASR']).type).toBe('external_account');

    expect(refusal(writeCredentials('external-empty.json', { type: 'external_account' })).message).toContain('audience is missing; subject_token_type is missing; credential_source is missing');
    expect(refusal(writeCredentials('external-missing-file.json', { ...external, credential_source: { file: join(directory, 'nope') } })).message).toContain('credential_source.file names a file that does not exist');
    expect(refusal(writeCredentials('external-two-sources.json', { ...external, credential_source: { file: subjectToken, url: 'http://127.0.0.1/token' } })).message).toContain('credential_source must name exactly one of');
    expect(refusal(writeCredentials('external-bad-url.json', { ...external, token_url: 'not a url' })).message).toContain('token_url is not a URL');
  });

  it('asks for GOOGLE_EXTERNAL_ACCOUNT_ALLOW_EXECUTABLES=1 when the subject token comes from an executable', () => {
    const external = {
      type: 'external_account',
      audience: '//iam.googleapis.com/projects/1/locations/global/workloadIdentityPools/p/providers/q',
      subject_token_type: 'urn:ietf:params:oauth:token-type:jwt',
      credential_source: { executable: { command: '/usr/local/bin/token', timeout_millis: 30_000 } },
    };
    const path = writeCredentials('external-executable.json', external);
    expect(refusal(path).message).toContain('credential_source.executable needs GOOGLE_EXTERNAL_ACCOUNT_ALLOW_EXECUTABLES=1');
    expect(loadGoogleCredentials({ GOOGLE_APPLICATION_CREDENTIALS: path, GOOGLE_EXTERNAL_ACCOUNT_ALLOW_EXECUTABLES: '1' }, ['DUNBOT_ASR']).type).toBe('external_account');
  });

  it('checks an impersonated_service_account file and its source credentials', () => {
    const impersonated = {
      type: 'impersonated_service_account',
      service_account_impersonation_url: 'https://iamcredentials.googleapis.com/v1/projects/-/serviceAccounts/bot@p.iam.gserviceaccount.com:generateAccessToken',
      source_credentials: user,
    };
    expect(loadGoogleCredentials({ GOOGLE_APPLICATION_CREDENTIALS: writeCredentials('impersonated.json', impersonated) }, ['DUNBOT_ASR']).type).toBe('impersonated_service_account');
    const error = refusal(writeCredentials('impersonated-bad.json', { ...impersonated, service_account_impersonation_url: 'https://example.com/', source_credentials: { ...user, client_id: undefined } }));
    expect(error.message).toContain('service_account_impersonation_url does not end in <service account>:generateAccessToken');
    expect(error.message).toContain('source_credentials.client_id is missing');
  });

  it('accepts an external_account_authorized_user file with its refresh token and client', () => {
    const path = writeCredentials('workforce-user.json', { type: 'external_account_authorized_user', audience: '//iam.googleapis.com/locations/global/workforcePools/p/providers/q', client_id: 'c', client_secret: 's', refresh_token: 'r', token_url: 'https://sts.googleapis.com/v1/oauthtoken' });
    expect(loadGoogleCredentials({ GOOGLE_APPLICATION_CREDENTIALS: path }, ['DUNBOT_TTS']).type).toBe('external_account_authorized_user');
  });
});

describe('describeCredentialsFailure', () => {
  const pluginFailure = (code: number): Error & { code: number } => Object.assign(new Error(`${code} UNKNOWN: Getting metadata from plugin failed with error: refused`), { code });

  it('tells a refused token (HTTP 401) from a busy token endpoint (HTTP 503)', () => {
    expect(describeCredentialsFailure(pluginFailure(401))).toEqual({ httpStatus: 401, retryable: false });
    expect(describeCredentialsFailure(pluginFailure(503))).toEqual({ httpStatus: 503, retryable: true });
  });

  it('treats a key that cannot sign and an UNAUTHENTICATED answer as not retryable', () => {
    expect(describeCredentialsFailure(pluginFailure(2))).toEqual({ httpStatus: undefined, retryable: false });
    expect(describeCredentialsFailure(Object.assign(new Error('16 UNAUTHENTICATED'), { code: 16 }))).toEqual({ httpStatus: undefined, retryable: false });
  });

  it('leaves other failures alone', () => {
    expect(describeCredentialsFailure(Object.assign(new Error('14 UNAVAILABLE: No connection established'), { code: 14 }))).toBeUndefined();
    expect(describeCredentialsFailure('a string')).toBeUndefined();
  });
});
