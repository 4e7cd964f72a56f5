import { describe, expect, it } from 'vitest';
import type { HandoffAdapter } from '../../src/escalation/handoff.js';
import type { Fixture } from '../../src/replay/fixture.js';
import { replayCall } from '../../src/replay/replay-call.js';
import type { CallRecord } from '../../src/store/call-record.js';
import type { Scheduler } from '../../src/time/scheduler.js';
import { recordCall } from './record-call.js';

const shape = (record: CallRecord) =>
  record.events.map((event) => [event.type, event.atMs - record.startedAtMs, 'prompt' in event ? event.prompt : 'to' in event ? event.to : 'text' in event ? event.text : '']);

describe('a call recorded by the server and replayed', () => {
  it('saves a fixture that replays to the same call, with the outcome proposed as expectations', async () => {
    const { fixture, record } = await recordCall(['yes speaking', 'i can pay two hundred dollars on friday', 'yes that is right']);
    expect(record.disposition).toBe('PTP');
    expect(fixture.expect).toMatchObject({ disposition: 'PTP', promise: { amount: 200, date: '2026-03-13', kind: 'single' }, flags: [], escalationReason: null });
    expect(fixture.providers.asr.map((utterance) => utterance.results.at(-1)?.text)).toEqual(['yes speaking', 'i can pay two hundred dollars on friday', 'yes that is right']);
    expect(fixture.caller.events.filter((event) => event.event === 'audio').length).toBeGreaterThanOrEqual(1);

    const replay = await replayCall(fixture);
    expect(replay.drift).toEqual([]);
    expect(replay.checks.filter((check) => !check.passed)).toEqual([]);
    expect(replay.passed).toBe(true);
    // Not only the outcome: the same lines at the same call times, the same turns, the same states.
    expect(shape(replay.record)).toEqual(shape(record));
  }, 60_000);

  it('gives the same result on every run, faster than the call took', async () => {
    const { fixture } = await recordCall(['yes speaking', 'i can pay two hundred dollars on friday', 'yes that is right']);
    const first = await replayCall(fixture);
    const second = await replayCall(fixture);
    expect(shape(second.record)).toEqual(shape(first.record));
    expect(first.callMs).toBeGreaterThan(20_000);
  }, 60_000);

  it('fails an expectation the call does not meet, saying what differs', async () => {
    const { fixture } = await recordCall(['yes speaking', 'i can pay two hundred dollars on friday', 'yes that is right']);
    const changed: Fixture = { ...fixture, expect: { disposition: 'REFUSED', states: [...(fixture.expect.states ?? []).slice(0, 1), 'noSuchState'], said: ['closing.no_such_prompt'], notSaid: ['promise.read_back'], intents: ['affirm', 'deny', null] } };
    const replay = await replayCall(changed);
    expect(replay.passed).toBe(false);
    const byName = Object.fromEntries(replay.checks.map((check) => [check.name, check]));
    expect(byName['disposition']).toMatchObject({ passed: false, expected: '"REFUSED"', actual: '"PTP"' });
    expect(byName['states']?.diff).toEqual(['"noSuchState" never happened']);
    expect(byName['said']?.diff).toEqual(['never said closing.no_such_prompt']);
    expect(byName['intents']?.diff).toEqual(['turn 2: expected deny, read as promise_to_pay']);
  }, 60_000);

  it('replays a hand-off as it went: the same reports and outcome at the same times', async () => {
    const desk = (scheduler: Scheduler): HandoffAdapter => ({
      name: 'desk',
      onEscalate: (handoff) => new Promise((resolve) => {
        scheduler.setTimeout(() => handoff.report('ringing', 'desk 4'), 500);
        scheduler.setTimeout(() => resolve({ state: 'busy', reason: 'every line busy' }), 4000);
      }),
    });
    const { fixture, record } = await recordCall(['yes speaking', 'can i talk to a real person', 'tomorrow at 10am'], { handoff: desk });
    expect(record.disposition).toBe('ESCALATION_FAILED');
    expect(fixture.providers.handoff).toEqual([{ reports: [{ afterMs: 500, state: 'ringing', detail: 'desk 4' }], outcome: { afterMs: 4000, state: 'busy', reason: 'every line busy' } }]);
    const replay = await replayCall(fixture);
    expect(replay.passed).toBe(true);
    expect(replay.record.outcome).toEqual(record.outcome);
    expect(shape(replay.record)).toEqual(shape(record));
  }, 60_000);
});
