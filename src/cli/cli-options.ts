import { readFileSync } from 'node:fs';
import { parseDebtor, type Debtor } from '../domain/debtor.js';
import { isLocale, LOCALES, type Locale } from '../domain/locale.js';
import { DunbotError } from '../errors.js';

/**
 * Runs node's strict `parseArgs` so that an unknown option or a missing value becomes a
 * DUN_ERR_CONFIG_INVALID error with node's own explanation.
 */
export function strictArgs<R>(parse: () => R): R {
  try {
    return parse();
  } catch (error) {
    throw new DunbotError('DUN_ERR_CONFIG_INVALID', error instanceof Error ? error.message : String(error));
  }
}

/** A --locale value, checked. */
export function parseLocaleOption(value: string | undefined, fallback?: Locale): Locale {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw new DunbotError('DUN_ERR_CONFIG_INVALID', `--locale is required (one of ${LOCALES.join(', ')})`);
  }
  if (!isLocale(value)) throw new DunbotError('DUN_ERR_CONFIG_INVALID', `--locale must be one of ${LOCALES.join(', ')}, got "${value}"`);
  return value;
}

/** A --now value (an ISO 8601 instant), checked. */
export function parseNowOption(value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new DunbotError('DUN_ERR_CONFIG_INVALID', `--now must be an ISO 8601 date-time, got "${value}"`);
  return date;
}

/** Reads and validates a debtor JSON file. */
export function readDebtorFile(path: string): Debtor {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new DunbotError('DUN_ERR_DEBTOR_NOT_FOUND', `cannot read debtor file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DunbotError('DUN_ERR_DEBTOR_INVALID', `debtor file ${path} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseDebtor(json, `debtor file ${path}`);
}

/** The call database path: --db, else DUNBOT_DB, else .dunbot/calls.db in the working directory. */
export function resolveDbPath(option: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  return option ?? env['DUNBOT_DB'] ?? '.dunbot/calls.db';
}
