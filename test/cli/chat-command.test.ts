import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CallSession } from '../../src/call/call-session.js';
import { DunbotError } from '../../src/errors.js';
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
afterEach(() => {
  vi.restoreAllMocks();
});

/** The stored record of a call, as `dunbot calls show --json` prints it. */
async function storedCall(id: string): Promise<{ startedAtMs: number; disposition?: string; events: { type: string; code?: string; message?: string }[] }> {
  const shown = await runDunbot(['calls', 'show', id, '--json', '--db', db]);
  expect(shown.code).toBe(0);
  return JSON.parse(shown.stdout);
}

function writeDebtor(overrides: Record<string, unknown>): string {
  const path = join(dir, 'debtor.json');
  const base = { id: 'D-9', name: 'Sam Doe', phone: '+15550000009', locale: 'en-US', timezone: 'America/New_York', creditor: 'Acme', product: 'credit_card', currency: 'USD', balance: 900, minimumDue: 100, dueDate: '2026-03-01', daysPastDue: 10, policy: { maxInstallments: 3, minFirstPayment: 100, maxPromiseDays: 14 } };
  writeFileSync(path, JSON.stringify({ ...base, ...overrides }));
  return path;
}

describe('dunbot chat', () => {
  it('holds a scripted English call and prints one JSON result', async () => {
    const result = await runDunbot(['chat', '--debtor', debtor('en-US-early'), '--locale', 'en-US', '--now', '2026-03-11T15:00:00Z', '--script', script('en-US-early-promise'), '--json', '--db', db]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output.disposition).toBe('PTP');
    expect(output.promise).toEqual({ amount: 200, date: '2026-03-13', kind: 'single' });
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
    [['chat', '--debtor', debtor('en-US-early'), '--now', '2026-02-30'], 'DUN_ERR_CONFIG_INVALID'],
    [['chat', '--debtor', debtor('en-US-early'), '--now', '2026-13-01'], 'DUN_ERR_CONFIG_INVALID'],
    [['chat', '--debtor', debtor('en-US-early'), '--now', '1'], 'DUN_ERR_CONFIG_INVALID'],
    [['chat', '--debtor', debtor('en-US-early'), '--now', ''], 'DUN_ERR_CONFIG_INVALID'],
    [['chat', '--debtor', debtor('en-US-early'), '--now', '2026-03-11T10:00:00'], 'DUN_ERR_CONFIG_INVALID'],
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

  it('rejects a bad --now naming the option and the forms it accepts', async () => {
    const result = await runDunbot(['chat', '--debtor', debtor('en-US-early'), '--now', '2026-02-30', '--db', db]);
    expect(result.stderr).toContain('--now names a day that does not exist (2026-02-30), got "2026-02-30"; use an ISO 8601 date-time with an offset or Z');
    expect(result.stderr).toContain('or a date YYYY-MM-DD');
  });

  it('holds a date-only --now at midnight in the debtor\'s time zone', async () => {
    const lines = join(dir, 'short.txt');
    writeFileSync(lines, '#hangup\n');
    const newYork = JSON.parse((await runDunbot(['chat', '--debtor', debtor('en-US-early'), '--now', '2026-03-11', '--script', lines, '--json', '--db', db])).stdout);
    expect(new Date((await storedCall(newYork.recordId)).startedAtMs).toISOString()).toBe('2026-03-11T04:00:00.000Z');
    const shanghai = JSON.parse((await runDunbot(['chat', '--debtor', debtor('zh-CN-early'), '--now', '2026-03-11', '--script', lines, '--json', '--db', db])).stdout);
    expect(new Date((await storedCall(shanghai.recordId)).startedAtMs).toISOString()).toBe('2026-03-10T16:00:00.000Z');
  });

  it('warns on stderr, and still holds the call, when daysPastDue does not fit the call\'s date', async () => {
    const lines = join(dir, 'short.txt');
    writeFileSync(lines, '#hangup\n');
    const stale = await runDunbot(['chat', '--debtor', debtor('en-US-early'), '--now', '2026-06-01T15:00:00Z', '--script', lines, '--json', '--db', db]);
    expect(stale.code).toBe(0);
    expect(stale.stderr).toBe('dunbot chat: warning: debtor D-1001 looks stale on 2026-06-01 (America/New_York): daysPastDue is 19 but dueDate 2026-02-20 was 101 days before 2026-06-01; the call uses daysPastDue 19 as recorded (pass --now to hold it on a day the record fits)\n');
    expect(JSON.parse(stale.stdout).disposition).toBe('HUNG_UP');
    const fits = await runDunbot(['chat', '--debtor', debtor('en-US-early'), '--now', '2026-03-12', '--script', lines, '--json', '--db', db]);
    expect(fits.stderr).toBe('');
  });

  it.each([
    [{ dueDate: '2026-02-30' }, 'dueDate'],
    [{ dateOfBirth: '1990-02-29' }, 'dateOfBirth'],
    [{ timezone: 'America/Gotham' }, 'timezone'],
    [{ daysPastDue: -3 }, 'daysPastDue'],
    [{ idLast4: '12345' }, 'idLast4'],
    [{ postcode: '' }, 'postcode'],
  ])('refuses an impossible debtor record %j before the call', async (overrides, field) => {
    const result = await runDunbot(['chat', '--debtor', writeDebtor(overrides), '--now', '2026-03-11', '--db', db]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DUN_ERR_DEBTOR_INVALID');
    expect(result.stderr).toContain(`${field}: `);
    expect(existsSync(db)).toBe(false);
  });

  it('accepts the optional verification fields', async () => {
    const lines = join(dir, 'short.txt');
    writeFileSync(lines, '#hangup\n');
    const result = await runDunbot(['chat', '--debtor', writeDebtor({ dateOfBirth: '1984-02-29', postcode: '10001', idLast4: '4321' }), '--now', '2026-03-11', '--script', lines, '--json', '--db', db]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
  });

  it('checks every script line before the call starts, and opens no record for a bad script', async () => {
    const lines = join(dir, 'bad.txt');
    writeFileSync(lines, 'yes this is john\n\n(key 1)\n');
    const result = await runDunbot(['chat', '--debtor', debtor('en-US-early'), '--now', '2026-03-11', '--script', lines, '--db', db]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DUN_ERR_CONFIG_INVALID: script line 3: "(key 1)" is not script syntax');
    expect(result.stdout).toBe('');
    expect(existsSync(db)).toBe(false);
    writeFileSync(lines, 'yes this is john\n#dtmf 12\n');
    const digits = await runDunbot(['chat', '--debtor', debtor('en-US-early'), '--now', '2026-03-11', '--script', lines, '--db', db]);
    expect(digits.stderr).toContain('script line 2: "12" is not one DTMF key');
    expect(existsSync(db)).toBe(false);
  });

  it('reports a bad typed line without sending it, and goes on with the call', async () => {
    const result = await runDunbot(['chat', '--debtor', debtor('en-US-early'), '--now', '2026-03-11', '--json', '--db', db], '#dtmf 99\nthis is john\ni want to speak to a supervisor\n');
    expect(result.stderr).toContain('script line 1: "99" is not one DTMF key');
    expect(result.stderr).toContain('that line was not sent');
    const output = JSON.parse(result.stdout);
    expect(output.disposition).toBe('ESCALATED');
    expect(output.transcript.filter((entry: { speaker: string }) => entry.speaker === 'debtor')).toHaveLength(2);
  });

  it('prints keys and silences in the --json transcript where they happened', async () => {
    const lines = join(dir, 'keys.txt');
    writeFileSync(lines, 'yes this is john\n\n#dtmf 5\n');
    const output = JSON.parse((await runDunbot(['chat', '--debtor', debtor('en-US-early'), '--now', '2026-03-11', '--script', lines, '--json', '--db', db])).stdout);
    const debtorEntries = output.transcript.filter((entry: { speaker: string }) => entry.speaker === 'debtor');
    expect(debtorEntries).toEqual([
      { speaker: 'debtor', text: 'yes this is john', intent: 'affirm', state: 'opening' },
      { speaker: 'debtor', input: 'silence', state: 'askPayment' },
      { speaker: 'debtor', input: 'dtmf', digit: '5', state: 'askPayment' },
    ]);
    // Each is followed by the bot's answer to it.
    const silenceAt = output.transcript.findIndex((entry: { input?: string }) => entry.input === 'silence');
    expect(output.transcript[silenceAt + 1]).toMatchObject({ speaker: 'bot' });
    expect(output.disposition).toBe('HUNG_UP');
  });

  it('prints a plan promise with its kind and instalments', async () => {
    const result = await runDunbot(['chat', '--debtor', debtor('en-US-mid'), '--now', '2026-03-11T15:00:00Z', '--script', script('en-US-mid-hardship-plan'), '--json', '--db', db]);
    const output = JSON.parse(result.stdout);
    expect(output.disposition).toBe('HARDSHIP_PLAN');
    expect(output.promise).toEqual({ amount: 580, date: '2026-03-18', kind: 'plan', installments: 6 });
    const text = await runDunbot(['chat', '--debtor', debtor('en-US-mid'), '--now', '2026-03-11T15:00:00Z', '--script', script('en-US-mid-hardship-plan'), '--db', db]);
    expect(text.stdout).toContain('promise: 580 USD on 2026-03-18 (plan, 6 instalments)');
  });

  it('ends a call SYSTEM_FAILURE with a note when an error is thrown mid-call, and says so', async () => {
    const take = CallSession.prototype.take;
    let turns = 0;
    vi.spyOn(CallSession.prototype, 'take').mockImplementation(async function (this: CallSession, turn) {
      turns += 1;
      if (turns === 2) throw new DunbotError('DUN_ERR_STORE_WRITE', 'disk full');
      return take.call(this, turn);
    });
    const result = await runDunbot(['chat', '--debtor', debtor('en-US-early'), '--now', '2026-03-11T15:00:00Z', '--script', script('en-US-early-promise'), '--json', '--db', db]);
    expect(result.code).toBe(1);
    const output = JSON.parse(result.stdout);
    expect(output.disposition).toBe('SYSTEM_FAILURE');
    expect(result.stderr).toBe(`dunbot chat: call ${output.recordId} ended SYSTEM_FAILURE after an error: DUN_ERR_STORE_WRITE: disk full\n`);
    const stored = await storedCall(output.recordId);
    expect(stored.disposition).toBe('SYSTEM_FAILURE');
    expect(stored.events.filter((event) => event.type === 'call.note')).toEqual([
      expect.objectContaining({ code: 'DUN_NOTE_INTERNAL_ERROR', message: 'the text call failed: DUN_ERR_STORE_WRITE: disk full' }),
    ]);
  });
});
