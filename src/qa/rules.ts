import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { DunbotError } from '../errors.js';
import { packageRoot } from '../util/package-root.js';
import type { CompiledCheck } from './check.js';
import { QA_CHECK_NAMES, qaCheckNamed } from './checks/index.js';

/** A veto item fails the call outright; a weighted item scores it. */
export const QA_RULE_KINDS = ['veto', 'weighted'] as const;
export type QaRuleKind = (typeof QA_RULE_KINDS)[number];

/** One rule as a rules file writes it. */
export interface QaRule {
  /** Stable id: what findings, metrics and overrides name it by. */
  readonly id: string;
  readonly kind: QaRuleKind;
  /** Weighted rules only: its share of the score, relative to the other weighted rules that apply. */
  readonly weight?: number;
  /** A name from the check vocabulary (`QA_CHECKS`). */
  readonly check: string;
  /** The check's parameters; whatever is left out takes the check's default. */
  readonly params?: Readonly<Record<string, unknown>>;
  readonly description: string;
  readonly descriptionZh?: string;
}

/** A rule whose parameters have been read, ready to inspect calls. */
export interface CompiledQaRule extends QaRule {
  readonly evaluate: CompiledCheck;
  /** The file the rule came from. */
  readonly source: string;
}

/** The rules an inspection applies, in order: the shipped ones, then a team's additions. */
export interface QaRuleSet {
  readonly rules: readonly CompiledQaRule[];
  /** The files read, in order. */
  readonly sources: readonly string[];
}

const ruleSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9_.-]*$/, 'lower case letters, digits, ".", "_" or "-", starting with a letter'),
    kind: z.enum(QA_RULE_KINDS),
    weight: z.number().positive().max(1000).optional(),
    check: z.enum(QA_CHECK_NAMES, { error: `one of ${QA_CHECK_NAMES.join(', ')}` }),
    params: z.record(z.string(), z.unknown()).optional(),
    description: z.string().trim().min(1),
    descriptionZh: z.string().trim().min(1).optional(),
  })
  .superRefine((rule, context) => {
    if (rule.kind === 'weighted' && rule.weight === undefined) context.addIssue({ code: 'custom', path: ['weight'], message: 'a weighted rule needs a positive weight' });
    if (rule.kind === 'veto' && rule.weight !== undefined) context.addIssue({ code: 'custom', path: ['weight'], message: 'a veto rule has no weight: it fails the call outright' });
  });

const fileSchema = z.strictObject({
  /** Free text for the people who keep the file. */
  $comment: z.string().optional(),
  /** Rules added, or replacing the rule of the same id. */
  rules: z.array(z.unknown()).default([]),
  /** Ids of rules to leave out. */
  disable: z.array(z.string().min(1)).default([]),
});

/** What one rules file says: its rules, read and compiled, and the ids it disables. */
export interface QaRulesFile {
  readonly source: string;
  readonly rules: readonly CompiledQaRule[];
  readonly disable: readonly string[];
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(root)' : path.map(String).join('.');
}

function invalid(source: string, problems: readonly string[]): DunbotError {
  return new DunbotError('DUN_ERR_QA_RULES_INVALID', `${source} is not a valid rules file: ${problems.join('; ')}`, { details: { source, problems } });
}

/**
 * Reads a parsed rules file: every rule is checked against the rules schema and its check's
 * parameters, and every problem is reported at once, each naming the rule and the field
 * (DUN_ERR_QA_RULES_INVALID).
 */
export function parseQaRulesFile(json: unknown, source: string): QaRulesFile {
  const file = fileSchema.safeParse(json);
  if (!file.success) throw invalid(source, file.error.issues.map((issue) => `${fieldPath(issue.path)}: ${issue.message}`));
  const problems: string[] = [];
  const rules: CompiledQaRule[] = [];
  const seen = new Set<string>();
  for (const [index, raw] of file.data.rules.entries()) {
    const rawId = typeof raw === 'object' && raw !== null && 'id' in raw && typeof raw.id === 'string' ? raw.id : undefined;
    const name = rawId !== undefined ? `rule "${rawId}" (rules[${index}])` : `rules[${index}]`;
    const parsed = ruleSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${name}: ${fieldPath(issue.path)}: ${issue.message}`);
      continue;
    }
    const rule = parsed.data;
    if (seen.has(rule.id)) problems.push(`${name}: id: "${rule.id}" is used by an earlier rule of this file`);
    seen.add(rule.id);
    const check = qaCheckNamed(rule.check);
    const compiled = check?.compile(rule.params);
    if (compiled === undefined || !compiled.ok) {
      for (const issue of compiled?.issues ?? []) problems.push(`${name}: ${fieldPath(['params', ...issue.path])}: ${issue.message}`);
      continue;
    }
    rules.push({ ...rule, evaluate: compiled.check, source });
  }
  if (problems.length > 0) throw invalid(source, problems);
  return { source, rules, disable: file.data.disable };
}

/** Reads and parses a rules file from disk. */
export function readQaRulesFile(path: string): QaRulesFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new DunbotError('DUN_ERR_QA_RULES_INVALID', `cannot read the rules file ${path}: ${error instanceof Error ? error.message : String(error)}`, { details: { source: path } });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw invalid(path, [`not JSON: ${error instanceof Error ? error.message : String(error)}`]);
  }
  return parseQaRulesFile(json, path);
}

/** The shipped rules file. */
export function defaultQaRulesPath(): string {
  return join(packageRoot(), 'qa-rules', 'default.json');
}

/**
 * Lays `overlay` over `base`: a rule with a new id is added, a rule with an id `base` has replaces
 * it in place (whole: a partial rule would leave which fields won unclear), and `disable` removes
 * rules by id. Disabling an id no rule has is an error, since it is most likely a typo that would
 * leave the rule on.
 */
export function mergeQaRules(base: QaRuleSet, overlay: QaRulesFile): QaRuleSet {
  const rules = [...base.rules];
  for (const rule of overlay.rules) {
    const index = rules.findIndex((existing) => existing.id === rule.id);
    if (index >= 0) rules[index] = rule;
    else rules.push(rule);
  }
  const unknown = overlay.disable.filter((id) => !rules.some((rule) => rule.id === id));
  if (unknown.length > 0) throw invalid(overlay.source, unknown.map((id) => `disable: no rule "${id}" to disable`));
  return { rules: rules.filter((rule) => !overlay.disable.includes(rule.id)), sources: [...base.sources, overlay.source] };
}

/** The shipped rules, and over them the file at `path` when one is given (`--rules`, `DUNBOT_QA_RULES`). */
export function loadQaRules(path?: string): QaRuleSet {
  const shipped = readQaRulesFile(defaultQaRulesPath());
  const base = mergeQaRules({ rules: [], sources: [] }, shipped);
  return path === undefined ? base : mergeQaRules(base, readQaRulesFile(path));
}
