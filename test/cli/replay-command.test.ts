import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Fixture } from '../../src/replay/fixture.js';
import { recordCall } from '../replay/record-call.js';
import { runDunbot } from './run-cli.js';

let dir: string;
let passing: Fixture;
/** A line the recorded call did say, for an expectation that it must not. */
let saidLine: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dunbot-replay-cli-'));
  passing = (await recordCall(['yes speaking', 'i can pay two hundred dollars on friday', 'yes that is right'])).fixture;
  saidLine = passing.expect.said?.at(-1) ?? '';
  mkdirSync(join(dir, 'suite'));
  writeFileSync(join(dir, 'suite', 'a-promise.json'), JSON.stringify({ ...passing, name: 'a promise' }));
  writeFileSync(join(dir, 'suite', 'b-wrong-expectation.json'), JSON.stringify({ ...passing, name: 'a wrong expectation', expect: { ...passing.expect, disposition: 'REFUSED', notSaid: [saidLine] } }));
}, 60_000);

describe('dunbot replay', () => {
  it('replays one fixture, says it passed and how fast, and exits 0', async () => {
    const path = join(dir, 'suite', 'a-promise.json');
    const { code, stdout } = await runDunbot(['replay', path]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^PASS a promise {2}\(\d+\.\d s of call in \d+ ms, \d+× real time; PTP; QA 100\/100\)$/m);
    expect(stdout).toContain('1 of 1 fixtures passed');
  });

  it('replays a folder with progress, shows each failed expectation with what differs, writes JUnit, and exits 1', async () => {
    const junit = join(dir, 'replay.xml');
    const { code, stdout, stderr } = await runDunbot(['replay', join(dir, 'suite'), '--junit', junit]);
    expect(code).toBe(1);
    expect(stderr).toContain('[#.] 1/2 a promise');
    expect(stderr).toContain('[##] 2/2 a wrong expectation');
    expect(stdout).toContain('FAIL a wrong expectation');
    expect(stdout).toContain('  ✗ disposition\n      expected: "REFUSED"\n      actual:   "PTP"');
    expect(stdout).toContain(`  ✗ notSaid\n      expected: none of ${saidLine}\n      actual:   ${saidLine}\n      - said ${saidLine}`);
    expect(stdout).toContain('1 of 2 fixtures passed');
    const xml = readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuite name="dunbot replay" tests="2" failures="1" errors="0"');
    expect(xml).toContain('<testcase classname="fixtures" name="a promise"');
    expect(xml).toMatch(/<failure message="disposition, notSaid not met">disposition: expected &quot;REFUSED&quot;, got &quot;PTP&quot;/);
  });

  it('holds the text scenarios of a folder as it replays fixtures', async () => {
    const { code, stdout } = await runDunbot(['replay', join(import.meta.dirname, '..', '..', 'fixtures', 'scenarios')]);
    expect(code).toBe(0);
    expect(stdout).toContain('PASS zh-CN early: the debtor confirms');
    expect(stdout).toContain('PASS en-US mid: the debtor names an attorney');
    expect(stdout).toContain('3 of 3 fixtures passed');
  });

  it('prints JSON for machines', async () => {
    const { code, stdout } = await runDunbot(['replay', join(dir, 'suite', 'a-promise.json'), '--json']);
    expect(code).toBe(0);
    const [result] = JSON.parse(stdout) as { name: string; passed: boolean; disposition: string; checks: unknown[]; drift: unknown[] }[];
    expect(result).toMatchObject({ name: 'a promise', passed: true, disposition: 'PTP', drift: [] });
  });

  it('refuses bad input before replaying anything: a broken fixture, an unknown option value, no fixture', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ ...passing, caller: { events: [{ atMs: 500, event: 'stop' }, { atMs: 100, event: 'dtmf', digit: '12' }] } }));
    const bad = await runDunbot(['replay', broken]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('DUN_ERR_FIXTURE_INVALID');
    expect(bad.stderr).toContain('caller.events.1.digit: expected one DTMF digit');
    expect(bad.stderr).toContain('caller.events.1.atMs: goes back in time (100 after 500)');
    const future = join(dir, 'future.json');
    writeFileSync(future, JSON.stringify({ ...passing, dunbotFixture: 2 }));
    expect((await runDunbot(['replay', future])).stderr).toContain('is fixture format version 2; this dunbot reads version 1');
    expect((await runDunbot(['replay', broken.replace('.json', '-missing.json')])).code).toBe(2);
    expect((await runDunbot(['replay', join(dir, 'suite'), '--speed', 'ludicrous'])).stderr).toContain('--speed must be max or realtime');
    expect((await runDunbot(['replay'])).code).toBe(2);
  });
});
