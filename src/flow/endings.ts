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
