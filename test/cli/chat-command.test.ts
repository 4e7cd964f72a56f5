import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runDunbot } from './run-cli.js';

const root = join(import.meta.dirname, '..', '..');
const debtor = (name: string) => join(root, 'fixtures', 'debtors', `${name}.json`);
const script = (name: string) => join(root, 'fixtures', 'chat-scripts', `${name}.txt`);

let dir: string;
let db: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dunbot-cli-'));
  db = join(dir, 'calls.db');
});

describe('dunbot chat', () => {
  it('holds a scripted English call and prints one JSON result', async () => {
    const result = await runDunbot(['chat', '--debtor', debtor('en-US-early'), '--locale', 'en-US', '--now', '2026-03-11T15:00:00Z', '--script', script('en-US-early-promise'), '--json', '--db', db]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.disposition).toBe('PTP');
    expect(output.promise).toEqual({ amount: 200, date: '2026-03-13' });
    expect(output.transcript[0]).toEqual({ speaker: 'bot', text: expect.stringContaining('John Smith'), state: 'opening' });
    expect(output.transcript[1]).toEqual({ speaker: 'debtor', text: 'yes speaking', intent: 'affirm', state: 'opening' });
    expect(Object.keys(output)).toEqual(['disposition', 'promise', 'transcript', 'recordId']);

    const shown = await runDunbot(['calls', 'show', output.recordId, '--db', db]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('disposition PTP');
    expect(shown.stdout).toContain('promise 200 on 2026-03-13');
    const listed = await runDunbot(['calls', 'list', '--db', db]);
    expect(listed.stdout).toContain(output.recordId);
  });

  it('holds a scripted Chinese dispute', async () => {
    const result = await runDunbot(['chat', '--debtor', debtor('zh-CN-mid'), '--locale', 'zh-CN', '--now', '2026-03-11T02:00:00Z', '--script', script('zh-CN-mid-dispute'), '--json', '--db', db]);
    const output = JSON.parse(result.stdout);
    expect(output.disposition).toBe('DISPUTE');
    expect(output.transcript.filter((entry: { speaker: string }) => entry.speaker === 'debtor').map((entry: { intent: string }) => entry.intent)).toEqual(['affirm', 'dispute']);
  });

  it('prints a readable transcript without --json and ends HUNG_UP when the script runs out', async () => {
    const lines = join(dir, 'short.txt');
    writeFileSync(lines, 'yes\n');
    const result = await runDunbot(['chat', '--debtor', debtor('en-US-mid'), '--script', lines, '--db', db]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^bot> /);
    expect(result.stdout).toContain('you> yes');
    expect(result.stdout).toContain('disposition: HUNG_UP');
  });

  it('reads replies from stdin when no script is given', async () => {
    const result = await runDunbot(['chat', '--debtor', debtor('en-US-early'), '--json', '--db', db], 'this is john\ni want to speak to a supervisor\n');
    const output = JSON.parse(result.stdout);
    expect(output.disposition).toBe('ESCALATED');
    expect(output.escalation).toEqual({ reason: 'request_human' });
  });

  it('takes keys and call events from the script', async () => {
    const lines = join(dir, 'keys.txt');
    writeFileSync(lines, '#dtmf 1\n#dtmf 0\n');
    const result = await runDunbot(['chat', '--debtor', debtor('en-US-early'), '--script', lines, '--json', '--db', db]);
    expect(JSON.parse(result.stdout).escalation).toEqual({ reason: 'request_human' });
    writeFileSync(lines, '#voicemail\n');
    const voicemail = await runDunbot(['chat', '--debtor', debtor('en-US-early'), '--script', lines, '--json', '--db', db]);
    expect(JSON.parse(voicemail.stdout).disposition).toBe('VOICEMAIL');
  });

  it.each([
    [['chat', '--db', 'x.db'], 'DUN_ERR_CONFIG_INVALID'],
    [['chat', '--debtor', 'no/such/file.json'], 'DUN_ERR_DEBTOR_NOT_FOUND'],
    [['chat', '--debtor', debtor('en-US-early'), '--locale', 'fr-FR'], 'DUN_ERR_CONFIG_INVALID'],
    [['chat', '--debtor', debtor('en-US-early'), '--flow', 'gentle'], 'DUN_ERR_FLOW_UNKNOWN'],
    [['chat', '--debtor', debtor('en-US-early'), '--now', 'yesterday'], 'DUN_ERR_CONFIG_INVALID'],
    [['chat', '--debtor', debtor('en-US-early'), '--bogus'], 'DUN_ERR_CONFIG_INVALID'],
  ])('rejects bad input %j with %s and exit code 2', async (argv, code) => {
    const result = await runDunbot([...argv, ...(argv.includes('--db') ? [] : ['--db', db])]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(code);
    expect(result.stdout).toBe('');
  });

  it('names every wrong field of an invalid debtor file', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ id: 'X', name: 'Y', balance: -5 }));
    const result = await runDunbot(['chat', '--debtor', bad, '--db', db]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DUN_ERR_DEBTOR_INVALID');
    expect(result.stderr).toContain('balance');
    expect(result.stderr).toContain('policy');
  });

  it('rejects an unknown script directive, naming the line', async () => {
    const lines = join(dir, 'bad.txt');
    writeFileSync(lines, 'yes\n#transfer now\n');
    const result = await runDunbot(['chat', '--debtor', debtor('en-US-early'), '--script', lines, '--db', db]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('script line 2');
  });
});
