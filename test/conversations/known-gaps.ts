/**
 * Calls of the suite the product does not yet hold as their writers judged a careful collector
 * would, each with what is missing. See run-conversations.test.ts: a listed call must still fail,
 * so a closed gap is noticed and taken off the list.
 */
export const KNOWN_GAPS: Readonly<Record<string, string>> = {
  'blind/en-mid-hmm-ok-at-greeting.json':
    'A caller who answers the identity question only with "hmm" and "ok" is handed to a person as not understood (ESCALATED, the flows\' default onNotUnderstood), where the call\'s writer expects a polite NO_RESPONSE goodbye.',
  'blind/zh-early-ma-ren-hou-zhouwu-huan.json':
    '周五 in an answer that also says 刚才 ("just now", about the insult) resolves to the past Friday: a past-tense cue in another clause still turns the date backwards.',
  'blind/zh-late-shengyi-pei-le-fen-shier-qi.json':
    'A plan restated as a question (能不能分十二期，每期四千，下周一先还第一期) is not read as agreeing to the plan offered with a start day of the debtor\'s own; it goes to a person as beyond authority.',
};
