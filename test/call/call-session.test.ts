import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { earlyStageFlow, SHIPPED_FLOWS } from '../../flows/index.js';
import { CallSession, type CallSessionOptions } from '../../src/call/call-session.js';
import { ManualClock } from '../../src/time/clock.js';
import { defaultScriptsLibrary } from '../../src/scripts/index.js';
import { MemoryCallStore, SqliteCallStore, type CallStore } from '../../src/store/index.js';
import { collectingEffects, fixtureInput, rulesUnderstanding } from '../support/fixtures.js';
import type { RenderedPrompt } from '../../src/scripts/scripts-library.js';
import type { TurnUnderstanding } from '../../src/call/session-ports.js';
import type { TurnContext } from '../../src/understanding/index.js';

// Wednesday 2026-03-11, 10:00 in New York.
const START_MS = Date.parse('2026-03-11T15:00:00Z');

function options(store: CallStore, clock = new ManualClock(START_MS), name = 'en-US-early'): CallSessionOptions {
  const input = fixtureInput(name);
  const flow = SHIPPED_FLOWS.select(input.debtor);
  return { flowName: flow.name, machine: flow.machine, input, understanding: rulesUnderstanding(), scripts: defaultScriptsLibrary(), store, clock, effects: collectingEffects() };
}

describe('CallSession', () => {
  it('holds a whole call in English and records every step in order', async () => {
    const store = new MemoryCallStore();
    const clock = new ManualClock(START_MS);
    const prompts: RenderedPrompt[] = [];
    const session = await CallSession.start({ ...options(store, clock), effects: collectingEffects(prompts) });
    const said = (): string[] => prompts.map((prompt) => prompt.promptId);
    expect(said()).toEqual(['opening.greeting']);
    for (const text of ['yes speaking', 'i can pay two hundred dollars on friday', 'yes that is right']) {
      clock.increment(4000);
      await session.take({ kind: 'text', text });
    }
    expect(session.ended).toBe(true);
    // Friday after Wednesday 2026-03-11.
    expect(session.outcome).toEqual({ disposition: 'PTP', promise: { amount: 200, date: '2026-03-13', kind: 'single' } });
    expect(said().at(-1)).toBe('closing.payment_channel');

    const record = await store.getCall(session.callId);
    expect(record?.disposition).toBe('PTP');
    const types = record?.events.map((event) => event.type) ?? [];
    expect(types[0]).toBe('call.started');
    expect(types.at(-1)).toBe('call.ended');
    expect(types).toContain('promise.captured');
    const turns = record?.events.filter((event) => event.type === 'debtor.turn') ?? [];
    expect(turns.map((turn) => (turn.type === 'debtor.turn' ? turn.nlu?.intent : undefined))).toEqual(['affirm', 'promise_to_pay', 'affirm']);
    const times = record?.events.map((event) => event.atMs) ?? [];
    expect(times[0]).toBe(START_MS);
    expect(times.at(-1)).toBe(START_MS + 12_000);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
  });

  it('holds a call in Chinese through the same flow kit', async () => {
    const store = new MemoryCallStore();
    const session = await CallSession.start(options(store, new ManualClock(Date.parse('2026-03-11T02:00:00Z')), 'zh-CN-early'));
    for (const text of ['是我', '我下周五还两千', '这周五吧', '对']) await session.take({ kind: 'text', text });
    // 下周五 (Friday of the following week, 2026-03-20) is past the 7 days the policy allows, so the
    // bot asks for another date; 这周五 is 2026-03-13.
    expect(session.outcome).toEqual({ disposition: 'PTP', promise: { amount: 2000, date: '2026-03-13', kind: 'single' } });
    expect(session.transcript.filter((entry) => entry.speaker === 'bot').map((entry) => entry.text)).toContainEqual(expect.stringContaining('3月18日'));
    expect(session.transcript[0]?.text).toContain('张伟');
    expect(session.transcript.at(-1)?.speaker).toBe('bot');
  });

  it('treats empty text as silence and ends politely after two', async () => {
    const session = await CallSession.start(options(new MemoryCallStore()));
    await session.take({ kind: 'text', text: '   ' });
    await session.take({ kind: 'silence' });
    expect(session.outcome?.disposition).toBe('NO_RESPONSE');
  });

  it('rejects a malformed turn and a turn after the end without touching the record', async () => {
    expect.assertions(4);
    const store = new MemoryCallStore();
    const session = await CallSession.start(options(store));
    await expect(session.take({ kind: 'dtmf', digit: '12' })).rejects.toMatchObject({ code: 'DUN_ERR_CALL_EVENT_REJECTED' });
    await session.take({ kind: 'hang_up' });
    const before = (await store.getCall(session.callId))?.events.length;
    await expect(session.take({ kind: 'text', text: 'hello?' })).rejects.toMatchObject({ code: 'DUN_ERR_CALL_EVENT_REJECTED' });
    expect((await store.getCall(session.callId))?.events.length).toBe(before);
    expect(session.outcome?.disposition).toBe('HUNG_UP');
  });

  it('goes on with the call when the store fails, counting the failed writes', async () => {
    const store = new MemoryCallStore();
    const failing: CallStore = Object.assign(Object.create(store) as CallStore, {
      append: async () => {
        throw new Error('disk full');
      },
    });
    let reported = 0;
    const session = await CallSession.start({ ...options(failing), machine: earlyStageFlow, onWriteError: () => (reported += 1) });
    await session.take({ kind: 'text', text: 'yes' });
    await session.take({ kind: 'text', text: 'i need to talk to a real person' });
    expect(session.outcome?.disposition).toBe('ESCALATED');
    // One failed write per step: the opening, then each turn.
    expect(session.failedWrites).toBe(3);
    expect(reported).toBe(session.failedWrites);
  });

  it('writes what one step records in one append, in order', async () => {
    const store = new MemoryCallStore();
    const appends: number[] = [];
    const counting: CallStore = Object.assign(Object.create(store) as CallStore, {
      append: async (callId: string, ...events: Parameters<CallStore['append']>[1][]) => {
        appends.push(events.length);
        await store.append(callId, ...events);
      },
    });
    const session = await CallSession.start(options(counting));
    await session.take({ kind: 'text', text: 'yes this is john' });
    await session.flush();
    const record = await store.getCall(session.callId);
    // The opening (call.started, state.changed, bot.said…) and the turn (debtor.turn, state.changed, bot.said…).
    expect(appends).toHaveLength(2);
    expect(appends.every((count) => count > 1)).toBe(true);
    expect(record?.events.map((event) => event.type)).toEqual(expect.arrayContaining(['call.started', 'debtor.turn', 'bot.said']));
    expect(record?.events).toHaveLength(appends.reduce((sum, count) => sum + count, 0));
    expect(record?.events[0]?.type).toBe('call.started');
  });

  it('keeps everything up to the last entry when a call is cut off midway', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'dunbot-session-')), 'calls.db');
    const store = SqliteCallStore.open(path);
    const session = await CallSession.start(options(store));
    await session.take({ kind: 'text', text: 'yes this is john' });
    await session.take({ kind: 'text', text: 'how much do i owe' });
    // The process dies here: no hang-up, no outcome.
    await store.close();
    const reopened = SqliteCallStore.open(path);
    const record = await reopened.getCall(session.callId);
    await reopened.close();
    expect(record?.disposition).toBeUndefined();
    // The last step's lines, then the timing of its answer, which a text call has as soon as it is said.
    const [lastSaid, last] = record?.events.slice(-2) ?? [];
    expect(lastSaid?.type).toBe('bot.said');
    expect(lastSaid?.type === 'bot.said' ? lastSaid.prompt : undefined).toBe('early.ask_payment');
    expect(last).toMatchObject({ type: 'turn.timing', turn: 2 });
    expect(record?.events.filter((event) => event.type === 'debtor.turn')).toHaveLength(2);
  });

  it('closes the record it opened when the flow cannot start, instead of leaving it open', async () => {
    const store = new MemoryCallStore();
    const broken = defaultScriptsLibrary();
    const scripts = { ...broken, render: () => { throw new TypeError('the greeting cannot be rendered'); } };
    await expect(CallSession.start({ ...options(store), scripts })).rejects.toThrow('cannot be rendered');
    const [summary] = await store.listCalls();
    const record = summary === undefined ? undefined : await store.getCall(summary.callId);
    expect(record?.disposition).toBe('SYSTEM_FAILURE');
    expect(record?.events.find((event) => event.type === 'call.note')).toMatchObject({ code: 'DUN_NOTE_START_FAILED' });
  });

  it('lets the runtime end a call outside the flow, keeping what was recorded, once', async () => {
    const store = new MemoryCallStore();
    const session = await CallSession.start(options(store));
    await session.take({ kind: 'text', text: 'yes speaking' });
    await session.endByRuntime('DUN_NOTE_SHUTDOWN', 'the server shut down');
    await session.endByRuntime('DUN_NOTE_SHUTDOWN', 'twice');
    expect(session.ended).toBe(true);
    expect(session.outcome).toEqual({ disposition: 'SYSTEM_FAILURE' });
    await expect(session.take({ kind: 'text', text: 'hello?' })).rejects.toMatchObject({ code: 'DUN_ERR_CALL_EVENT_REJECTED' });
    const record = await store.getCall(session.callId);
    expect(record?.disposition).toBe('SYSTEM_FAILURE');
    expect(record?.events.filter((event) => event.type === 'call.note')).toHaveLength(1);
    expect(record?.events.some((event) => event.type === 'debtor.turn')).toBe(true);
    expect(record?.events.at(-1)?.type).toBe('call.ended');
  });
});

describe('CallSession understanding', () => {
  it('gives the understanding stage what a good listener knows at that moment of the call', async () => {
    const contexts: TurnContext[] = [];
    const rules = rulesUnderstanding();
    const understanding: TurnUnderstanding = {
      understand: (utterance, context) => {
        contexts.push(context);
        return rules.understand(utterance, context);
      },
    };
    const clock = new ManualClock(START_MS);
    const session = await CallSession.start({ ...options(new MemoryCallStore(), clock), understanding });
    clock.increment(3000);
    await session.take({ kind: 'text', text: 'yes speaking' });
    await session.take({ kind: 'text', text: 'i can pay two hundred dollars on friday' });
    const [atVerification, atPayment] = contexts;
    expect(atVerification).toMatchObject({ locale: 'en-US', nowMs: START_MS + 3000, timeZone: 'America/New_York', lastPrompt: { id: 'opening.greeting' } });
    expect(atVerification?.debtorNames).toEqual(expect.arrayContaining(['John Smith', 'John', 'Smith']));
    expect(atVerification?.expected.intents).toContain('affirm');
    // The question about payment expects an amount and a date: the listener knows what to listen for.
    expect(atPayment?.expected.slots).toEqual(expect.arrayContaining(['amount', 'date']));
    expect(atPayment?.lastPrompt?.id).toBe('early.ask_payment');
  });

  it('waits for an understanding that takes its time, and drops the turn if the call was ended meanwhile', async () => {
    let release: (() => void) | undefined;
    const rules = rulesUnderstanding();
    const understanding: TurnUnderstanding = {
      understand: async (utterance, context) => {
        await new Promise<void>((resolve) => (release = resolve));
        return rules.understand(utterance, context);
      },
    };
    const store = new MemoryCallStore();
    const session = await CallSession.start({ ...options(store), understanding });
    const turn = session.take({ kind: 'text', text: 'yes speaking' });
    await new Promise((resolve) => setImmediate(resolve));
    await session.endByRuntime('DUN_NOTE_SHUTDOWN', 'the server shut down while the call was live');
    release?.();
    await turn;
    const record = await store.getCall(session.callId);
    expect(record?.disposition).toBe('SYSTEM_FAILURE');
    expect(record?.events.some((event) => event.type === 'debtor.turn')).toBe(false);
  });
});

describe('CallSession and a resting understander', () => {
  it('notes once in the record that the call went on without it', async () => {
    const rules = rulesUnderstanding();
    const understanding: TurnUnderstanding = {
      understand: async (utterance, context) => ({ ...(await rules.understand(utterance, context)), unavailable: ['llm'] }),
    };
    const store = new MemoryCallStore();
    const session = await CallSession.start({ ...options(store), understanding });
    await session.take({ kind: 'text', text: 'yes speaking' });
    await session.take({ kind: 'text', text: 'how much do i owe' });
    const notes = (await store.getCall(session.callId))?.events.filter((event) => event.type === 'call.note') ?? [];
    expect(notes).toEqual([expect.objectContaining({ code: 'DUN_NOTE_UNDERSTANDER_UNAVAILABLE', message: expect.stringContaining('llm') })]);
  });
});
