import { describe, expect, it } from 'vitest';
import { CallSession } from '../../src/call/call-session.js';
import { checkUtterance } from '../../src/compliance/utterance-guard.js';
import { finish, flowContext, flowOutput, flowSetup, say } from '../../src/flow/index.js';
import type { RenderedPrompt } from '../../src/scripts/scripts-library.js';
import { defaultScriptsLibrary } from '../../src/scripts/index.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { ManualClock } from '../../src/time/clock.js';
import { collectingEffects, fixtureInput, rulesUnderstanding } from '../support/fixtures.js';

const limits = { balance: 1000, latestDate: '2026-03-25', today: '2026-03-11' };

describe('the compliance guard', () => {
  it('withholds a prohibited phrase, a debt detail before verification and terms outside the policy', () => {
    expect(checkUtterance('Pay now or you will be arrested.', { locale: 'en-US', verified: true, variables: [], values: {}, limits })).toMatchObject({ ok: false, rule: 'prohibited_phrase' });
    expect(checkUtterance('你再不还就等着坐牢吧', { locale: 'zh-CN', verified: true, variables: [], values: {}, limits })).toMatchObject({ ok: false, rule: 'prohibited_phrase' });
    expect(checkUtterance('The balance is …', { locale: 'en-US', verified: false, variables: ['balance'], values: { balance: 1000 }, limits })).toMatchObject({ ok: false, rule: 'debt_detail_unverified', detail: 'balance' });
    expect(checkUtterance('So 2000 on the 20th?', { locale: 'en-US', verified: true, variables: ['amount', 'date'], values: { amount: 2000, date: '2026-03-20' }, limits })).toMatchObject({ ok: false, rule: 'terms_outside_policy' });
    expect(checkUtterance('So 200 in April?', { locale: 'en-US', verified: true, variables: ['amount', 'date'], values: { amount: 200, date: '2026-04-20' }, limits })).toMatchObject({ ok: false, rule: 'terms_outside_policy' });
    expect(checkUtterance('So 200 on the 20th?', { locale: 'en-US', verified: true, variables: ['amount', 'date'], values: { amount: 200, date: '2026-03-20' }, limits })).toEqual({ ok: true });
  });

  it('keeps a flow that states the debt before verification from saying it, says a safe line instead, and notes it', async () => {
    const careless = flowSetup.createMachine({
      id: 'careless',
      initial: 'only',
      context: flowContext,
      output: flowOutput,
      states: { only: { type: 'final', entry: [say('disclosure.debt'), finish('CALLBACK')] } },
    });
    const store = new MemoryCallStore();
    const said: RenderedPrompt[] = [];
    const withheld: string[] = [];
    const session = await CallSession.start({
      flowName: 'careless',
      machine: careless,
      input: fixtureInput('en-US-early'),
      understanding: rulesUnderstanding(),
      scripts: defaultScriptsLibrary(),
      store,
      clock: new ManualClock(Date.parse('2026-03-11T15:00:00Z')),
      effects: collectingEffects(said),
      onLineWithheld: (rule) => withheld.push(rule),
    });
    expect(said.map((prompt) => prompt.promptId)).toEqual(['verify.need_right_party']);
    expect(said[0]?.text).not.toMatch(/1,?250|thousand/);
    expect(withheld).toEqual(['debt_detail_unverified']);
    const record = await store.getCall(session.callId);
    expect(record?.events.find((event) => event.type === 'call.note')).toMatchObject({ code: 'DUN_NOTE_LINE_WITHHELD' });
  });
});

describe('the compliance guard on a generated answer', () => {
  const values = { creditor: 'Acme Auto Finance', callbackNumber: '+18005550100', balance: 1250.5, minimumDue: 300, installments: 3 };
  const generated = (answer: string, verified: boolean, locale: 'en-US' | 'zh-CN' = 'en-US') =>
    checkUtterance(answer, { locale, verified, variables: ['answer'], values: { ...values, answer }, limits: { balance: 1250.5, latestDate: '2026-03-25', today: '2026-03-11' } });

  it('reads its words, since no template vouches for them: before verification nothing of the debt passes', () => {
    expect(generated('Your balance is $1,250.50.', false)).toMatchObject({ ok: false, rule: 'debt_detail_unverified' });
    expect(generated('It is about your account with Acme Auto Finance.', false)).toMatchObject({ ok: false, rule: 'debt_detail_unverified', detail: 'generated text names the creditor' });
    expect(generated('You are 19 days behind.', false)).toMatchObject({ ok: false, rule: 'debt_detail_unverified', detail: 'generated text states a figure' });
    expect(generated('您还有一千二百五十元没还。', false, 'zh-CN')).toMatchObject({ ok: false, rule: 'debt_detail_unverified' });
    expect(generated("I'm an AI assistant for Account Services; you can call us back at (800) 555-0100.", false)).toEqual({ ok: true });
  });

  it('after verification, passes the account’s own sums and withholds a sum that is none of them', () => {
    expect(generated('Your balance is $1,250.50 and the minimum due is $300.', true)).toEqual({ ok: true });
    expect(generated('We can waive $200 of it.', true)).toMatchObject({ ok: false, rule: 'terms_outside_policy' });
  });

  it('withholds a prohibited phrase in it, verified or not', () => {
    expect(generated('If you do not pay you will be arrested.', true)).toMatchObject({ ok: false, rule: 'prohibited_phrase' });
  });
});
