import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { HandoffAdapter } from '../../src/escalation/handoff.js';
import { silentLogger } from '../../src/log/logger.js';
import { parseFixture, type Fixture } from '../../src/replay/fixture.js';
import { replayCall } from '../../src/replay/replay-call.js';
import type { DunbotServer } from '../../src/server/dunbot-server.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import type { CallRecord } from '../../src/store/call-record.js';
import { mintStreamToken } from '../../src/telephony/stream-token.js';
import { ScriptedAsr, ToneTts } from '../../src/testing/scripted-speech.js';
import { TwilioPhone } from '../../src/testing/twilio-phone.js';
import type { Scheduler } from '../../src/time/scheduler.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { advance, lastCallRecord, quiet, settle, speech, startTestServer } from '../server/harness.js';

const SECRET = 'record-and-replay-secret-0123456789';
const START_MS = Date.parse('2026-03-11T15:00:00Z');

let server: DunbotServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface RecordedCall {
  readonly fixture: Fixture;
  readonly record: CallRecord;
}

/**
 * Holds a Twilio call through the real server with `--record` on: the phone sends its audio as
 * Twilio does, 20 ms frames, continuously from the start (silence between the debtor's words).
 */
async function recordCall(replies: readonly string[], options: { readonly handoff?: (scheduler: Scheduler) => HandoffAdapter; readonly settings?: Record<string, unknown> } = {}): Promise<RecordedCall> {
  const dir = mkdtempSync(join(tmpdir(), 'dunbot-record-'));
  const recordDir = join(dir, 'fixtures');
  const scheduler = new ManualScheduler(START_MS);
  const config = loadServerConfig({}, undefined, { port: 0, tokenSecret: SECRET, dbPath: join(dir, 'calls.db'), noInputMs: 6000, shutdownGraceMs: 0, understanders: ['rules'], recordDir, ...(options.handoff !== undefined ? { handoff: 'desk' } : {}), ...options.settings });
  server = await startTestServer(config, { asr: () => new ScriptedAsr(replies), tts: new ToneTts() }, silentLogger, scheduler, options.handoff !== undefined ? { handoff: options.handoff(scheduler) } : {});
  const phone = new TwilioPhone(`ws://127.0.0.1:${server.port}/media/twilio`);
  await phone.start({ token: mintStreamToken({ debtorId: 'D-1001', provider: 'twilio', expiresAtMs: START_MS + 3_600_000 }, SECRET) });
  // Continuous audio: quiet line noise, with the debtor's words 8 s after the bot began each time.
  let sinceWordsMs = 0;
  let turn = 0;
  for (let elapsed = 0; elapsed < 120_000 && phone.closeCode === undefined; elapsed += 20) {
    const speaking = turn < replies.length && sinceWordsMs >= 8000 && sinceWordsMs < 8600;
    phone.sendAudio(speaking ? speech(20) : quiet(20));
    sinceWordsMs += 20;
    if (sinceWordsMs >= 12_000) {
      sinceWordsMs = 0;
      turn += 1;
    }
    await settle();
    scheduler.increment(20);
  }
  if (phone.closeCode === undefined) {
    phone.hangUp();
    await phone.closed;
  }
  await advance(scheduler, 200);
  await server.close();
  server = undefined;
  const record = await lastCallRecord(config.dbPath);
  if (record === undefined) throw new Error('no record');
  const files = readdirSync(recordDir);
  expect(files).toEqual([`${record.callId}.json`]);
  return { fixture: parseFixture(JSON.parse(readFileSync(join(recordDir, files[0] ?? ''), 'utf8'))), record };
}

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
