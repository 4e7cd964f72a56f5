/**
 * Why a fetch failed, in a few words for the record and the log: Node's fetch rejects with a bare
 * "fetch failed" TypeError and keeps the useful part (ECONNREFUSED, ENOTFOUND, a TLS error) in
 * `cause`.
 */
export function fetchFailureReason(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  if (typeof cause === 'object' && cause !== null) {
    const code = 'code' in cause && typeof cause.code === 'string' ? cause.code : undefined;
    const message = cause instanceof Error ? cause.message : undefined;
    if (code !== undefined) return code;
    if (message !== undefined && message !== '') return message;
  }
  return error instanceof Error ? error.message : String(error);
}
