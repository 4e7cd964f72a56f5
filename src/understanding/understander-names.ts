// Imports nothing, so the server configuration can check names without loading any understander.

/** The names of the understanders dunbot ships, as configured in `understanders`. */
export const UNDERSTANDER_NAMES = ['rules', 'llm', 'learned'] as const;

/** The name of an understander dunbot ships. */
export type UnderstanderName = (typeof UNDERSTANDER_NAMES)[number];

/** True when `value` names an understander dunbot ships. */
export function isUnderstanderName(value: string): value is UnderstanderName {
  return (UNDERSTANDER_NAMES as readonly string[]).includes(value);
}

/** The `llm` understander's own time budget per turn (DUNBOT_LLM_BUDGET_MS), in ms; here so the configuration reads it without loading the understander. */
export const DEFAULT_LLM_BUDGET_MS = 1200;
