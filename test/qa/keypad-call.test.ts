import { describe, expect, it } from 'vitest';
import { composeRuntime, voiceCallParts } from '../../src/app/compose-runtime.js';
import { silentLogger } from '../../src/log/logger.js';
import { inspectRecord, loadQaRules } from '../../src/qa/index.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import type { CallRecord } from '../../src/store/call-record.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { ToneTts } from '../../src/testing/scripted-speech.js';
import { connectTwilioLine } from '../../src/testing/twilio-line.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { quiet } from '../server/harness.js';

// 10:00 in Shanghai on March 11th.
const START_MS = Date.parse('2026-03-11T02:00:00Z');

/**
 * Holds a zh-CN voice call with no recognizer through the real Twilio serializer and stages, the
 * caller answering each question with keys (as test/call/keypad-call.test.ts does), and inspects its
 * record with the runtime's own debtors and scripts.
 */
async function inspectKeypadCall(answers: readonly string[]): Promise<{ record: CallRecord; inspection: Awaited<ReturnType<typeof inspectRecord>> }> {
  const scheduler = new ManualScheduler(START_MS);
  const store = new MemoryCallStore();
  const runtime = await composeRuntime(loadServerConfig({}, undefined, { noInputMs: 6000 }), { logger: silentLogger, scheduler, overrides: { speech: { asr: () => undefined, tts: new ToneTts({ msPerCharacter: 4 }) }, store } });
  try {
    const parts = voiceCallParts(runtime);
    const { line, call } = connectTwilioLine({ parts, scheduler, debtorId: 'C-2001' });
    line.start({});
    const pending = [...answers];
    let keys: string[] = [];
    let quietSinceMs = scheduler.nowMs();
    let nextKeyAtMs = 0;
    while (line.closeCode === undefined && scheduler.nowMs() - START_MS < 180_000) {
      if (line.botSpeaking) quietSinceMs = scheduler.nowMs();
      if (keys.length === 0 && pending.length > 0 && line.heardMs > 0 && scheduler.nowMs() - quietSinceMs >= 600) keys = [...(pending.shift() ?? '')];
      if (keys.length > 0 && scheduler.nowMs() >= nextKeyAtMs) {
        line.sendDtmf(keys.shift() ?? '');
        nextKeyAtMs = scheduler.nowMs() + 300;
        quietSinceMs = scheduler.nowMs();
      }
      line.sendAudio(quiet(20));
      scheduler.increment(20);
      for (let i = 0; i < 3; i += 1) await new Promise((resolve) => setImmediate(resolve));
    }
    await call.done;
    const [summary] = await store.listCalls();
    const record = summary === undefined ? undefined : await store.getCall(summary.callId);
    if (record === undefined) throw new Error('no call was recorded');
    return { record, inspection: await inspectRecord(record, { rules: loadQaRules(), scripts: parts.scripts, debtors: parts.debtors }) };
  } finally {
    await runtime.close();
  }
}

describe('quality inspection of a voice call answered on the keypad', () => {
  it('reads the yes keyed after the keys hint as the answer to the read-back, and the hint\'s example amount as no claim', async () => {
    const { record, inspection } = await inspectKeypadCall(['1', '1500#', '15#', '1']);
    expect(record.disposition).toBe('PTP');
    const said = record.events.flatMap((event) => (event.type === 'bot.said' ? [event.prompt] : []));
    // The read-back is followed by the keys that answer it, and the amount question by an example sum.
    expect(said.slice(said.indexOf('promise.readback'), said.indexOf('promise.readback') + 2)).toEqual(['promise.readback', 'keypad.keys_yes_no_person']);
    expect(said).toContain('keypad.amount');
    expect(inspection.findings.filter((finding) => !finding.passed)).toEqual([]);
    expect(inspection).toMatchObject({ vetoed: false, score: 100 });
    expect(inspection.findings.map((finding) => finding.ruleId)).toEqual(expect.arrayContaining(['veto.promise_readback', 'score.amounts_correct', 'veto.call_window']));
  }, 60_000);
});
