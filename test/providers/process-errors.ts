/** Errors the process saw outside any handler while watching. */
export interface ProcessErrorWatch {
  readonly errors: unknown[];
  /** Waits one macrotask (unhandled rejections are reported after the microtasks), then stops watching. */
  stop(): Promise<readonly unknown[]>;
}

/**
 * Records uncaught exceptions and unhandled rejections, so a test can assert there were none:
 * a provider error that escapes ends a server process and every call on it.
 */
export function watchProcessErrors(): ProcessErrorWatch {
  const errors: unknown[] = [];
  const record = (error: unknown): void => {
    errors.push(error);
  };
  process.on('uncaughtException', record);
  process.on('unhandledRejection', record);
  return {
    errors,
    stop: async () => {
      await new Promise((resolve) => setImmediate(resolve));
      process.off('uncaughtException', record);
      process.off('unhandledRejection', record);
      return errors;
    },
  };
}
