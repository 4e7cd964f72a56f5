import type { LogFields, Logger } from './logger.js';

/** Warnings and errors one connection may log before the rest are only counted. */
export const DEFAULT_MAX_LOG_LINES_PER_CONNECTION = 20;

/** A logger that stops writing after a budget of lines and can say how many it withheld. */
export interface RateLimitedLogger extends Logger {
  /** Lines withheld so far. */
  readonly suppressed: number;
  /** Writes one summary line of what was withheld (if anything); call once, when the connection ends. */
  summarize(): void;
}

/**
 * Wraps the logger of one connection so a hostile or broken peer cannot fill the log: the first
 * `maxLines` warnings and errors are written, the rest are counted, and `summarize()` writes one
 * line saying how many were withheld. Debug and info lines are not limited (a call writes a few of
 * them; a flood writes none). Children share the parent's budget.
 */
export function rateLimitLogger(logger: Logger, options: { readonly maxLines?: number; readonly onSuppressed?: () => void } = {}): RateLimitedLogger {
  const maxLines = options.maxLines ?? DEFAULT_MAX_LOG_LINES_PER_CONNECTION;
  const budget = { written: 0, suppressed: 0 };
  const limited = (target: Logger): RateLimitedLogger => {
    const write = (level: 'warn' | 'error', message: string, fields?: LogFields): void => {
      if (budget.written < maxLines) {
        budget.written += 1;
        target[level](message, fields);
        return;
      }
      budget.suppressed += 1;
      options.onSuppressed?.();
    };
    return {
      get suppressed() {
        return budget.suppressed;
      },
      debug: (message, fields) => target.debug(message, fields),
      info: (message, fields) => target.info(message, fields),
      warn: (message, fields) => write('warn', message, fields),
      error: (message, fields) => write('error', message, fields),
      child: (fields) => limited(target.child(fields)),
      summarize: () => {
        if (budget.suppressed > 0) target.warn('log lines withheld for this connection', { suppressed: budget.suppressed, limit: maxLines });
      },
    };
  };
  return limited(logger);
}
