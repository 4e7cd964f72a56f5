import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { earlyStageFlow } from '../../flows/index.js';
import { composeRuntime, createFlowRegistry, loadServerConfig, silentLogger, startDunbotServer, voiceCallParts, type HandoffPacket, type TurnContext } from '../../src/index.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { ScriptedAsr, ToneTts } from '../../src/testing/scripted-speech.js';
import { TwilioPhone } from '../../src/testing/twilio-phone.js';
import { mintStreamToken } from '../../src/telephony/stream-token.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { advance, lastCallRecord, quiet, speech } from '../server/harness.js';

const SECRET = 'compose-runtime-secret-0123456789';
const START_MS = Date.parse('2026-03-11T15:00:00Z');

describe('the composition root', () => {
  it('runs a call on the flows, hand-off adapter and understanders it is given, over the real server', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'dunbot-compose-')), 'calls.db');
    const config = loadServerConfig({ DUNBOT_UNDERSTANDERS: 'literal,rules' }, undefined, { port: 0, tokenSecret: SECRET, dbPath, shutdownGraceMs: 0 });
    const scheduler = new ManualScheduler(START_MS);
    const handoffs: HandoffPacket[] = [];
    const heard: TurnContext[] = [];
    const runtime = await composeRuntime(config, {
      logger: silentLogger,
      scheduler,
      overrides: {
        speech: { asr: () => new ScriptedAsr(['can i speak to a real person']), tts: new ToneTts() },
        flows: createFlowRegistry({ courtesy: earlyStageFlow }, () => 'courtesy'),
        // An application's own way to reach a person: it takes the call at once.
        handoff: {
          name: 'desk',
          onEscalate: async ({ packet }) => {
            handoffs.push(packet);
            return { state: 'bridged', target: 'desk' };
          },
        },
        // An understander of the application's own, asked first: it knows one phrase, and passes on the rest.
        understanders: {
          literal: () => ({
            name: 'literal',
            understand: async (utterance, context) => {
              heard.push(context);
              return utterance === 'can i speak to a real person' ? { intent: 'request_human', confidence: 0.99, entities: {} } : { intent: 'unknown', confidence: 0, entities: {} };
            },
          }),
        },
      },
    });
    const server = await startDunbotServer(runtime, silentLogger);
    try {
      const phone = new TwilioPhone(`ws://127.0.0.1:${server.port}/media/twilio`);
      await phone.start({ token: mintStreamToken({ debtorId: 'D-1001', provider: 'twilio', expiresAtMs: START_MS + 60_000 }, SECRET) });
      await advance(scheduler, 8000);
      phone.sendAudio(speech(600));
      phone.sendAudio(quiet(500));
      await advance(scheduler, 10_000);
      // Put through, the call is the provider's: it is the provider that ends the stream.
      phone.hangUp();
      expect(await phone.closed).toBe(1000);
    } finally {
      await server.close();
      await runtime.close();
    }
    const record = await lastCallRecord(dbPath);
    expect(record?.flow).toBe('courtesy');
    expect(record?.disposition).toBe('ESCALATED');
    expect(handoffs).toHaveLength(1);
    expect(handoffs[0]).toMatchObject({ reason: 'request_human', flow: 'courtesy', callId: record?.callId, evidence: { utterance: 'can i speak to a real person' } });
    expect(record?.outcome?.escalation).toMatchObject({ reason: 'request_human', handoff: { state: 'bridged' } });
    expect(heard[0]?.lastPrompt?.id).toBe('opening.greeting');
  }, 30_000);

  it('refuses an understander the configuration names but nobody provides, naming the known ones', async () => {
    const config = loadServerConfig({ DUNBOT_UNDERSTANDERS: 'rules' }, undefined, {});
    await expect(composeRuntime({ ...config, understanders: ['oracle'] as string[] }, { logger: silentLogger, overrides: { speech: false, store: new MemoryCallStore() } })).rejects.toMatchObject({ code: 'DUN_ERR_CONFIG_INVALID', message: expect.stringContaining('rules') });
  });

  it('builds a runtime without voice for text calls, and says so if voice is asked of it', async () => {
    const runtime = await composeRuntime(loadServerConfig({}, undefined, {}), { logger: silentLogger, overrides: { speech: false, store: new MemoryCallStore() } });
    expect(runtime.speech).toBeUndefined();
    expect(() => voiceCallParts(runtime)).toThrow(expect.objectContaining({ code: 'DUN_ERR_CONFIG_INVALID' }));
    expect(runtime.parts.flows.names).toEqual(['early', 'mid', 'late']);
    await runtime.close();
  });
});
