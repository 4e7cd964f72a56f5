import { describe, expect, it } from 'vitest';
import { composeRuntime, voiceCallParts } from '../../src/app/compose-runtime.js';
import { silentLogger } from '../../src/log/logger.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import type { CallRecord, CallRecordEvent } from '../../src/store/call-record.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { ToneTts } from '../../src/testing/scripted-speech.js';
import { connectTwilioLine, type TwilioLine } from '../../src/testing/twilio-line.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { quiet } from '../server/harness.js';

// 23:00 in Shanghai on March 11th: the caller's today.
const START_MS = Date.parse('2026-03-11T15:00:00Z');
/** How long the caller lets the bot be quiet before keying the next answer, and the gap between keys. */
const ANSWER_AFTER_QUIET_MS = 600;
const KEY_GAP_MS = 300;

/** Holds a zh-CN call on a runtime with no recognizer, through the real Twilio serializer; the caller answers with `answers`, one group of keys per question. */
async function holdKeypadCall(answers: readonly string[]): Promise<{ record: CallRecord; line: TwilioLine }> {
  const scheduler = new ManualScheduler(START_MS);
  const store = new MemoryCallStore();
  const config = loadServerConfig({}, undefined, { noInputMs: 6000 });
  const runtime = await composeRuntime(config, { logger: silentLogger, scheduler, overrides: { speech: { asr: () => undefined, tts: new ToneTts({ msPerCharacter: 4 }) }, store } });
  const { line, call } = connectTwilioLine({ parts: voiceCallParts(runtime), scheduler, debtorId: 'C-2001' });
  line.start({});
  const pending = [...answers];
  let keys: string[] = [];
  let quietSinceMs = scheduler.nowMs();
  let nextKeyAtMs = 0;
  while (line.closeCode === undefined && scheduler.nowMs() - START_MS < 180_000) {
    if (line.botSpeaking) quietSinceMs = scheduler.nowMs();
    if (keys.length === 0 && pending.length > 0 && line.heardMs > 0 && scheduler.nowMs() - quietSinceMs >= ANSWER_AFTER_QUIET_MS) keys = [...(pending.shift() ?? '')];
    if (keys.length > 0 && scheduler.nowMs() >= nextKeyAtMs) {
      line.sendDtmf(keys.shift() ?? '');
      nextKeyAtMs = scheduler.nowMs() + KEY_GAP_MS;
      quietSinceMs = scheduler.nowMs();
    }
    line.sendAudio(quiet(20));
    scheduler.increment(20);
    for (let i = 0; i < 3; i += 1) await new Promise((resolve) => setImmediate(resolve));
  }
  await call.done;
  const [summary] = await store.listCalls();
  const record = summary === undefined ? undefined : await store.getCall(summary.callId);
  await runtime.close();
  if (record === undefined) throw new Error('no call was recorded');
  return { record, line };
}

const promptsSaid = (events: readonly CallRecordEvent[]) => events.flatMap((event) => (event.type === 'bot.said' ? [event.prompt] : []));

describe('a zh-CN call with no recognizer, answered on the keypad', () => {
  it('tells the caller the keys of each question, takes a keyed amount and day, and ends PTP with them', async () => {
    expect.assertions(7);
    const { record, line } = await holdKeypadCall(['1', '1500#', '15#', '1']);

    expect(record.disposition).toBe('PTP');
    expect(record.outcome?.promise).toMatchObject({ amount: 1500, date: '2026-03-15' });
    expect(line.closeCode).toBe(1000);
    expect(promptsSaid(record.events)).toEqual([
      'opening.greeting',
      'system.keypad_only',
      'keypad.keys_yes_no_person',
      'disclosure.collector_notice',
      'disclosure.debt',
      'early.ask_payment',
      'keypad.keys_yes_no_person',
      'keypad.amount',
      'promise.ask_date',
      'keypad.keys_yes_no_person',
      'keypad.date',
      'promise.below_minimum_due',
      'promise.readback',
      'keypad.keys_yes_no_person',
      'promise.confirmed',
      'closing.payment_channel',
    ]);
    const amountHint = record.events.find((event) => event.type === 'bot.said' && event.prompt === 'keypad.amount');
    expect(amountHint).toMatchObject({ text: expect.stringContaining('一百元') });
    const keyed = record.events.filter((event) => event.type === 'debtor.turn' && event.text !== '');
    expect(keyed).toMatchObject([
      { input: 'dtmf', text: '1500', state: 'askPayment', nlu: { intent: 'promise_to_pay', entities: { amount: 1500 } } },
      { input: 'dtmf', text: '15', state: 'promiseDate', nlu: { intent: 'promise_to_pay', entities: { date: '2026-03-15' } } },
    ]);
    expect(record.events.filter((event) => event.type === 'call.note').map((event) => (event.type === 'call.note' ? event.code : ''))).toEqual(['DUN_NOTE_NO_ASR']);
  }, 60_000);

  it('still takes 1 alone at a question that takes an amount, once the caller pauses', async () => {
    expect.assertions(2);
    // 1 at the payment question is "yes": the call goes on to ask how much.
    const { record } = await holdKeypadCall(['1', '1']);
    const states = record.events.flatMap((event) => (event.type === 'state.changed' ? [event.to] : []));
    expect(states.slice(0, 2)).toEqual(['askPayment', 'promiseAmount']);
    expect(promptsSaid(record.events)).toContain('promise.ask_amount');
  }, 60_000);
});
