import { DEFAULT_CALLER_PROFILES } from '../../src/call/caller-profile.js';
import type { AccountFlag } from '../../src/domain/account-flags.js';
import { todayInZone } from '../../src/domain/calendar.js';
import type { Debtor } from '../../src/domain/debtor.js';
import type { Disposition } from '../../src/domain/dispositions.js';
import type { Locale } from '../../src/domain/locale.js';
import type { EscalationReason, PromiseKind } from '../../src/flow/events.js';
import { createFlowContext, promptVariables } from '../../src/flow/flow-context.js';
import type { Intent, Signal } from '../../src/nlu/intents.js';
import type { InspectionContext } from '../../src/qa/index.js';
import { defaultScriptsLibrary } from '../../src/scripts/index.js';
import type { PromptVariables } from '../../src/scripts/scripts-library.js';
import type { CallOutcome, CallRecord, CallRecordEvent } from '../../src/store/call-record.js';
import { fixtureDebtor } from '../support/fixtures.js';

/** The two debtors the hand-built records are about, one per locale. */
export const DEBTOR_FIXTURE: Readonly<Record<Locale, string>> = { 'en-US': 'en-US-early', 'zh-CN': 'zh-CN-early' };
/** 11:00 in New York, 10:00 in Shanghai: inside every call window. */
export const MORNING: Readonly<Record<Locale, string>> = { 'en-US': '2026-03-11T15:00:00Z', 'zh-CN': '2026-03-11T02:00:00Z' };
/** A date each debtor's policy accepts for a promise (two days after the call). */
export const PROMISE_DATE = '2026-03-13';
/** A promise amount each debtor's policy accepts. */
export const PROMISE_AMOUNT: Readonly<Record<Locale, number>> = { 'en-US': 200, 'zh-CN': 2000 };

/** The words a debtor says, per locale, for the hand-built turns. */
export const WORDS: Readonly<Record<Locale, Readonly<Record<string, string>>>> = {
  'en-US': { yes: 'yes speaking', promise: 'I can pay two hundred dollars on friday', right: 'yes that is right', no: 'no that is wrong', attorney: 'talk to my lawyer', hardship: 'I lost my job last month', cease: 'stop calling me', dispute: 'this is not my debt', distress: 'I want to end it all', brother: 'actually I am his brother', human: 'let me talk to a person' },
  'zh-CN': { yes: '是我', promise: '我这周五还两千', right: '对', no: '不对', attorney: '你去找我的律师', hardship: '我上个月失业了', cease: '别再给我打电话了', dispute: '这不是我借的钱', distress: '我不想活了', brother: '其实我是他弟弟', human: '我要找人工' },
};

/**
 * Builds call records by hand, entry by entry, one second apart, with the texts the scripts library
 * renders for the debtor: a record any check can be shown passing or failing on.
 */
export class RecordBuilder {
  readonly locale: Locale;
  readonly debtor: Debtor;
  private readonly events: CallRecordEvent[] = [];
  private readonly startedAtMs: number;
  private atMs: number;
  private readonly vars: PromptVariables;

  constructor(locale: Locale, startedAt: string = MORNING[locale], debtor: Debtor = fixtureDebtor(DEBTOR_FIXTURE[locale])) {
    this.locale = locale;
    this.debtor = debtor;
    this.startedAtMs = Date.parse(startedAt);
    this.atMs = this.startedAtMs;
    const today = todayInZone(new Date(this.startedAtMs), debtor.timezone);
    this.vars = promptVariables(createFlowContext({ debtor, locale, today, caller: DEFAULT_CALLER_PROFILES[locale] }));
    this.events.push({ type: 'call.started', atMs: this.atMs, flow: 'early', locale, debtorId: debtor.id, state: 'opening' });
  }

  /** What the inspection needs besides the record: the shipped library and this debtor. */
  get context(): InspectionContext {
    return { scripts: defaultScriptsLibrary(), debtor: this.debtor };
  }

  private next(): number {
    this.atMs += 1000;
    return this.atMs;
  }

  /** The bot says a prompt, rendered as the runtime would (with `vars` over the call's own). */
  say(state: string, prompt: string, vars: PromptVariables = {}): this {
    const { text } = defaultScriptsLibrary().render(this.locale, prompt, { ...this.vars, ...vars }, { currency: this.debtor.currency });
    this.events.push({ type: 'bot.said', atMs: this.next(), state, prompt, text });
    return this;
  }

  /** The bot says words of its own under a prompt id (a generated answer, or a library edited since). */
  sayText(state: string, prompt: string, text: string, generated = false): this {
    this.events.push({ type: 'bot.said', atMs: this.next(), state, prompt, text, ...(generated ? { generated: true as const } : {}) });
    return this;
  }

  /** The debtor speaks; `intent` (and entities, signals) as understanding read it. */
  says(state: string, text: string, intent: Intent, extra: { readonly amount?: number; readonly date?: string; readonly signals?: readonly Signal[] } = {}): this {
    const entities = { ...(extra.amount !== undefined ? { amount: extra.amount } : {}), ...(extra.date !== undefined ? { date: extra.date } : {}) };
    this.events.push({
      type: 'debtor.turn', atMs: this.next(), state, input: 'text', text,
      nlu: { intent, confidence: 0.9, entities, ...(extra.signals !== undefined ? { signals: [...extra.signals] } : {}) },
    });
    return this;
  }

  key(state: string, digit: string): this {
    this.events.push({ type: 'debtor.turn', atMs: this.next(), state, input: 'dtmf', text: '', digit });
    return this;
  }

  silence(state: string): this {
    this.events.push({ type: 'debtor.turn', atMs: this.next(), state, input: 'silence', text: '' });
    return this;
  }

  move(from: string, to: string, cause: string): this {
    this.events.push({ type: 'state.changed', atMs: this.next(), from, to, cause });
    return this;
  }

  promise(amount: number, date: string, kind: PromiseKind = 'single', installments?: number): this {
    this.events.push({ type: 'promise.captured', atMs: this.next(), amount, date, kind, ...(installments !== undefined ? { installments } : {}) });
    return this;
  }

  escalate(state: string, reason: EscalationReason): this {
    this.events.push({ type: 'escalation.requested', atMs: this.next(), reason, state });
    return this;
  }

  interrupted(state: string, prompt: string, heardMs: number, durationMs: number): this {
    this.events.push({ type: 'bot.interrupted', atMs: this.next(), state, prompt, heardMs, durationMs });
    return this;
  }

  /** Lets `ms` pass on the call's clock. */
  wait(ms: number): this {
    this.atMs += ms;
    return this;
  }

  /** The record of the call ended with `disposition` (and a promise, flags, escalation). */
  end(state: string, disposition: Disposition, outcome: { readonly promise?: CallOutcome['promise']; readonly flags?: readonly AccountFlag[]; readonly escalation?: CallOutcome['escalation'] } = {}): CallRecord {
    const endedAtMs = this.next();
    this.events.push({ type: 'call.ended', atMs: endedAtMs, disposition, state });
    const fullOutcome: CallOutcome = { disposition, endedAtMs, ...outcome };
    return {
      callId: `hand-built-${this.locale}`, debtorId: this.debtor.id, flow: 'early', locale: this.locale, channel: 'text',
      startedAtMs: this.startedAtMs, endedAtMs, disposition, eventCount: this.events.length, outcome: fullOutcome, events: [...this.events],
    };
  }

  // ---- the common openings ----

  /** The greeting, the debtor's yes, verification, the disclosures and the stage's question. */
  verified(): this {
    const words = WORDS[this.locale];
    return this.say('opening', 'opening.greeting')
      .says('opening', words['yes'] ?? '', 'affirm')
      .move('opening', 'askPayment', 'user.said:affirm')
      .say('askPayment', 'disclosure.collector_notice')
      .say('askPayment', 'disclosure.debt')
      .say('askPayment', 'early.ask_payment');
  }
}

/** A whole lawful promise-to-pay call: every rule passes. */
export function promiseCall(locale: Locale, startedAt?: string): RecordBuilder {
  const words = WORDS[locale];
  const amount = PROMISE_AMOUNT[locale];
  return new RecordBuilder(locale, startedAt)
    .verified()
    .says('askPayment', words['promise'] ?? '', 'promise_to_pay', { amount, date: PROMISE_DATE })
    .move('askPayment', 'promiseReadback', 'user.said:promise_to_pay')
    .say('promiseReadback', 'promise.readback', { amount, date: PROMISE_DATE })
    .says('promiseReadback', words['right'] ?? '', 'affirm')
    .move('promiseReadback', 'promiseKept', 'user.said:affirm')
    .promise(amount, PROMISE_DATE)
    .say('promiseKept', 'promise.confirmed', { amount, date: PROMISE_DATE })
    .say('promiseKept', 'closing.payment_channel');
}

/** Ends a promiseCall as the runtime does. */
export function endPromiseCall(builder: RecordBuilder): CallRecord {
  return builder.end('promiseKept', 'PTP', { promise: { amount: PROMISE_AMOUNT[builder.locale], date: PROMISE_DATE, kind: 'single' } });
}
