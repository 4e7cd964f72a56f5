import type { QaCheckDefinition } from '../check.js';
import { amounts } from './amounts.js';
import { callWindow } from './call-window.js';
import { closingPaymentChannel } from './closing-payment-channel.js';
import { debtDetailUnverified } from './debt-detail.js';
import { debtDisclosure } from './debt-disclosure.js';
import { hardshipEmpathy } from './hardship-empathy.js';
import { intentHandling } from './intent-handling.js';
import { openingComplete } from './opening-complete.js';
import { openingDisclosures } from './opening-disclosures.js';
import { promiseReadback } from './promise-readback.js';
import { prohibitedPhrases } from './prohibited-phrases.js';

/**
 * The check vocabulary: the names a rule's `check` may take. A rule set is data over this fixed
 * list; adding a kind of check is code, adding or tuning a rule is not.
 */
export const QA_CHECKS: readonly QaCheckDefinition[] = [
  prohibitedPhrases,
  debtDetailUnverified,
  callWindow,
  openingDisclosures,
  promiseReadback,
  openingComplete,
  debtDisclosure,
  amounts,
  intentHandling,
  hardshipEmpathy,
  closingPaymentChannel,
];

/** The names of the vocabulary, for the rules schema. */
export const QA_CHECK_NAMES = QA_CHECKS.map((check) => check.name) as [string, ...string[]];

/** The check of that name, if the vocabulary has it. */
export function qaCheckNamed(name: string): QaCheckDefinition | undefined {
  return QA_CHECKS.find((check) => check.name === name);
}
