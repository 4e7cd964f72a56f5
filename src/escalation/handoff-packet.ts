import { randomUUID } from 'node:crypto';
import type { AccountFlag } from '../domain/account-flags.js';
import type { Debtor } from '../domain/debtor.js';
import type { Locale } from '../domain/locale.js';
import type { EscalationReason, PromiseKind } from '../flow/events.js';
import type { ScriptsLibrary } from '../scripts/scripts-library.js';
import type { TranscriptEntry } from '../call/transcript.js';
import type { HandoffEvidence, HandoffPacket, HandoffTurn } from './handoff.js';
import { summarizeForAgent } from './handoff-summary.js';

/** What a call knows when it asks for a person: everything the packet is made from. */
export interface HandoffFacts {
  readonly callId: string;
  readonly flow: string;
  /** The flow state the debtor was in when the call went to a person. */
  readonly state: string;
  readonly reason: EscalationReason;
  /** The turn that set it off; only its time when no debtor turn did. */
  readonly evidence: HandoffEvidence;
  readonly debtor: Debtor;
  /** The language the call is held in. */
  readonly locale: Locale;
  readonly verified: boolean;
  readonly transcript: readonly TranscriptEntry[];
  /** Every debtor turn with words, with what understanding made of them, in order. */
  readonly turns: readonly HandoffTurn[];
  /** The emotion score of each debtor turn that has one, in order (none when the call scores none). */
  readonly emotion: readonly { readonly atMs: number; readonly score: number }[];
  readonly promise?: { readonly amount: number; readonly date: string; readonly kind: PromiseKind; readonly installments?: number };
  readonly flags: readonly AccountFlag[];
  readonly telephony?: { readonly provider: string; readonly callId?: string; readonly streamId?: string };
  /** Call-clock time of the request, in ms. */
  readonly requestedAtMs: number;
}

/** How the packet is made. */
export interface HandoffPacketOptions {
  /** Where the summary's words come from (`handoff.summary_*`). */
  readonly scripts: ScriptsLibrary;
  /** The agent's language (DUNBOT_HANDOFF_AGENT_LOCALE); the call's when absent. */
  readonly agentLocale?: Locale;
  /** The hand-off's id; a random UUID when absent. */
  readonly handoffId?: string;
}

/**
 * The packet an adapter hands to the person taking the call: the call's facts, copied so that what
 * the call does next cannot change what was sent, and a short summary in the agent's language.
 *
 * @example
 * const packet = buildHandoffPacket(facts, { scripts, agentLocale: 'en-US' });
 * packet.summary.text; // → "Caller: John Smith, account with Acme Auto Finance, …"
 */
export function buildHandoffPacket(facts: HandoffFacts, options: HandoffPacketOptions): HandoffPacket {
  const { debtor } = facts;
  const packetDebtor = {
    id: debtor.id,
    name: debtor.name,
    phone: debtor.phone,
    locale: facts.locale,
    creditor: debtor.creditor,
    product: debtor.product,
    currency: debtor.currency,
    balance: debtor.balance,
    daysPastDue: debtor.daysPastDue,
  };
  const promise = facts.promise === undefined ? undefined : { ...facts.promise };
  const flags = facts.flags.map((flag) => ({ ...flag }));
  const summaryFacts = { reason: facts.reason, evidence: facts.evidence, debtor: packetDebtor, verified: facts.verified, flags, ...(promise !== undefined ? { promise } : {}) };
  return {
    version: 1,
    handoffId: options.handoffId ?? randomUUID(),
    callId: facts.callId,
    flow: facts.flow,
    state: facts.state,
    reason: facts.reason,
    evidence: { ...facts.evidence },
    debtor: packetDebtor,
    verified: facts.verified,
    transcript: facts.transcript.map((entry) => ({ ...entry })),
    turns: facts.turns.map((turn) => ({ ...turn })),
    ...(promise !== undefined ? { promise } : {}),
    flags,
    emotion: facts.emotion.map((entry) => ({ ...entry })),
    ...(facts.telephony !== undefined ? { telephony: { ...facts.telephony } } : {}),
    summary: summarizeForAgent(summaryFacts, options.scripts, options.agentLocale ?? facts.locale),
    requestedAt: new Date(facts.requestedAtMs).toISOString(),
  };
}
