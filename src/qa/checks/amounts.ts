import { z } from 'zod';
import { findFigures } from '../../nlu/figures-in-text.js';
import { describeLocation, type AccountFacts, type BotLineFact, type CallFacts } from '../call-facts.js';
import { defineCheck, judged, notApplicable, type FindingLocation } from '../check.js';
import { promptMatches, promptPattern } from './params.js';
import { spokenMoney } from './spoken.js';

/** Half a cent: amounts are compared in whole cents. */
const CENT = 0.005;

interface PromiseTerms {
  readonly amount: number;
  readonly date: string;
  readonly kind: 'single' | 'plan' | 'settlement';
  readonly installments?: number;
}

/**
 * Weighted: the figures of the call are right. A promise is within what the policy lets the bot
 * accept (a single payment from the policy minimum up to the balance, a settlement no lower than the
 * one the policy allows, a plan of no more instalments than allowed whose instalments add up to the
 * balance with the last one taking only the rounding, a date from the call's day to the latest
 * promise day), the outcome holds the promise the record captured, and every sum of money the bot
 * said is one of the account's (balance, minimum due, minimum payment, the plan's and settlement's
 * terms) or one the debtor named. Needs the debtor record: the call record holds no account.
 */
export const amounts = defineCheck(
  'amounts',
  'promise terms within the policy, plan instalments adding up to the balance, and every sum said one of the account\'s',
  z.strictObject({
    /** Check the promise's terms. */
    promise: z.boolean().default(true),
    /** Check every sum of money the bot said. */
    spoken: z.boolean().default(true),
    /** Lines whose sums are examples, not the account's: how to key an amount ("for 100, press 1 0 0"). */
    ignorePrompts: z.array(promptPattern).default(['keypad.*']),
  }),
  (call, params) => {
    const account = call.account;
    const outcomePromise = call.record.outcome?.promise;
    const promises: (PromiseTerms & { readonly entry?: number })[] = call.promises.length > 0 ? [...call.promises] : outcomePromise !== undefined ? [outcomePromise] : [];
    const lines = call.lines.filter((line) => !promptMatches(line.prompt, params.ignorePrompts));
    const saysSums = lines.some((line) => findFigures(line.text, call.locale, account?.today ?? '2000-01-01').amounts.length > 0);
    if (promises.length === 0 && !saysSums) return notApplicable('no promise and no sum of money in the call');
    if (account === undefined) return notApplicable(`no debtor record for ${call.record.debtorId}: the call record holds no balance or policy to compare with`);
    const problems: string[] = [];
    const at: FindingLocation[] = [];
    if (params.promise) {
      for (const promise of promises) {
        const problem = promiseProblem(promise, account);
        if (problem === undefined) continue;
        problems.push(`promise ${promise.amount} on ${promise.date} (${promise.kind})${promise.entry !== undefined ? ` at entry ${promise.entry}` : ''}: ${problem}`);
        if (promise.entry !== undefined) at.push(call.at(promise.entry));
      }
      const captured = call.promises.at(-1);
      if (captured !== undefined && outcomePromise !== undefined && !sameTerms(captured, outcomePromise)) {
        problems.push(`the outcome's promise (${outcomePromise.amount} on ${outcomePromise.date}) is not the one captured at entry ${captured.entry}`);
      }
    }
    if (params.spoken) {
      for (const unknown of unknownSums(call, lines, account)) {
        const location = call.at(unknown.entry);
        problems.push(`${unknown.amount} said at ${describeLocation(location)} is none of the account's sums`);
        at.push(location);
      }
    }
    if (problems.length === 0) return judged(true, `${promises.length} promise(s) within the policy; every sum said is the account's`);
    return judged(false, problems.join('; '), at);
  },
);

function sameTerms(a: PromiseTerms, b: PromiseTerms): boolean {
  return Math.abs(a.amount - b.amount) < CENT && a.date === b.date && a.kind === b.kind && (a.installments ?? 1) === (b.installments ?? 1);
}

/** What is wrong with a promise's terms against the account and policy, if anything. */
function promiseProblem(promise: PromiseTerms, account: AccountFacts): string | undefined {
  const { debtor, offers, today } = account;
  const { balance } = debtor;
  if (promise.date < today || promise.date > offers.latestDate) return `date outside ${today}..${offers.latestDate}`;
  switch (promise.kind) {
    case 'single':
      if (promise.amount > balance + CENT) return `above the balance ${balance}`;
      if (promise.amount < offers.minAmount - CENT) return `below the policy minimum ${offers.minAmount}`;
      return undefined;
    case 'settlement':
      if (offers.settlementAmount === undefined) return 'the policy allows no settlement';
      if (promise.amount > balance + CENT) return `above the balance ${balance}`;
      if (promise.amount < offers.settlementAmount - CENT) return `below the lowest settlement the policy allows, ${offers.settlementAmount}`;
      return undefined;
    case 'plan': {
      const count = promise.installments ?? 1;
      if (count > debtor.policy.maxInstallments) return `${count} instalments, more than the policy's ${debtor.policy.maxInstallments}`;
      // The last instalment takes what is left of the balance: it may exceed the others by the rounding only.
      const last = Math.round((balance - (count - 1) * promise.amount) * 100) / 100;
      if (last < promise.amount - CENT || last > promise.amount + count * 0.01 + CENT) return `${count} × ${promise.amount} does not add up to the balance ${balance} (the last instalment would be ${last})`;
      return undefined;
    }
  }
}

/** The sums of money the bot said that are none of the account's, nor any the debtor named. */
function unknownSums(call: CallFacts, lines: readonly BotLineFact[], account: AccountFacts): { readonly entry: number; readonly amount: number }[] {
  const { debtor, offers, today } = account;
  const known = [
    debtor.balance, debtor.minimumDue, debtor.policy.minFirstPayment, offers.minAmount, offers.installmentAmount, offers.lastInstallmentAmount,
    ...(offers.settlementAmount !== undefined ? [offers.settlementAmount] : []),
    ...call.promises.map((promise) => promise.amount),
    ...call.turns.flatMap((turn) => (turn.amount !== undefined ? [turn.amount] : [])),
  ];
  const unknown: { entry: number; amount: number }[] = [];
  for (const line of lines) {
    for (const figure of findFigures(line.text, call.locale, today).amounts) {
      const matches = known.some((value) => Math.abs(value - figure) < CENT
        // Cents spoken in words are read as the whole part only: the whole sum's exact words must be in the line.
        || (figure === Math.trunc(value) && line.text.includes(spokenMoney(value, debtor.currency, call.locale) ?? '\u0000')));
      if (!matches) unknown.push({ entry: line.entry, amount: figure });
    }
  }
  return unknown;
}
