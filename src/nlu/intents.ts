/**
 * Debtor intents, exactly as named in the intents spec (shared/spec/intents.md). They are the
 * contract between the NLU, the flows, the replay fixtures and `dunbot nlu`.
 */
export const INTENTS = [
  'affirm',
  'deny',
  'promise_to_pay',
  'already_paid',
  'dispute',
  'hardship',
  'request_plan',
  'refuse',
  'callback',
  'wrong_number',
  'third_party',
  'request_human',
  'attorney',
  'bankruptcy',
  'cease_contact',
  'ask_balance',
  'ask_caller_identity',
  'abusive',
  'distress',
  'deceased',
  'unknown',
] as const;

/** One debtor intent. */
export type Intent = (typeof INTENTS)[number];

/**
 * When an utterance carries several intents, the earliest in this list decides the bot's next
 * action (intents spec, "Precedence"). Intents not listed rank after all of these.
 */
export const INTENT_PRECEDENCE: readonly Intent[] = [
  'distress',
  'attorney',
  'bankruptcy',
  'deceased',
  'cease_contact',
  'request_human',
  'dispute',
  'wrong_number',
  'third_party',
  'already_paid',
  'promise_to_pay',
  'request_plan',
  'hardship',
  'refuse',
  'callback',
];

/** Entities the NLU extracts: `amount` in the currency's main unit, `date` as ISO YYYY-MM-DD. */
export interface NluEntities {
  readonly amount?: number;
  readonly date?: string;
}

/** What the NLU makes of one utterance. `confidence` is in [0, 1]. */
export interface NluResult {
  readonly intent: Intent;
  readonly confidence: number;
  readonly entities: NluEntities;
}

/** True when `value` names an intent. */
export function isIntent(value: string): value is Intent {
  return (INTENTS as readonly string[]).includes(value);
}
