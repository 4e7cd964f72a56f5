import { isDeepStrictEqual } from 'node:util';
import type { CallRecord } from '../store/call-record.js';
import type { Expectations } from './fixture.js';
import { proposedExpectations } from './call-capture.js';

/** One expectation of a fixture, checked against the replayed call. */
export interface ExpectationCheck {
  /** The expectation's field (`disposition`, `states`, `latency.turnMs`…). */
  readonly name: string;
  readonly passed: boolean;
  /** What the fixture expects and what the replay did, as a person reads them. */
  readonly expected: string;
  readonly actual: string;
  /** For lists: what is missing, unexpected or out of order; for the rest, empty. */
  readonly diff: readonly string[];
}

const show = (value: unknown): string => (value === undefined ? '(none)' : JSON.stringify(value));

function exact(name: string, expected: unknown, actual: unknown): ExpectationCheck {
  return { name, passed: isDeepStrictEqual(expected, actual), expected: show(expected), actual: show(actual), diff: [] };
}

/** `expected` must appear in `actual` in the same order, not necessarily next to each other. */
function orderedSubset(name: string, expected: readonly string[], actual: readonly string[]): ExpectationCheck {
  const diff: string[] = [];
  let from = 0;
  for (const item of expected) {
    const at = actual.indexOf(item, from);
    if (at >= 0) {
      from = at + 1;
      continue;
    }
    diff.push(actual.includes(item) ? `"${item}" came earlier than expected` : `"${item}" never happened`);
  }
  return { name, passed: diff.length === 0, expected: expected.join(' → '), actual: actual.join(' → '), diff };
}

/** Each intent in turn; null in the fixture takes any intent. */
function intentsMatch(expected: readonly (string | null)[], actual: readonly (string | null)[]): ExpectationCheck {
  const diff: string[] = [];
  const turns = Math.max(expected.length, actual.length);
  for (let turn = 0; turn < turns; turn += 1) {
    const want = expected[turn];
    const got = actual[turn];
    if (want === null) continue;
    if (want === undefined) diff.push(`turn ${turn + 1}: an extra turn read as ${show(got)}`);
    else if (got === undefined) diff.push(`turn ${turn + 1}: expected ${want}, but the call had no such turn`);
    else if (want !== got) diff.push(`turn ${turn + 1}: expected ${want}, read as ${got}`);
  }
  return { name: 'intents', passed: diff.length === 0, expected: expected.map((intent) => intent ?? '*').join(', '), actual: actual.join(', '), diff };
}

/** The per-turn timings the record keeps (`turn.timing`), each stage by its name (`recognitionMs`…). */
interface TurnTiming {
  readonly totalMs: number;
  readonly stages: Readonly<Record<string, number>>;
}

function turnTimings(record: CallRecord): TurnTiming[] {
  return record.events.flatMap((event) => (event.type === 'turn.timing' ? [{ totalMs: event.totalMs, stages: event.stages }] : []));
}

function latencyChecks(budget: NonNullable<Expectations['latency']>, record: CallRecord): ExpectationCheck[] {
  const timings = turnTimings(record);
  const checks: ExpectationCheck[] = [];
  if (budget.turnMs !== undefined) {
    const over = timings.flatMap((timing, index) => (timing.totalMs > (budget.turnMs ?? Infinity) ? [`turn ${index + 1}: ${timing.totalMs} ms`] : []));
    const worst = timings.reduce((max, timing) => Math.max(max, timing.totalMs), 0);
    checks.push({ name: 'latency.turnMs', passed: timings.length > 0 && over.length === 0, expected: `every turn ≤ ${budget.turnMs} ms`, actual: timings.length === 0 ? 'no turn timings recorded' : `worst ${worst} ms over ${timings.length} turns`, diff: over });
  }
  for (const [stage, limitMs] of Object.entries(budget.stages ?? {})) {
    const over = timings.flatMap((timing, index) => ((timing.stages[stage] ?? 0) > limitMs ? [`turn ${index + 1}: ${timing.stages[stage]} ms`] : []));
    checks.push({ name: `latency.stages.${stage}`, passed: timings.length > 0 && over.length === 0, expected: `${stage} ≤ ${limitMs} ms`, actual: timings.length === 0 ? 'no turn timings recorded' : `${over.length} of ${timings.length} turns over`, diff: over });
  }
  return checks;
}

/**
 * Checks a replayed call's record against what its fixture expects, one check per expectation
 * the fixture has, in a fixed order.
 */
export function checkExpectations(expectations: Expectations, record: CallRecord): ExpectationCheck[] {
  const actual = proposedExpectations(record);
  const checks: ExpectationCheck[] = [];
  if (expectations.disposition !== undefined) checks.push(exact('disposition', expectations.disposition, actual.disposition));
  if (expectations.promise !== undefined) {
    const promise = actual.promise ?? null;
    // A fixture may leave out the kind and instalments; only what it names is compared.
    const compared = promise === null || expectations.promise === null ? promise : Object.fromEntries(Object.keys(expectations.promise).map((key) => [key, (promise as Record<string, unknown>)[key]]));
    checks.push(exact('promise', expectations.promise, compared));
  }
  if (expectations.flags !== undefined) {
    const sortFlags = (flags: readonly { kind: string; detail?: string }[]) => [...flags].map((flag) => JSON.stringify(flag)).sort();
    checks.push(exact('flags', sortFlags(expectations.flags), sortFlags(actual.flags ?? [])));
  }
  if (expectations.escalationReason !== undefined) checks.push(exact('escalationReason', expectations.escalationReason, actual.escalationReason));
  if (expectations.handoffState !== undefined) checks.push(exact('handoffState', expectations.handoffState, actual.handoffState));
  if (expectations.states !== undefined) checks.push(orderedSubset('states', expectations.states, actual.states ?? []));
  if (expectations.intents !== undefined) checks.push(intentsMatch(expectations.intents, actual.intents ?? []));
  if (expectations.said !== undefined) {
    const said = actual.said ?? [];
    const missing = expectations.said.filter((prompt) => !said.includes(prompt));
    checks.push({ name: 'said', passed: missing.length === 0, expected: expectations.said.join(', '), actual: said.join(', '), diff: missing.map((prompt) => `never said ${prompt}`) });
  }
  if (expectations.notSaid !== undefined) {
    const said = actual.said ?? [];
    const present = expectations.notSaid.filter((prompt) => said.includes(prompt));
    checks.push({ name: 'notSaid', passed: present.length === 0, expected: `none of ${expectations.notSaid.join(', ')}`, actual: present.length === 0 ? 'none said' : present.join(', '), diff: present.map((prompt) => `said ${prompt}`) });
  }
  if (expectations.latency !== undefined) checks.push(...latencyChecks(expectations.latency, record));
  return checks;
}
