import { describe, expect, it } from 'vitest';
import { SHIPPED_FLOWS } from '../../flows/index.js';
import { CallSession, type CallSessionOptions } from '../../src/call/call-session.js';
import type { VerifyFactor } from '../../src/domain/debtor.js';
import { defaultScriptsLibrary } from '../../src/scripts/index.js';
import type { RenderedPrompt } from '../../src/scripts/scripts-library.js';
import { MemoryCallStore } from '../../src/store/index.js';
import { ManualClock } from '../../src/time/clock.js';
import { collectingEffects, fixtureInput, rulesUnderstanding } from '../support/fixtures.js';

// Wednesday 2026-03-11: 10:00 in New York, 23:00 in Shanghai.
const START_MS = Date.parse('2026-03-11T15:00:00Z');

function options(name: string, factor: VerifyFactor, said: RenderedPrompt[]): CallSessionOptions {
  const fixture = fixtureInput(name);
  const input = { ...fixture, debtor: { ...fixture.debtor, idLast4: '041X', dateOfBirth: '1985-03-02', policy: { ...fixture.debtor.policy, verifyWith: factor } } };
  const flow = SHIPPED_FLOWS.select(input.debtor);
  return { flowName: flow.name, machine: flow.machine, input, understanding: rulesUnderstanding(), scripts: defaultScriptsLibrary(), store: new MemoryCallStore(), clock: new ManualClock(START_MS), effects: collectingEffects(said) };
}

describe('a call whose policy asks for a second factor', () => {
  it('hears the name, then the last four of the ID said bare, then discloses', async () => {
    const said: RenderedPrompt[] = [];
    const session = await CallSession.start(options('zh-CN-early', 'id_last4', said));
    await session.take({ kind: 'text', text: '我就是张伟' });
    expect(said.at(-1)?.text).toBe('为了核实您的身份，请告诉我您身份证号码的后四位。');
    await session.take({ kind: 'text', text: '零四一叉' });
    expect(said.map((line) => line.promptId)).toEqual(['opening.greeting', 'verify.ask_id_last4', 'disclosure.collector_notice', 'disclosure.debt', 'early.ask_payment']);
  });

  it('takes a date of birth keyed as YYYYMMDD and ended with #', async () => {
    const said: RenderedPrompt[] = [];
    const session = await CallSession.start(options('en-US-early', 'date_of_birth', said));
    await session.take({ kind: 'dtmf', digit: '1' });
    expect(session.keypadQuestion()).toMatchObject({ entry: 'date_of_birth', entryIntent: 'affirm' });
    await session.take({ kind: 'keyed', digits: '19850302' });
    expect(said.map((line) => line.promptId).slice(-3)).toEqual(['disclosure.collector_notice', 'disclosure.debt', 'early.ask_payment']);
  });

  it('ends the call unverified after two wrong answers, having said nothing about the debt', async () => {
    const said: RenderedPrompt[] = [];
    const session = await CallSession.start(options('en-US-early', 'date_of_birth', said));
    for (const text of ['yes this is john', 'march 3rd 1985', 'march 2nd 1986']) await session.take({ kind: 'text', text });
    expect(session.outcome?.disposition).toBe('CALLBACK');
    expect(said.map((line) => line.promptId)).toEqual(['opening.greeting', 'verify.ask_date_of_birth', 'verify.identifier_mismatch', 'verify.ask_date_of_birth', 'verify.unverified_goodbye']);
    expect(said.some((line) => /1,?250|Acme|debt|balance/i.test(line.text))).toBe(false);
  });
});
