import type { ReplayResult } from './replay-call.js';

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[char] ?? char);
}

/**
 * A replay run as JUnit XML, the format CI systems read: one test suite, one test case per
 * fixture, a failure per case whose expectations did not all hold, listing each with its diff.
 */
export function junitReport(results: readonly ReplayResult[], suiteName = 'dunbot replay'): string {
  const failures = results.filter((result) => !result.passed).length;
  const seconds = (ms: number): string => (ms / 1000).toFixed(3);
  const cases = results.map((result) => {
    const open = `  <testcase classname="fixtures" name="${escapeXml(result.name)}" time="${seconds(result.wallMs)}">`;
    const failed = result.checks.filter((check) => !check.passed);
    const failure = failed.length === 0 ? '' : `\n    <failure message="${escapeXml(failed.map((check) => check.name).join(', '))} not met">${escapeXml(failed.map((check) => `${check.name}: expected ${check.expected}, got ${check.actual}${check.diff.length > 0 ? `\n  ${check.diff.join('\n  ')}` : ''}`).join('\n'))}</failure>`;
    const drift = result.drift.length === 0 ? '' : `\n    <system-out>${escapeXml(result.drift.map((entry) => `drift (${entry.provider}): ${entry.detail}`).join('\n'))}</system-out>`;
    return `${open}${failure}${drift}\n  </testcase>`;
  });
  const totalMs = results.reduce((sum, result) => sum + result.wallMs, 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="${escapeXml(suiteName)}" tests="${results.length}" failures="${failures}" errors="0" time="${seconds(totalMs)}">\n${cases.join('\n')}\n</testsuite>\n`;
}
