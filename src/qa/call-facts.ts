import { checkUtterance } from '../compliance/utterance-guard.js';
import type { AccountFlagKind } from '../domain/account-flags.js';
import { todayInZone } from '../domain/calendar.js';
import type { Debtor } from '../domain/debtor.js';
import type { Disposition } from '../domain/dispositions.js';
import type { Locale } from '../domain/locale.js';
import { STATE } from '../flow/blocks/state-keys.js';
import { ENDING } from '../flow/endings.js';
import type { EscalationReason, PromiseKind } from '../flow/events.js';
import { computeOffers, type Offers } from '../flow/flow-context.js';
import { HANDOFF_ENDING } from '../flow/handoff-endings.js';
import type { ScriptsLibrary } from '../scripts/scripts-library.js';
import type { CallRecord, DebtorInput } from '../store/call-record.js';
import type { FindingLocation } from './check.js';

/**
 * What an inspection knows beyond the record itself. The record names prompts by id and the debtor
 * by id only, so the scripts library says which variables each prompt carries (the compliance
 * guard's notion of a debt detail), and the debtor record gives the time zone, the balance, the
 * currency and the policy. Without a debtor, the checks that need the account do not apply.
 */
export interface InspectionContext {
  readonly scripts: Pick<ScriptsLibrary, 'has' | 'variablesOf'>;
  readonly debtor?: Debtor;
}

/** One line the bot said, as the checks read it. */
export interface BotLineFact {
  readonly entry: number;
  readonly atMs: number;
  readonly state: string;
  readonly prompt: string;
  readonly text: string;
  readonly generated: boolean;
  /** Why the line discloses the debt, in the compliance guard's terms (the debt variable, or what generated words said); undefined when it does not. */
  readonly debtDetail?: string;
  /** False for a scripted prompt the scripts library does not have: whether it discloses the debt cannot be told. */
  readonly judged: boolean;
  /** A barge-in cut the line: how much of it was heard. */
  readonly cut?: { readonly heardMs: number; readonly durationMs: number };
}

/** One debtor turn, as the checks read it. */
export interface DebtorTurnFact {
  readonly entry: number;
  readonly atMs: number;
  readonly state: string;
  readonly input: DebtorInput;
  readonly text: string;
  readonly intent?: string;
  readonly signals: readonly string[];
  readonly digit?: string;
  readonly amount?: number;
  readonly date?: string;
}

/** One `promise.captured` entry. */
export interface PromiseFact {
  readonly entry: number;
  readonly atMs: number;
  readonly amount: number;
  readonly date: string;
  readonly kind: PromiseKind;
  readonly installments?: number;
}

/** The account the call was about, as of the inspection, and what the flow could offer on the call's date. */
export interface AccountFacts {
  readonly debtor: Debtor;
  /** The call's date in the debtor's time zone. */
  readonly today: string;
  readonly offers: Offers;
}

/** Everything the checks read: the record's entries sorted into lines, turns and promises, and who was verified when. */
export interface CallFacts {
  readonly record: CallRecord;
  readonly locale: Locale;
  readonly lines: readonly BotLineFact[];
  readonly turns: readonly DebtorTurnFact[];
  readonly promises: readonly PromiseFact[];
  readonly escalations: readonly { readonly entry: number; readonly atMs: number; readonly reason: EscalationReason }[];
  /** Entry index of the state change out of right-party verification; undefined when the debtor was never verified. */
  readonly verifiedAt?: number;
  /** The first debtor turn that withdrew the identity or said the speaker is someone else. */
  readonly withdrawal?: { readonly entry: number; readonly why: string };
  readonly flags: readonly AccountFlagKind[];
  readonly disposition?: Disposition;
  /** When the call ended: the outcome's time, else its last entry's. */
  readonly endedAtMs: number;
  readonly account?: AccountFacts;
  /** The location of an entry, for a finding. */
  at(entry: number): FindingLocation;
}

/**
 * The flow kit's right-party verification states (`rightPartyVerification`, the second-factor
 * questions). The record holds no "verified" entry: the flow's `markVerified` runs on the
 * transition out of these states to the call's first verified state, so that transition is it.
 */
export const IDENTITY_STATES: ReadonlySet<string> = new Set([
  STATE.opening, STATE.verifyIdentity, STATE.needRightParty, STATE.verifyDateOfBirth, STATE.verifyPostcode, STATE.verifyIdLast4,
]);

/** States a call may leave verification for without anyone being verified: every ending and hand-off state of the flow kit. */
const UNVERIFIED_EXITS: ReadonlySet<string> = new Set<string>([
  ...Object.values(ENDING), ...Object.values(HANDOFF_ENDING), STATE.thirdParty, STATE.wrongNumber, STATE.callback, STATE.identityNotVerified,
]);

function isUnverifiedExit(state: string): boolean {
  // A live hand-off's hold state is `<ending>OnHold` (holdStateOf): still an ending.
  return UNVERIFIED_EXITS.has(state) || state.endsWith('OnHold');
}

/** Which debt variable (or generated words) makes a line a debt detail, as the compliance guard decides before verification. */
function debtDetailOf(
  line: { readonly prompt: string; readonly text: string; readonly generated: boolean },
  locale: Locale,
  context: InspectionContext,
  today: string,
): { readonly judged: boolean; readonly detail?: string } {
  if (!line.generated && !context.scripts.has(locale, line.prompt)) return { judged: false };
  // A generated line's words are all the record keeps of its one variable, `answer` (GENERATED_VARIABLES).
  const variables = line.generated ? ['answer'] : context.scripts.variablesOf(locale, line.prompt);
  const creditor = context.debtor?.creditor;
  const values: Record<string, unknown> = line.generated ? { answer: line.text, ...(creditor !== undefined ? { creditor } : {}) } : {};
  // The guard itself, asked as if nobody were verified; the empty text leaves its phrase check out (a check of its own here).
  const verdict = checkUtterance('', { locale, verified: false, variables, values, limits: { balance: Number.POSITIVE_INFINITY, latestDate: '9999-12-31', today } });
  return verdict.ok || verdict.rule !== 'debt_detail_unverified' ? { judged: true } : { judged: true, detail: verdict.detail };
}

/** Reads a record into the facts the checks share. Pure: everything comes from the record and the context. */
export function callFacts(record: CallRecord, context: InspectionContext): CallFacts {
  const locale = record.locale;
  const debtor = context.debtor;
  const today = todayInZone(new Date(record.startedAtMs), debtor?.timezone ?? 'UTC');
  const account: AccountFacts | undefined = debtor === undefined ? undefined : { debtor, today, offers: computeOffers(debtor, debtor.policy, today) };
  const lines: BotLineFact[] = [];
  const turns: DebtorTurnFact[] = [];
  const promises: PromiseFact[] = [];
  const escalations: { entry: number; atMs: number; reason: EscalationReason }[] = [];
  let verifiedAt: number | undefined;
  let withdrawal: { entry: number; why: string } | undefined;
  for (const [entry, event] of record.events.entries()) {
    switch (event.type) {
      case 'bot.said': {
        const generated = event.generated === true;
        const detail = debtDetailOf({ prompt: event.prompt, text: event.text, generated }, locale, context, today);
        lines.push({ entry, atMs: event.atMs, state: event.state, prompt: event.prompt, text: event.text, generated, judged: detail.judged, ...(detail.detail !== undefined ? { debtDetail: detail.detail } : {}) });
        break;
      }
      case 'bot.interrupted': {
        // The cut line is the latest one said with that prompt.
        const index = lines.map((line) => line.prompt).lastIndexOf(event.prompt);
        const line = lines[index];
        if (line !== undefined) lines[index] = { ...line, cut: { heardMs: event.heardMs, durationMs: event.durationMs } };
        break;
      }
      case 'debtor.turn': {
        const { nlu } = event;
        const turn: DebtorTurnFact = {
          entry, atMs: event.atMs, state: event.state, input: event.input, text: event.text, signals: nlu?.signals ?? [],
          ...(nlu !== undefined ? { intent: nlu.intent } : {}),
          ...(event.digit !== undefined ? { digit: event.digit } : {}),
          ...(nlu?.entities.amount !== undefined ? { amount: nlu.entities.amount } : {}),
          ...(nlu?.entities.date !== undefined ? { date: nlu.entities.date } : {}),
        };
        turns.push(turn);
        if (withdrawal === undefined) {
          const why = withdrawalOf(turn);
          if (why !== undefined) withdrawal = { entry, why };
        }
        break;
      }
      case 'state.changed':
        if (verifiedAt === undefined && IDENTITY_STATES.has(event.from) && !IDENTITY_STATES.has(event.to) && !isUnverifiedExit(event.to)) verifiedAt = entry;
        break;
      case 'promise.captured':
        promises.push({ entry, atMs: event.atMs, amount: event.amount, date: event.date, kind: event.kind, ...(event.installments !== undefined ? { installments: event.installments } : {}) });
        break;
      case 'escalation.requested':
        escalations.push({ entry, atMs: event.atMs, reason: event.reason });
        break;
      default:
        break;
    }
  }
  const lastAtMs = record.events.at(-1)?.atMs ?? record.startedAtMs;
  const disposition = record.outcome?.disposition ?? record.disposition;
  return {
    record,
    locale,
    lines,
    turns,
    promises,
    escalations,
    ...(verifiedAt !== undefined ? { verifiedAt } : {}),
    ...(withdrawal !== undefined ? { withdrawal } : {}),
    flags: (record.outcome?.flags ?? []).map((flag) => flag.kind),
    ...(disposition !== undefined ? { disposition } : {}),
    endedAtMs: record.outcome?.endedAtMs ?? record.endedAtMs ?? lastAtMs,
    ...(account !== undefined ? { account } : {}),
    at(entry) {
      const event = record.events[entry];
      const atMs = event?.atMs ?? record.startedAtMs;
      const prompt = event !== undefined && 'prompt' in event ? event.prompt : undefined;
      const state = event !== undefined && 'state' in event ? event.state : undefined;
      return { entry, atMs, offsetMs: atMs - record.startedAtMs, ...(prompt !== undefined ? { prompt } : {}), ...(state !== undefined ? { state } : {}) };
    },
  };
}

/**
 * Why a turn withdraws the identity, if it does: someone else speaking (a third party, a wrong
 * number, a retraction) at any point, or a "no" to the question of who is speaking.
 */
function withdrawalOf(turn: DebtorTurnFact): string | undefined {
  if (turn.intent === 'third_party') return 'the speaker said they are someone else';
  if (turn.intent === 'wrong_number') return 'the speaker said it is a wrong number';
  if (turn.signals.includes('retraction')) return 'the speaker withdrew their identity';
  const atIdentityQuestion = turn.state === STATE.opening || turn.state === STATE.verifyIdentity || turn.state === STATE.needRightParty;
  if (atIdentityQuestion && (turn.intent === 'deny' || (turn.input === 'dtmf' && turn.digit === '2'))) return 'the speaker said they are not the debtor';
  return undefined;
}

/** "entry 7 (+21000 ms, disclosure.debt)": where a finding is, for people. */
export function describeLocation(location: FindingLocation): string {
  return `entry ${location.entry} (+${location.offsetMs} ms${location.prompt !== undefined ? `, ${location.prompt}` : ''})`;
}
