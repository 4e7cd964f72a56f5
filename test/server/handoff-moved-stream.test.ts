import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Handoff, HandoffAdapter, HandoffResult } from '../../src/escalation/handoff.js';
import { silentLogger } from '../../src/log/logger.js';
import type { DunbotServer } from '../../src/server/dunbot-server.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import { mintStreamToken } from '../../src/telephony/stream-token.js';
import { ScriptedAsr, ToneTts } from '../../src/testing/scripted-speech.js';
import { TwilioPhone } from '../../src/testing/twilio-phone.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { advance, lastCallRecord, noteCodes, quiet, settle, speech, startTestServer } from './harness.js';

const SECRET = 'handoff-moved-stream-secret-0123456789';
const START_MS = Date.parse('2026-03-11T15:00:00Z');

let server: DunbotServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A desk that moves the caller as soon as it has the hand-off, then settles when the test says. */
function movingDesk(): { readonly adapter: HandoffAdapter; readonly handoffs: Handoff[]; settle(result: HandoffResult): void } {
  const handoffs: Handoff[] = [];
  let resolve: (result: HandoffResult) => void = () => undefined;
  return {
    handoffs,
    adapter: {
      name: 'desk',
      onEscalate: (handoff) => {
        handoffs.push(handoff);
        handoff.movingCaller();
        handoff.report('ringing');
        return new Promise((done) => (resolve = done));
      },
    },
    settle: (result) => resolve(result),
  };
}

/** A Twilio call on the real server whose debtor verifies and asks for a person; the provider then moves the caller (the stream stops). */
async function callMovedToDesk(desk: ReturnType<typeof movingDesk>) {
  const dir = mkdtempSync(join(tmpdir(), 'dunbot-moved-'));
  const scheduler = new ManualScheduler(START_MS);
  const config = loadServerConfig({}, undefined, { port: 0, tokenSecret: SECRET, dbPath: join(dir, 'calls.db'), noInputMs: 6000, shutdownGraceMs: 0, handoff: 'desk', understanders: ['rules'] });
  server = await startTestServer(config, { asr: () => new ScriptedAsr(['yes speaking', 'can i talk to a real person']), tts: new ToneTts() }, silentLogger, scheduler, { handoff: desk.adapter });
  const base = `http://127.0.0.1:${server.port}`;
  const phone = new TwilioPhone(`ws://127.0.0.1:${server.port}/media/twilio`);
  await phone.start({ token: mintStreamToken({ debtorId: 'D-1001', provider: 'twilio', expiresAtMs: START_MS + 3_600_000 }, SECRET) });
  await advance(scheduler, 8000);
  for (let turn = 0; turn < 2 && desk.handoffs.length === 0; turn += 1) {
    phone.sendAudio(speech(600));
    phone.sendAudio(quiet(500));
    await settle();
    await advance(scheduler, 12_000);
  }
  expect(desk.handoffs).toHaveLength(1);
  // The provider moved the caller's leg: Twilio stops the stream and closes the socket.
  phone.hangUp();
  await phone.closed;
  await settle();
  return { scheduler, dbPath: config.dbPath, health: async () => (await (await fetch(`${base}/healthz`)).json()) as { activeCalls: number } };
}

describe('a call whose stream ends because the hand-off moved the caller', () => {
  it('stays live after its socket closed, and is recorded ESCALATED once the desk bridges it', async () => {
    const desk = movingDesk();
    const call = await callMovedToDesk(desk);
    expect((await call.health()).activeCalls).toBe(1);
    expect(desk.handoffs[0]?.signal.aborted).toBe(false);
    desk.settle({ state: 'bridged', target: '+15557654321' });
    await advance(call.scheduler, 100);
    expect((await call.health()).activeCalls).toBe(0);
    await server?.close();
    server = undefined;
    const record = await lastCallRecord(call.dbPath);
    expect(record?.disposition).toBe('ESCALATED');
    expect(record?.outcome?.escalation).toMatchObject({ handoff: { state: 'bridged' } });
    expect(noteCodes(record?.events)).toContain('DUN_NOTE_CALLER_MOVED');
  }, 30_000);

  it('is ended and recorded, the hand-off called off, when the server shuts down while it waits', async () => {
    const desk = movingDesk();
    const call = await callMovedToDesk(desk);
    await server?.close();
    server = undefined;
    expect(desk.handoffs[0]?.signal.aborted).toBe(true);
    const record = await lastCallRecord(call.dbPath);
    expect(record?.disposition).toBe('SYSTEM_FAILURE');
    expect(noteCodes(record?.events)).toEqual(expect.arrayContaining(['DUN_NOTE_CALLER_MOVED', 'DUN_NOTE_SHUTDOWN']));
    expect(record?.events.filter((event) => event.type === 'handoff.state').map((event) => (event.type === 'handoff.state' ? event.state : ''))).toEqual(['requested', 'ringing', 'cancelled']);
  }, 30_000);
});
