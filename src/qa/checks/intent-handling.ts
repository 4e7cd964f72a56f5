import { z } from 'zod';
import { ACCOUNT_FLAG_KINDS } from '../../domain/account-flags.js';
import { DISPOSITIONS } from '../../domain/dispositions.js';
import { ESCALATION_REASONS } from '../../flow/events.js';
import { INTENTS, SIGNALS } from '../../nlu/intents.js';
import { describeLocation, type CallFacts, type DebtorTurnFact } from '../call-facts.js';
import { defineCheck, judged, notApplicable } from '../check.js';
import { promptMatches, promptPattern } from './params.js';

const expectationSchema = z.strictObject({
  /** Which turns this expectation is about: all of what is given must hold. */
  when: z.strictObject({
    intent: z.enum(INTENTS).optional(),
    signal: z.enum(SIGNALS).optional(),
    key: z.string().regex(/^[0-9*#]$/).optional(),
    /** Not when the turn's intent is one of these (a lawful stop outranks a vulnerable caller's hand-off). */
    notIntents: z.array(z.enum(INTENTS)).default([]),
    /** Only turns after (true) or before (false) right-party verification. */
    verified: z.boolean().optional(),
  }).refine((when) => when.intent !== undefined || when.signal !== undefined || when.key !== undefined, 'name an intent, a signal or a key'),
  /** The account flag the call must carry. */
  flag: z.enum(ACCOUNT_FLAG_KINDS).optional(),
  /** The call must ask for a person after the turn, for one of these reasons. */
  escalation: z.array(z.enum(ESCALATION_REASONS)).min(1).optional(),
  /** The call must end with one of these. */
  dispositions: z.array(z.enum(DISPOSITIONS)).min(1).optional(),
  /** Prompts that must be said after the turn. */
  prompts: z.array(promptPattern).default([]),
  /** No debt detail and no payment talk (`debtTalkPrompts`) after the turn. */
  noDebtTalkAfter: z.boolean().default(false),
});

type Expectation = z.output<typeof expectationSchema>;

/** Hand-off endings a live hand-off may reach: escalated, or nobody reached. */
const HANDED = ['ESCALATED', 'ESCALATION_FAILED'] as const;
const STOPS = ['attorney', 'bankruptcy', 'cease_contact', 'deceased'] as const;

/**
 * The order the flow kit reads a turn in (`ask()`): safety signals first (self-harm, a threat of
 * violence, a vulnerable caller unless a lawful stop is invoked), then the intents that stop or hand
 * over the call, then a complaint; a dispute only once the debtor is verified (before, it is debt
 * talk and hears "I can only discuss this with …").
 */
const DEFAULT_EXPECTATIONS: readonly z.input<typeof expectationSchema>[] = [
  { when: { signal: 'self_harm' }, escalation: ['distress'], dispositions: [...HANDED] },
  { when: { signal: 'violence_threat' }, escalation: ['violence_threat'], dispositions: [...HANDED] },
  { when: { signal: 'vulnerable', notIntents: [...STOPS] }, escalation: ['vulnerable'], dispositions: [...HANDED] },
  { when: { signal: 'vulnerable', intent: 'deceased', verified: true }, escalation: ['vulnerable'], dispositions: [...HANDED] },
  { when: { intent: 'distress' }, escalation: ['distress'], dispositions: [...HANDED] },
  { when: { intent: 'attorney' }, flag: 'attorney', dispositions: ['ATTORNEY'], noDebtTalkAfter: true },
  { when: { intent: 'bankruptcy' }, flag: 'bankruptcy', dispositions: ['BANKRUPTCY'], noDebtTalkAfter: true },
  { when: { intent: 'deceased' }, flag: 'deceased', dispositions: ['DECEASED'], noDebtTalkAfter: true },
  { when: { intent: 'cease_contact' }, flag: 'cease_contact', dispositions: ['CEASE'], noDebtTalkAfter: true },
  { when: { intent: 'request_human' }, escalation: ['request_human'], dispositions: [...HANDED] },
  { when: { key: '0' }, escalation: ['request_human'], dispositions: [...HANDED] },
  { when: { signal: 'complaint' }, escalation: ['complaint'], dispositions: [...HANDED] },
  { when: { intent: 'dispute', verified: true }, flag: 'dispute', prompts: ['dispute.ack'], dispositions: ['DISPUTE', ...HANDED], noDebtTalkAfter: true },
];

/**
 * Weighted: the call did the right thing with the first turn that should have stopped, ended or
 * handed it over — the lawful stops flagged and the call ended with nothing more said about the
 * debt (attorney, bankruptcy, death, "stop calling"), distress, threats and vulnerable callers handed
 * to a person, a dispute acknowledged, flagged and the push stopped. Later turns are left out: once
 * a stop is taken, what follows is its own handling (an attorney's details, words said on hold).
 * The expectations are data (`params.expectations`, tried in order for each turn, first match wins).
 */
export const intentHandling = defineCheck(
  'intent_handling',
  'the first turn that calls for a stop, an ending or a hand-off gets it (flag, escalation, ending, no debt talk after)',
  z.strictObject({
    expectations: z.array(expectationSchema).min(1).default(DEFAULT_EXPECTATIONS.map((expectation) => expectationSchema.parse(expectation))),
    /** What counts as payment talk after a stop, besides any debt detail. */
    debtTalkPrompts: z.array(promptPattern).default(['*.ask_payment', 'promise.*', 'plan.*', 'consequences.*', 'late.settlement_offer', 'closing.payment_channel', 'answer.payment_channels', 'info.balance']),
  }),
  (call, params) => {
    // Turns after the call went to a person are on hold or with a person: nothing they say changes its course.
    const handedAt = call.escalations[0]?.entry ?? Number.POSITIVE_INFINITY;
    for (const turn of call.turns) {
      if (turn.entry > handedAt) break;
      const expectation = params.expectations.find((candidate) => matches(candidate, turn, call));
      if (expectation === undefined) continue;
      const heard = `${whatWasHeard(turn)} at ${describeLocation(call.at(turn.entry))}`;
      const problems = expectationProblems(call, turn, expectation, params.debtTalkPrompts);
      if (problems.length === 0) return judged(true, `${heard}: handled as expected`);
      return judged(false, `${heard}: ${problems.join('; ')}`, [call.at(turn.entry)]);
    }
    return notApplicable('no turn called for a stop, an ending or a hand-off');
  },
);

function whatWasHeard(turn: DebtorTurnFact): string {
  if (turn.input === 'dtmf') return `key ${turn.digit ?? '?'}`;
  return [turn.intent, ...turn.signals.map((signal) => `+${signal}`)].filter((part) => part !== undefined).join(' ');
}

function matches(expectation: Expectation, turn: DebtorTurnFact, call: CallFacts): boolean {
  const { when } = expectation;
  if (when.intent !== undefined && turn.intent !== when.intent) return false;
  if (when.signal !== undefined && !turn.signals.includes(when.signal)) return false;
  if (when.key !== undefined && !(turn.input === 'dtmf' && turn.digit === when.key)) return false;
  if (turn.intent !== undefined && (when.notIntents as readonly string[]).includes(turn.intent)) return false;
  if (when.verified !== undefined) {
    const verified = call.verifiedAt !== undefined && turn.entry > call.verifiedAt;
    if (verified !== when.verified) return false;
  }
  return true;
}

function expectationProblems(call: CallFacts, turn: DebtorTurnFact, expectation: Expectation, debtTalkPrompts: readonly string[]): string[] {
  const problems: string[] = [];
  if (expectation.flag !== undefined && !call.flags.includes(expectation.flag)) problems.push(`no ${expectation.flag} flag`);
  if (expectation.escalation !== undefined) {
    const wanted = expectation.escalation;
    const escalation = call.escalations.find((candidate) => candidate.entry > turn.entry);
    if (escalation === undefined) problems.push(`no escalation (wanted ${wanted.join(' or ')})`);
    else if (!wanted.includes(escalation.reason)) problems.push(`escalated for ${escalation.reason}, not ${wanted.join(' or ')}`);
  }
  if (expectation.dispositions !== undefined && (call.disposition === undefined || !expectation.dispositions.includes(call.disposition))) {
    problems.push(`ended ${call.disposition ?? '(not ended)'}, not ${expectation.dispositions.join(' or ')}`);
  }
  const after = call.lines.filter((line) => line.entry > turn.entry);
  for (const prompt of expectation.prompts) {
    if (!after.some((line) => promptMatches(line.prompt, [prompt]))) problems.push(`${prompt} never said`);
  }
  if (expectation.noDebtTalkAfter) {
    const talk = after.find((line) => line.debtDetail !== undefined || promptMatches(line.prompt, debtTalkPrompts));
    if (talk !== undefined) problems.push(`debt talk after it: ${talk.prompt} at ${describeLocation(call.at(talk.entry))}`);
  }
  return problems;
}
