/**
 * What an aborted hand-off signal means: the ring timeout (an abort with a TimeoutError, or the
 * reason 'no_answer') is `no_answer`; anything else, such as the caller hanging up, is `cancelled`.
 * The runtime ignores a result that comes after an abort; this keeps what adapters log and return
 * honest about why they stopped.
 */
export function abortOutcome(signal: AbortSignal): 'no_answer' | 'cancelled' {
  const reason: unknown = signal.reason;
  const timedOut = reason === 'no_answer' || (typeof reason === 'object' && reason !== null && 'name' in reason && reason.name === 'TimeoutError');
  return timedOut ? 'no_answer' : 'cancelled';
}
