import type { AccountFlag } from '../domain/account-flags.js';
import type { Locale } from '../domain/locale.js';
import type { EscalationReason } from '../flow/events.js';
import type { PromptVariables, ScriptsLibrary } from '../scripts/scripts-library.js';
import type { HandoffPacket } from './handoff.js';

/** What the summary is made from: the packet's facts, before it has a summary. */
export type SummaryFacts = Pick<HandoffPacket, 'reason' | 'evidence' | 'debtor' | 'verified' | 'promise' | 'flags'>;

/**
 * The prompts of the agent's summary (scripts-library/<locale>/handoff.json). They are for the
 * person taking the call, read or whispered to them before they speak with the debtor: no flow
 * says them, and nothing in them is ever said to the debtor.
 */
const PROMPT = {
  who: 'handoff.summary_who',
  reason: (reason: EscalationReason) => `handoff.summary_reason_${reason}`,
  otherReason: 'handoff.summary_reason_other',
  evidence: 'handoff.summary_evidence',
  verified: 'handoff.summary_verified',
  notVerified: 'handoff.summary_not_verified',
  single: 'handoff.summary_promise',
  plan: 'handoff.summary_plan',
  settlement: 'handoff.summary_settlement',
  noPromise: 'handoff.summary_no_promise',
  flags: 'handoff.summary_flags',
  flag: (kind: string) => `handoff.summary_flag_${kind}`,
} as const;

/** How sentences and list items are joined in each language, and how an item's detail is put beside it. */
const JOIN: Readonly<Record<Locale, { readonly sentences: string; readonly items: string; readonly detail: readonly [string, string] }>> = {
  'en-US': { sentences: ' ', items: ', ', detail: [' (', ')'] },
  'zh-CN': { sentences: '', items: '、', detail: ['（', '）'] },
};

/**
 * A few sentences for the agent, in `locale` (DUNBOT_HANDOFF_AGENT_LOCALE, else the call's): who
 * the debtor is, why the call comes to them (the reason, and the debtor's own words), whether the
 * debtor was verified (an agent must not discuss the debt otherwise), the promise if one was made,
 * and the account flags. Templated from the scripts library, so it reads the same in every call
 * and needs nothing but the library. A reason or flag the library has no words for yet is named
 * by its code.
 *
 * @example
 * summarizeForAgent(facts, scripts, 'en-US');
 * // → "John Smith, account with Acme Auto Finance: balance one thousand two hundred dollars, … They asked to speak to a person. They said: "get me a real person". Identity verified. No promise to pay yet."
 */
export function summarizeForAgent(facts: SummaryFacts, scripts: ScriptsLibrary, locale: Locale): HandoffPacket['summary'] {
  const { debtor } = facts;
  const render = (id: string, vars: PromptVariables = {}): string => scripts.render(locale, id, vars, { currency: debtor.currency }).text;
  const sentences = [render(PROMPT.who, { name: debtor.name, creditor: debtor.creditor, balance: debtor.balance, daysPastDue: debtor.daysPastDue })];
  const reasonPrompt = PROMPT.reason(facts.reason);
  sentences.push(scripts.has(locale, reasonPrompt) ? render(reasonPrompt) : render(PROMPT.otherReason, { escalationReason: facts.reason }));
  const words = facts.evidence.utterance?.trim() ?? '';
  if (words !== '') sentences.push(render(PROMPT.evidence, { evidence: words }));
  sentences.push(render(facts.verified ? PROMPT.verified : PROMPT.notVerified));
  const promise = facts.promise;
  if (promise === undefined) sentences.push(render(PROMPT.noPromise));
  else if (promise.kind === 'plan' && promise.installments !== undefined) sentences.push(render(PROMPT.plan, { installments: promise.installments, amount: promise.amount, date: promise.date }));
  else sentences.push(render(promise.kind === 'settlement' ? PROMPT.settlement : PROMPT.single, { amount: promise.amount, date: promise.date }));
  if (facts.flags.length > 0) sentences.push(render(PROMPT.flags, { accountFlags: flagList(facts.flags, scripts, locale, render) }));
  return { locale, text: sentences.join(JOIN[locale].sentences), source: 'template' };
}

/** The flags as the agent reads them: each by its name in `locale`, with what the debtor said of it. */
function flagList(flags: readonly AccountFlag[], scripts: ScriptsLibrary, locale: Locale, render: (id: string) => string): string {
  return flags
    .map((flag) => {
      const prompt = PROMPT.flag(flag.kind);
      const name = scripts.has(locale, prompt) ? render(prompt) : flag.kind;
      const detail = flag.detail?.trim() ?? '';
      const [open, close] = JOIN[locale].detail;
      return detail === '' ? name : `${name}${open}${detail}${close}`;
    })
    .join(JOIN[locale].items);
}
