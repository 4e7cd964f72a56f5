/** Log levels, most severe last. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const LEVEL_RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Structured fields of a log line; keys under `pii` hold debtor data and are redacted unless allowed. */
export type LogFields = Readonly<Record<string, unknown>> & { readonly pii?: Readonly<Record<string, unknown>> };

/**
 * A structured logger. Messages stay static ("call started"); debtor data (names, amounts,
 * digits, transcripts) goes only in `fields.pii`, which is redacted by default.
 */
export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` to every line. */
  child(fields: LogFields): Logger;
}

/** Where log lines go and what they show. */
export interface LoggerOptions {
  readonly level?: LogLevel;
  readonly write?: (line: string) => void;
  /** Show `pii` fields in clear; only for local debugging. */
  readonly showPii?: boolean;
}

function redact(pii: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(Object.keys(pii).map((key) => [key, '[redacted]']));
}

/** A logger writing one JSON object per line. */
export function createLogger(options: LoggerOptions = {}, bound: LogFields = {}): Logger {
  const minRank = LEVEL_RANK[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const log = (level: LogLevel, message: string, fields: LogFields = {}): void => {
    if (LEVEL_RANK[level] < minRank) return;
    const merged = { ...bound, ...fields };
    const pii = merged.pii;
    const line = {
      level,
      msg: message,
      ...merged,
      ...(pii !== undefined ? { pii: options.showPii === true ? pii : redact(pii) } : {}),
    };
    write(JSON.stringify(line));
  };
  return {
    debug: (message, fields) => log('debug', message, fields),
    info: (message, fields) => log('info', message, fields),
    warn: (message, fields) => log('warn', message, fields),
    error: (message, fields) => log('error', message, fields),
    child: (fields) => createLogger(options, { ...bound, ...fields }),
  };
}

/** A logger that drops everything, for tests and quiet commands. */
export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
