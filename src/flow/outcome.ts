import type { Disposition } from '../domain/dispositions.js';
import type { AccountFlagKind } from '../domain/account-flags.js';
import { escalate, finish, flag, say } from './actions.js';
import { ask } from './ask.js';
import { ENDING } from './endings.js';
import type { EscalationReason } from './events.js';
import type { FlowAction, FlowStateConfig } from './flow-config.js';

/**
 * A final state: says its prompts, records `disposition` and emits `hang_up`.
 *
 * @example
 * ```ts
 * dispute: outcome('DISPUTE', ['dispute.ack', 'closing.goodbye']),
 * ```
 */
export function outcome(disposition: Disposition, prompts: readonly string[], actions: readonly FlowAction[] = []): FlowStateConfig {
  return {
    type: 'final',
    entry: [...actions, ...prompts.map(say), finish(disposition)],
    meta: { disposition, prompts },
  };
}

/**
 * A final state that hands the call to a human for `reason` (disposition ESCALATED). `holdLines`
 * are said when a person can be reached during the call (the hold state the flow kit adds, see
 * `routeEscalationsThroughHandoff`: "I'm connecting you with a colleague now"); `endLines` when
 * nobody can be put through and the call ends with the record for a person to follow up — never
 * a promise of a transfer that will not happen.
 */
export function escalation(reason: EscalationReason, holdLines: readonly string[], endLines: readonly string[]): FlowStateConfig {
  return {
    type: 'final',
    entry: [...endLines.map(say), escalate(reason), finish('ESCALATED')],
    meta: { disposition: 'ESCALATED', prompts: endLines, holdPrompts: holdLines },
  };
}

/**
 * A question whose answer, whatever it is, is taken down (as the flag's detail) and ends the call
 * with `then` — for details such as an attorney's phone number. Safety answers (distress, a
 * person) still apply.
 */
function takeDetails(prompt: string, then: string, kind: AccountFlagKind): FlowStateConfig {
  const noted = { target: then, actions: [flag(kind, true)] };
  return ask({ prompts: [prompt], on: { attorney: noted, bankruptcy: noted }, otherwise: noted, onSilence: then, slots: [] });
}

/** A final state for a caller who hung up: the lawful stop they invoked, if any, else HUNG_UP. */
function hungUp(): FlowStateConfig {
  return { type: 'final', entry: [{ type: 'finishAfterHangUp' }], meta: { disposition: 'HUNG_UP', prompts: [] } };
}

/**
 * The debtor, verified, now says they are someone else: not a word more about the debt. The bot
 * apologises, the disclosure is flagged for review, and the call ends as what it turned out to be.
 */
function retracted(disposition: 'THIRD_PARTY' | 'WRONG_NUMBER'): FlowStateConfig {
  return {
    type: 'final',
    entry: [flag('disclosure_incident', true), say('retraction.apology'), finish(disposition)],
    meta: { disposition, prompts: ['retraction.apology'] },
  };
}

/**
 * The endings every flow needs and the flow kit's helpers target: escalations, lawful stops
 * (attorney, bankruptcy, deceased, cease), silence, not understood, hang-up and voicemail.
 */
export function standardEndings(): Record<string, FlowStateConfig> {
  return {
    [ENDING.escalateHuman]: escalation('request_human', ['escalation.handoff'], ['escalation.follow_up']),
    [ENDING.escalateDistress]: escalation('distress', ['escalation.distress'], ['escalation.distress_follow_up']),
    [ENDING.escalateAbuse]: escalation('abusive', ['escalation.handoff'], ['escalation.follow_up']),
    [ENDING.escalateNotUnderstood]: escalation('not_understood', ['escalation.handoff'], ['escalation.follow_up']),
    [ENDING.escalateComplaint]: escalation('complaint', ['answer.complaint'], ['answer.complaint_follow_up']),
    [ENDING.escalateViolence]: escalation('violence_threat', ['escalation.handoff'], ['escalation.follow_up']),
    [ENDING.escalateVulnerable]: escalation('vulnerable', ['escalation.handoff'], ['escalation.follow_up']),
    [ENDING.escalateEmotion]: escalation('emotion', ['escalation.handoff'], ['escalation.follow_up']),
    [ENDING.turnLimit]: outcome('CALLBACK', ['common.turn_limit_goodbye']),
    [ENDING.retracted]: retracted('THIRD_PARTY'),
    [ENDING.retractedWrongNumber]: retracted('WRONG_NUMBER'),
    [ENDING.notUnderstood]: outcome('CALLBACK', ['common.not_understood_goodbye']),
    [ENDING.noResponse]: outcome('NO_RESPONSE', ['common.no_response_goodbye']),
    [ENDING.attorney]: takeDetails('attorney.ask_details', ENDING.attorneyNoted, 'attorney'),
    [ENDING.attorneyNoted]: outcome('ATTORNEY', ['attorney.ack', 'closing.goodbye']),
    [ENDING.bankruptcy]: takeDetails('bankruptcy.ask_case', ENDING.bankruptcyNoted, 'bankruptcy'),
    [ENDING.bankruptcyNoted]: outcome('BANKRUPTCY', ['bankruptcy.ack', 'closing.goodbye']),
    [ENDING.deceased]: outcome('DECEASED', ['deceased.condolence']),
    [ENDING.cease]: outcome('CEASE', ['cease.ack']),
    [ENDING.hungUp]: hungUp(),
    [ENDING.voicemail]: outcome('VOICEMAIL', ['voicemail.message']),
  };
}



/**
 * Root-level transitions every flow has: the caller hanging up and an answering machine end the
 * call from whatever state it is in. Use as the machine's `on`.
 */
export const CALL_ENDINGS = {
  'call.hung_up': `.${ENDING.hungUp}`,
  'call.voicemail': `.${ENDING.voicemail}`,
} as const;
