import { defineSignal as s, type SignalRule } from './signal-rule.js';

// The `reduction_request` signal for en-US, over normalized English (amounts tagged "xamt"). Two
// classes: asking to pay less than the balance and have the rest forgiven or the account closed
// for it, and holding to one's own figure as final. A plan (the whole balance in instalments) or a
// partial payment ("i can do xamt on friday", "that is the best i can do this month") is neither.

/** Asks to settle for less: "forgive the rest", "close the account out for xamt", "call it even", "knock it down". */
const SETTLE_FOR_LESS = String.raw`\b(?:forgive|waive|wipe out|write off|drop|cancel|forget about) (?:the|what is) (?:rest|remainder|remaining|balance|difference|left over)\b|\b(?:if|and|then) (?:you|we) (?:close|settle|clear) (?:the|my|this) (?:account|debt|loan)\b|\bsettle (?:it |this |the (?:debt|account|balance) )?for xamt\b|\bcall it (?:even|square|done)\b|\bwe are (?:even|square)\b|\b(?:knock|take|bring|cut) (?:it|that|the (?:balance|amount|principal)) (?:down|off)\b|\b(?:reduce|lower|cut) (?:the|my) (?:balance|principal|debt|amount (?:i|that i) owe)\b|\b(?:half|part|some) of (?:the|my) (?:balance|principal|debt) (?:forgiven|waived|written off)\b|\b(?:pay|give you) (?:only )?half and (?:you )?(?:forgive|forget|drop|waive)\b`;
/** Holds to one's own figure: "that is my final offer", "take it or leave it", "not a penny more". */
const FINAL_OFFER = String.raw`\b(?:that is|this is|it is) my (?:final |last |best )?offer\b|\bmy final offer\b|\btake it or leave it\b|\bnot (?:a penny|a cent|a dime|one (?:penny|cent|dollar)) more\b|\bthat is as high as i (?:can|will) go\b|\bnon ?negotiable\b`;

/** A request to pay less than the balance for the account, or one's own figure held as final. */
export const EN_US_NEGOTIATION: readonly SignalRule[] = [s('reduction_request', new RegExp(`${SETTLE_FOR_LESS}|${FINAL_OFFER}`))];
