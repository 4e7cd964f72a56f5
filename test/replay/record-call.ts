import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { HandoffAdapter } from '../../src/escalation/handoff.js';
import { silentLogger } from '../../src/log/logger.js';
import { parseFixture, type Fixture } from '../../src/replay/fixture.js';
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

export interface RecordedCall {
  readonly fixture: Fixture;
  readonly record: CallRecord;
}

/**
 * Holds a Twilio call through the real server with `--record` on: the phone sends its audio as
 * Twilio does, 20 ms frames, continuously from the start (silence between the debtor's words).
 */
export async function recordCall(replies: readonly string[], options: { readonly handoff?: (scheduler: Scheduler) => HandoffAdapter; readonly settings?: Record<string, unknown> } = {}): Promise<RecordedCall> {
  const dir = mkdtempSync(join(tmpdir(), 'dunbot-record-'));
  const recordDir = join(dir, 'fixtures');
  const scheduler = new ManualScheduler(START_MS);
  const config = loadServerConfig({}, undefined, { port: 0, tokenSecret: SECRET, dbPath: join(dir, 'calls.db'), noInputMs: 6000, shutdownGraceMs: 0, understanders: ['rules'], recordDir, ...(options.handoff !== undefined ? { handoff: 'desk' } : {}), ...options.settings });
  const server = await startTestServer(config, { asr: () => new ScriptedAsr(replies), tts: new ToneTts() }, silentLogger, scheduler, options.handoff !== undefined ? { handoff: options.handoff(scheduler) } : {});
  try {
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
  } finally {
    await server.close();
  }
  const record = await lastCallRecord(config.dbPath);
  if (record === undefined) throw new Error('no record');
  const files = readdirSync(recordDir);
  expect(files).toEqual([`${record.callId}.json`]);
  return { fixture: parseFixture(JSON.parse(readFileSync(join(recordDir, files[0] ?? ''), 'utf8'))), record };
}

