import { ask } from '../ask.js';
import type { FlowStateConfig } from '../flow-config.js';
import { escalation, outcome } from '../outcome.js';
import { negotiationAnswers, type Answers } from './negotiation.js';
import { STATE } from './state-keys.js';

/**
 * How the call ends on the debtor's objections: already paid (ask when and how, then stop
 * pressing), dispute (stop the push, US-DS1), callback, and a second refusal after hearing the
 * consequences. `askAgain` is where a first refusal lands after the consequences are said.
 */
export function objectionHandling(askAgainAnswers: Answers = {}): Record<string, FlowStateConfig> {
  const claim = { target: STATE.paidClaimed, actions: [{ type: 'notePaymentClaim' as const }] };
  return {
    [STATE.askAgain]: ask({ prompts: ['consequences.ask_again'], on: negotiationAnswers(askAgainAnswers) }),
    // Any answer is noted as the claim (no intent to expect), but its date is what the claim records.
    [STATE.alreadyPaid]: ask({ prompts: ['paid.ask_details'], on: {}, otherwise: claim, onSilence: STATE.paidClaimed, slots: ['date'] }),
    [STATE.paidClaimed]: outcome('PAID_CLAIMED', ['paid.thanks', 'closing.goodbye']),
    [STATE.dispute]: outcome('DISPUTE', ['dispute.ack', 'closing.goodbye']),
    [STATE.escalateDispute]: escalation('dispute', ['dispute.ack', 'escalation.handoff'], ['dispute.ack', 'escalation.follow_up']),
    [STATE.callback]: outcome('CALLBACK', ['callback.ack', 'closing.goodbye']),
    [STATE.refused]: outcome('REFUSED', ['refuse.ack', 'closing.goodbye']),
  };
}
