import fc from 'fast-check';

/** Keys, mostly real ones, and strings that are not one key. */
export const dtmfDigit: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom('0', '1', '2', '5', '9', '*', '#', 'A', 'd'), weight: 6 },
  { arbitrary: fc.constantFrom('', 'E', '55', '١', '\u0000', ' 1', '10'), weight: 1 },
);

/** Mark names: the ones dunbot sends (so acknowledgements may come early or twice) and others. */
export const markName: fc.Arbitrary<string> = fc.oneof(fc.constantFrom('utt-1', 'utt-2', 'utt-3', 'utt-10'), fc.string({ maxLength: 20 }));

/** The JSON object of a message from the server, or undefined for binary or anything else. */
export function jsonMessage(data: Buffer, isBinary: boolean): Readonly<Record<string, unknown>> | undefined {
  if (isBinary) return undefined;
  try {
    const value: unknown = JSON.parse(data.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : undefined;
  } catch {
    return undefined;
  }
}

/** The string `name` inside `message[field]` (`{ "mark": { "name": … } }`), or undefined. */
export function nameIn(message: Readonly<Record<string, unknown>> | undefined, field: string): string | undefined {
  const inner = message?.[field];
  if (typeof inner !== 'object' || inner === null) return undefined;
  const name: unknown = Object.fromEntries(Object.entries(inner))['name'];
  return typeof name === 'string' ? name : undefined;
}
