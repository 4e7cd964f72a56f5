import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeRuntime } from '../../src/app/compose-runtime.js';
import { CallSession } from '../../src/call/call-session.js';
import { DEFAULT_CALLER_PROFILES } from '../../src/call/caller-profile.js';
import type { DebtorTurn } from '../../src/call/debtor-turn.js';
import { todayInZone } from '../../src/domain/calendar.js';
import { parseDebtor, type Debtor } from '../../src/domain/debtor.js';
import { isLocale, type Locale } from '../../src/domain/locale.js';
import { silentLogger } from '../../src/log/logger.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import type { CallRecord } from '../../src/store/call-record.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { ManualScheduler } from '../../src/time/scheduler.js';

const ROOT = join(import.meta.dirname, '..', '..');
export const CONVERSATIONS_DIR = join(ROOT, 'test', 'conversations');
/** As test/conversations/run-conversations.test.ts holds them: one turn every 3 s of the call's clock. */
const TURN_GAP_MS = 3000;

/** The parts of a conversation file (test/conversations/README.md) a call is held from. */
export interface ConversationCall {
  readonly name: string;
  readonly locale: Locale;
  readonly debtor: Debtor;
  readonly flow?: string;
  readonly now: string;
  readonly turns: readonly DebtorTurn[];
}

type Turn = string | { readonly key: string } | { readonly silence: true } | { readonly hangup: true };

function toDebtorTurn(turn: Turn): DebtorTurn {
  if (typeof turn === 'string') return { kind: 'text', text: turn };
  if ('key' in turn) return { kind: 'dtmf', digit: turn.key };
  if ('silence' in turn) return { kind: 'silence' };
  return { kind: 'hang_up' };
}

function readConversation(path: string, name: string): ConversationCall {
  const file = JSON.parse(readFileSync(path, 'utf8')) as { locale: string; debtor: unknown; flow?: string; now: string; turns: Turn[] };
  if (!isLocale(file.locale)) throw new Error(`${name}: bad locale`);
  const debtor = typeof file.debtor === 'string'
    ? parseDebtor(JSON.parse(readFileSync(join(ROOT, 'fixtures', 'debtors', `${file.debtor}.json`), 'utf8')))
    : parseDebtor(file.debtor, name);
  return { name, locale: file.locale, debtor, ...(file.flow !== undefined ? { flow: file.flow } : {}), now: file.now, turns: file.turns.map(toDebtorTurn) };
}

/** Every conversation of the shipped suite: the folder's files, then `blind/`'s. */
export function shippedConversations(): ConversationCall[] {
  const read = (dir: string, prefix: string): ConversationCall[] =>
    existsSync(dir) ? readdirSync(dir).filter((name) => name.endsWith('.json')).sort().map((name) => readConversation(join(dir, name), `${prefix}${name}`)) : [];
  return [...read(CONVERSATIONS_DIR, ''), ...read(join(CONVERSATIONS_DIR, 'blind'), 'blind/')];
}

/** Holds one conversation through the real runtime on a simulated clock, as the suite does, and returns its record. */
export async function holdConversation(conversation: ConversationCall): Promise<CallRecord> {
  const nowMs = Date.parse(conversation.now);
  const scheduler = new ManualScheduler(nowMs);
  const store = new MemoryCallStore();
  const runtime = await composeRuntime(loadServerConfig({}), { logger: silentLogger, scheduler, overrides: { speech: false, store } });
  try {
    const { debtor, locale } = conversation;
    const flow = runtime.parts.flows.select(debtor, conversation.flow);
    const session = await CallSession.start({
      flowName: flow.name,
      machine: flow.machine,
      input: { debtor, locale, today: todayInZone(new Date(nowMs), debtor.timezone), caller: DEFAULT_CALLER_PROFILES[locale] },
      understanding: runtime.parts.understanding,
      scripts: runtime.parts.scripts,
      store,
      clock: scheduler,
      channel: 'text',
      effects: { say: () => undefined, hangUp: () => undefined },
    });
    for (const turn of conversation.turns) {
      if (session.ended) break;
      scheduler.increment(TURN_GAP_MS);
      await session.take(turn);
      if (turn.kind === 'hang_up') break;
    }
    if (!session.ended) {
      scheduler.increment(TURN_GAP_MS);
      await session.take({ kind: 'hang_up' });
    }
    await session.flush();
    const record = await store.getCall(session.callId);
    if (record === undefined) throw new Error(`${conversation.name}: no record`);
    return record;
  } finally {
    await runtime.close();
  }
}
