import { describe, expect, it } from 'vitest';
import { composeRuntime } from '../../src/app/compose-runtime.js';
import { CallSession } from '../../src/call/call-session.js';
import { DEFAULT_CALLER_PROFILES } from '../../src/call/caller-profile.js';
import type { HandoffOutcomeState, Handoff, HandoffAdapter } from '../../src/escalation/handoff.js';
import { silentLogger } from '../../src/log/logger.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import type { CallRecord, CallRecordEvent } from '../../src/store/call-record.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { fixtureDebtor } from '../support/fixtures.js';
import { callOnHold, type CallOnHold } from './call-on-hold.js';

// Wednesday 2026-03-11, 10:00 in New York.
const START_MS = Date.parse('2026-03-11T15:00:00Z');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A desk the test answers for: every hand-off it gets, and what the call did meanwhile. */
interface TextCall extends CallOnHold {
  readonly scheduler: ManualScheduler;
  readonly handoffs: Handoff[];
}

/** A text call on the composed runtime with a desk that answers with `answer`; the debtor has verified and asks for a person. */
async function textCall(answer: (handoff: Handoff, scheduler: ManualScheduler) => Promise<{ readonly state: HandoffOutcomeState; readonly reason?: string; readonly target?: string }>, env: Record<string, string> = {}): Promise<TextCall> {
  const scheduler = new ManualScheduler(START_MS);
  const handoffs: Handoff[] = [];
  const adapter: HandoffAdapter = {
    name: 'desk',
    onEscalate: (handoff) => {
      handoffs.push(handoff);
      return answer(handoff, scheduler);
    },
  };
  return { ...(await callOnHold(adapter, scheduler, { env })), scheduler, handoffs };
}

function handoffEntries(record: CallRecord): Extract<CallRecordEvent, { type: 'handoff.state' }>[] {
  return record.events.filter((event): event is Extract<CallRecordEvent, { type: 'handoff.state' }> => event.type === 'handoff.state');
}

/** Resolves with `result` after `ms` of the call's time. */
function after<T>(scheduler: ManualScheduler, ms: number, result: T): Promise<T> {
  return new Promise((resolve) => scheduler.setTimeout(() => resolve(result), ms));
}

describe('a text call with a live hand-off', () => {
  it('puts the caller on hold with a packet of the whole call, and ends ESCALATED when a person takes it', async () => {
    const call = await textCall(async (handoff, scheduler) => {
      handoff.report('ringing', 'agent desk 4');
      return after(scheduler, 8000, { state: 'bridged' as const, target: '+15557654321' });
    });
    expect(call.session.ended).toBe(false);
    expect(call.session.onHold).toBe(true);
    expect(call.holds).toEqual(['hold']);
    expect(call.said.at(-1)?.promptId).toBe('escalation.handoff');

    const [handoff] = call.handoffs;
    if (handoff === undefined) throw new Error('the adapter was not called');
    expect(handoff.target).toBe('+15557654321');
    expect(handoff.ringTimeoutMs).toBe(25_000);
    const { packet } = handoff;
    expect(packet.handoffId).toMatch(UUID);
    expect(packet).toMatchObject({
      version: 1,
      callId: call.session.callId,
      flow: 'early',
      state: 'askPayment',
      reason: 'request_human',
      verified: true,
      evidence: { utterance: 'I want to talk to a real person', nlu: { intent: 'request_human' }, atMs: START_MS + 3000 },
      debtor: { id: 'D-1001', name: 'John Smith', locale: 'en-US', currency: 'USD' },
      flags: [],
      requestedAt: new Date(START_MS + 3000).toISOString(),
    });
    expect(packet.turns.map((turn) => [turn.text, turn.nlu.intent])).toEqual([['yes speaking', 'affirm'], ['I want to talk to a real person', 'request_human']]);
    expect(packet.transcript.at(-1)).toMatchObject({ speaker: 'bot', prompt: 'escalation.handoff' });
    expect(packet.telephony).toBeUndefined();
    // Emotion scores come with the turns the runtime scored: one per spoken turn.
    expect(packet.emotion.map((entry) => entry.atMs)).toEqual([START_MS, START_MS + 3000]);
    expect(packet.summary).toEqual({
      locale: 'en-US',
      source: 'template',
      text: expect.stringMatching(/^Caller: John Smith, account with .+ They asked to speak to a person\. Their words: "I want to talk to a real person"\. Their identity was verified\. No promise to pay was made on this call\.$/),
    });
    // The summary is the agent's: the debtor heard none of it.
    expect(call.said.map((prompt) => prompt.text).join(' ')).not.toContain('Their identity');

    // Speech on hold is recorded and moves nothing.
    call.scheduler.increment(2000);
    await call.session.take({ kind: 'text', text: 'hello? is anyone there?' });
    expect(call.session.state).toBe('escalateHumanOnHold');

    call.scheduler.increment(6000);
    await call.session.handoffSettled();
    expect(call.session.outcome).toEqual({ disposition: 'ESCALATED', escalation: { reason: 'request_human', handoff: { state: 'bridged' } } });
    expect(call.holds).toEqual(['hold', 'end:bridged']);
    // The provider carries the call on: dunbot does not hang it up.
    expect(call.hangUps).toEqual([]);
    const record = await call.record();
    expect(handoffEntries(record).map((entry) => [entry.state, entry.atMs - START_MS])).toEqual([['requested', 3000], ['ringing', 3000], ['bridged', 11_000]]);
    expect(handoffEntries(record)[0]).toMatchObject({ handoffId: packet.handoffId, adapter: 'desk', target: '+15557654321', sinceTriggerMs: 0 });
    expect(handoffEntries(record)[1]).toMatchObject({ detail: 'agent desk 4' });
    expect(record.events.find((event) => event.type === 'debtor.turn' && event.text === 'hello? is anyone there?')).toMatchObject({ state: 'escalateHumanOnHold' });
    expect(record.events.at(-1)).toMatchObject({ type: 'call.ended', disposition: 'ESCALATED', state: 'handoffBridged' });
    expect(call.session.handoffReport).toMatchObject({ state: 'bridged', target: '+15557654321', history: [{ state: 'requested' }, { state: 'ringing' }, { state: 'bridged' }] });
    await call.runtime.close();
  });

  it('ends no_answer at the ring timeout, apologises, and takes the callback time: ESCALATION_FAILED', async () => {
    let signal: AbortSignal | undefined;
    const call = await textCall(async (handoff) => {
      signal = handoff.signal;
      return new Promise(() => undefined);
    });
    call.scheduler.increment(24_999);
    await Promise.resolve();
    expect(call.session.onHold).toBe(true);
    call.scheduler.increment(1);
    await call.session.handoffSettled();
    expect(signal?.aborted).toBe(true);
    expect(call.session.state).toBe('handoffCallback');
    expect(call.said.slice(-2).map((prompt) => prompt.promptId)).toEqual(['escalation.handoff_failed', 'escalation.ask_callback_time']);
    await call.session.take({ kind: 'text', text: 'call me back tomorrow at 10am' });
    expect(call.session.outcome).toEqual({
      disposition: 'ESCALATION_FAILED',
      escalation: { reason: 'request_human', handoff: { state: 'no_answer', reason: 'no one answered within 25 s' } },
      flags: [{ kind: 'callback', detail: '2026-03-12T10:00:00-04:00' }],
    });
    expect(call.hangUps).toEqual(['ESCALATION_FAILED']);
    const record = await call.record();
    expect(handoffEntries(record).map((entry) => [entry.state, entry.atMs - START_MS])).toEqual([['requested', 3000], ['no_answer', 28_000]]);
    expect(record.events).toContainEqual(expect.objectContaining({ type: 'state.changed', from: 'escalateHumanOnHold', to: 'handoffCallback', cause: 'handoff.ended:no_answer' }));
    await call.runtime.close();
  });

  it('ends HUNG_UP when the caller hangs up on hold, with the hand-off cancelled recorded before the end', async () => {
    let signal: AbortSignal | undefined;
    const call = await textCall(async (handoff) => {
      signal = handoff.signal;
      return new Promise(() => undefined);
    });
    call.scheduler.increment(4000);
    await call.session.take({ kind: 'hang_up' });
    expect(call.session.outcome).toMatchObject({ disposition: 'HUNG_UP' });
    expect(signal?.aborted).toBe(true);
    const record = await call.record();
    const types = record.events.map((event) => (event.type === 'handoff.state' ? `handoff.${event.state}` : event.type));
    expect(types.slice(-4)).toEqual(['state.changed', 'handoff.cancelled', 'call.metrics', 'call.ended']);
    expect(handoffEntries(record).at(-1)).toMatchObject({ state: 'cancelled', atMs: START_MS + 7000, reason: 'the call ended HUNG_UP before a person was reached' });
    expect(call.session.handoffReport).toMatchObject({ state: 'cancelled' });
    // Nothing the adapter does afterwards reaches the closed record.
    call.scheduler.increment(60_000);
    await call.session.handoffSettled();
    expect((await call.record()).events.length).toBe(record.events.length);
    await call.runtime.close();
  });

  it('turns an adapter that fails into failed with its message, and offers the callback', async () => {
    const call = await textCall(async () => {
      throw new Error('webhook answered 503');
    });
    await call.session.handoffSettled();
    expect(call.session.state).toBe('handoffCallback');
    const record = await call.record();
    expect(handoffEntries(record).at(-1)).toMatchObject({ state: 'failed', reason: 'webhook answered 503' });
    await call.runtime.close();
  });

  it('writes the summary in the agent\'s language (DUNBOT_HANDOFF_AGENT_LOCALE)', async () => {
    const call = await textCall(async (_handoff, scheduler) => after(scheduler, 1000, { state: 'declined' as const }), { DUNBOT_HANDOFF_AGENT_LOCALE: 'zh-CN' });
    const summary = call.handoffs[0]?.packet.summary;
    expect(summary?.locale).toBe('zh-CN');
    expect(summary?.text).toContain('客户要求转接人工。');
    expect(summary?.text).toContain('客户身份已核实。');
    await call.runtime.close();
  });
});

describe('a call without a live hand-off', () => {
  it('ends ESCALATED at once, as the request is recorded for a person to follow up (DUNBOT_HANDOFF=none)', async () => {
    const store = new MemoryCallStore();
    const scheduler = new ManualScheduler(START_MS);
    const runtime = await composeRuntime(loadServerConfig({}, undefined, { understanders: ['rules'] }), { logger: silentLogger, scheduler, overrides: { speech: false, store } });
    expect(runtime.parts.handoff.adapter.name).toBe('none');
    const debtor = fixtureDebtor('en-US-early');
    const flow = runtime.parts.flows.select(debtor);
    const holds: string[] = [];
    const session = await CallSession.start({
      flowName: flow.name,
      machine: flow.machine,
      input: { debtor, locale: 'en-US', today: '2026-03-11', caller: DEFAULT_CALLER_PROFILES['en-US'] },
      understanding: runtime.parts.understanding,
      scripts: runtime.parts.scripts,
      store,
      clock: scheduler,
      handoff: runtime.parts.handoff,
      scheduler,
      effects: { say: () => undefined, hangUp: () => undefined, hold: () => holds.push('hold') },
    });
    await session.take({ kind: 'text', text: 'yes speaking' });
    await session.take({ kind: 'text', text: 'I want to talk to a real person' });
    expect(session.outcome).toEqual({ disposition: 'ESCALATED', escalation: { reason: 'request_human' } });
    expect(holds).toEqual([]);
    const record = await store.getCall(session.callId);
    expect(record?.events.some((event) => event.type === 'handoff.state')).toBe(false);
    expect(record?.events.some((event) => event.type === 'escalation.requested')).toBe(true);
    await runtime.close();
  });
});
