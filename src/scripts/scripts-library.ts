import { DunbotError, isDunbotError } from '../errors.js';
import { LOCALES, type Locale } from '../domain/locale.js';
import type { PromptTemplate } from './prompt-template.js';
import { formatCountForSpeech, formatDateForSpeech, formatMoneyForSpeech, formatPhoneForSpeech } from './speech-format.js';

/** The kinds of value a prompt variable may hold; each decides how the value is spoken. */
export const VARIABLE_TYPES = ['text', 'phone', 'money', 'count', 'date'] as const;

/** One variable kind from scripts-library/variables.json. */
export type VariableType = (typeof VARIABLE_TYPES)[number];

/** One prompt of one locale, as loaded and checked. */
export interface ScriptPrompt {
  /** `<file>.<key>`, the same in every locale. */
  readonly id: string;
  readonly locale: Locale;
  /** The file it came from, relative to the library folder (`zh-CN/opening.json`). */
  readonly file: string;
  readonly key: string;
  readonly text: string;
  /** False for disclosures a barge-in must not cut off. */
  readonly interruptible: boolean;
  readonly template: PromptTemplate;
}

/** The values a prompt is rendered with: money and counts as numbers, dates as ISO strings. */
export type PromptVariables = Readonly<Record<string, string | number>>;

/** Settings that are the same for every variable of one render. */
export interface RenderOptions {
  /** ISO 4217 code that money variables are spoken in. */
  readonly currency: string;
}

/** A prompt ready for text-to-speech. */
export interface RenderedPrompt {
  readonly promptId: string;
  readonly locale: Locale;
  readonly text: string;
  readonly interruptible: boolean;
}

/** The loaded, checked prompts of every locale and the variable catalogue they draw on. */
export interface ScriptsLibrary {
  /** The locales every prompt exists in. */
  readonly locales: readonly Locale[];
  /** Every prompt id, sorted. */
  promptIds(): string[];
  /** True when the prompt exists in that locale. */
  has(locale: Locale, id: string): boolean;
  /** The variables the prompt uses in that locale, in order of first use. */
  variablesOf(locale: Locale, id: string): readonly string[];
  /** The catalogue type of a variable; throws DUN_ERR_SCRIPT_UNKNOWN_VARIABLE for an undeclared name. */
  variableType(name: string): VariableType;
  /** True when a barge-in may cut the prompt off. */
  isInterruptible(locale: Locale, id: string): boolean;
  /**
   * Fills a prompt's placeholders with spoken values, formatted by each variable's type; unused
   * values are ignored. Throws DUN_ERR_SCRIPT_MISSING_PROMPT, _MISSING_VARIABLE or _BAD_VARIABLE.
   * @example library.render('en-US', 'promise.readback', { amount: 200, date: '2026-03-20' }, { currency: 'USD' })
   */
  render(locale: Locale, id: string, vars: PromptVariables, options: RenderOptions): RenderedPrompt;
}

/** Speaks one value by its catalogue type, or throws DUN_ERR_SCRIPT_BAD_VARIABLE. */
function formatValue(type: VariableType, value: string | number, locale: Locale, currency: string): string {
  const wrongKind = (expected: string): never => {
    throw new DunbotError('DUN_ERR_SCRIPT_BAD_VARIABLE', `expected ${expected}, got a ${typeof value}`, { details: { kind: type } });
  };
  switch (type) {
    case 'money':
      return typeof value === 'number' ? formatMoneyForSpeech(value, currency, locale) : wrongKind('a number');
    case 'count':
      return typeof value === 'number' ? formatCountForSpeech(value, locale) : wrongKind('a number');
    case 'date':
      return typeof value === 'string' ? formatDateForSpeech(value, locale) : wrongKind('an ISO date string');
    case 'phone':
      return typeof value === 'string' ? formatPhoneForSpeech(value, locale) : wrongKind('a phone number string');
    case 'text': {
      const text = String(value).trim();
      return text !== '' ? text : wrongKind('non-empty text');
    }
  }
}

/**
 * Builds the library from prompts the loader has already checked (same ids in every locale, every
 * placeholder declared); use loadScriptsLibrary rather than calling this with unchecked data.
 */
export function createScriptsLibrary(
  variables: ReadonlyMap<string, VariableType>,
  prompts: ReadonlyMap<Locale, ReadonlyMap<string, ScriptPrompt>>,
): ScriptsLibrary {
  const ids = [...new Set([...prompts.values()].flatMap((byId) => [...byId.keys()]))].sort();

  const promptOf = (locale: Locale, id: string): ScriptPrompt => {
    const prompt = prompts.get(locale)?.get(id);
    if (prompt === undefined) {
      throw new DunbotError('DUN_ERR_SCRIPT_MISSING_PROMPT', `no prompt "${id}" in locale ${locale}`, { details: { locale, promptId: id } });
    }
    return prompt;
  };

  const variableType = (name: string): VariableType => {
    const type = variables.get(name);
    if (type === undefined) {
      throw new DunbotError('DUN_ERR_SCRIPT_UNKNOWN_VARIABLE', `variable "${name}" is not declared in variables.json`, { details: { variable: name } });
    }
    return type;
  };

  return {
    locales: LOCALES,
    promptIds: () => [...ids],
    has: (locale, id) => prompts.get(locale)?.has(id) ?? false,
    variablesOf: (locale, id) => promptOf(locale, id).template.variables,
    variableType,
    isInterruptible: (locale, id) => promptOf(locale, id).interruptible,
    render(locale, id, vars, options) {
      const prompt = promptOf(locale, id);
      let text = '';
      for (const segment of prompt.template.segments) {
        if (segment.kind === 'text') {
          text += segment.text;
          continue;
        }
        const name = segment.name;
        const value = Object.hasOwn(vars, name) ? vars[name] : undefined;
        if (value === undefined) {
          throw new DunbotError('DUN_ERR_SCRIPT_MISSING_VARIABLE', `prompt "${id}" (${locale}) needs a value for variable "${name}"`, {
            details: { promptId: id, locale, variable: name },
          });
        }
        try {
          text += formatValue(variableType(name), value, locale, options.currency);
        } catch (error) {
          if (!isDunbotError(error, 'DUN_ERR_SCRIPT_BAD_VARIABLE')) throw error;
          throw new DunbotError('DUN_ERR_SCRIPT_BAD_VARIABLE', `prompt "${id}" (${locale}), variable "${name}": ${error.message}`, {
            details: { promptId: id, locale, variable: name, ...error.details },
            cause: error,
          });
        }
      }
      return { promptId: id, locale, text, interruptible: prompt.interruptible };
    },
  };
}
