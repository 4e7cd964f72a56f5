import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mulawToPcm } from '../../src/audio/g711.js';
import { resample } from '../../src/audio/resampler.js';
import { encodeWav } from '../../src/audio/wav.js';
import type { HandoffAdapter } from '../../src/escalation/handoff.js';
import { loadFixture, type Fixture } from '../../src/replay/fixture.js';
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

describe('a fixture whose caller speaks from a WAV file', () => {
  it('replays the same call from the WAV (at 8 kHz or 16 kHz) as from the recorded frames, and keeps what the bot sent', async () => {
    const { fixture, record } = await recordCall(['yes speaking', 'i can pay two hundred dollars on friday', 'yes that is right']);
    // What the live call did is kept for a reader: the bot's audio, marks and the transcript.
    expect(fixture.recorded?.bot.filter((entry) => entry.event === 'mark').length).toBeGreaterThanOrEqual(3);
    expect(fixture.recorded?.bot.find((entry) => entry.event === 'audio')).toMatchObject({ atMs: expect.any(Number), durationMs: expect.any(Number) });
    expect(fixture.recorded?.transcript.filter((line) => line.speaker === 'debtor').map((line) => line.text)).toEqual(['yes speaking', 'i can pay two hundred dollars on friday', 'yes that is right']);

    const runs = fixture.caller.events.filter((event) => event.event === 'audio');
    const firstMs = runs[0]?.atMs ?? 0;
    // The recorded runs laid end to end at their times, as one track of 8 kHz PCM.
    const endMs = Math.max(...runs.map((run) => run.atMs + (Buffer.from(run.payload, 'base64').length / 160) * 20));
    const track = new Int16Array(((endMs - firstMs) / 20) * 160);
    for (const run of runs) track.set(mulawToPcm(Buffer.from(run.payload, 'base64')), ((run.atMs - firstMs) / 20) * 160);
    const dir = mkdtempSync(join(tmpdir(), 'dunbot-wav-fixture-'));
    writeFileSync(join(dir, 'caller-8k.wav'), encodeWav({ samples: track, sampleRateHz: 8000 }));
    writeFileSync(join(dir, 'caller-16k.wav'), encodeWav({ samples: resample(track, 8000, 16000), sampleRateHz: 16000 }));
    for (const file of ['caller-8k.wav', 'caller-16k.wav']) {
      const path = join(dir, `${file}.json`);
      const { recorded: _recorded, ...rest } = fixture;
      writeFileSync(path, JSON.stringify({ ...rest, caller: { events: fixture.caller.events.filter((event) => event.event !== 'audio'), wav: { file, atMs: firstMs } } }));
      const replay = await replayCall(loadFixture(path));
      expect(replay.checks.filter((check) => !check.passed), file).toEqual([]);
      expect(replay.record.outcome?.promise, file).toEqual(record.outcome?.promise);
    }
  }, 60_000);

  it('says which WAV it could not read', async () => {
    const { fixture } = await recordCall(['yes speaking']);
    const dir = mkdtempSync(join(tmpdir(), 'dunbot-wav-fixture-'));
    writeFileSync(join(dir, 'broken.wav'), 'not a wav');
    const path = join(dir, 'broken.json');
    writeFileSync(path, JSON.stringify({ ...fixture, caller: { events: [], wav: { file: 'broken.wav' } } }));
    await expect(replayCall(loadFixture(path))).rejects.toThrow(/caller\.wav .*broken\.wav could not be read as 16-bit PCM WAV/);
  }, 60_000);
});
