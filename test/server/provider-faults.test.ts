import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { advance, lastCallRecord, noteCodes, quiet, settle, speech, startTestServer } from './harness.js';
import type { PcmAudio } from '../../src/audio/audio-format.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import type { Locale } from '../../src/domain/locale.js';
import { DunbotError } from '../../src/errors.js';
import { silentLogger } from '../../src/log/logger.js';
import { RulesNlu } from '../../src/nlu/rules-nlu.js';
import type { AsrHints, AsrListener, AsrProvider, AsrStream } from '../../src/providers/asr/asr.js';
import { CachedTts } from '../../src/providers/tts/tts-cache.js';
import type { TtsProvider, TtsRequest } from '../../src/providers/tts/tts.js';
import { defaultScriptsLibrary } from '../../src/scripts/load-scripts-library.js';
import type { RuntimeOverrides } from '../../src/app/compose-runtime.js';
import type { SpeechProviders } from '../../src/call/call-parts.js';
import type { TurnUnderstanding } from '../../src/call/session-ports.js';
import type { DunbotServer } from '../../src/server/dunbot-server.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import type { CallRecordEvent } from '../../src/store/call-record.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { mintStreamToken } from '../../src/telephony/stream-token.js';
import { ScriptedAsr, ToneTts } from '../../src/testing/scripted-speech.js';
import { TwilioPhone } from '../../src/testing/twilio-phone.js';

const SECRET = 'provider-faults-secret-0123456789';
const START_MS = Date.parse('2026-03-11T15:00:00Z');
let server: DunbotServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setUp(providers: SpeechProviders, parts: Omit<RuntimeOverrides, 'speech'> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'dunbot-faults-'));
  const scheduler = new ManualScheduler(START_MS);
  const config = loadServerConfig({}, undefined, { port: 0, tokenSecret: SECRET, dbPath: join(dir, 'calls.db'), shutdownGraceMs: 0, noInputMs: 6000 });
  server = await startTestServer(config, providers, silentLogger, scheduler, parts);
  const port = server.port;
  const dial = async (debtorId = 'D-1001'): Promise<TwilioPhone> => {
    const phone = new TwilioPhone(`ws://127.0.0.1:${port}/media/twilio`);
    await phone.start({ token: mintStreamToken({ debtorId, provider: 'twilio', expiresAtMs: START_MS + 3_600_000 }, SECRET) });
    return phone;
  };
  const metrics = async (): Promise<string> => (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const health = async (): Promise<unknown> => (await fetch(`http://127.0.0.1:${port}/healthz`)).json();
  return { scheduler, dbPath: config.dbPath, dial, metrics, health };
}

async function closeAndRead(dbPath: string) {
  await server?.close();
  server = undefined;
  return lastCallRecord(dbPath);
}

async function say(phone: TwilioPhone, scheduler: ManualScheduler): Promise<void> {
  phone.sendAudio(speech(600));
  phone.sendAudio(quiet(500));
  await settle();
  await advance(scheduler, 1000);
}

const notes = noteCodes;
const promptsSaid = (events: readonly CallRecordEvent[] | undefined) => (events ?? []).flatMap((event) => (event.type === 'bot.said' ? [event.prompt] : []));

/** A recognizer that fails the way a cloud recognizer without credentials does: `how` says where. */
class FailingAsr implements AsrProvider {
  readonly name = 'failing';
  readonly locales: readonly Locale[] = ['en-US', 'zh-CN'];
  readonly sampleRateHz = 8000;
  opened = 0;
  constructor(private readonly how: 'error-event' | 'finish-rejects' | 'open-rejects' | 'open-throws' | 'write-throws') {}

  open(_options: { readonly locale: Locale; readonly hints: AsrHints }, listener: AsrListener): Promise<AsrStream> {
    this.opened += 1;
    const failure = new DunbotError('DUN_ERR_ASR_FAILED', 'could not load the default credentials', { retryable: false });
    if (this.how === 'open-throws') throw failure;
    if (this.how === 'open-rejects') return Promise.reject(failure);
    let written = 0;
    return Promise.resolve({
      write: () => {
        written += 1;
        if (this.how === 'write-throws' && written > 3) throw failure;
        if (this.how === 'error-event' && written === 3) listener.onError(failure);
      },
      finish: () => (this.how === 'finish-rejects' ? Promise.reject(failure) : Promise.resolve()),
      close: () => undefined,
    });
  }
}

/** A synthesizer that works until `broken` is set, as a cloud service that goes down after the server started. */
class BreakableTts implements TtsProvider {
  readonly name = 'breakable';
  broken = false;
  private readonly tone = new ToneTts();
  defaultVoice(): string {
    return 'tone';
  }
  synthesize(request: TtsRequest): Promise<PcmAudio> {
    if (this.broken) return Promise.reject(new DunbotError('DUN_ERR_TTS_FAILED', 'service unavailable', { retryable: true }));
    return this.tone.synthesize(request);
  }
}

describe('a failing recognizer turns the call to keys, says so, and takes nothing else down', () => {
  it.each(['error-event', 'finish-rejects', 'open-rejects', 'open-throws', 'write-throws'] as const)('recognizer fault: %s', async (how) => {
    const asr = new FailingAsr(how);
    const { scheduler, dbPath, dial, metrics, health } = await setUp({ asr: () => asr, tts: new ToneTts() });
    const phone = await dial();
    await advance(scheduler, 6000);
    await say(phone, scheduler);
    expect(asr.opened).toBe(1);
    // The caller is told to use the keypad, and the keys then carry the call.
    await advance(scheduler, 8000);
    phone.sendDtmf('1');
    await advance(scheduler, 2000);
    // Speech is no longer sent to the recognizer that failed.
    await say(phone, scheduler);
    expect(asr.opened).toBe(1);
    expect(await health()).toEqual({ status: 'ok', activeCalls: 1 });
    expect(await metrics()).toMatch(/dunbot_provider_errors_total\{provider="asr"\} 1/);
    phone.hangUp();
    await phone.closed;
    const record = await closeAndRead(dbPath);
    expect(notes(record?.events)).toContain('DUN_NOTE_ASR_FAILED');
    expect(promptsSaid(record?.events)).toContain('system.keypad_only');
    expect(record?.events.some((event) => event.type === 'debtor.turn' && event.input === 'dtmf' && event.digit === '1')).toBe(true);
    expect(record?.events.some((event) => event.type === 'state.changed' && event.cause === 'user.dtmf')).toBe(true);
    expect(record?.disposition).toBe('HUNG_UP');
  }, 30_000);
});

describe('a failing synthesizer never leaves the caller in silence', () => {
  it('plays the cached apology and ends the call SYSTEM_FAILURE when a prompt cannot be synthesized', async () => {
    const breakable = new BreakableTts();
    const tts = new CachedTts(breakable);
    const scripts = defaultScriptsLibrary();
    // As the server does at start: prompts without variables are synthesized ahead of calls.
    await tts.preload([{ text: scripts.render('en-US', 'system.technical_problem', {}, { currency: 'USD' }).text, locale: 'en-US' }]);
    breakable.broken = true;
    const { scheduler, dbPath, dial, metrics } = await setUp({ asr: () => new ScriptedAsr([]), tts });
    const phone = await dial();
    await advance(scheduler, 10_000);
    expect(phone.heard.length).toBeGreaterThan(0);
    expect(await phone.closed).toBe(1011);
    expect(await metrics()).toMatch(/dunbot_calls_ended_by_runtime_total\{cause="DUN_NOTE_TTS_FAILED"\} 1/);
    const record = await closeAndRead(dbPath);
    expect(record?.disposition).toBe('SYSTEM_FAILURE');
    expect(notes(record?.events)).toContain('DUN_NOTE_TTS_FAILED');
    expect(promptsSaid(record?.events).at(-1)).toBe('system.technical_problem');
  }, 30_000);

  it('ends the call at once, recorded, when even the apology cannot be synthesized', async () => {
    const breakable = new BreakableTts();
    breakable.broken = true;
    const { scheduler, dbPath, dial } = await setUp({ asr: () => new ScriptedAsr([]), tts: breakable });
    const phone = await dial();
    await advance(scheduler, 200);
    expect(await phone.closed).toBe(1011);
    expect(phone.heard).toHaveLength(0);
    const record = await closeAndRead(dbPath);
    expect(record?.disposition).toBe('SYSTEM_FAILURE');
    expect(notes(record?.events)).toContain('DUN_NOTE_TTS_FAILED');
  }, 30_000);
});

describe('a failing store costs records, never calls', () => {
  it('goes on with the call when every write after the first fails, and counts the failures', async () => {
    const store = new MemoryCallStore();
    let appends = 0;
    const append = store.append.bind(store);
    store.append = (callId, ...events) => {
      appends += 1;
      return appends > 1 ? Promise.reject(new DunbotError('DUN_ERR_STORE_WRITE', 'disk full')) : append(callId, ...events);
    };
    const { scheduler, dial, metrics, health } = await setUp({ asr: () => new ScriptedAsr(['yes speaking']), tts: new ToneTts() }, { store });
    const phone = await dial();
    await advance(scheduler, 6000);
    const heardBefore = phone.heard.length;
    await say(phone, scheduler);
    await advance(scheduler, 3000);
    // The flow moved on to the disclosure: the caller is still being served.
    expect(phone.heard.length).toBeGreaterThan(heardBefore);
    expect(await health()).toEqual({ status: 'ok', activeCalls: 1 });
    expect(await metrics()).toMatch(/dunbot_provider_errors_total\{provider="store"\} [1-9]/);
    phone.hangUp();
    expect(await phone.closed).toBe(1000);
  }, 30_000);
});

describe('an unexpected error inside one call ends that call, recorded, and nothing else', () => {
  it('ends the call whose understanding throws; the other call goes on', async () => {
    const rules = new RulesNlu();
    // A whole understanding stage that breaks on one utterance: the fault is in the call, not in an understander.
    const understanding: TurnUnderstanding = {
      understand: async (text, context) => {
        if (text.includes('boom')) throw new TypeError('cannot read properties of undefined');
        return { ...rules.classify(text, context.locale, { now: new Date(context.nowMs), timeZone: context.timeZone }), source: 'rules' };
      },
    };
    const script = ['boom', 'yes speaking'];
    const asrs = script.map((text) => new ScriptedAsr([text]));
    let next = 0;
    const { scheduler, dbPath, dial, metrics, health } = await setUp({ asr: () => asrs[next++ % 2] ?? new ScriptedAsr([]), tts: new ToneTts() }, { understanding });
    const doomed = await dial('D-1001');
    const other = await dial('D-1002');
    await advance(scheduler, 6000);
    await say(doomed, scheduler);
    expect(await doomed.closed).toBe(1011);
    await say(other, scheduler);
    await advance(scheduler, 3000);
    expect(other.closeCode).toBeUndefined();
    expect(await health()).toEqual({ status: 'ok', activeCalls: 1 });
    expect(await metrics()).toMatch(/dunbot_calls_ended_by_runtime_total\{cause="DUN_NOTE_INTERNAL_ERROR"\} 1/);
    other.hangUp();
    await other.closed;
    await server?.close();
    server = undefined;
    const { SqliteCallStore } = await import('../../src/store/sqlite-call-store.js');
    const store = SqliteCallStore.open(dbPath);
    const calls = await Promise.all((await store.listCalls()).map((call) => store.getCall(call.callId)));
    await store.close();
    const byDebtor = new Map(calls.map((call) => [call?.debtorId, call]));
    expect(byDebtor.get('D-1001')?.disposition).toBe('SYSTEM_FAILURE');
    expect(notes(byDebtor.get('D-1001')?.events)).toContain('DUN_NOTE_INTERNAL_ERROR');
    expect(byDebtor.get('D-1002')?.disposition).toBe('HUNG_UP');
  }, 30_000);
});
