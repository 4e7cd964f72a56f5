import type {} from 'vitest';
import type { ReplayResult } from '../replay/replay-call.js';
import type { CallRecord } from '../store/call-record.js';

/** A replay's or a scenario's result, or a call record as the store gives it. */
type CallUnderTest = ReplayResult | CallRecord;

interface MatcherResult {
  readonly pass: boolean;
  readonly message: () => string;
}

function recordOf(received: unknown): CallRecord {
  if (typeof received === 'object' && received !== null && 'record' in received && 'checks' in received) return (received as ReplayResult).record;
  if (typeof received === 'object' && received !== null && 'events' in received && 'callId' in received) return received as CallRecord;
  throw new TypeError('expected a replay or scenario result, or a call record');
}

function promptsSaid(record: CallRecord): string[] {
  return record.events.flatMap((event) => (event.type === 'bot.said' ? [event.prompt] : []));
}

/** Each turn's whole latency from the record's `turn.timing` entries. */
function turnTotals(record: CallRecord): number[] {
  return record.events.flatMap((event) => (event.type === 'turn.timing' ? [event.totalMs] : []));
}

/**
 * Matchers for calls under test: `expect.extend(dunbotMatchers)` once (e.g. in a setup file), then
 * `expect(result).toEndWith('PTP')`, `.toHaveFlag('attorney')`, `.toHaveSaid('promise.readback')`,
 * `.not.toHaveSaid('disclosure.debt')`, `.toHaveEscalatedFor('distress')`, `.toAnswerWithin(1500)`
 * and `.toMeetItsExpectations()`. Each takes a replay or scenario result or a call record.
 */
export const dunbotMatchers = {
  toEndWith(received: CallUnderTest, disposition: string): MatcherResult {
    const actual = recordOf(received).disposition;
    return { pass: actual === disposition, message: () => `expected the call to end ${disposition}, it ended ${actual ?? 'without a disposition'}` };
  },
  toHaveFlag(received: CallUnderTest, kind: string, detail?: string): MatcherResult {
    const flags = recordOf(received).outcome?.flags ?? [];
    const pass = flags.some((flag) => flag.kind === kind && (detail === undefined || flag.detail === detail));
    return { pass, message: () => `expected the flag ${kind}${detail !== undefined ? ` (${detail})` : ''}; the call raised ${flags.map((flag) => flag.kind + (flag.detail !== undefined ? ` (${flag.detail})` : '')).join(', ') || 'none'}` };
  },
  toHaveSaid(received: CallUnderTest, promptId: string): MatcherResult {
    const said = promptsSaid(recordOf(received));
    return { pass: said.includes(promptId), message: () => `expected the bot ${said.includes(promptId) ? 'not ' : ''}to say ${promptId}; it said ${said.join(', ')}` };
  },
  toHaveEscalatedFor(received: CallUnderTest, reason: string): MatcherResult {
    const actual = recordOf(received).outcome?.escalation?.reason;
    return { pass: actual === reason, message: () => `expected an escalation for ${reason}, got ${actual ?? 'none'}` };
  },
  toAnswerWithin(received: CallUnderTest, budgetMs: number): MatcherResult {
    const totals = turnTotals(recordOf(received));
    const over = totals.filter((total) => total > budgetMs);
    return { pass: totals.length > 0 && over.length === 0, message: () => (totals.length === 0 ? 'the record has no turn timings' : `expected every turn within ${budgetMs} ms; ${over.length} of ${totals.length} took longer (worst ${Math.max(...totals)} ms)`) };
  },
  toMeetItsExpectations(received: ReplayResult): MatcherResult {
    const failed = received.checks.filter((check) => !check.passed);
    return { pass: failed.length === 0, message: () => `expected every expectation to hold; ${failed.map((check) => `${check.name}: expected ${check.expected}, got ${check.actual}`).join('; ') || 'all did'}` };
  },
};

interface DunbotMatchers<R = unknown> {
  toEndWith(disposition: string): R;
  toHaveFlag(kind: string, detail?: string): R;
  toHaveSaid(promptId: string): R;
  toHaveEscalatedFor(reason: string): R;
  toAnswerWithin(budgetMs: number): R;
  toMeetItsExpectations(): R;
}

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface Assertion<T = any> extends DunbotMatchers<T> {}
}
