import { z } from 'zod';
import { describeLocation, type CallFacts, type PromiseFact } from '../call-facts.js';
import { defineCheck, judged, notApplicable, type FindingLocation } from '../check.js';
import { promptMatches, promptPattern } from './params.js';
import { saysAmount, spokenDate, spokenMoney } from './spoken.js';

/**
 * Veto: every promise the record captured was read back and confirmed first — the question the
 * debtor answered just before the `promise.captured` entry is a read-back, and the answer is a yes
 * (the intent `affirm`, or the key 1) or the debtor restating the amount read to them (a promise or
 * plan request naming it). With the
 * debtor record at hand the read-back must also have said the promise's own amount and date.
 *
 * The flows read a single payment or a settlement back with `promise.readback` and capture it on the
 * "yes" (`promiseCapture`); a plan is stated whole by `plan.offer` (every instalment, the last one,
 * the first date) and taken on its "yes", or read back with `plan.readback` when the debtor moved its
 * start (`planOffer`). The yes is the `debtor.turn` right before the capture, with its NLU result.
 */
export const promiseReadback = defineCheck(
  'promise_readback',
  'each `promise.captured` follows a read-back of its terms and the debtor\'s yes to it',
  z.strictObject({
    readbackPrompts: z.array(promptPattern).min(1).default(['promise.readback', 'plan.readback', 'plan.offer']),
    /**
     * Lines said after a question that ask nothing of their own: the keys that answer it (keypad
     * mode, or after a silence) and the runtime's notices. The question answered is the line before them.
     */
    asidePrompts: z.array(promptPattern).default(['keypad.*', 'system.*']),
    yesIntents: z.array(z.string().min(1)).default(['affirm']),
    yesKeys: z.array(z.string().regex(/^[0-9*#]$/)).default(['1']),
    /** Intents with which a debtor restating the amount read to them agrees to it ("580 a month works"). */
    restateIntents: z.array(z.string().min(1)).default(['promise_to_pay', 'request_plan']),
    /** The read-back must say the captured amount and date (needs the debtor record for the currency). */
    matchTerms: z.boolean().default(true),
  }),
  (call, params) => {
    const outcomePromise = call.record.outcome?.promise;
    if (call.promises.length === 0 && outcomePromise === undefined) return notApplicable('no promise in the call');
    if (call.promises.length === 0) return judged(false, `the outcome holds a promise (${outcomePromise?.amount ?? '?'} on ${outcomePromise?.date ?? '?'}) the record never captured`);
    const problems: string[] = [];
    const notes: string[] = [];
    const at: FindingLocation[] = [];
    for (const promise of call.promises) {
      const problem = readbackProblem(call, promise, params);
      if (problem === undefined) continue;
      if (problem.note) notes.push(problem.text);
      else {
        problems.push(problem.text);
        at.push(call.at(promise.entry));
      }
    }
    const noteText = notes.length > 0 ? `; ${notes.join('; ')}` : '';
    if (problems.length === 0) return judged(true, `${call.promises.length} promise(s) read back and confirmed${noteText}`);
    return judged(false, `${problems.join('; ')}${noteText}`, at);
  },
);

interface ReadbackParams {
  readonly readbackPrompts: readonly string[];
  readonly asidePrompts: readonly string[];
  readonly yesIntents: readonly string[];
  readonly yesKeys: readonly string[];
  readonly restateIntents: readonly string[];
  readonly matchTerms: boolean;
}

function readbackProblem(call: CallFacts, promise: PromiseFact, params: ReadbackParams): { readonly text: string; readonly note?: true } | undefined {
  const where = describeLocation(call.at(promise.entry));
  const terms = `${promise.amount} on ${promise.date} (${promise.kind})`;
  const answer = call.turns.filter((turn) => turn.entry < promise.entry).at(-1);
  if (answer === undefined) return { text: `promise ${terms} at ${where} captured without any answer from the debtor` };
  const question = call.lines.filter((line) => line.entry < answer.entry && !promptMatches(line.prompt, params.asidePrompts)).at(-1);
  if (question === undefined || !promptMatches(question.prompt, params.readbackPrompts)) {
    return { text: `promise ${terms} at ${where}: the debtor's answer at entry ${answer.entry} was to ${question?.prompt ?? 'nothing'}, not a read-back` };
  }
  const yes = (answer.intent !== undefined && params.yesIntents.includes(answer.intent))
    || (answer.input === 'dtmf' && answer.digit !== undefined && params.yesKeys.includes(answer.digit))
    || (answer.intent !== undefined && params.restateIntents.includes(answer.intent) && answer.amount !== undefined && Math.abs(answer.amount - promise.amount) < 0.005);
  if (!yes) return { text: `promise ${terms} at ${where}: the answer to ${question.prompt} at entry ${answer.entry} was no yes (${answer.intent ?? answer.input})` };
  if (!params.matchTerms) return undefined;
  if (call.account === undefined) return { text: `terms of the read-back not compared: no debtor record for ${call.record.debtorId}`, note: true };
  const { currency } = call.account.debtor;
  const date = spokenDate(promise.date, call.locale);
  const missing = [
    saysAmount(question.text, promise.amount, currency, call.locale, call.account.today) ? undefined : `the amount (${spokenMoney(promise.amount, currency, call.locale) ?? promise.amount})`,
    date !== undefined && !question.text.includes(date) ? `the date (${date})` : undefined,
  ].filter((part) => part !== undefined);
  if (missing.length > 0) return { text: `promise ${terms} at ${where}: the read-back (${question.prompt} at entry ${question.entry}) did not say ${missing.join(' or ')}` };
  return undefined;
}
