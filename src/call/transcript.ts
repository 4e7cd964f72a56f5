import type { NluResult } from '../nlu/intents.js';

/** One line of a call's transcript. */
export interface TranscriptEntry {
  readonly speaker: 'bot' | 'debtor';
  readonly text: string;
  readonly state: string;
  readonly intent?: NluResult['intent'];
  readonly prompt?: string;
}
