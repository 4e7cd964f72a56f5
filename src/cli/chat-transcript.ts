import type { CallSession, HandoffReport } from '../call/call-session.js';
import type { DebtorTurn } from '../call/debtor-turn.js';
import type { FlowOutput } from '../flow/flow-context.js';

/** One line of a text call's transcript as `dunbot chat --json` prints it. */
export type ChatTranscriptEntry =
  /** `generated`: the words were generated (an answer grounded in the account), not written in the scripts library. */
  | { readonly speaker: 'bot'; readonly text: string; readonly state: string; readonly generated?: true }
  | { readonly speaker: 'debtor'; readonly text: string; readonly intent?: string; readonly state: string }
  | { readonly speaker: 'debtor'; readonly input: 'dtmf'; readonly digit: string; readonly state: string }
  | { readonly speaker: 'debtor'; readonly input: 'silence'; readonly state: string };

/** What `dunbot chat --json` prints once the call has ended. */
export interface ChatResult {
  readonly disposition: FlowOutput['disposition'];
  readonly promise?: { readonly amount: number; readonly date: string; readonly kind: string; readonly installments?: number };
  readonly escalation?: { readonly reason: string };
  readonly flags?: readonly { readonly kind: string; readonly detail?: string }[];
  /** The live hand-off, when one was tried: how it ended (or where it stood when the call ended), and every state with its time. */
  readonly handoff?: HandoffReport;
  readonly transcript: readonly ChatTranscriptEntry[];
  readonly recordId: string;
}

/**
 * The transcript of a text call with nothing left out: the session's transcript holds what was
 * said, and this adds, where they happened, the keys pressed and the silences.
 */
export class ChatTranscript {
  private readonly session: CallSession;
  private readonly entries: ChatTranscriptEntry[] = [];
  private taken = 0;

  constructor(session: CallSession) {
    this.session = session;
    this.catchUp();
  }

  /** Takes one debtor turn through the session, keeping its place in the transcript. */
  async take(turn: DebtorTurn): Promise<void> {
    const state = this.session.state;
    // Text turns reach the session's own transcript; keys and silences only its record.
    if (turn.kind === 'dtmf') this.entries.push({ speaker: 'debtor', input: 'dtmf', digit: turn.digit, state });
    if (turn.kind === 'silence') this.entries.push({ speaker: 'debtor', input: 'silence', state });
    try {
      await this.session.take(turn);
    } finally {
      this.catchUp();
    }
  }

  /** Every entry so far, in order. */
  get all(): readonly ChatTranscriptEntry[] {
    this.catchUp();
    return this.entries;
  }

  private catchUp(): void {
    const transcript = this.session.transcript;
    for (const entry of transcript.slice(this.taken)) {
      this.entries.push(entry.speaker === 'bot'
        ? { speaker: 'bot', text: entry.text, state: entry.state, ...(entry.generated === true ? { generated: true as const } : {}) }
        : { speaker: 'debtor', text: entry.text, ...(entry.intent !== undefined ? { intent: entry.intent } : {}), state: entry.state });
    }
    this.taken = transcript.length;
  }
}

/** The --json result of an ended call: the outcome (promise with its kind and instalments, flags), the hand-off if one was tried, and the whole transcript. */
export function buildChatResult(outcome: FlowOutput, transcript: readonly ChatTranscriptEntry[], recordId: string, handoff?: HandoffReport): ChatResult {
  const { promise, escalation } = outcome;
  // Read defensively: flags are optional in the outcome, and absent from the output when none were raised.
  const flags = outcome.flags ?? [];
  return {
    disposition: outcome.disposition,
    ...(promise !== undefined ? { promise: { amount: promise.amount, date: promise.date, kind: promise.kind, ...(promise.installments !== undefined ? { installments: promise.installments } : {}) } } : {}),
    ...(escalation !== undefined ? { escalation: { reason: escalation.reason } } : {}),
    ...(flags.length > 0 ? { flags: flags.map((flag) => ({ kind: flag.kind, ...(flag.detail !== undefined ? { detail: flag.detail } : {}) })) } : {}),
    ...(handoff !== undefined ? { handoff } : {}),
    transcript,
    recordId,
  };
}

/** The closing lines of a call printed without --json. */
export function describeChatOutcome(result: ChatResult, currency: string): string {
  const { promise, escalation, flags, handoff } = result;
  const plan = promise?.installments !== undefined ? `, ${promise.installments} instalments` : '';
  return [
    `\ndisposition: ${result.disposition}`,
    ...(promise !== undefined ? [`  promise: ${promise.amount} ${currency} on ${promise.date} (${promise.kind}${plan})`] : []),
    ...(escalation !== undefined ? [`  escalation: ${escalation.reason}`] : []),
    ...(handoff !== undefined ? [`  hand-off: ${handoff.state}${handoff.reason !== undefined ? ` (${handoff.reason})` : ''}`] : []),
    ...(flags !== undefined ? [`  flags: ${flags.map((flag) => (flag.detail !== undefined ? `${flag.kind} (${flag.detail})` : flag.kind)).join(', ')}`] : []),
    `\nrecord: ${result.recordId}`,
  ].join('');
}
