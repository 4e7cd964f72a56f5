/**
 * The state keys the flow kit's helpers send calls to. Every flow includes `standardEndings()`
 * (see outcome.ts), so these targets always exist.
 */
export const ENDING = {
  escalateHuman: 'escalateHuman',
  escalateDistress: 'escalateDistress',
  escalateAbuse: 'escalateAbuse',
  escalateNotUnderstood: 'escalateNotUnderstood',
  escalateComplaint: 'escalateComplaint',
  /** A threat of violence toward anyone: a person at once. */
  escalateViolence: 'escalateViolence',
  /** A vulnerable caller (serious illness, a recent bereavement, confusion, a minor): a person at once. */
  escalateVulnerable: 'escalateVulnerable',
  /** Emotion that kept rising over several turns (EscalationPolicy.emotion). */
  escalateEmotion: 'escalateEmotion',
  /** After verification the debtor says they are someone else: apology, no more debt talk. */
  /** The call reached FlowOptions.maxTurns: it ends politely, to be taken up another time. */
  turnLimit: 'turnLimit',
  retracted: 'retracted',
  retractedWrongNumber: 'retractedWrongNumber',
  notUnderstood: 'notUnderstood',
  noResponse: 'noResponse',
  attorney: 'attorney',
  attorneyNoted: 'attorneyNoted',
  bankruptcy: 'bankruptcy',
  bankruptcyNoted: 'bankruptcyNoted',
  deceased: 'deceased',
  cease: 'cease',
  hungUp: 'hungUp',
  voicemail: 'voicemail',
} as const;
