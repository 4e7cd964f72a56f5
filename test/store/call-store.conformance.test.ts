import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_LIST_LIMIT,
  MAX_ENTRY_BYTES,
  MAX_LIST_LIMIT,
  MemoryCallStore,
  PROCESS_LOST_NOTE,
  SqliteCallStore,
  type CallOutcome,
  type CallOwner,
  type CallOwnership,
  type CallRecordEvent,
  type CallStart,
  type CallStore,
} from '../../src/store/index.js';

const START_MS = Date.parse('2026-03-11T15:00:00Z');

/** Opens stores on one set of records: each call is another process opening them, when `shares` says the records can be shared. */
type StoreOpener = (options?: CallOwnership) => CallStore;

interface Implementation {
  readonly name: string;
  readonly shares: boolean;
  /** A new, empty set of records, and how to open a store on it. */
  readonly records: () => StoreOpener;
}

const IMPLEMENTATIONS: readonly Implementation[] = [
  {
    name: 'MemoryCallStore',
    shares: true,
    records: () => {
      let first: MemoryCallStore | undefined;
      return (options = {}) => {
        const store = new MemoryCallStore({ ...options, ...(first !== undefined ? { sharedWith: first } : {}) });
        first ??= store;
        return store;
      };
    },
  },
  { name: 'SqliteCallStore in memory', shares: false, records: () => (options) => SqliteCallStore.open(':memory:', options) },
  {
    name: 'SqliteCallStore in a file',
    shares: true,
    records: () => {
      const path = join(mkdtempSync(join(tmpdir(), 'dunbot-store-')), 'calls.db');
      return (options) => SqliteCallStore.open(path, options);
    },
  },
];

function callStart(callId: string, startedAtMs = START_MS): CallStart {
  return { callId, debtorId: 'D-1001', flow: 'early', locale: 'en-US', channel: 'voice', startedAtMs };
}

/** One entry of every kind, with every optional field somewhere. */
const EVERY_KIND: readonly CallRecordEvent[] = [
  { type: 'call.started', atMs: START_MS, flow: 'early', locale: 'en-US', debtorId: 'D-1001', state: 'verify', provider: 'twilio', providerCallId: 'CA0f7a1c9e', providerStreamId: 'MZ18ad3ab5' },
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

describe.each(IMPLEMENTATIONS)('CallStore conformance: $name', ({ records }) => {
  const open = (): CallStore => records()();

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

  it('keeps the provider and its call and stream ids of a voice call in the summary, the list and the record', () =>
    withStore(async (store) => {
      const ids = { provider: 'telnyx', providerCallId: 'v3:u5OAKGEPT3Dx8SZSSDRWEM', providerStreamId: '32de0dc7-61a5-4ad8' };
      await store.startCall({ ...callStart('voice'), ...ids });
      await store.startCall({ ...callStart('vonage', START_MS + 1), provider: 'vonage', providerStreamId: 'generated-1' });
      await store.finishCall('voice', OUTCOME);
      expect(await store.getCall('voice')).toEqual({ ...callStart('voice'), ...ids, endedAtMs: OUTCOME.endedAtMs, disposition: 'PTP', eventCount: 0, outcome: OUTCOME, events: [] });
      const [vonage, voice] = await store.listCalls();
      expect(voice).toEqual({ ...callStart('voice'), ...ids, endedAtMs: OUTCOME.endedAtMs, disposition: 'PTP', eventCount: 0 });
      expect(vonage).toEqual({ ...callStart('vonage', START_MS + 1), provider: 'vonage', providerStreamId: 'generated-1', eventCount: 0 });
      expect(vonage?.providerCallId).toBeUndefined();
    }));

  it('names no provider for a call started without one, such as a text call', () =>
    withStore(async (store) => {
      await store.startCall({ ...callStart('text'), channel: 'text' });
      const record = await store.getCall('text');
      expect([record?.provider, record?.providerCallId, record?.providerStreamId]).toEqual([undefined, undefined, undefined]);
      expect((await store.listCalls())[0]?.provider).toBeUndefined();
    }));

  it('refuses a start with an empty provider or provider id', async () => {
    expect.assertions(4);
    await withStore(async (store) => {
      await expect(store.startCall({ ...callStart('c1'), provider: '' })).rejects.toMatchObject({ code: 'DUN_ERR_STORE_WRITE', message: expect.stringContaining('provider') });
      await expect(store.startCall({ ...callStart('c2'), provider: 'twilio', providerCallId: '' })).rejects.toMatchObject({ code: 'DUN_ERR_STORE_WRITE', message: expect.stringContaining('providerCallId') });
      await expect(store.startCall({ ...callStart('c3'), provider: 'twilio', providerStreamId: '' })).rejects.toMatchObject({ code: 'DUN_ERR_STORE_WRITE', message: expect.stringContaining('providerStreamId') });
      expect(await store.listCalls()).toEqual([]);
    });
  });

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

const HOST = 'host-a';
const RECOVERY_MS = START_MS + 3_600_000;

function owner(pid: number, instanceId = `instance-${pid}`, host = HOST): CallOwner {
  return { host, pid, instanceId };
}

/** A liveness check under which only `pids` are running. */
function alive(...pids: number[]): (pid: number) => boolean {
  return (pid) => pids.includes(pid);
}

/** A record cut off midway, with timestamps out of order: its latest time is START_MS + 60, its last state `ask`. */
const CUT_OFF: readonly CallRecordEvent[] = [
  { type: 'call.started', atMs: START_MS, flow: 'early', locale: 'en-US', debtorId: 'D-1001', state: 'verify' },
  { type: 'bot.said', atMs: START_MS + 20, state: 'verify', prompt: 'opening.greeting', text: 'Hello, is this John?' },
  { type: 'state.changed', atMs: START_MS + 60, from: 'verify', to: 'ask', cause: 'user.said:affirm' },
  { type: 'bot.said', atMs: START_MS + 50, state: 'ask', prompt: 'ask.payment', text: 'Can you pay today?' },
];

function closingEntries(atMs: number, state: string, message: unknown): CallRecordEvent[] {
  return [
    { type: 'call.note', atMs, code: PROCESS_LOST_NOTE, message: message as string },
    { type: 'call.ended', atMs, disposition: 'SYSTEM_FAILURE', state },
  ];
}

/** Opens stores on a set of records, each closed after the test. */
function storesClosedAfterEach(): (opener: StoreOpener, options: CallOwnership) => CallStore {
  const stores: CallStore[] = [];
  afterEach(async () => {
    for (const store of stores.splice(0)) await store.close();
  });
  return (opener, options) => {
    const store = opener(options);
    stores.push(store);
    return store;
  };
}

describe.each(IMPLEMENTATIONS)('CallStore conformance, closing abandoned calls: $name', ({ records }) => {
  const openOn = storesClosedAfterEach();

  it('closes none of its own calls, which stay open for writing', async () => {
    const store = openOn(records(), { owner: owner(101), isProcessAlive: alive(101) });
    await store.startCall(callStart('mine'));
    await store.append('mine', ...CUT_OFF);
    expect(await store.closeAbandonedCalls(RECOVERY_MS)).toEqual({ closedCallIds: [], liveCallCount: 1, otherHostCallCount: 0 });
    await store.append('mine', said(START_MS + 70, 'still here'));
    expect((await store.getCall('mine'))?.disposition).toBeUndefined();
  });

  it('refuses a recovery time that is not a number, and any recovery after close', async () => {
    expect.assertions(2);
    const store = records()({ owner: owner(101) });
    await expect(store.closeAbandonedCalls(Number.NaN)).rejects.toMatchObject({ code: 'DUN_ERR_STORE_WRITE' });
    await store.close();
    await expect(store.closeAbandonedCalls(RECOVERY_MS)).rejects.toMatchObject({ code: 'DUN_ERR_STORE_WRITE', message: expect.stringContaining('closed') });
  });

  it('refuses an owner that is not a host, a positive pid and an instance id', () => {
    expect(() => records()({ owner: { host: '', pid: 0, instanceId: 'x' } })).toThrow(expect.objectContaining({ code: 'DUN_ERR_CONFIG_INVALID' }));
  });

});

/** Several processes on one set of records: only stores whose records other stores can open. */
describe.each(IMPLEMENTATIONS.filter(({ shares }) => shares))('CallStore conformance, closing the abandoned calls of other processes: $name', ({ records }) => {
  const openOn = storesClosedAfterEach();

  it('closes the open calls of a process that is gone as a normal end would: a note, call.ended and SYSTEM_FAILURE at the latest time in the record', async () => {
    const opener = records();
    const gone = openOn(opener, { owner: owner(101), isProcessAlive: alive(101) });
    await gone.startCall(callStart('cut-off'));
    await gone.append('cut-off', ...CUT_OFF);
    await gone.startCall(callStart('finished'));
    await gone.finishCall('finished', { disposition: 'PTP', endedAtMs: START_MS + 10 });
    const finishedBefore = await gone.getCall('finished');

    const restarted = openOn(opener, { owner: owner(102), isProcessAlive: alive(102) });
    expect(await restarted.closeAbandonedCalls(RECOVERY_MS)).toEqual({ closedCallIds: ['cut-off'], liveCallCount: 0, otherHostCallCount: 0 });
    const message = expect.stringMatching(/^the process holding the call \(pid 101 on host-a\) stopped without ending it;.*Closed by pid 102 on host-a at 2026-03-11T16:00:00\.000Z\.$/);
    expect(await restarted.getCall('cut-off')).toEqual({
      ...callStart('cut-off'),
      endedAtMs: START_MS + 60,
      disposition: 'SYSTEM_FAILURE',
      eventCount: CUT_OFF.length + 2,
      outcome: { disposition: 'SYSTEM_FAILURE', endedAtMs: START_MS + 60 },
      events: [...CUT_OFF, ...closingEntries(START_MS + 60, 'ask', message)],
    });
    expect(await restarted.getCall('finished')).toEqual(finishedBefore);
    // The call is closed for its old owner too, and a second recovery finds nothing to do.
    await expect(gone.append('cut-off', said(START_MS + 70, 'late'))).rejects.toMatchObject({ code: 'DUN_ERR_STORE_WRITE' });
    expect((await restarted.closeAbandonedCalls(RECOVERY_MS)).closedCallIds).toEqual([]);
  });

  it('ends a call without entries at its start, in an unknown state, and closes the oldest first', async () => {
    const opener = records();
    const gone = openOn(opener, { owner: owner(101), isProcessAlive: alive(101) });
    await gone.startCall(callStart('later', START_MS + 5));
    await gone.startCall(callStart('bare'));
    const restarted = openOn(opener, { owner: owner(102), isProcessAlive: alive(102) });
    expect((await restarted.closeAbandonedCalls(RECOVERY_MS)).closedCallIds).toEqual(['bare', 'later']);
    const record = await restarted.getCall('bare');
    expect(record?.events).toEqual(closingEntries(START_MS, '(unknown)', expect.any(String)));
    expect(record?.outcome).toEqual({ disposition: 'SYSTEM_FAILURE', endedAtMs: START_MS });
  });

  it('leaves open the calls of a live process on this host, asking about each pid once', async () => {
    const opener = records();
    const sibling = openOn(opener, { owner: owner(101), isProcessAlive: alive(101, 102) });
    await sibling.startCall(callStart('live-1'));
    await sibling.startCall(callStart('live-2'));
    const asked: number[] = [];
    const restarted = openOn(opener, { owner: owner(102), isProcessAlive: (pid) => (asked.push(pid), true) });
    expect(await restarted.closeAbandonedCalls(RECOVERY_MS)).toEqual({ closedCallIds: [], liveCallCount: 2, otherHostCallCount: 0 });
    expect(asked).toEqual([101]);
    await sibling.finishCall('live-1', OUTCOME);
    expect((await restarted.getCall('live-1'))?.disposition).toBe('PTP');
  });

  it('closes the calls of a pid that a later process opened the store with (pid reuse), and leaves that process its own', async () => {
    const opener = records();
    const first = openOn(opener, { owner: owner(101, 'first'), isProcessAlive: alive(101) });
    await first.startCall(callStart('of-first'));
    // The first process died; its pid went to another dunbot, which opened the store and took a call.
    const reuser = openOn(opener, { owner: owner(101, 'reuser'), isProcessAlive: alive(101) });
    await reuser.startCall(callStart('of-reuser'));
    const sibling = openOn(opener, { owner: owner(102), isProcessAlive: alive(101, 102) });
    expect(await sibling.closeAbandonedCalls(RECOVERY_MS)).toEqual({ closedCallIds: ['of-first'], liveCallCount: 1, otherHostCallCount: 0 });
    const [note] = (await sibling.getCall('of-first'))?.events ?? [];
    expect(note).toMatchObject({ type: 'call.note', code: PROCESS_LOST_NOTE, message: expect.stringContaining('its pid now belongs to another process') });
    expect((await sibling.getCall('of-reuser'))?.disposition).toBeUndefined();
  });

  it('closes the calls an earlier process with its own pid left open', async () => {
    const opener = records();
    const before = openOn(opener, { owner: owner(101, 'before'), isProcessAlive: alive(101) });
    await before.startCall(callStart('left-open'));
    const after = openOn(opener, { owner: owner(101, 'after'), isProcessAlive: alive(101) });
    await after.startCall(callStart('own'));
    expect(await after.closeAbandonedCalls(RECOVERY_MS)).toEqual({ closedCallIds: ['left-open'], liveCallCount: 1, otherHostCallCount: 0 });
  });

  it('leaves open and counts the calls held on other hosts, without looking their pids up here', async () => {
    const opener = records();
    const elsewhere = openOn(opener, { owner: owner(101, 'elsewhere', 'host-b'), isProcessAlive: alive(101) });
    await elsewhere.startCall(callStart('remote'));
    const asked: number[] = [];
    const here = openOn(opener, { owner: owner(102), isProcessAlive: (pid) => (asked.push(pid), false) });
    expect(await here.closeAbandonedCalls(RECOVERY_MS)).toEqual({ closedCallIds: [], liveCallCount: 0, otherHostCallCount: 1 });
    expect(asked).toEqual([]);
    expect((await here.getCall('remote'))?.disposition).toBeUndefined();
  });

  it('closes each abandoned call once when two stores recover at once', async () => {
    const opener = records();
    const gone = openOn(opener, { owner: owner(101), isProcessAlive: alive(101) });
    for (const id of ['a', 'b', 'c']) await gone.startCall(callStart(id));
    const one = openOn(opener, { owner: owner(102), isProcessAlive: alive(102, 103) });
    const two = openOn(opener, { owner: owner(103), isProcessAlive: alive(102, 103) });
    const [first, second] = await Promise.all([one.closeAbandonedCalls(RECOVERY_MS), two.closeAbandonedCalls(RECOVERY_MS)]);
    expect([...(first?.closedCallIds ?? []), ...(second?.closedCallIds ?? [])].sort()).toEqual(['a', 'b', 'c']);
    for (const id of ['a', 'b', 'c']) expect((await one.getCall(id))?.events.filter((event) => event.type === 'call.note')).toHaveLength(1);
  });
});
