import type { z } from 'zod';
import type { CallFacts } from './call-facts.js';

/** Where in a record a finding points: the entry's index in `events`, its time, and the line or state it concerns. */
export interface FindingLocation {
  /** Index of the entry in the record's `events` (0 is `call.started`). */
  readonly entry: number;
  readonly atMs: number;
  /** Milliseconds from the start of the call. */
  readonly offsetMs: number;
  readonly prompt?: string;
  readonly state?: string;
}

/**
 * What one check made of one call: it did not apply (nothing in the call for it to judge, or the
 * record lacks what it needs, and the detail says which), or it applied and passed or failed.
 */
export type CheckResult =
  | { readonly applicable: false; readonly detail: string }
  | { readonly applicable: true; readonly passed: boolean; readonly detail: string; readonly at?: readonly FindingLocation[] };

/** A check whose parameters have been read: a pure function of the call's facts. */
export type CompiledCheck = (call: CallFacts) => CheckResult;

/** A problem with the `params` of a rule, with the path of the field inside `params`. */
export interface ParamsIssue {
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/** One entry of the check vocabulary: its name as rules write it, and how to read a rule's `params` for it. */
export interface QaCheckDefinition {
  readonly name: string;
  /** One line for `docs/qa-rules.md` and error messages. */
  readonly summary: string;
  compile(params: unknown): { readonly ok: true; readonly check: CompiledCheck } | { readonly ok: false; readonly issues: readonly ParamsIssue[] };
}

/**
 * Defines a check of the vocabulary: `params` (a zod schema that supplies every default) is read
 * once when the rules load, so a bad rule fails then, naming its field, never in the middle of an
 * inspection.
 */
export function defineCheck<S extends z.ZodType>(name: string, summary: string, params: S, run: (call: CallFacts, params: z.output<S>) => CheckResult): QaCheckDefinition {
  return {
    name,
    summary,
    compile(raw) {
      const parsed = params.safeParse(raw ?? {});
      if (!parsed.success) return { ok: false, issues: parsed.error.issues.map((issue) => ({ path: issue.path, message: issue.message })) };
      const read = parsed.data;
      return { ok: true, check: (call) => run(call, read) };
    },
  };
}

/** A result for a check that had nothing to judge. */
export function notApplicable(detail: string): CheckResult {
  return { applicable: false, detail };
}

/** A result for a check that judged the call. */
export function judged(passed: boolean, detail: string, at: readonly FindingLocation[] = []): CheckResult {
  return at.length > 0 ? { applicable: true, passed, detail, at } : { applicable: true, passed, detail };
}
