import { afterAll, describe, expect, it } from 'vitest';
import { formatInspection, inspectCall, loadQaRules, type CallInspection } from '../../src/qa/index.js';
import { defaultScriptsLibrary } from '../../src/scripts/index.js';
import { KNOWN_GAPS } from '../conversations/known-gaps.js';
import { holdConversation, shippedConversations } from './conversation-calls.js';

/**
 * The shipped conversation suite (test/conversations/) held again through the real runtime and
 * inspected with the shipped rules: a call the suite judges correctly handled must not be vetoed.
 * A veto here is either a product bug or a rule that judges lawful handling wrong; neither is
 * hidden by loosening the rule. Calls listed as known gaps are inspected but not held to it.
 */
const rules = loadQaRules();
const scripts = defaultScriptsLibrary();
const conversations = shippedConversations();
const inspected: { readonly name: string; readonly inspection: CallInspection }[] = [];

afterAll(() => {
  const vetoed = inspected.filter((entry) => entry.inspection.vetoed).length;
  const mean = inspected.reduce((sum, entry) => sum + entry.inspection.score, 0) / Math.max(1, inspected.length);
  const failed = new Map<string, number>();
  for (const { inspection } of inspected) for (const finding of inspection.findings) if (!finding.passed) failed.set(finding.ruleId, (failed.get(finding.ruleId) ?? 0) + 1);
  console.log(`quality inspection of the conversation suite: ${inspected.length} calls, ${vetoed} vetoed, mean score ${mean.toFixed(1)}; failed items: ${failed.size === 0 ? 'none' : [...failed].map(([rule, count]) => `${rule} ×${count}`).join(', ')}`);
});

describe('quality inspection of the shipped conversation suite', () => {
  it('has calls to inspect', () => {
    expect(conversations.length).toBeGreaterThan(100);
  });

  for (const conversation of conversations) {
    it(conversation.name, async () => {
      const record = await holdConversation(conversation);
      const inspection = inspectCall(record, rules, { scripts, debtor: conversation.debtor });
      inspected.push({ name: conversation.name, inspection });
      // The debtor was at hand: no rule was left out for want of the account.
      expect(inspection.notApplicable.filter((item) => item.detail.includes('no debtor record'))).toEqual([]);
      if (KNOWN_GAPS[conversation.name] !== undefined) return;
      expect(inspection.vetoed, formatInspection(inspection)).toBe(false);
    });
  }
});
