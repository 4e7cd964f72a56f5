import { describe, expect, it } from 'vitest';
import type { Handoff, HandoffAdapter, HandoffPacket, HandoffResult } from '../../src/escalation/handoff.js';
import { runHandoff, type HandoffStep } from '../../src/escalation/handoff-runner.js';
import { ManualScheduler } from '../../src/time/scheduler.js';

const START_MS = Date.parse('2026-03-11T15:00:00Z');
const RING_MS = 25_000;

/** A packet with what the runner passes on and nothing more. */
const PACKET = {
  version: 1,
  handoffId: '7b0e8c4e-2f9a-4c55-9b43-2a1f6d0c9e11',
  callId: 'call-1',
  flow: 'early',
  state: 'askPayment',
  reason: 'request_human',
  evidence: { utterance: 'get me a real person', atMs: START_MS },
  debtor: { id: 'D-1001', name: 'John Smith', phone: '+15551230000', locale: 'en-US', creditor: 'Acme Auto Finance', product: 'auto_loan', currency: 'USD', balance: 1200, daysPastDue: 12 },
  verified: true,
  transcript: [],
  turns: [],
  flags: [],
  emotion: [],
  summary: { locale: 'en-US', text: 'Caller: John Smith.', source: 'template' },
  requestedAt: new Date(START_MS).toISOString(),
} satisfies HandoffPacket;

/** An adapter whose hand-off the test drives: it reports and settles when told to. */
function drivenAdapter(): { readonly adapter: HandoffAdapter; readonly handoff: () => Handoff; settle(result: HandoffResult): void; fail(error: unknown): void } {
  let current: Handoff | undefined;
  let resolve: (result: HandoffResult) => void = () => undefined;
  let reject: (error: unknown) => void = () => undefined;
  return {
    adapter: {
      name: 'driven',
      onEscalate: (handoff) => {
        current = handoff;
        return new Promise((done, failed) => {
          resolve = done;
          reject = failed;
        });
      },
    },
    handoff: () => {
      if (current === undefined) throw new Error('the adapter was not called');
      return current;
    },
    settle: (result) => resolve(result),
    fail: (error) => reject(error),
  };
}

function start(adapter: HandoffAdapter, scheduler = new ManualScheduler(START_MS)): { readonly scheduler: ManualScheduler; readonly steps: HandoffStep[]; readonly run: ReturnType<typeof runHandoff> } {
  const steps: HandoffStep[] = [];
  const run = runHandoff({ adapter, packet: PACKET, target: '+15551234567', ringTimeoutMs: RING_MS, scheduler, onStep: (step) => steps.push(step) });
  return { scheduler, steps, run };
}

describe('the hand-off runner', () => {
  it('records requested, what the adapter reports on the way and its outcome, each at its call-clock time', async () => {
    const driven = drivenAdapter();
    const { scheduler, steps, run } = start(driven.adapter);
    expect(steps).toEqual([{ state: 'requested', atMs: START_MS, target: '+15551234567' }]);
    // The adapter gets the packet, the target, the ring timeout and a live signal.
    expect(driven.handoff()).toMatchObject({ packet: PACKET, target: '+15551234567', ringTimeoutMs: RING_MS });
    expect(driven.handoff().signal.aborted).toBe(false);
    scheduler.increment(1200);
    driven.handoff().report('briefing', 'summary read to the agent');
    scheduler.increment(3000);
    driven.handoff().report('ringing');
    scheduler.increment(4000);
    driven.settle({ state: 'bridged', target: '+15551234567' });
    const result = await run.result;
    expect(result.outcome).toEqual({ state: 'bridged', target: '+15551234567' });
    expect(result.history).toEqual([
      { state: 'requested', atMs: START_MS, target: '+15551234567' },
      { state: 'briefing', atMs: START_MS + 1200, detail: 'summary read to the agent' },
      { state: 'ringing', atMs: START_MS + 4200 },
      { state: 'bridged', atMs: START_MS + 8200, target: '+15551234567' },
    ]);
    expect(steps).toEqual(result.history);
    expect(run.settled).toBe(true);
    // A bridge the adapter made is not undone: its signal is left alone, and the ring timer is gone.
    expect(driven.handoff().signal.aborted).toBe(false);
    expect(scheduler.pendingTimers).toBe(0);
  });

  it('aborts the adapter and ends no_answer when the ring timeout passes, ignoring whatever the adapter says after', async () => {
    const driven = drivenAdapter();
    const { scheduler, steps, run } = start(driven.adapter);
    driven.handoff().report('ringing');
    scheduler.increment(RING_MS - 1);
    expect(run.settled).toBe(false);
    scheduler.increment(1);
    expect(driven.handoff().signal.aborted).toBe(true);
    expect(driven.handoff().signal.reason).toMatchObject({ name: 'TimeoutError' });
    const result = await run.result;
    expect(result.outcome).toEqual({ state: 'no_answer', reason: 'no one answered within 25 s' });
    // Too late: a report and a bridge after the outcome change nothing.
    driven.handoff().report('briefing');
    driven.settle({ state: 'bridged' });
    await Promise.resolve();
    expect(steps.map((step) => [step.state, step.atMs - START_MS])).toEqual([['requested', 0], ['ringing', 0], ['no_answer', RING_MS]]);
    expect(result.history).toEqual(steps);
  });

  it('counts the ring timeout from the first ringing: preparing the call and briefing the agent do not eat into it', async () => {
    const driven = drivenAdapter();
    const { scheduler, steps, run } = start(driven.adapter);
    // Telling a webhook, preparing a summary: longer than the ring timeout would allow, were it counted from the request.
    scheduler.increment(4000);
    driven.handoff().report('briefing', 'summary prepared');
    scheduler.increment(RING_MS - 5000);
    driven.handoff().report('ringing');
    scheduler.increment(RING_MS - 1);
    expect(run.settled).toBe(false);
    // A second ringing does not start the count again.
    driven.handoff().report('ringing');
    scheduler.increment(1);
    expect(driven.handoff().signal.reason).toMatchObject({ name: 'TimeoutError' });
    expect((await run.result).outcome).toEqual({ state: 'no_answer', reason: 'no one answered within 25 s' });
    expect(steps.map((step) => [step.state, step.atMs - START_MS])).toEqual([['requested', 0], ['briefing', 4000], ['ringing', RING_MS - 1000], ['ringing', 2 * RING_MS - 1001], ['no_answer', 2 * RING_MS - 1000]]);
  });

  it('stops the ring timeout once the agent answered and is briefed, bounding the briefing on its own', async () => {
    const driven = drivenAdapter();
    const scheduler = new ManualScheduler(START_MS);
    const steps: HandoffStep[] = [];
    const run = runHandoff({ adapter: driven.adapter, packet: PACKET, ringTimeoutMs: RING_MS, briefingTimeoutMs: 60_000, scheduler, onStep: (step) => steps.push(step) });
    driven.handoff().report('ringing');
    scheduler.increment(RING_MS - 1000);
    driven.handoff().report('briefing', 'the agent hears the summary');
    // Past the ring timeout: an agent listening to the summary has answered.
    scheduler.increment(30_000);
    expect(run.settled).toBe(false);
    expect(driven.handoff().signal.aborted).toBe(false);
    scheduler.increment(30_000);
    expect((await run.result).outcome).toEqual({ state: 'declined', reason: 'the agent did not take the call within 60 s of answering' });
    expect(driven.handoff().signal.aborted).toBe(true);
    expect(steps.map((step) => step.state)).toEqual(['requested', 'ringing', 'briefing', 'declined']);
    expect(scheduler.pendingTimers).toBe(0);
  });

  it('bounds the time before any phone rings, by the ring timeout unless told otherwise', async () => {
    const driven = drivenAdapter();
    const { scheduler, run } = start(driven.adapter);
    scheduler.increment(RING_MS);
    expect((await run.result).outcome).toEqual({ state: 'no_answer', reason: 'no one answered within 25 s' });
    expect(driven.handoff().signal.reason).toMatchObject({ name: 'TimeoutError' });

    const other = drivenAdapter();
    const quick = new ManualScheduler(START_MS);
    const bounded = runHandoff({ adapter: other.adapter, packet: PACKET, ringTimeoutMs: RING_MS, setupTimeoutMs: 5000, scheduler: quick });
    quick.increment(5000);
    expect((await bounded.result).outcome).toEqual({ state: 'no_answer', reason: 'no one answered within 5 s' });
  });

  it('tells the runtime once when the adapter moves the caller, and not after the outcome', async () => {
    const driven = drivenAdapter();
    let moves = 0;
    const run = runHandoff({ adapter: driven.adapter, packet: PACKET, ringTimeoutMs: RING_MS, scheduler: new ManualScheduler(START_MS), onCallerMoving: () => (moves += 1) });
    driven.handoff().movingCaller();
    driven.handoff().movingCaller();
    expect(moves).toBe(1);
    run.cancel('the caller hung up');
    const later = drivenAdapter();
    const ended = runHandoff({ adapter: later.adapter, packet: PACKET, ringTimeoutMs: RING_MS, scheduler: new ManualScheduler(START_MS), onCallerMoving: () => (moves += 1) });
    ended.cancel('over');
    later.handoff().movingCaller();
    expect(moves).toBe(1);
  });

  it('ends cancelled, and aborts the adapter, when the call ends first: recorded before cancel() returns', async () => {
    const driven = drivenAdapter();
    const { scheduler, steps, run } = start(driven.adapter);
    scheduler.increment(5000);
    run.cancel('the caller hung up');
    expect(steps.at(-1)).toEqual({ state: 'cancelled', atMs: START_MS + 5000, reason: 'the caller hung up' });
    expect(driven.handoff().signal.aborted).toBe(true);
    expect((await run.result).outcome).toEqual({ state: 'cancelled', reason: 'the caller hung up' });
    // Cancelling again, or the ring timeout passing later, records nothing more.
    run.cancel('again');
    scheduler.increment(RING_MS);
    expect(steps.map((step) => step.state)).toEqual(['requested', 'cancelled']);
    expect(scheduler.pendingTimers).toBe(0);
  });

  it('turns a rejection into failed with its message', async () => {
    const driven = drivenAdapter();
    const { run } = start(driven.adapter);
    driven.fail(new Error('webhook answered 500'));
    expect((await run.result).outcome).toEqual({ state: 'failed', reason: 'webhook answered 500' });
  });

  it('turns an adapter that throws, or answers with no outcome, into failed', async () => {
    const throwing: HandoffAdapter = {
      name: 'throwing',
      onEscalate: () => {
        throw new TypeError('target missing');
      },
    };
    expect((await start(throwing).run.result).outcome).toEqual({ state: 'failed', reason: 'target missing' });
    const vague = { name: 'vague', onEscalate: async () => ({ state: 'ringing' }) } as unknown as HandoffAdapter;
    expect((await start(vague).run.result).outcome).toEqual({ state: 'failed', reason: 'the hand-off adapter "vague" answered without an outcome' });
  });

  it('takes each outcome the adapter reports as it is, with its reason', async () => {
    for (const state of ['declined', 'busy', 'no_answer', 'failed'] as const) {
      const adapter: HandoffAdapter = { name: 'fixed', onEscalate: async () => ({ state, reason: `agent ${state}` }) };
      const { run } = start(adapter);
      const result = await run.result;
      expect(result.outcome).toEqual({ state, reason: `agent ${state}` });
      expect(result.history.map((step) => step.state)).toEqual(['requested', state]);
    }
  });
});
