// Imports nothing, so the server configuration can check names without loading any understander.

/** The names of the understanders dunbot ships, as configured in `understanders`. */
export const UNDERSTANDER_NAMES = ['rules'] as const;

/** The name of an understander dunbot ships. */
export type UnderstanderName = (typeof UNDERSTANDER_NAMES)[number];

/** True when `value` names an understander dunbot ships. */
export function isUnderstanderName(value: string): value is UnderstanderName {
  return (UNDERSTANDER_NAMES as readonly string[]).includes(value);
}
