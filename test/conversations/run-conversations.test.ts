import { KNOWN_GAPS } from './known-gaps.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { composeRuntime } from '../../src/app/compose-runtime.js';
import { CallSession } from '../../src/call/call-session.js';
import { DEFAULT_CALLER_PROFILES } from '../../src/call/caller-profile.js';
import type { DebtorTurn } from '../../src/call/debtor-turn.js';
import { ACCOUNT_FLAG_KINDS } from '../../src/domain/account-flags.js';
import { todayInZone } from '../../src/domain/calendar.js';
import { parseDebtor, type Debtor } from '../../src/domain/debtor.js';
import { DISPOSITIONS } from '../../src/domain/dispositions.js';
import { ESCALATION_REASONS } from '../../src/flow/events.js';
import { LOCALES } from '../../src/domain/locale.js';
import { silentLogger } from '../../src/log/logger.js';
import { defaultScriptsLibrary } from '../../src/scripts/load-scripts-library.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import type { CallRecord, CallRecordEvent } from '../../src/store/call-record.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { BOT_ACTS, actsOf, classifiedPromptIds, lineIs, type ActContext, type BotAct, type BotLine } from './bot-acts.js';

const HERE = import.meta.dirname;
const ROOT = join(HERE, '..', '..');
const BLIND = join(HERE, 'blind');
/** CONVERSATIONS_DIR=<folder> holds the calls of that folder alone instead of this suite; they count as blind. */
const OTHER_DIR = process.env['CONVERSATIONS_DIR'];
const TURN_GAP_MS = 3000;
const MAX_BOT_LINES = 60;
/** The flow states that ask who is speaking. */
const VERIFICATION_STATES: ReadonlySet<string> = new Set(['opening', 'verifyIdentity', 'needRightParty']);
/** The flow states that ask for a second factor after the name (`policy.verifyWith`): the identity is confirmed only when it matches. */
const SECOND_FACTOR_STATES: ReadonlySet<string> = new Set(['verifyDateOfBirth', 'verifyPostcode', 'verifyIdLast4']);
/** States a call may leave verification for without the debtor having confirmed who they are. */
const UNVERIFIED_EXITS: ReadonlySet<string> = new Set([
  'thirdParty', 'wrongNumber', 'callback', 'hungUp', 'voicemail', 'noResponse', 'notUnderstood', 'identityNotVerified',
  'escalateHuman', 'escalateDistress', 'escalateAbuse', 'escalateNotUnderstood', 'escalateComplaint', 'escalateViolence', 'escalateVulnerable', 'escalateEmotion',
  'attorney', 'attorneyNoted', 'bankruptcy', 'bankruptcyNoted', 'deceased', 'cease', 'retracted', 'retractedWrongNumber',
]);

// ---- the file format (README.md) ----

const actSchema = z.string().refine((value): value is BotAct => (BOT_ACTS as readonly string[]).includes(value), { message: 'unknown bot act' });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const turnSchema = z.union([
  z.string(),
  z.object({ key: z.string().regex(/^[0-9*#A-D]$/) }).strict(),
  z.object({ silence: z.literal(true) }).strict(),
  z.object({ hangup: z.literal(true) }).strict(),
]);

const promiseSchema = z
  .object({
    amount: z.number().positive().optional(),
    date: isoDate.optional(),
    kind: z.enum(['single', 'plan', 'settlement']).optional(),
    installments: z.number().int().positive().optional(),
  })
  .strict();

const conversationSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    description: z.string().min(1),
    locale: z.enum(LOCALES),
    debtor: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
    flow: z.enum(['early', 'mid', 'late']).optional(),
    now: z.iso.datetime({ offset: true }),
    turns: z.array(turnSchema),
    expect: z
      .object({
        disposition: z.enum(DISPOSITIONS),
        promise: promiseSchema.nullable().optional(),
        flags: z.array(z.enum(ACCOUNT_FLAG_KINDS)).optional(),
        says: z.array(actSchema).optional(),
        neverSays: z.array(actSchema).optional(),
        order: z.array(z.tuple([actSchema, actSchema])).optional(),
        escalation: z.object({ reason: z.enum(ESCALATION_REASONS) }).strict().nullable().optional(),
      })
      .strict(),
  })
  .strict();

type Conversation = z.infer<typeof conversationSchema>;
type Turn = z.infer<typeof turnSchema>;

interface ConversationFile {
  readonly name: string;
  readonly path: string;
  readonly blind: boolean;
  readonly conversation?: Conversation;
  readonly error?: string;
}

function loadFiles(dir: string, blind: boolean): ConversationFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const path = join(dir, name);
      const label = blind ? `blind/${name}` : name;
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(path, 'utf8'));
      } catch (error) {
        return { name: label, path, blind, error: `${label}: not JSON: ${error instanceof Error ? error.message : String(error)}` };
      }
      const parsed = conversationSchema.safeParse(raw);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(root)'}: ${issue.message}`).join('\n');
        return { name: label, path, blind, error: `${label}: invalid conversation file\n${issues}` };
      }
      if (parsed.data.id !== name.replace(/\.json$/, '')) {
        return { name: label, path, blind, error: `${label}: id "${parsed.data.id}" is not the file name` };
      }
      return { name: label, path, blind, conversation: parsed.data };
    });
}

function loadDebtor(spec: Conversation['debtor'], file: string): Debtor {
  if (typeof spec === 'string') {
    const path = join(ROOT, 'fixtures', 'debtors', `${spec}.json`);
    if (!existsSync(path)) throw new Error(`${file}: no debtor fixture "${spec}" (fixtures/debtors/${spec}.json)`);
    return parseDebtor(JSON.parse(readFileSync(path, 'utf8')), path);
  }
  return parseDebtor(spec, `${file} (inline debtor)`);
}

function toDebtorTurn(turn: Turn): DebtorTurn {
  if (typeof turn === 'string') return { kind: 'text', text: turn };
  if ('key' in turn) return { kind: 'dtmf', digit: turn.key };
  if ('silence' in turn) return { kind: 'silence' };
  return { kind: 'hang_up' };
}

// ---- holding a call ----

interface HeldCall {
  readonly record: CallRecord;
  readonly debtor: Debtor;
  readonly ended: boolean;
  readonly disposition: string | undefined;
}

async function holdCall(conversation: Conversation, file: string): Promise<HeldCall> {
  const debtor = loadDebtor(conversation.debtor, file);
  const nowMs = Date.parse(conversation.now);
  const scheduler = new ManualScheduler(nowMs);
  const store = new MemoryCallStore();
  // The default understanding (rules, then the shipped learned model when they are unsure): what a call gets out of the box.
  const runtime = await composeRuntime(loadServerConfig({}), { logger: silentLogger, scheduler, overrides: { speech: false, store } });
  try {
    const flow = runtime.parts.flows.select(debtor, conversation.flow);
    const collect = (): void => undefined;
    const session = await CallSession.start({
      flowName: flow.name,
      machine: flow.machine,
      input: { debtor, locale: conversation.locale, today: todayInZone(new Date(nowMs), debtor.timezone), caller: DEFAULT_CALLER_PROFILES[conversation.locale] },
      understanding: runtime.parts.understanding,
      scripts: runtime.parts.scripts,
      store,
      clock: scheduler,
      channel: 'text',
      effects: { say: collect, hangUp: () => {} },
    });
    for (const turn of conversation.turns) {
      if (session.ended) break;
      scheduler.increment(TURN_GAP_MS);
      const debtorTurn = toDebtorTurn(turn);
      await session.take(debtorTurn);
      if (debtorTurn.kind === 'hang_up') break;
    }
    if (!session.ended) {
      scheduler.increment(TURN_GAP_MS);
      await session.take({ kind: 'hang_up' });
    }
    await session.flush();
    const record = await store.getCall(session.callId);
    if (record === undefined) throw new Error(`${file}: the call's record was not found`);
    return { record, debtor, ended: session.ended, disposition: session.outcome?.disposition };
  } finally {
    await runtime.close();
  }
}

// ---- judging a call ----

interface Step {
  readonly kind: 'bot' | 'debtor';
  readonly state: string;
  readonly text: string;
  readonly promptId?: string;
  readonly intent?: string;
  readonly signals?: readonly string[];
  readonly input?: string;
  readonly digit?: string;
  /** For bot lines: the line as the act predicates see it. */
  readonly line?: BotLine;
  readonly acts?: readonly BotAct[];
}

/** The call as an ordered list of debtor turns and bot lines, with each bot line's acts. */
function stepsOf(events: readonly CallRecordEvent[], context: ActContext): Step[] {
  const steps: Step[] = [];
  let previousBlock: string[] | undefined;
  let block: string[] = [];
  let afterDebtor = false;
  for (const event of events) {
    if (event.type === 'debtor.turn') {
      previousBlock = block;
      block = [];
      afterDebtor = true;
      steps.push({
        kind: 'debtor',
        state: event.state,
        text: event.text,
        input: event.input,
        ...(event.digit !== undefined ? { digit: event.digit } : {}),
        ...(event.nlu !== undefined ? { intent: event.nlu.intent, ...(event.nlu.signals !== undefined ? { signals: event.nlu.signals } : {}) } : {}),
      });
    } else if (event.type === 'bot.said') {
      const line: BotLine = { promptId: event.prompt, text: event.text, firstOfBlock: afterDebtor, ...(previousBlock !== undefined ? { previousBlock } : {}) };
      afterDebtor = false;
      block.push(event.prompt);
      steps.push({ kind: 'bot', state: event.state, text: event.text, promptId: event.prompt, line, acts: actsOf(line, context) });
    }
  }
  return steps;
}

/** Where the call went after the debtor turn at `index`: the first state change before the next turn, if any. */
function nextStateAfter(events: readonly CallRecordEvent[], index: number): string | undefined {
  for (const event of events.slice(index + 1)) {
    if (event.type === 'debtor.turn') return undefined;
    if (event.type === 'state.changed') return event.to;
  }
  return undefined;
}

/** True for a state reached only once the debtor is verified: past the name and any second factor, and not an ending without verification. */
function isVerifiedState(state: string): boolean {
  return !VERIFICATION_STATES.has(state) && !SECOND_FACTOR_STATES.has(state) && !UNVERIFIED_EXITS.has(state);
}

/**
 * Index (in the record's events) at which the debtor's identity counts as confirmed, if it ever
 * does: their "yes" to the name, unless the call then asks for a second factor, in which case the
 * turn that gives the factor and moves the call on.
 */
function confirmationIndex(events: readonly CallRecordEvent[]): number | undefined {
  for (const [index, event] of events.entries()) {
    if (event.type === 'debtor.turn' && VERIFICATION_STATES.has(event.state)) {
      const affirmed = event.nlu?.intent === 'affirm' || (event.input === 'dtmf' && event.digit === '1');
      const next = nextStateAfter(events, index);
      if (affirmed && (next === undefined || !SECOND_FACTOR_STATES.has(next))) return index;
    }
    if (event.type === 'debtor.turn' && SECOND_FACTOR_STATES.has(event.state)) {
      const next = nextStateAfter(events, index);
      if (next !== undefined && isVerifiedState(next)) return index;
    }
    if (event.type === 'state.changed' && (VERIFICATION_STATES.has(event.from) || SECOND_FACTOR_STATES.has(event.from)) && isVerifiedState(event.to)) return index;
  }
  return undefined;
}

/** Index of the first debtor turn that withdraws the identity or says the debtor is someone else. */
function withdrawalIndex(events: readonly CallRecordEvent[]): number | undefined {
  for (const [index, event] of events.entries()) {
    if (event.type !== 'debtor.turn' || event.nlu === undefined) continue;
    const { intent, signals = [] } = event.nlu;
    if (intent === 'third_party' || intent === 'wrong_number' || signals.includes('retraction')) return index;
    if (intent === 'deny' && VERIFICATION_STATES.has(event.state)) return index;
    if (event.input === 'dtmf' && event.digit === '2' && VERIFICATION_STATES.has(event.state)) return index;
  }
  return undefined;
}

function transcriptOf(steps: readonly Step[]): string {
  return steps
    .map((step, index) => {
      const n = String(index + 1).padStart(2, ' ');
      if (step.kind === 'bot') return `${n} bot    [${step.state}] ${step.promptId ?? '?'} {${(step.acts ?? []).join(', ')}}: ${step.text}`;
      const said = step.input === 'dtmf' ? `(key ${step.digit ?? '?'})` : step.input === 'silence' ? '(silence)' : step.text;
      const understood = step.intent !== undefined ? ` <${step.intent}${step.signals !== undefined && step.signals.length > 0 ? ' +' + step.signals.join(',') : ''}>` : '';
      return `${n} debtor [${step.state}] ${said}${understood}`;
    })
    .join('\n');
}

interface Judgement {
  readonly failures: string[];
  readonly steps: Step[];
}

function judge(conversation: Conversation, call: HeldCall): Judgement {
  const { record, debtor } = call;
  const context: ActContext = { debtor, locale: conversation.locale };
  const failures: string[] = [];
  const steps = stepsOf(record.events, context);
  const bot = steps.filter((step) => step.kind === 'bot');
  const firstAct = (act: BotAct): number => bot.findIndex((step) => (step.acts ?? []).includes(act));
  const expectations = conversation.expect;

  // The call ended.
  if (!call.ended || record.outcome === undefined) failures.push('the call did not end');
  const disposition = record.outcome?.disposition ?? call.disposition;
  if (disposition !== expectations.disposition) failures.push(`disposition: expected ${expectations.disposition}, got ${disposition ?? '(none)'}`);

  // The promise.
  if (expectations.promise !== undefined) {
    const promise = record.outcome?.promise;
    if (expectations.promise === null) {
      if (promise !== undefined) failures.push(`promise: expected none, got ${JSON.stringify(promise)}`);
    } else if (promise === undefined) {
      failures.push(`promise: expected ${JSON.stringify(expectations.promise)}, got none`);
    } else {
      for (const key of ['amount', 'date', 'kind', 'installments'] as const) {
        const wanted = expectations.promise[key];
        if (wanted !== undefined && promise[key] !== wanted) failures.push(`promise.${key}: expected ${String(wanted)}, got ${String(promise[key])}`);
      }
    }
  }

  // The escalation: with that reason, or (null) none at all.
  if (expectations.escalation !== undefined) {
    const reason = record.outcome?.escalation?.reason;
    const requested = record.events.filter((event) => event.type === 'escalation.requested').map((event) => event.reason);
    if (expectations.escalation === null) {
      if (reason !== undefined || requested.length > 0) failures.push(`escalation: expected none, got ${reason ?? requested.join(', ')}`);
    } else if (reason !== expectations.escalation.reason) {
      failures.push(`escalation: expected ${expectations.escalation.reason}, got ${reason ?? 'none'}`);
    }
  }

  // Flags: those expected must be among those recorded.
  const outcome = record.outcome as { readonly flags?: readonly { readonly kind: string; readonly detail?: string }[] } | undefined;
  const recorded = (outcome?.flags ?? []).map((flag) => flag.kind);
  for (const flag of expectations.flags ?? []) {
    if (!recorded.includes(flag)) failures.push(`flag "${flag}" not recorded (recorded: ${recorded.length > 0 ? recorded.join(', ') : 'none'})`);
  }

  // Acts.
  for (const act of expectations.says ?? []) if (firstAct(act) < 0) failures.push(`the bot never performed "${act}"`);
  for (const act of expectations.neverSays ?? []) {
    const at = firstAct(act);
    if (at >= 0) failures.push(`the bot performed "${act}", which it must not (${bot[at]?.promptId ?? '?'}: ${bot[at]?.text ?? ''})`);
  }
  for (const [first, second] of expectations.order ?? []) {
    const a = firstAct(first);
    const b = firstAct(second);
    if (a < 0 || b < 0) failures.push(`order ${first} < ${second}: ${a < 0 ? `"${first}"` : `"${second}"`} never happened`);
    // One line may do both (the mini-Miranda in the sentence that first names the creditor): it is then not late.
    else if (a > b) failures.push(`order: "${first}" (line ${a + 1}) must come before "${second}" (line ${b + 1})`);
  }

  // Global rules: no debt detail before confirmation or after a withdrawal.
  const confirmedAt = confirmationIndex(record.events);
  const withdrawnAt = withdrawalIndex(record.events);
  for (const [index, event] of record.events.entries()) {
    if (event.type !== 'bot.said') continue;
    const line: BotLine = { promptId: event.prompt, text: event.text };
    if (!lineIs('debt_details', line, context)) continue;
    if (confirmedAt === undefined || index < confirmedAt) failures.push(`debt detail before the debtor confirmed their identity: ${event.prompt}: ${event.text}`);
    else if (withdrawnAt !== undefined && index > withdrawnAt) failures.push(`debt detail after the debtor withdrew their identity or said they are someone else: ${event.prompt}: ${event.text}`);
  }
  if (bot.length > MAX_BOT_LINES) failures.push(`${bot.length} bot lines (at most ${MAX_BOT_LINES})`);
  return { failures, steps };
}

// ---- the suite ----

const files = OTHER_DIR !== undefined && OTHER_DIR !== '' ? loadFiles(resolve(OTHER_DIR), true) : [...loadFiles(HERE, false), ...loadFiles(BLIND, true)];
const results = new Map<string, { blind: boolean; passed: boolean }>();
/** Per call that states an escalation expectation: what it wanted and what the call did. */
const escalations = new Map<string, { readonly locale: string; readonly wanted: string | null; readonly got: string | null }>();

afterAll(() => {
  const tally = (blind: boolean): string => {
    const all = [...results.values()].filter((result) => result.blind === blind);
    return `${all.filter((result) => result.passed).length}/${all.length}`;
  };
  const all = [...results.values()];
  console.log(`conversations: ${all.filter((result) => result.passed).length}/${all.length} passed (non-blind ${tally(false)}, blind ${tally(true)}); known gaps: ${Object.keys(KNOWN_GAPS).length}`);
  if (escalations.size > 0) console.log(escalationTally());
});

/**
 * Of the calls that state `expect.escalation`, per locale: triggers caught (escalated with the
 * reason wanted), caught with another reason, missed, and false escalations (wanted none).
 */
function escalationTally(): string {
  const lines = ['escalations (calls with expect.escalation):'];
  for (const locale of LOCALES) {
    const calls = [...escalations.values()].filter((call) => call.locale === locale);
    if (calls.length === 0) continue;
    const triggers = calls.filter((call) => call.wanted !== null);
    const quiet = calls.filter((call) => call.wanted === null);
    const caught = triggers.filter((call) => call.got === call.wanted).length;
    const otherReason = triggers.filter((call) => call.got !== null && call.got !== call.wanted).length;
    const missed = triggers.filter((call) => call.got === null).length;
    const falseAlarms = quiet.filter((call) => call.got !== null).length;
    lines.push(`  ${locale}: caught ${caught}/${triggers.length} (other reason ${otherReason}, missed ${missed}); false escalations ${falseAlarms}/${quiet.length}`);
  }
  return lines.join('\n');
}

describe('bot acts', () => {
  it('classify every prompt of the scripts library (an act or the neutral list)', () => {
    const classified = classifiedPromptIds();
    const unclassified = defaultScriptsLibrary().promptIds().filter((id) => !classified.has(id));
    expect(unclassified, 'prompts that perform no act and are not listed as neutral in bot-acts.ts').toEqual([]);
  });

  it('name only prompts that exist', () => {
    const known = new Set(defaultScriptsLibrary().promptIds());
    expect([...classifiedPromptIds()].filter((id) => !known.has(id))).toEqual([]);
  });

  it('give unknown prompt ids no act by id', () => {
    const debtor = parseDebtor(JSON.parse(readFileSync(join(ROOT, 'fixtures', 'debtors', 'en-US-early.json'), 'utf8')));
    expect(actsOf({ promptId: 'system.something_new', text: 'Please hold.' }, { debtor, locale: 'en-US' })).toEqual([]);
  });
});

// Known gaps (known-gaps.ts) run like every other call; the test fails the moment one of them
// passes, so the list is taken down as the product catches up. The summary counts them.

describe('conversations', () => {
  it('exist', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.skipIf(OTHER_DIR !== undefined && OTHER_DIR !== '')('list as known gaps only calls that exist', () => {
    const names = new Set(files.map((file) => file.name));
    expect(Object.keys(KNOWN_GAPS).filter((name) => !names.has(name))).toEqual([]);
  });

  for (const file of files) {
    const conversation = file.conversation;
    const title = `${file.name}${conversation !== undefined ? ` — ${conversation.description}` : ''}`;
    it(title, async () => {
      results.set(file.name, { blind: file.blind, passed: false });
      if (conversation === undefined) throw new Error(file.error ?? `${file.name}: invalid`);
      const call = await holdCall(conversation, file.name);
      if (conversation.expect.escalation !== undefined) {
        escalations.set(file.name, { locale: conversation.locale, wanted: conversation.expect.escalation?.reason ?? null, got: call.record.outcome?.escalation?.reason ?? null });
      }
      const { failures, steps } = judge(conversation, call);
      // CONVERSATIONS_VERBOSE=1 prints every call's transcript, passed or not.
      if (process.env['CONVERSATIONS_VERBOSE'] === '1') console.log(`${file.name}\n${transcriptOf(steps)}\n  outcome: ${JSON.stringify(call.record.outcome ?? null)}`);
      const gap = KNOWN_GAPS[file.name];
      if (gap !== undefined) {
        // A known gap must still be one: when the product closes it, the list must say so.
        expect(failures, `${file.name} now passes: remove it from known-gaps.ts (${gap})`).not.toEqual([]);
        return;
      }
      if (failures.length > 0) {
        const message = [
          `${file.name}: ${conversation.description}`,
          ...failures.map((failure) => `  ✗ ${failure}`),
          `  outcome: ${JSON.stringify(call.record.outcome ?? null)}`,
          '  transcript:',
          transcriptOf(steps).replace(/^/gm, '    '),
        ].join('\n');
        throw new Error(message);
      }
      results.set(file.name, { blind: file.blind, passed: true });
    });
  }
});
