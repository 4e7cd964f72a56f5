/** What reading a response body up to a size limit gave. */
export type CappedBody = { readonly ok: true; readonly bytes: Buffer } | { readonly ok: false; readonly reason: 'too_large' };

/**
 * Reads a response body, but never more than `maxBytes` of it: a reply from a server we do not
 * control must not be able to fill memory. A larger body (by its Content-Length, or once the
 * bytes read pass the limit) is not read further and the stream is cancelled. Rejects when the
 * stream fails or the request's signal aborts while reading.
 */
export async function readCappedBody(response: Response, maxBytes: number): Promise<CappedBody> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    return { ok: false, reason: 'too_large' };
  }
  if (response.body === null) return { ok: true, bytes: Buffer.alloc(0) };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { ok: false, reason: 'too_large' };
    }
    chunks.push(value);
  }
  return { ok: true, bytes: Buffer.concat(chunks) };
}
