import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { SqliteCallStore } from '../../src/store/index.js';
import { runDunbot } from '../cli/run-cli.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures');
const debtor = (name: string): string => join(FIXTURES, 'debtors', `${name}.json`);
const script = (name: string): string => join(FIXTURES, 'chat-scripts', `${name}.txt`);

interface Held {
  readonly db: string;
  /** An en-US promise at 11:00 in New York. */
  readonly morning: string;
  /** A zh-CN dispute at 10:00 in Shanghai. */
  readonly dispute: string;
  /** A zh-CN promise at 23:30 in Shanghai: outside the call window. */
  readonly night: string;
}

let held: Held;

/** Holds a real text call with `dunbot chat` into `db` and returns its record id. */
async function chat(db: string, args: readonly string[]): Promise<string> {
  const result = await runDunbot(['chat', ...args, '--json', '--db', db]);
  if (result.code !== 0) throw new Error(`chat failed: ${result.stderr}`);
  return (JSON.parse(result.stdout) as { recordId: string }).recordId;
}

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'dunbot-qa-'));
}

beforeAll(async () => {
  const db = join(tempDir(), 'calls.db');
  const morning = await chat(db, ['--debtor', debtor('en-US-early'), '--now', '2026-03-11T15:00:00Z', '--script', script('en-US-early-promise')]);
  const dispute = await chat(db, ['--debtor', debtor('zh-CN-mid'), '--now', '2026-03-11T02:00:00Z', '--script', script('zh-CN-mid-dispute')]);
  const night = await chat(db, ['--debtor', debtor('zh-CN-early'), '--now', '2026-03-11T23:30:00+08:00', '--script', script('zh-CN-early-promise')]);
  held = { db, morning, dispute, night };
}, 60_000);

interface JsonReport {
  readonly inspections: readonly { readonly callId: string; readonly score: number; readonly vetoed: boolean; readonly findings: readonly { readonly ruleId: string; readonly passed: boolean; readonly detail: string }[] }[];
  readonly summary: { readonly calls: number; readonly passed: number; readonly vetoed: number; readonly meanScore?: number; readonly skipped: readonly { readonly callId: string; readonly reason: string }[] };
}

describe('dunbot qa', () => {
  it('inspects one call by id: a lawful promise scores 100, exit 0', async () => {
    const result = await runDunbot(['qa', held.morning, '--db', held.db]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`call ${held.morning}  debtor D-1001  flow early  en-US  PTP`);
    expect(result.stdout).toContain('passed  score 100/100  (9 of 9 items passed)');
    expect(result.stdout).toContain('not applicable: score.intent_handling, score.hardship_empathy');
    expect(result.stdout.trim().split('\n').at(-1)).toBe('1 call(s) inspected: 1 passed, 0 vetoed; mean score 100');
  });

  it('inspects every call with --all and exits 1 when one is vetoed, naming the veto and where', async () => {
    const result = await runDunbot(['qa', '--all', '--db', held.db]);
    expect(result.code).toBe(1);
    const night = result.stdout.split('\n\n').find((block) => block.includes(held.night)) ?? '';
    expect(night).toContain('VETOED  score 0/100');
    expect(night).toMatch(/✗ veto veto\.call_window: outside 08:00–22:00 Asia\/Shanghai: started at 23:30:00, ended at 23:30:00/);
    expect(result.stdout.trim().split('\n').at(-1)).toBe('3 call(s) inspected: 2 passed, 1 vetoed; mean score 66.7');
  });

  it('prints the inspections as JSON with --json', async () => {
    const result = await runDunbot(['qa', '--all', '--json', '--db', held.db]);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.inspections.map((inspection) => inspection.callId)).toEqual([held.dispute, held.morning, held.night]);
    expect(report.inspections.map((inspection) => [inspection.score, inspection.vetoed])).toEqual([[100, false], [100, false], [0, true]]);
    const dispute = report.inspections[0];
    expect(dispute?.findings.find((finding) => finding.ruleId === 'score.intent_handling')).toMatchObject({ passed: true, detail: expect.stringMatching(/^dispute at entry \d+ \(\+0 ms\): handled as expected$/) });
    expect(report.summary).toEqual({ calls: 3, passed: 2, vetoed: 1, meanScore: 66.7, skipped: [] });
  });

  it('inspects the calls started since an instant', async () => {
    const result = await runDunbot(['qa', '--since', '2026-03-11T10:00:00Z', '--json', '--db', held.db]);
    expect((JSON.parse(result.stdout) as JsonReport).inspections.map((inspection) => inspection.callId)).toEqual([held.morning, held.night]);
    const none = await runDunbot(['qa', '--since', '2026-03-12T00:00:00+08:00', '--db', held.db]);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('0 call(s) inspected: 0 passed, 0 vetoed');
  });

  it('inspects a folder of records exported with `dunbot calls show --json`, as it inspects the store', async () => {
    const dir = tempDir();
    for (const id of [held.morning, held.dispute, held.night]) {
      writeFileSync(join(dir, `${id}.json`), (await runDunbot(['calls', 'show', id, '--json', '--db', held.db])).stdout);
    }
    const fromFiles = JSON.parse((await runDunbot(['qa', dir, '--json'])).stdout) as JsonReport;
    const fromStore = JSON.parse((await runDunbot(['qa', '--all', '--json', '--db', held.db])).stdout) as JsonReport;
    const byId = (report: JsonReport) => Object.fromEntries(report.inspections.map((inspection) => [inspection.callId, inspection]));
    expect(byId(fromFiles)).toEqual(byId(fromStore));
    expect((await runDunbot(['qa', dir])).code).toBe(1);
    expect((await runDunbot(['qa', join(dir, `${held.morning}.json`)])).code).toBe(0);
  });

  it('lays a rules file over the shipped rules, from --rules or DUNBOT_QA_RULES', async () => {
    const rules = join(tempDir(), 'night-shift.json');
    writeFileSync(rules, JSON.stringify({
      rules: [{ id: 'veto.call_window', kind: 'veto', check: 'call_window', params: { windows: { 'zh-CN': { from: '08:00', to: '23:59' } } }, description: 'a night shift allowed by the team' }],
    }));
    expect((await runDunbot(['qa', '--all', '--rules', rules, '--db', held.db])).code).toBe(0);
    expect((await runDunbot(['qa', '--all', '--db', held.db], '', { DUNBOT_QA_RULES: rules })).code).toBe(0);
    const disabled = join(tempDir(), 'disabled.json');
    writeFileSync(disabled, JSON.stringify({ disable: ['veto.call_window'] }));
    const result = await runDunbot(['qa', held.night, '--rules', disabled, '--db', held.db]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('call_window');
  });

  it('skips a call that has not ended', async () => {
    const db = join(tempDir(), 'open.db');
    const store = SqliteCallStore.open(db);
    await store.startCall({ callId: 'still-talking', debtorId: 'D-1001', flow: 'early', locale: 'en-US', channel: 'text', startedAtMs: Date.parse('2026-03-11T15:00:00Z') });
    await store.close();
    const result = await runDunbot(['qa', '--all', '--db', db]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('0 call(s) inspected: 0 passed, 0 vetoed\nnot inspected: still-talking: the call has not ended');
  });

  it('exits 2 on bad input, naming the problem with its code', async () => {
    const cases: [readonly string[], string][] = [
      [['qa'], 'DUN_ERR_CONFIG_INVALID: name exactly one of a call id, a folder, --since or --all'],
      [['qa', held.morning, '--all', '--db', held.db], 'DUN_ERR_CONFIG_INVALID: name exactly one'],
      [['qa', 'no-such-call', '--db', held.db], 'DUN_ERR_STORE_NOT_FOUND: no call with id no-such-call'],
      [['qa', '--all', '--db', join(tempDir(), 'missing.db')], 'DUN_ERR_CONFIG_INVALID: no call store at'],
      [['qa', '--since', 'yesterday', '--db', held.db], 'DUN_ERR_CONFIG_INVALID: --since must be an ISO 8601 date-time'],
      [['qa', '--all', '--rules', join(tempDir(), 'none.json'), '--db', held.db], 'DUN_ERR_QA_RULES_INVALID: cannot read the rules file'],
      [['qa', '--all', '--debtors', join(tempDir(), 'nobody'), '--db', held.db], 'DUN_ERR_CONFIG_INVALID: no debtor folder'],
      [['qa', '--all', '--verbose'], 'DUN_ERR_CONFIG_INVALID'],
    ];
    for (const [args, message] of cases) {
      const result = await runDunbot(args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toContain(`dunbot qa: ${message}`);
    }
    const badRules = join(tempDir(), 'bad.json');
    writeFileSync(badRules, JSON.stringify({ rules: [{ id: 'team.x', kind: 'weighted', check: 'amounts', description: 'no weight' }] }));
    expect((await runDunbot(['qa', '--all', '--rules', badRules, '--db', held.db])).stderr).toContain('rule "team.x" (rules[0]): weight: a weighted rule needs a positive weight');
    const records = tempDir();
    mkdirSync(join(records, 'sub'));
    writeFileSync(join(records, 'broken.json'), JSON.stringify({ callId: 'x', events: 'none' }));
    const broken = await runDunbot(['qa', records]);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toMatch(/DUN_ERR_QA_RECORD_INVALID: .*broken\.json is not a call record: debtorId: /);
    expect((await runDunbot(['qa', records, '--db', held.db])).stderr).toContain('--db has no use with records read from files');
  });
});
