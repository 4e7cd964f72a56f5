import { describe, expect, it } from 'vitest';
import type { TranscriptEntry } from '../../src/call/transcript.js';
import type { AccountFlag } from '../../src/domain/account-flags.js';
import { buildHandoffPacket, type HandoffFacts } from '../../src/escalation/handoff-packet.js';
import { summarizeForAgent } from '../../src/escalation/handoff-summary.js';
import type { EscalationReason } from '../../src/flow/events.js';
import { defaultScriptsLibrary } from '../../src/scripts/index.js';
import { fixtureDebtor } from '../support/fixtures.js';

const START_MS = Date.parse('2026-03-11T15:00:00Z');
const scripts = defaultScriptsLibrary();
const debtor = fixtureDebtor('en-US-early');
const nlu = { intent: 'request_human' as const, confidence: 0.93, entities: {} };

function facts(overrides: Partial<HandoffFacts> = {}): HandoffFacts {
  const transcript: TranscriptEntry[] = [
    { speaker: 'bot', text: 'Hello…', state: 'opening', prompt: 'opening.greeting' },
    { speaker: 'debtor', text: 'get me a real person', state: 'askPayment', intent: 'request_human' },
  ];
  return {
    callId: 'call-1',
    flow: 'early',
    state: 'askPayment',
    reason: 'request_human',
    evidence: { utterance: 'get me a real person', nlu, emotion: 0.31, atMs: START_MS + 9000 },
    debtor,
    locale: 'en-US',
    verified: true,
    transcript,
    turns: [{ atMs: START_MS + 9000, text: 'get me a real person', nlu }],
    emotion: [{ atMs: START_MS + 9000, score: 0.31 }],
    flags: [],
    telephony: { provider: 'twilio', callId: 'CA0123456789abcdef0123456789abcdef', streamId: 'MZ01' },
    requestedAtMs: START_MS + 9000,
    ...overrides,
  };
}

describe('the hand-off packet', () => {
  it('carries the call as it was when the person was asked for, under a random id', () => {
    const given = facts();
    const packet = buildHandoffPacket(given, { scripts });
    expect(packet.handoffId).toMatch(/^[0-9a-f-]{36}$/);
    expect(buildHandoffPacket(given, { scripts }).handoffId).not.toBe(packet.handoffId);
    expect(packet).toMatchObject({
      version: 1,
      callId: 'call-1',
      flow: 'early',
      state: 'askPayment',
      reason: 'request_human',
      evidence: { utterance: 'get me a real person', nlu, emotion: 0.31, atMs: START_MS + 9000 },
      debtor: { id: debtor.id, name: debtor.name, phone: debtor.phone, locale: 'en-US', creditor: debtor.creditor, product: debtor.product, currency: 'USD', balance: debtor.balance, daysPastDue: debtor.daysPastDue },
      verified: true,
      turns: [{ text: 'get me a real person', nlu }],
      emotion: [{ atMs: START_MS + 9000, score: 0.31 }],
      telephony: { provider: 'twilio', callId: 'CA0123456789abcdef0123456789abcdef' },
      requestedAt: '2026-03-11T15:00:09.000Z',
    });
    expect(packet.transcript).toEqual(given.transcript);
    // A copy: what the call does next cannot change what was sent.
    (given.transcript as TranscriptEntry[]).push({ speaker: 'bot', text: 'later', state: 'x' });
    expect(packet.transcript).toHaveLength(2);
    expect(buildHandoffPacket(facts(), { scripts, handoffId: 'fixed' }).handoffId).toBe('fixed');
  });

  it('leaves the emotion scores empty when the turns carry none, and the telephony out of a text call', () => {
    const packet = buildHandoffPacket(facts({ emotion: [], telephony: undefined }), { scripts });
    expect(packet.emotion).toEqual([]);
    expect('telephony' in packet).toBe(false);
  });
});

describe('the agent\'s summary', () => {
  it('says who, why in the debtor\'s own words, verified or not, the promise and the flags', () => {
    const flags: AccountFlag[] = [{ kind: 'time_restriction', detail: 'only after six' }, { kind: 'recording_objection' }];
    const packet = buildHandoffPacket(facts({ verified: false, flags, promise: { amount: 400, date: '2026-03-20', kind: 'plan', installments: 3 } }), { scripts });
    expect(packet.summary.source).toBe('template');
    expect(packet.summary.locale).toBe('en-US');
    const text = packet.summary.text;
    expect(text).toContain(`Caller: ${debtor.name}, account with ${debtor.creditor}`);
    expect(text).toContain('They asked to speak to a person.');
    expect(text).toContain('Their words: "get me a real person".');
    expect(text).toContain('Their identity was not verified: confirm who you are speaking with before discussing the account.');
    expect(text).toContain('They agreed to a plan of three payments of four hundred dollars, the first on March 20th.');
    expect(text).toContain('On the account: times not to call (only after six), objects to the recording.');
  });

  it('is written in the agent\'s language when it is not the call\'s', () => {
    const packet = buildHandoffPacket(facts({ reason: 'distress', flags: [{ kind: 'callback', detail: '2026-03-12T10:00:00-04:00' }] }), { scripts, agentLocale: 'zh-CN' });
    expect(packet.summary.locale).toBe('zh-CN');
    expect(packet.summary.text).toContain('可能有伤害自己的风险');
    expect(packet.summary.text).toContain('客户原话：“get me a real person”。');
    expect(packet.summary.text).toContain('账户标记：要求稍后回电（2026-03-12T10:00:00-04:00）。');
  });

  it('has words for every escalation reason, names a reason it has none for by its code, and leaves out words when a key set it off', () => {
    for (const reason of ['request_human', 'distress', 'abusive', 'not_understood', 'beyond_authority'] as const) {
      expect(scripts.has('en-US', `handoff.summary_reason_${reason}`), reason).toBe(true);
    }
    const summary = summarizeForAgent({ ...buildHandoffPacket(facts(), { scripts }), reason: 'legal_review' as EscalationReason, evidence: { atMs: START_MS } }, scripts, 'en-US');
    expect(summary.text).toContain('Reason for the transfer: legal_review.');
    expect(summary.text).not.toContain('Their words');
  });
});
