import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqliteCallStore } from '../../src/store/index.js';
import { runDunbot } from './run-cli.js';

const root = join(import.meta.dirname, '..', '..');

describe('dunbot nlu', () => {
  it('prints one JSON object per input line', async () => {
    const result = await runDunbot(['nlu', '--locale', 'en-US', '--now', '2026-03-11T15:00:00Z', '--tz', 'America/New_York'], 'i can pay $1,200 tomorrow\n\nwrong number\n');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({ text: 'i can pay $1,200 tomorrow', intent: 'promise_to_pay', confidence: expect.any(Number), entities: { amount: 1200, date: '2026-03-12' } });
    expect(lines[1]).toMatchObject({ text: 'wrong number', intent: 'wrong_number', entities: {} });
  });

  it('understands Chinese with the default Shanghai zone', async () => {
    const result = await runDunbot(['nlu', '--locale', 'zh-CN', '--now', '2026-03-11T02:00:00Z'], '我明天还五千块\n');
    expect(JSON.parse(result.stdout)).toMatchObject({ intent: 'promise_to_pay', entities: { amount: 5000, date: '2026-03-12' } });
  });

  it('rejects a missing locale and a bad time zone', async () => {
    expect((await runDunbot(['nlu'])).stderr).toContain('DUN_ERR_CONFIG_INVALID');
    expect((await runDunbot(['nlu', '--locale', 'en-US', '--tz', 'Mars/Olympus'], 'yes\n')).stderr).toContain('DUN_ERR_NLU_TIMEZONE');
  });
});

describe('dunbot flows graph', () => {
  it('prints the flow as Mermaid', async () => {
    const result = await runDunbot(['flows', 'graph', 'late']);
    expect(result.code).toBe(0);
    expect(result.stdout.startsWith('stateDiagram-v2\n  [*] --> opening\n')).toBe(true);
    expect(result.stdout).toContain('opening --> askPayment : affirm');
    expect(result.stdout).toMatch(/askPayment --> settlement : (request_plan, deny|deny, request_plan)\n/);
    expect(result.stdout).toContain('askPayment --> plan : hardship & firstHardship');
    expect(result.stdout).toContain('promiseKept : promiseKept → PTP');
  });

  it('rejects an unknown flow', async () => {
    const result = await runDunbot(['flows', 'graph', 'nope']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DUN_ERR_FLOW_UNKNOWN');
  });
});

describe('dunbot calls', () => {
  it('says so when no call is recorded and when an id is unknown', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'dunbot-calls-')), 'calls.db');
    expect((await runDunbot(['calls', 'list', '--db', db])).stdout).toContain('no calls recorded');
    const missing = await runDunbot(['calls', 'show', 'nope', '--db', db]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('DUN_ERR_STORE_NOT_FOUND');
  });

  it('shows the provider and its call and stream ids of a voice call, and lists the provider', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'dunbot-calls-')), 'calls.db');
    const startedAtMs = Date.parse('2026-03-11T15:00:00Z');
    const store = SqliteCallStore.open(db);
    await store.startCall({ callId: 'voice-1', debtorId: 'D-1001', flow: 'early', locale: 'en-US', channel: 'voice', startedAtMs, provider: 'twilio', providerCallId: 'CA0f7a1c9e', providerStreamId: 'MZ18ad3ab5' });
    await store.startCall({ callId: 'vonage-1', debtorId: 'D-1002', flow: 'early', locale: 'en-US', channel: 'voice', startedAtMs: startedAtMs + 1, provider: 'vonage', providerStreamId: 'generated-1' });
    await store.startCall({ callId: 'text-1', debtorId: 'D-1003', flow: 'mid', locale: 'zh-CN', channel: 'text', startedAtMs: startedAtMs + 2 });
    await store.close();

    const voice = await runDunbot(['calls', 'show', 'voice-1', '--db', db]);
    expect(voice.code).toBe(0);
    expect(voice.stdout.split('\n')[2]).toBe('  provider twilio  call id CA0f7a1c9e  stream id MZ18ad3ab5');
    expect((await runDunbot(['calls', 'show', 'vonage-1', '--db', db])).stdout.split('\n')[2]).toBe('  provider vonage  stream id generated-1');
    const text = await runDunbot(['calls', 'show', 'text-1', '--db', db]);
    expect(text.stdout).not.toContain('provider');
    expect(text.stdout.split('\n')[2]).toMatch(/^  started /);
    expect(JSON.parse((await runDunbot(['calls', 'show', 'voice-1', '--json', '--db', db])).stdout)).toMatchObject({ provider: 'twilio', providerCallId: 'CA0f7a1c9e', providerStreamId: 'MZ18ad3ab5' });

    const listed = (await runDunbot(['calls', 'list', '--db', db])).stdout.trim().split('\n');
    expect(listed.map((line) => line.split(/ {2,}/)[4])).toEqual(['text', 'vonage', 'twilio']);
  });
});

describe('the dunbot executable', () => {
  it('runs from the built package, as `npx dunbot` does', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'dunbot-bin-')), 'calls.db');
    const result = spawnSync(process.execPath, [join(root, 'bin', 'dunbot.js'), 'chat', '--debtor', join(root, 'fixtures', 'debtors', 'en-US-mid.json'), '--now', '2026-03-11T15:00:00Z', '--script', join(root, 'fixtures', 'chat-scripts', 'en-US-mid-hardship-plan.txt'), '--json', '--db', db], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).disposition).toBe('HARDSHIP_PLAN');
  });

  it('prints usage and exits 2 for an unknown command', () => {
    const result = spawnSync(process.execPath, [join(root, 'bin', 'dunbot.js'), 'dance'], { encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown command');
  });
});
