import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { composeRuntime } from '../../src/app/compose-runtime.js';
import { isDunbotError } from '../../src/errors.js';
import { createLogger, silentLogger, type Logger } from '../../src/log/logger.js';
import type { DunbotServer } from '../../src/server/dunbot-server.js';
import { startDunbotServer } from '../../src/server/dunbot-server.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import type { CallRecord } from '../../src/store/call-record.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { ScriptedAsr, ToneTts } from '../../src/testing/scripted-speech.js';
import { TwilioPhone } from '../../src/testing/twilio-phone.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { advance, lastCallRecord, quiet, settle, speech, startTestServer } from '../server/harness.js';

const SECRET = 'integration-test-secret-0123456789';
/** What the debtor says on every call here: yes, a promise of 200 on Friday, yes to the read-back. */
const PROMISE_CALL = ['yes speaking', 'i can pay two hundred dollars on friday', 'yes that is right'];

let server: DunbotServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface Setup {
  readonly scheduler: ManualScheduler;
  readonly base: string;
  readonly dbPath: string;
}

async function setUp(settings: Record<string, unknown> = {}, options: { readonly store?: MemoryCallStore; readonly logger?: Logger } = {}): Promise<Setup> {
  const dir = mkdtempSync(join(tmpdir(), 'dunbot-qa-server-'));
  // 11:00 in New York, the debtor's zone: inside the call window.
  const scheduler = new ManualScheduler(Date.parse('2026-03-11T15:00:00Z'));
  const config = loadServerConfig({}, undefined, { port: 0, tokenSecret: SECRET, dbPath: join(dir, 'calls.db'), noInputMs: 6000, shutdownGraceMs: 0, allowUnsignedTwiml: true, ...settings });
  const asr = new ScriptedAsr(PROMISE_CALL);
  server = await startTestServer(config, { asr: () => asr, tts: new ToneTts() }, options.logger ?? silentLogger, scheduler, options.store !== undefined ? { store: options.store } : {});
  return { scheduler, base: `http://127.0.0.1:${server.port}`, dbPath: config.dbPath };
}

async function tokenFor(base: string, debtor: string): Promise<string> {
  const response = await fetch(`${base}/twiml/stream`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `debtor=${debtor}` });
  const token = /<Parameter name="token" value="([^"]+)"\/>/.exec(await response.text())?.[1];
  if (token === undefined) throw new Error('no token');
  return token;
}

/** Holds the promise call over Twilio's Media Streams protocol to its end (the bot closes the socket). */
async function holdPromiseCall({ scheduler, base }: Setup): Promise<number> {
  const phone = new TwilioPhone(`ws://127.0.0.1:${server?.port}/media/twilio`);
  await phone.start({ debtor: 'D-1001', token: await tokenFor(base, 'D-1001') });
  await advance(scheduler, 8000);
  for (let turn = 0; turn < PROMISE_CALL.length; turn += 1) {
    phone.sendAudio(speech(600));
    phone.sendAudio(quiet(500));
    await settle();
    await advance(scheduler, 12_000);
  }
  return phone.closed;
}

/** The server's /metrics once `pattern` shows up in it (the inspection runs after the call's record is written). */
async function metricsWith(base: string, pattern: RegExp): Promise<string> {
  let text = '';
  for (let attempt = 0; attempt < 50; attempt += 1) {
    text = await (await fetch(`${base}/metrics`)).text();
    if (pattern.test(text)) return text;
    await settle();
  }
  throw new Error(`/metrics never showed ${String(pattern)}:\n${text.split('\n').filter((line) => line.startsWith('dunbot_qa')).join('\n')}`);
}

describe('quality inspection in the server', () => {
  it('inspects a call as it ends and counts it in /metrics', async () => {
    const setup = await setUp();
    expect(await holdPromiseCall(setup)).toBe(1000);
    const metrics = await metricsWith(setup.base, /dunbot_qa_calls_total\{result="passed"\} 1/);
    expect(metrics).toContain('dunbot_qa_calls_total{result="vetoed"} 0');
    expect(metrics).toContain('dunbot_qa_score_count 1');
    expect(metrics).toContain('dunbot_qa_score_sum 100');
    expect(metrics).toContain('dunbot_qa_score_bucket{le="90"} 0');
    expect(metrics).not.toMatch(/dunbot_qa_findings_total\{/);
    expect(metrics).toContain('dunbot_qa_errors_total 0');
    await server?.close();
    server = undefined;
    expect((await lastCallRecord(setup.dbPath))?.disposition).toBe('PTP');
  }, 30_000);

  it('takes a rules file (DUNBOT_QA_RULES) and counts the vetoes and failed items by rule', async () => {
    const rules = join(mkdtempSync(join(tmpdir(), 'dunbot-qa-rules-')), 'team.json');
    writeFileSync(rules, JSON.stringify({
      rules: [{ id: 'team.no_mobile_app', kind: 'veto', check: 'prohibited_phrases', params: { builtIn: false, patterns: { 'en-US': ['mobile app'] } }, description: 'name the payment channel exactly' }],
      disable: ['score.closing_payment_channel'],
    }));
    expect(loadServerConfig({ DUNBOT_QA_RULES: rules }).qaRules).toBe(rules);
    const setup = await setUp({ qaRules: rules });
    await holdPromiseCall(setup);
    const metrics = await metricsWith(setup.base, /dunbot_qa_calls_total\{result="vetoed"\} 1/);
    expect(metrics).toContain('dunbot_qa_findings_total{rule="team.no_mobile_app"} 1');
    expect(metrics).toContain('dunbot_qa_calls_total{result="passed"} 0');
    expect(metrics).toContain('dunbot_qa_score_sum 0');
  }, 30_000);

  it('inspects nothing with DUNBOT_QA=off', async () => {
    expect(loadServerConfig({ DUNBOT_QA: 'off' }).qa).toBe('off');
    const setup = await setUp({ qa: 'off' });
    expect(await holdPromiseCall(setup)).toBe(1000);
    for (let i = 0; i < 5; i += 1) await settle();
    const metrics = await (await fetch(`${setup.base}/metrics`)).text();
    expect(metrics).toContain('dunbot_qa_calls_total{result="passed"} 0');
    expect(metrics).toContain('dunbot_qa_score_count 0');
  }, 30_000);

  it('logs and counts an inspection that fails, and the call is not touched by it', async () => {
    /** A store that writes calls but cannot read them back: the inspection's read fails. */
    class UnreadableStore extends MemoryCallStore {
      readonly written = (callId: string): Promise<CallRecord | undefined> => super.getCall(callId);
      override async getCall(): Promise<CallRecord | undefined> {
        throw new Error('the disk is gone');
      }
    }
    const store = new UnreadableStore();
    const lines: string[] = [];
    const setup = await setUp({}, { store, logger: createLogger({ write: (line) => lines.push(line) }) });
    expect(await holdPromiseCall(setup)).toBe(1000);
    const metrics = await metricsWith(setup.base, /dunbot_qa_errors_total 1/);
    expect(metrics).toContain('dunbot_qa_calls_total{result="passed"} 0');
    expect(lines.some((line) => line.includes('quality inspection failed') && line.includes('the disk is gone'))).toBe(true);
    const [summary] = await store.listCalls();
    expect(summary?.disposition).toBe('PTP');
    expect((await store.written(summary?.callId ?? ''))?.outcome?.promise).toEqual({ amount: 200, date: '2026-03-13', kind: 'single' });
  }, 30_000);

  it('does not start with a rules file that is not valid', async () => {
    expect(() => loadServerConfig({ DUNBOT_QA: 'sometimes' })).toThrow(/qa \(DUNBOT_QA\)/);
    const rules = join(mkdtempSync(join(tmpdir(), 'dunbot-qa-rules-')), 'bad.json');
    writeFileSync(rules, JSON.stringify({ rules: [{ id: 'team.x', kind: 'veto', check: 'nope', description: 'x' }] }));
    const config = loadServerConfig({ DUNBOT_QA_RULES: rules }, undefined, { port: 0, tokenSecret: SECRET, dbPath: ':memory:', allowUnsignedTwiml: true });
    const runtime = await composeRuntime(config, { logger: silentLogger, scheduler: new ManualScheduler(0), overrides: { speech: { asr: () => undefined, tts: new ToneTts() } } });
    try {
      const started = startDunbotServer(runtime, silentLogger);
      await expect(started).rejects.toSatisfy((error: unknown) => isDunbotError(error, 'DUN_ERR_QA_RULES_INVALID') && error.message.includes('rule "team.x" (rules[0]): check:'));
    } finally {
      await runtime.close();
    }
  });
});
