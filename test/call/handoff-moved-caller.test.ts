import { describe, expect, it } from 'vitest';
import { composeRuntime, voiceCallParts } from '../../src/app/compose-runtime.js';
import type { Handoff, HandoffAdapter, HandoffResult } from '../../src/escalation/handoff.js';
import { silentLogger } from '../../src/log/logger.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import type { CallRecord, CallRecordEvent } from '../../src/store/call-record.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { ScriptedAsr, ToneTts } from '../../src/testing/scripted-speech.js';
import { connectTwilioLine } from '../../src/testing/twilio-line.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { quiet, speech } from '../server/harness.js';
import { callOnHold } from './call-on-hold.js';

// Wednesday 2026-03-11, 10:00 in New York.
const START_MS = Date.parse('2026-03-11T15:00:00Z');
const RING_TIMEOUT_S = 25;

/** A desk the test drives: it takes the hand-off, and settles when told to. */
interface DrivenDesk {
  readonly adapter: HandoffAdapter;
  handoff(): Handoff;
  settle(result: HandoffResult): void;
}

function drivenDesk(): DrivenDesk {
  let current: Handoff | undefined;
  let resolve: (result: HandoffResult) => void = () => undefined;
  return {
    adapter: {
      name: 'desk',
      onEscalate: (handoff) => {
        current = handoff;
        return new Promise((done) => (resolve = done));
      },
    },
    handoff: () => {
      if (current === undefined) throw new Error('the adapter was not called');
      return current;
    },
    settle: (result) => resolve(result),
  };
}

/** A call on a Plivo stream whose debtor verifies and asks for a person; the desk has the hand-off. */
async function movableCall(desk: DrivenDesk) {
  const scheduler = new ManualScheduler(START_MS);
  const call = await callOnHold(desk.adapter, scheduler, { env: { DUNBOT_HANDOFF_RING_TIMEOUT_S: String(RING_TIMEOUT_S) }, telephony: { provider: 'plivo', callId: 'b9ea9b8b-5b4f-4b1e-9e0a-3f1c2d3e4f5a' } });
  return { ...call, scheduler };
}

function entries<T extends CallRecordEvent['type']>(record: CallRecord, type: T): Extract<CallRecordEvent, { type: T }>[] {
  return record.events.filter((event): event is Extract<CallRecordEvent, { type: T }> => event.type === type);
}

/** Whether `promise` has settled once pending work has run. */
async function hasSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
  return settled;
}

describe('a call whose caller the hand-off moves off the media stream', () => {
  it('takes the stream\'s end as the move, waits for the bridge and ends ESCALATED with the hand-off\'s states', async () => {
    const desk = drivenDesk();
    const call = await movableCall(desk);
    desk.handoff().report('ringing', 'provider dialling the agent');
    desk.handoff().movingCaller();
    expect(call.session.movingCaller).toBe(true);
    const saidBefore = call.said.length;

    call.scheduler.increment(500);
    const ended = call.session.streamEnded();
    // Not a hang-up: the call stays open, and the hand-off goes on.
    expect(await hasSettled(ended)).toBe(false);
    expect(call.session.ended).toBe(false);
    expect(desk.handoff().signal.aborted).toBe(false);

    call.scheduler.increment(6000);
    desk.settle({ state: 'bridged', target: '+15557654321' });
    await ended;
    const record = await call.record();
    expect(record.disposition).toBe('ESCALATED');
    expect(record.outcome?.escalation).toEqual({ reason: 'request_human', handoff: { state: 'bridged' } });
    expect(entries(record, 'handoff.state').map((entry) => entry.state)).toEqual(['requested', 'ringing', 'bridged']);
    expect(entries(record, 'call.note').map((entry) => entry.code)).toContain('DUN_NOTE_CALLER_MOVED');
    expect(record.events.at(-1)).toMatchObject({ type: 'call.ended', disposition: 'ESCALATED' });
    // Nothing was said to a line that had gone, and the person's call was not hung up.
    expect(call.said.length).toBe(saidBefore);
    expect(call.hangUps).toEqual([]);
  });

  it('ends HUNG_UP, the hand-off cancelled in the record, when the provider reports that the caller hung up', async () => {
    const desk = drivenDesk();
    const call = await movableCall(desk);
    desk.handoff().report('ringing');
    desk.handoff().movingCaller();
    const ended = call.session.streamEnded();
    call.scheduler.increment(4000);
    desk.settle({ state: 'cancelled', reason: 'Plivo DialStatus cancel' });
    await ended;
    const record = await call.record();
    expect(record.disposition).toBe('HUNG_UP');
    expect(record.outcome?.escalation).toEqual({ reason: 'request_human', handoff: { state: 'cancelled', reason: 'Plivo DialStatus cancel' } });
    expect(entries(record, 'handoff.state').map((entry) => [entry.state, entry.atMs - START_MS])).toEqual([['requested', 3000], ['ringing', 3000], ['cancelled', 7000]]);
    expect(record.events.at(-1)).toMatchObject({ type: 'call.ended', disposition: 'HUNG_UP' });
    expect(entries(record, 'bot.said').filter((entry) => entry.atMs > START_MS + 3000)).toEqual([]);
  });

  it('ends ESCALATION_FAILED, with no question put to a line that has gone, when nobody answers within the ring timeout', async () => {
    const desk = drivenDesk();
    const call = await movableCall(desk);
    desk.handoff().movingCaller();
    call.scheduler.increment(1000);
    desk.handoff().report('ringing');
    const ended = call.session.streamEnded();
    // The ring timeout counts from the ringing, not from the request.
    call.scheduler.increment(RING_TIMEOUT_S * 1000 - 1);
    expect(await hasSettled(ended)).toBe(false);
    call.scheduler.increment(1);
    await ended;
    expect(desk.handoff().signal.aborted).toBe(true);
    const record = await call.record();
    expect(record.disposition).toBe('ESCALATION_FAILED');
    expect(record.outcome?.escalation).toEqual({ reason: 'request_human', handoff: { state: 'no_answer', reason: `no one answered within ${RING_TIMEOUT_S} s` } });
    expect(entries(record, 'handoff.state').map((entry) => entry.state)).toEqual(['requested', 'ringing', 'no_answer']);
    expect(entries(record, 'bot.said').map((entry) => entry.prompt)).not.toContain('escalation.ask_callback_time');
  });

  it('still takes the stream\'s end as the caller hanging up before the adapter moves the caller', async () => {
    const desk = drivenDesk();
    const call = await movableCall(desk);
    // A warm transfer rings the agent while the caller is still on the bot's stream.
    desk.handoff().report('ringing');
    expect(call.session.movingCaller).toBe(false);
    call.scheduler.increment(2000);
    await call.session.streamEnded();
    expect(desk.handoff().signal.aborted).toBe(true);
    const record = await call.record();
    expect(record.disposition).toBe('HUNG_UP');
    expect(entries(record, 'handoff.state').map((entry) => entry.state)).toEqual(['requested', 'ringing', 'cancelled']);
    expect(entries(record, 'call.note').map((entry) => entry.code)).not.toContain('DUN_NOTE_CALLER_MOVED');
  });

  it('goes on with the caller when the provider refuses to move them, and the stream stays', async () => {
    const desk = drivenDesk();
    const call = await movableCall(desk);
    desk.handoff().movingCaller();
    desk.settle({ state: 'failed', reason: 'Plivo answered HTTP 404: call not found' });
    await call.session.handoffSettled();
    // The bot can still talk to the caller: it offers the callback as after any failed hand-off.
    expect(call.said.at(-1)?.promptId).toBe('escalation.ask_callback_time');
    expect(call.session.movingCaller).toBe(false);
    await call.session.streamEnded();
    const record = await call.record();
    expect(record.disposition).toBe('HUNG_UP');
    expect(record.outcome?.escalation).toMatchObject({ handoff: { state: 'failed' } });
  });
});

describe('a Twilio call whose caller the hand-off moves into a conference', () => {
  const CALL_SID = 'CA0123456789abcdef0123456789abcdef';

  /** Runs the call on a simulated clock until the desk has the hand-off: the debtor verifies and asks for a person. */
  async function untilHandedOff(desk: DrivenDesk) {
    const scheduler = new ManualScheduler(START_MS);
    const step = async (ms: number): Promise<void> => {
      scheduler.increment(ms);
      for (let i = 0; i < 3; i += 1) await new Promise((resolve) => setImmediate(resolve));
    };
    const store = new MemoryCallStore();
    const config = loadServerConfig({}, undefined, { noInputMs: 6000, handoff: 'desk', handoffRingTimeoutS: RING_TIMEOUT_S, understanders: ['rules'] });
    const replies = ['yes speaking', 'can i talk to a real person'];
    const runtime = await composeRuntime(config, { logger: silentLogger, scheduler, overrides: { speech: { asr: () => new ScriptedAsr(replies), tts: new ToneTts({ msPerCharacter: 4 }) }, store, handoff: desk.adapter } });
    const { line, call } = connectTwilioLine({ parts: voiceCallParts(runtime), scheduler, debtorId: 'D-1001', callSid: CALL_SID, onAudio: () => undefined });
    line.start({});
    const pending = [...replies];
    let outgoing: Int16Array[] = [];
    let quietSinceMs = scheduler.nowMs();
    let handedOff = false;
    while (!handedOff && scheduler.nowMs() - START_MS < 60_000) {
      if (line.botSpeaking || outgoing.length > 0) quietSinceMs = scheduler.nowMs();
      if (outgoing.length === 0 && pending.length > 0 && scheduler.nowMs() - quietSinceMs >= 600 && line.heardMs > 0) {
        pending.shift();
        const answer = new Int16Array([...speech(600), ...quiet(600)]);
        outgoing = Array.from({ length: answer.length / 160 }, (_, i) => answer.subarray(i * 160, (i + 1) * 160));
      }
      line.sendAudio(outgoing.shift() ?? quiet(20));
      await step(20);
      try {
        desk.handoff();
        handedOff = true;
      } catch {
        // not yet
      }
    }
    const record = async (): Promise<CallRecord> => {
      const [summary] = await store.listCalls();
      const found = summary === undefined ? undefined : await store.getCall(summary.callId);
      if (found === undefined) throw new Error('no call was recorded');
      return found;
    };
    return { scheduler, step, line, call, record, close: () => runtime.close() };
  }

  it('keeps the call open when Twilio ends the stream for the move, and records it ESCALATED once bridged', async () => {
    const desk = drivenDesk();
    const held = await untilHandedOff(desk);
    try {
      desk.handoff().report('ringing');
      await held.step(3000);
      // The agent accepted: the caller's call is updated into the conference, and Twilio ends the stream.
      desk.handoff().movingCaller();
      held.line.hangUp();
      await held.step(1000);
      expect(held.call.over).toBe(false);
      expect(held.call.waitingOnHandoff).toBe(true);
      expect(desk.handoff().signal.aborted).toBe(false);
      desk.settle({ state: 'bridged', target: '+15557654321' });
      await held.call.done;
      const record = await held.record();
      expect(record.disposition).toBe('ESCALATED');
      expect(record.outcome?.escalation).toMatchObject({ reason: 'request_human', handoff: { state: 'bridged' } });
      expect(entries(record, 'handoff.state').map((entry) => entry.state)).toEqual(['requested', 'ringing', 'bridged']);
      expect(entries(record, 'call.note').map((entry) => entry.code)).toContain('DUN_NOTE_CALLER_MOVED');
      expect(record.events.at(-1)).toMatchObject({ type: 'call.ended', disposition: 'ESCALATED' });
    } finally {
      await held.close();
    }
  }, 30_000);

  it('records a hang-up on hold before the move as the caller hanging up, the hand-off cancelled', async () => {
    const desk = drivenDesk();
    const held = await untilHandedOff(desk);
    try {
      desk.handoff().report('ringing');
      await held.step(2000);
      held.line.hangUp();
      await held.call.done;
      expect(desk.handoff().signal.aborted).toBe(true);
      const record = await held.record();
      expect(record.disposition).toBe('HUNG_UP');
      expect(entries(record, 'handoff.state').map((entry) => entry.state)).toEqual(['requested', 'ringing', 'cancelled']);
    } finally {
      await held.close();
    }
  }, 30_000);
});
