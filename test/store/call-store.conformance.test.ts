import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIST_LIMIT,
  MAX_ENTRY_BYTES,
  MAX_LIST_LIMIT,
  MemoryCallStore,
  SqliteCallStore,
  type CallOutcome,
  type CallRecordEvent,
  type CallStart,
  type CallStore,
} from '../../src/store/index.js';

const START_MS = Date.parse('2026-03-11T15:00:00Z');

const IMPLEMENTATIONS: ReadonlyArray<{ readonly name: string; readonly open: () => CallStore }> = [
  { name: 'MemoryCallStore', open: () => new MemoryCallStore() },
  { name: 'SqliteCallStore in memory', open: () => SqliteCallStore.open(':memory:') },
  { name: 'SqliteCallStore in a file', open: () => SqliteCallStore.open(join(mkdtempSync(join(tmpdir(), 'dunbot-store-')), 'calls.db')) },
];

function callStart(callId: string, startedAtMs = START_MS): CallStart {
  return { callId, debtorId: 'D-1001', flow: 'early', locale: 'en-US', channel: 'voice', startedAtMs };
}

/** One entry of every kind, with every optional field somewhere. */
const EVERY_KIND: readonly CallRecordEvent[] = [
  { type: 'call.started', atMs: START_MS, flow: 'early', locale: 'en-US', debtorId: 'D-1001', state: 'verify' },
  { type: 'bot.said', atMs: START_MS + 10, state: 'verify', prompt: 'opening.greeting', text: 'Hello, is this John?', vars: { name: 'John', amount: 200 } },
  { type: 'bot.said', atMs: START_MS + 20, state: 'verify', prompt: 'opening.repeat', text: 'Sorry?' },
  { type: 'debtor.turn', atMs: START_MS + 30, state: 'verify', input: 'speech', text: 'yes', nlu: { intent: 'affirm', confidence: 0.92, entities: {} } },
  { type: 'debtor.turn', atMs: START_MS + 40, state: 'ask', input: 'dtmf', text: '', digit: '1' },
  { type: 'debtor.turn', atMs: START_MS + 50, state: 'ask', input: 'text', text: '200 on friday', nlu: { intent: 'promise_to_pay', confidence: 0.8, entities: { amount: 200, date: '2026-03-13' } } },
  { type: 'state.changed', atMs: START_MS + 60, from: 'verify', to: 'ask', cause: 'user.said' },
  { type: 'promise.captured', atMs: START_MS + 70, amount: 200, date: '2026-03-13', kind: 'plan', installments: 3 },
  { type: 'escalation.requested', atMs: START_MS + 80, reason: 'request_human', state: 'ask' },
  { type: 'event.rejected', atMs: START_MS + 90, code: 'DUN_ERR_CALL_EVENT_REJECTED', message: 'call already ended' },
  { type: 'call.ended', atMs: START_MS + 100, disposition: 'PTP', state: 'closing' },
];

const OUTCOME: CallOutcome = {
  disposition: 'PTP',
  endedAtMs: START_MS + 100,
  promise: { amount: 200, date: '2026-03-13', kind: 'plan', installments: 3 },
  escalation: { reason: 'request_human' },
};

function said(atMs: number, text: string): CallRecordEvent {
  return { type: 'bot.said', atMs, state: 'verify', prompt: 'opening.greeting', text };
}

describe.each(IMPLEMENTATIONS)('CallStore conformance: $name', ({ open }) => {
  async function withStore(test: (store: CallStore) => Promise<void>): Promise<void> {
    const store = open();
    try {
      await test(store);
    } finally {
      await store.close();
    }
  }

  it('records a call from start to finish and gives back the whole record', () =>
    withStore(async (store) => {
      await store.startCall(callStart('c1'));
      for (const event of EVERY_KIND) await store.append('c1', event);
      await store.finishCall('c1', OUTCOME);
      expect(await store.getCall('c1')).toEqual({
        ...callStart('c1'),
        endedAtMs: OUTCOME.endedAtMs,
        disposition: 'PTP',
        eventCount: EVERY_KIND.length,
        outcome: OUTCOME,
        events: EVERY_KIND,
      });
    }));

  it('gives back an open call with its entries and no outcome', () =>
    withStore(async (store) => {
      await store.startCall(callStart('open'));
      await store.append('open', said(START_MS, 'hello'));
      const record = await store.getCall('open');
      expect(record).toEqual({ ...callStart('open'), eventCount: 1, events: [said(START_MS, 'hello')] });
      expect(record?.disposition).toBeUndefined();
      expect(record?.endedAtMs).toBeUndefined();
      expect(record?.outcome).toBeUndefined();
    }));

  it('keeps entries in the order they were appended, even with equal or falling timestamps', () =>
    withStore(async (store) => {
      await store.startCall(callStart('c1'));
      const texts = Array.from({ length: 50 }, (_, index) => `line ${index}`);
      // Appends issued back to back, without waiting in between, still land in call order.
      await Promise.all(texts.map((text, index) => store.append('c1', said(START_MS + (index % 3 === 0 ? 0 : 100 - index), text))));
      const record = await store.getCall('c1');
      expect(record?.events.map((event) => (event.type === 'bot.said' ? event.text : event.type))).toEqual(texts);
      expect(record?.eventCount).toBe(50);
    }));

  it('keeps the entries of interleaved calls apart', () =>
    withStore(async (store) => {
      await store.startCall(callStart('a'));
      await store.startCall(callStart('b'));
      for (const index of [1, 2, 3]) {
        await store.append('a', said(START_MS + index, `a${index}`));
        await store.append('b', said(START_MS + index, `b${index}`));
      }
      const texts = async (callId: string): Promise<string[]> => ((await store.getCall(callId))?.events ?? []).map((event) => (event.type === 'bot.said' ? event.text : ''));
      expect(await texts('a')).toEqual(['a1', 'a2', 'a3']);
      expect(await texts('b')).toEqual(['b1', 'b2', 'b3']);
    }));

  it('resolves undefined for a call it does not have', () =>
    withStore(async (store) => {
      expect(await store.getCall('nope')).toBeUndefined();
    }));

  it('drops fields a record entry does not have', () =>
    withStore(async (store) => {
      await store.startCall(callStart('c1'));
      const withExtra = { ...said(START_MS, 'hi'), debugPayload: 'secret' };
      await store.append('c1', withExtra);
      expect((await store.getCall('c1'))?.events).toEqual([said(START_MS, 'hi')]);
    }));

  it('lists the most recent calls first with their entry counts', () =>
    withStore(async (store) => {
      await store.startCall(callStart('old', START_MS - 60_000));
      await store.startCall(callStart('new', START_MS + 60_000));
      await store.startCall(callStart('middle', START_MS));
      await store.startCall(callStart('middle-later', START_MS));
      await store.append('new', said(START_MS + 60_000, 'one'));
      await store.append('new', said(START_MS + 60_001, 'two'));
      await store.finishCall('old', { disposition: 'NO_RESPONSE', endedAtMs: START_MS - 30_000 });
      const calls = await store.listCalls();
      // Calls started in the same millisecond list the later-started one first.
      expect(calls.map((call) => call.callId)).toEqual(['new', 'middle-later', 'middle', 'old']);
      expect(calls[0]).toEqual({ ...callStart('new', START_MS + 60_000), eventCount: 2 });
      expect(calls[3]).toEqual({ ...callStart('old', START_MS - 60_000), endedAtMs: START_MS - 30_000, disposition: 'NO_RESPONSE', eventCount: 0 });
      expect(await store.listCalls({ limit: 2 })).toHaveLength(2);
    }));

  it(`lists ${DEFAULT_LIST_LIMIT} calls by default and up to ${MAX_LIST_LIMIT} when asked`, () =>
    withStore(async (store) => {
      for (let index = 0; index < DEFAULT_LIST_LIMIT + 5; index += 1) await store.startCall(callStart(`c${index}`, START_MS + index));
      const listed = await store.listCalls();
      expect(listed).toHaveLength(DEFAULT_LIST_LIMIT);
      expect(listed[0]?.callId).toBe(`c${DEFAULT_LIST_LIMIT + 4}`);
      expect(await store.listCalls({ limit: MAX_LIST_LIMIT })).toHaveLength(DEFAULT_LIST_LIMIT + 5);
      expect(await store.listCalls({ limit: 1 })).toHaveLength(1);
    }));

  it('refuses a list limit that is not a whole number from 1 to the maximum', async () => {
    expect.assertions(4);
    await withStore(async (store) => {
      for (const limit of [0, -1, 1.5, MAX_LIST_LIMIT + 1]) {
        await expect(store.listCalls({ limit })).rejects.toMatchObject({ code: 'DUN_ERR_CONFIG_INVALID' });
      }
    });
  });

  it('refuses to start a call whose id exists, keeping the first', async () => {
    expect.assertions(2);
    await withStore(async (store) => {
      await store.startCall(callStart('c1'));
      await store.append('c1', said(START_MS, 'kept'));
      await expect(store.startCall({ ...callStart('c1'), debtorId: 'someone-else' })).rejects.toMatchObject({ code: 'DUN_ERR_STORE_WRITE', message: expect.stringContaining('c1') });
      expect(await store.getCall('c1')).toEqual({ ...callStart('c1'), eventCount: 1, events: [said(START_MS, 'kept')] });
    });
  });

  it('refuses to append to or finish a call that was never started', async () => {
    expect.assertions(3);
    await withStore(async (store) => {
      await expect(store.append('ghost', said(START_MS, 'hello'))).rejects.toMatchObject({ code: 'DUN_ERR_STORE_WRITE', message: expect.stringContaining('ghost') });
      await expect(store.finishCall('ghost', OUTCOME)).rejects.toMatchObject({ code: 'DUN_ERR_STORE_WRITE', message: expect.stringContaining('ghost') });
      expect(await store.listCalls()).toEqual([]);
    });
  });

  it('refuses to append to or finish a finished call, keeping what it has', async () => {
    expect.assertions(3);
    await withStore(async (store) => {
      await store.startCall(callStart('done'));
      await store.append('done', said(START_MS, 'bye'));
      await store.finishCall('done', OUTCOME);
      const before = await store.getCall('done');
      await expect(store.append('done', said(START_MS + 1, 'late'))).rejects.toMatchObject({ code: 'DUN_ERR_STORE_WRITE', message: expect.stringContaining('done') });
      await expect(store.finishCall('done', { disposition: 'HUNG_UP', endedAtMs: START_MS + 5 })).rejects.toMatchObject({ code: 'DUN_ERR_STORE_WRITE' });
      expect(await store.getCall('done')).toEqual(before);
    });
  });

  it('refuses entries, starts and outcomes that break the record schema', async () => {
    expect.assertions(5);
    await withStore(async (store) => {
      await store.startCall(callStart('c1'));
      await expect(store.append('c1', said(Number.NaN, 'no time'))).rejects.toMatchObject({ code: 'DUN_ERR_STORE_WRITE', message: expect.stringContaining('c1') });
      await expect(store.startCall(callStart(''))).rejects.toMatchObject({ code: 'DUN_ERR_STORE_WRITE' });
      await expect(store.finishCall('c1', { disposition: 'PTP', endedAtMs: Number.POSITIVE_INFINITY })).rejects.toMatchObject({ code: 'DUN_ERR_STORE_WRITE' });
      const record = await store.getCall('c1');
      expect(record?.eventCount).toBe(0);
      expect(record?.disposition).toBeUndefined();
    });
  });

  it(`refuses an entry over ${MAX_ENTRY_BYTES} bytes and goes on taking entries`, async () => {
    expect.assertions(2);
    await withStore(async (store) => {
      await store.startCall(callStart('c1'));
      await expect(store.append('c1', said(START_MS, 'x'.repeat(MAX_ENTRY_BYTES)))).rejects.toMatchObject({ code: 'DUN_ERR_STORE_WRITE' });
      await store.append('c1', said(START_MS, 'short'));
      expect((await store.getCall('c1'))?.events).toEqual([said(START_MS, 'short')]);
    });
  });

  it('appends several entries in one call, in order, after those already there', () =>
    withStore(async (store) => {
      await store.startCall(callStart('c1'));
      await store.append('c1', said(START_MS, 'one'));
      await store.append('c1', said(START_MS + 1, 'two'), said(START_MS + 1, 'three'), said(START_MS, 'four'));
      await store.append('c1');
      const record = await store.getCall('c1');
      expect(record?.events.map((event) => (event.type === 'bot.said' ? event.text : event.type))).toEqual(['one', 'two', 'three', 'four']);
    }));

  it('writes the good entries of an append and refuses the bad ones, naming how many', async () => {
    expect.assertions(3);
    await withStore(async (store) => {
      await store.startCall(callStart('c1'));
      await expect(store.append('c1', said(START_MS, 'kept'), said(Number.NaN, 'no time'), said(START_MS + 1, 'also kept'))).rejects.toMatchObject({ code: 'DUN_ERR_STORE_WRITE', message: expect.stringContaining('c1') });
      await expect(store.append('c1', said(Number.NaN, 'a'), said(START_MS, 'x'.repeat(MAX_ENTRY_BYTES)))).rejects.toMatchObject({ code: 'DUN_ERR_STORE_WRITE', message: expect.stringContaining('2 entries refused') });
      expect((await store.getCall('c1'))?.events).toEqual([said(START_MS, 'kept'), said(START_MS + 1, 'also kept')]);
    });
  });

  it('rejects every call after close, and closes twice without complaint', async () => {
    expect.assertions(6);
    const store = open();
    await store.startCall(callStart('c1'));
    await store.close();
    await expect(store.startCall(callStart('c2'))).rejects.toMatchObject({ code: 'DUN_ERR_STORE_WRITE', message: expect.stringContaining('closed') });
    await expect(store.append('c1', said(START_MS, 'hi'))).rejects.toMatchObject({ code: 'DUN_ERR_STORE_WRITE', message: expect.stringContaining('closed') });
    await expect(store.finishCall('c1', OUTCOME)).rejects.toMatchObject({ code: 'DUN_ERR_STORE_WRITE' });
    await expect(store.getCall('c1')).rejects.toMatchObject({ code: 'DUN_ERR_STORE_WRITE' });
    await expect(store.listCalls()).rejects.toMatchObject({ code: 'DUN_ERR_STORE_WRITE' });
    await expect(store.close()).resolves.toBeUndefined();
  });
});
