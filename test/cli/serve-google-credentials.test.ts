import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDunbot } from './run-cli.js';

const root = join(import.meta.dirname, '..', '..');

let directory: string;

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'dunbot-serve-google-'));
});

/** Settings the server needs to get as far as its speech providers. */
function serverEnv(extra: Record<string, string>): Record<string, string> {
  return {
    DUNBOT_DB: join(directory, 'calls.db'),
    DUNBOT_PORT: '0',
    DUNBOT_TOKEN_SECRET: 'serve-google-secret-0123456789',
    TWILIO_AUTH_TOKEN: 'twilio-auth-token-for-serve',
    DUNBOT_PUBLIC_URL: 'https://bot.example.com',
    METADATA_SERVER_DETECTION: 'none',
    ...extra,
  };
}

/** Runs `dunbot serve` from dist as a user would, without the caller's Google credentials. */
async function serve(extra: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: Record<string, string | undefined> = { ...process.env, ...serverEnv(extra) };
  if (extra.GOOGLE_APPLICATION_CREDENTIALS === undefined) delete env.GOOGLE_APPLICATION_CREDENTIALS;
  const child = spawn(process.execPath, [join(root, 'bin', 'dunbot.js'), 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  return { code, stdout, stderr };
}

/** A stack trace line, as Node prints for an uncaught error. */
const STACK_LINE = /^\s+at /m;

describe('dunbot serve with Google providers and bad credentials', () => {
  it('exits 2 naming DUNBOT_ASR and GOOGLE_APPLICATION_CREDENTIALS when the variable is not set', async () => {
    const result = await serve({ DUNBOT_ASR: 'google' });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('dunbot serve: DUN_ERR_CONFIG_INVALID: DUNBOT_ASR=google needs Google credentials, but GOOGLE_APPLICATION_CREDENTIALS is not set');
    expect(result.stderr).toContain('no metadata server');
    expect(result.stderr).not.toMatch(STACK_LINE);
    expect(result.stdout).not.toContain('listening');
  }, 60_000);

  it('exits 2 naming DUNBOT_TTS and the file when its private key is not a PEM key, without printing the key', async () => {
    const path = join(directory, 'service-account.json');
    writeFileSync(path, JSON.stringify({ type: 'service_account', client_email: 'bot@p.iam.gserviceaccount.com', private_key: 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC-secret' }));

    const result = await serve({ DUNBOT_TTS: 'google', DUNBOT_ASR: 'none', GOOGLE_APPLICATION_CREDENTIALS: path });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`DUN_ERR_CONFIG_INVALID: DUNBOT_TTS=google needs Google credentials, but GOOGLE_APPLICATION_CREDENTIALS names ${path}`);
    expect(result.stderr).toContain('private_key is not a PEM private key');
    expect(result.stderr).not.toContain('secret');
    expect(result.stderr).not.toMatch(STACK_LINE);
  }, 60_000);

  it('exits 2 naming both settings when both ask for Google and the file does not exist', async () => {
    const missing = join(directory, 'missing.json');

    const result = await serve({ DUNBOT_ASR: 'google', DUNBOT_TTS: 'google', GOOGLE_APPLICATION_CREDENTIALS: missing });

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`DUNBOT_ASR=google and DUNBOT_TTS=google needs Google credentials, but GOOGLE_APPLICATION_CREDENTIALS names ${missing}, which does not exist.`);
    expect(result.stderr).not.toMatch(STACK_LINE);
  }, 60_000);

  it('checks the environment the command was given, in-process too', async () => {
    const result = await runDunbot(['serve'], '', serverEnv({ DUNBOT_TTS: 'google', DUNBOT_ASR: 'none' }));

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DUNBOT_TTS=google needs Google credentials, but GOOGLE_APPLICATION_CREDENTIALS is not set');
  });
});
