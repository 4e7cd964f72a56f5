import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Fixture } from '../../src/replay/fixture.js';
import { htmlReport } from '../../src/replay/html-report.js';
import { replayCall, type ReplayResult } from '../../src/replay/replay-call.js';
import { recordCall } from './record-call.js';

/** Debian's Chromium, which CI installs when it is missing (see .ci/run). */
const CHROMIUM = 'chromium';
const HEADLESS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--hide-scrollbars'];

let dir: string;
let reportPath: string;
let passing: ReplayResult;
let failing: ReplayResult;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dunbot-report-'));
  const { fixture } = await recordCall(['yes speaking', 'i can pay two hundred dollars on friday', 'yes that is right']);
  passing = await replayCall(fixture);
  const changed: Fixture = { ...fixture, name: 'expects a refusal', expect: { disposition: 'REFUSED' } };
  failing = await replayCall(changed);
  reportPath = join(dir, 'report.html');
  writeFileSync(reportPath, htmlReport([{ result: passing, fixture }, { result: failing, fixture: changed, inspection: { score: 0, vetoed: true, findings: [{ ruleId: 'debt-detail-before-verification', kind: 'veto', passed: false, detail: 'bot.said disclosure.balance at 4.1 s' }] } }]));
}, 60_000);

describe('the HTML report of a replay run, as Chromium renders it', () => {
  it('is one self-contained file: no script, nothing fetched', () => {
    const html = readFileSync(reportPath, 'utf8');
    expect(html).not.toMatch(/<script|<link|src="http|url\(http/);
  });

  it('renders the totals, each call\'s verdict, failed expectations, timeline, latency and transcript', () => {
    const dom = execFileSync(CHROMIUM, [...HEADLESS, '--dump-dom', `file://${reportPath}`], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] });
    expect(dom).toContain('<span class="totals">1 of 2 passed</span>');
    expect(dom).toMatch(/<span class="pass">PASS<\/span> call-/);
    expect(dom).toContain('<span class="fail">FAIL</span> expects a refusal');
    expect(dom).toMatch(/<tr class="failed-expectation"><td>disposition<\/td><td>"REFUSED"<\/td><td>"PTP"<\/td>/);
    // The caller's three replies and the bot's lines on the timeline, in both calls.
    expect((dom.match(/<rect class="caller-speech"/g) ?? []).length).toBe(6);
    expect((dom.match(/<rect class="bot-audio"/g) ?? []).length).toBeGreaterThanOrEqual(6);
    expect((dom.match(/<tr class="debtor">/g) ?? []).length).toBe(6);
    expect(dom).toContain('i can pay two hundred dollars on friday</td><td>promise_to_pay');
    expect(dom).toContain('<tr class="qa-finding veto"><td>veto</td><td>debt-detail-before-verification</td>');
  });

  it('draws something a person can see: a screenshot that is not blank', () => {
    const screenshot = join(dir, 'report.png');
    execFileSync(CHROMIUM, [...HEADLESS, `--screenshot=${screenshot}`, '--window-size=1100,1400', `file://${reportPath}`], { timeout: 60_000, stdio: 'ignore' });
    const png = readFileSync(screenshot);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    // A blank page compresses to a few kilobytes; text, tables and the timeline do not.
    expect(statSync(screenshot).size).toBeGreaterThan(30_000);
  });
});
