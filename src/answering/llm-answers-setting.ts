// Imports nothing, so the server configuration can check the setting without loading the answerer.

/** Whether an LLM, when one is configured, answers off-script questions (DUNBOT_LLM_ANSWERS). */
export const LLM_ANSWERS_SETTINGS = ['on', 'off'] as const;

/** One value of the setting. */
export type LlmAnswersSetting = (typeof LLM_ANSWERS_SETTINGS)[number];
