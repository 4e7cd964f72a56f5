import { carriesGeneratedText, checkUtterance, WITHHELD_LINE_PROMPT, type GuardRule } from '../compliance/utterance-guard.js';
import type { Debtor } from '../domain/debtor.js';
import type { Locale } from '../domain/locale.js';
import type { FlowContext } from '../flow/flow-context.js';
import type { PromptVariables, RenderedPrompt, ScriptsLibrary } from '../scripts/scripts-library.js';

/** A line as it will be said, and the rule that withheld the one the flow asked for, if any. */
export interface GuardedLine {
  readonly line: RenderedPrompt;
  readonly withheld?: { readonly promptId: string; readonly rule: GuardRule; readonly detail: string };
  /** The line said carries generated words (an answer); never so for the safe line said instead of one withheld. */
  readonly generated?: true;
}

/**
 * Renders the prompt a flow asked for and puts it through the compliance guard with what the call
 * knows (is the listener verified, what the policy allows); a line the guard withholds is replaced
 * by its safe scripted line.
 */
export function guardedLine(scripts: ScriptsLibrary, locale: Locale, debtor: Debtor, context: FlowContext, promptId: string, vars: PromptVariables): GuardedLine {
  const rendered = scripts.render(locale, promptId, vars, { currency: debtor.currency });
  const variables = scripts.variablesOf(locale, promptId);
  const verdict = checkUtterance(rendered.text, {
    locale,
    verified: context.verified,
    variables,
    values: vars,
    limits: { balance: debtor.balance, latestDate: context.offers.latestDate, today: context.today },
  });
  if (verdict.ok) return carriesGeneratedText(variables) ? { line: rendered, generated: true } : { line: rendered };
  return {
    line: scripts.render(locale, WITHHELD_LINE_PROMPT[verdict.rule], vars, { currency: debtor.currency }),
    withheld: { promptId, rule: verdict.rule, detail: verdict.detail },
  };
}
