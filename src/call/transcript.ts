import type { NluResult } from '../nlu/intents.js';

/** One line of a call's transcript. */
export interface TranscriptEntry {
  readonly speaker: 'bot' | 'debtor';
  readonly text: string;
  readonly state: string;
  readonly intent?: NluResult['intent'];
  readonly prompt?: string;
  /** A bot line whose words were generated (an answer grounded in the account), not written in the scripts library. */
  readonly generated?: true;
}
