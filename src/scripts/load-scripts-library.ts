import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { findProhibitedPhrases } from '../compliance/index.js';
import { DunbotError, type ErrorCode } from '../errors.js';
import { isLocale, LOCALES, type Locale } from '../domain/locale.js';
import { packageRoot } from '../util/package-root.js';
import { parsePromptTemplate } from './prompt-template.js';
import { createScriptsLibrary, VARIABLE_TYPES, type ScriptPrompt, type ScriptsLibrary, type VariableType } from './scripts-library.js';

/** File stems and keys become the two halves of a prompt id, so neither may hold a dot. */
const PROMPT_NAME = /^[a-z][a-z0-9_]*$/;
const VARIABLE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const VARIABLES_FILE = 'variables.json';

const VariablesFileSchema = z.record(z.string().regex(VARIABLE_NAME, 'not a variable name'), z.enum(VARIABLE_TYPES));

const PromptEntrySchema = z.union([
  z.string().min(1),
  z.strictObject({ text: z.string().min(1), interruptible: z.boolean().default(true) }),
], { error: 'expected non-empty text or { "text": string, "interruptible": boolean }' });

const PromptFileSchema = z
  .record(z.string().regex(PROMPT_NAME, 'a key must be lower_snake_case'), PromptEntrySchema)
  .refine((prompts) => Object.keys(prompts).length > 0, 'a prompt file must hold at least one prompt');

/** Builds a library error whose message and details name the file and, when known, the key. */
function libraryError(code: ErrorCode, file: string, key: string | undefined, problem: string, extra: Record<string, unknown> = {}): DunbotError {
  const where = key === undefined ? file : `${file}, key "${key}"`;
  return new DunbotError(code, `scripts library ${where}: ${problem}`, { details: { file, key, ...extra } });
}

/** Reads and schema-checks one JSON file, throwing DUN_ERR_SCRIPT_PARSE with the first bad key. */
function readJsonFile<T>(dir: string, file: string, schema: z.ZodType<T>): T {
  let raw: unknown;
  try {
    // A BOM is what some editors save; JSON.parse rejects it.
    raw = JSON.parse(readFileSync(join(dir, file), 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    throw libraryError('DUN_ERR_SCRIPT_PARSE', file, undefined, `not readable JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = issue?.path[0] === undefined ? undefined : String(issue.path[0]);
  const problems = result.error.issues.map((each) => `${each.path.join('.') || '(root)'}: ${each.message}`);
  throw libraryError('DUN_ERR_SCRIPT_PARSE', file, key, `unexpected shape: ${problems.join('; ')}`, { problems });
}

/** Loads the variable catalogue: name → type. */
function loadVariables(dir: string): ReadonlyMap<string, VariableType> {
  return new Map(Object.entries(readJsonFile(dir, VARIABLES_FILE, VariablesFileSchema)));
}

/** Loads and checks every prompt file of one locale; a missing folder yields no prompts. */
function loadLocale(dir: string, locale: Locale, variables: ReadonlyMap<string, VariableType>): Map<string, ScriptPrompt> {
  const prompts = new Map<string, ScriptPrompt>();
  if (!existsSync(join(dir, locale))) return prompts;
  const fileNames = readdirSync(join(dir, locale)).filter((name) => name.endsWith('.json')).sort();
  for (const fileName of fileNames) {
    const file = `${locale}/${fileName}`;
    const stem = fileName.slice(0, -'.json'.length);
    if (!PROMPT_NAME.test(stem)) throw libraryError('DUN_ERR_SCRIPT_PARSE', file, undefined, 'a file name must be lower_snake_case.json');
    const entries = readJsonFile(dir, file, PromptFileSchema);
    for (const [key, entry] of Object.entries(entries)) {
      const text = typeof entry === 'string' ? entry : entry.text;
      const parsed = parsePromptTemplate(text);
      if (!parsed.ok) throw libraryError('DUN_ERR_SCRIPT_PARSE', file, key, parsed.error);
      for (const name of parsed.template.variables) {
        if (!variables.has(name)) {
          throw libraryError('DUN_ERR_SCRIPT_UNKNOWN_VARIABLE', file, key, `placeholder {${name}} is not declared in ${VARIABLES_FILE}`, { variable: name });
        }
      }
      const finding = findProhibitedPhrases(text, locale)[0];
      if (finding !== undefined) {
        throw libraryError('DUN_ERR_SCRIPT_PROHIBITED', file, key, `prohibited phrase "${finding.match}" (rule ${finding.ruleId}, ${finding.category})`, {
          ruleId: finding.ruleId,
          category: finding.category,
        });
      }
      const id = `${stem}.${key}`;
      prompts.set(id, {
        id,
        locale,
        file,
        key,
        text,
        interruptible: typeof entry === 'string' ? true : entry.interruptible,
        template: parsed.template,
      });
    }
  }
  return prompts;
}

/** Throws DUN_ERR_SCRIPT_PARSE for a folder that is not a supported locale (a typo such as zh-cn). */
function checkLocaleFolders(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && !isLocale(entry.name)) {
      throw libraryError('DUN_ERR_SCRIPT_PARSE', `${entry.name}/`, undefined, `not a supported locale (${LOCALES.join(', ')})`);
    }
  }
}

/** Throws DUN_ERR_SCRIPT_MISSING_PROMPT naming the locale file that lacks a prompt another locale has. */
function checkSameIds(prompts: ReadonlyMap<Locale, ReadonlyMap<string, ScriptPrompt>>): void {
  const all = [...new Set([...prompts.values()].flatMap((byId) => [...byId.keys()]))].sort();
  for (const id of all) {
    const present = LOCALES.filter((locale) => prompts.get(locale)?.has(id) ?? false);
    for (const locale of LOCALES) {
      if (present.includes(locale)) continue;
      const [stem = '', key = ''] = id.split('.');
      throw libraryError('DUN_ERR_SCRIPT_MISSING_PROMPT', `${locale}/${stem}.json`, key, `prompt "${id}" is missing; it exists in ${present.join(', ')}`, {
        locale,
        promptId: id,
      });
    }
  }
}

/** The shipped library folder, found from the package root so it works from src/ and dist/. */
export function defaultScriptsLibraryDir(): string {
  return join(packageRoot(), 'scripts-library');
}

/**
 * Reads and checks a scripts library synchronously: every file is parsed with a schema, every
 * placeholder must be declared, every prompt must exist in every locale and none may contain a
 * prohibited phrase. Throws a DunbotError (DUN_ERR_SCRIPT_*) whose details name `file` and `key`.
 * @example const library = loadScriptsLibrary(); library.render('zh-CN', 'closing.goodbye', {}, { currency: 'CNY' });
 */
export function loadScriptsLibrary(dir: string = defaultScriptsLibraryDir()): ScriptsLibrary {
  if (!existsSync(dir)) throw libraryError('DUN_ERR_SCRIPT_PARSE', dir, undefined, 'the scripts library folder does not exist');
  const variables = loadVariables(dir);
  checkLocaleFolders(dir);
  const prompts = new Map(LOCALES.map((locale) => [locale, loadLocale(dir, locale, variables)] as const));
  checkSameIds(prompts);
  return createScriptsLibrary(variables, prompts);
}

const cache = new Map<string, ScriptsLibrary>();

/** The library in `dir` (default: the shipped one), loaded on first use and then cached per folder. */
export function defaultScriptsLibrary(dir: string = defaultScriptsLibraryDir()): ScriptsLibrary {
  const key = resolve(dir);
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const library = loadScriptsLibrary(key);
  cache.set(key, library);
  return library;
}
