import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeRuntime } from '../../src/app/compose-runtime.js';
import { CallSession } from '../../src/call/call-session.js';
import type { TurnAnswering } from '../../src/call/session-ports.js';
import type { GuardRule } from '../../src/compliance/index.js';
import { silentLogger } from '../../src/log/logger.js';
import type { RenderedPrompt } from '../../src/scripts/scripts-library.js';
import { loadServerConfig } from '../../src/server/server-config.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { ManualScheduler } from '../../src/time/scheduler.js';
import { collectingEffects, fixtureInput } from '../support/fixtures.js';
import { OpenAiCompatibleServer } from '../understanding/openai-compatible-server.js';
import { answerJson } from './facts.js';

let server: OpenAiCompatibleServer;

beforeEach(async () => {
  server = await OpenAiCompatibleServer.start();
});

afterEach(async () => {
  await server.close();
});

/** A call to the en-US early debtor on the runtime `dunbot serve` composes, with the LLM at the local server (or `answering` instead). */
async function startCall(answering?: TurnAnswering) {
  const scheduler = new ManualScheduler(Date.parse('2026-03-11T15:00:00Z'));
  const store = new MemoryCallStore();
  const config = loadServerConfig({}, undefined, { understanders: ['rules'], llmBaseUrl: server.baseUrl, llmModel: 'test-model', llmBudgetMs: 2000 });
  const runtime = await composeRuntime(config, { logger: silentLogger, scheduler, overrides: { speech: false, store, ...(answering !== undefined ? { answering } : {}) } });
  const said: RenderedPrompt[] = [];
  const withheld: GuardRule[] = [];
  const flow = runtime.parts.flows.select(fixtureInput('en-US-early').debtor);
  const session = await CallSession.start({
    flowName: flow.name,
    machine: flow.machine,
    input: fixtureInput('en-US-early'),
    understanding: runtime.parts.understanding,
    ...(runtime.parts.answering !== undefined ? { answering: runtime.parts.answering } : {}),
    scripts: runtime.parts.scripts,
    store,
    clock: scheduler,
    effects: collectingEffects(said),
    onLineWithheld: (rule) => withheld.push(rule),
  });
  return { session, said, withheld, store, close: () => runtime.close() };
}

/** Everything the bot said after the greeting, as text. */
function heard(said: readonly RenderedPrompt[], from: number): string {
  return said.slice(from).map((prompt) => prompt.text).join(' ');
}

describe('a generated answer before the debtor is verified', () => {
  it('that speaks of the debt is withheld by the compliance guard: the safe line is said instead, noted and counted', async () => {
    server.reply({ content: answerJson('Yes, this is about the past-due balance on your Acme Auto Finance car loan.') });
    const call = await startCall();
    const before = call.said.length;

    await call.session.take({ kind: 'text', text: 'do you have an office near me?' });

    expect(call.said.slice(before).map((prompt) => prompt.promptId)[0]).toBe('verify.need_right_party');
    expect(heard(call.said, before)).not.toMatch(/Acme|balance|car loan/i);
    expect(call.withheld).toEqual(['debt_detail_unverified']);
    await call.session.flush();
    const record = await call.store.getCall(call.session.callId);
    expect(record?.events.find((event) => event.type === 'call.note')).toMatchObject({ code: 'DUN_NOTE_LINE_WITHHELD', message: expect.stringContaining('answer.generated was not said (debt_detail_unverified') });
    expect(record?.events.some((event) => event.type === 'bot.said' && event.generated === true)).toBe(false);
    await call.close();
  });

  it('that states the balance never reaches the guard: the model was told no balance, and an answer naming one is discarded', async () => {
    server.reply({ content: answerJson('You owe $1,250.50, due February 20th.') });
    const call = await startCall();
    const before = call.said.length;

    await call.session.take({ kind: 'text', text: 'do you have an office near me?' });

    expect(server.requests[0]?.text).not.toContain('1250');
    expect(call.said[before]?.promptId).toBe('answer.unknown_question');
    expect(heard(call.said, before)).not.toMatch(/1,?250|thousand/);
    await call.close();
  });

  it('from any answerer (an application’s own, unchecked) is held to the same guard', async () => {
    const careless: TurnAnswering = { answer: async () => 'Your balance is $1,250.50.' };
    const call = await startCall(careless);
    const before = call.said.length;

    await call.session.take({ kind: 'text', text: 'do you have an office near me?' });

    expect(call.said[before]?.promptId).toBe('verify.need_right_party');
    expect(heard(call.said, before)).not.toMatch(/1,?250/);
    expect(call.withheld).toEqual(['debt_detail_unverified']);
    await call.close();
  });
});
