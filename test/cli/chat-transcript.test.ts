import { describe, expect, it } from 'vitest';
import { buildChatResult, describeChatOutcome, type ChatTranscriptEntry } from '../../src/cli/chat-transcript.js';
import type { FlowOutput } from '../../src/flow/flow-context.js';

const transcript: readonly ChatTranscriptEntry[] = [
  { speaker: 'bot', text: 'Hello?', state: 'opening' },
  { speaker: 'debtor', input: 'dtmf', digit: '1', state: 'opening' },
];

describe('buildChatResult', () => {
  it('carries the promise with its kind and instalments, the escalation and the flags', () => {
    const outcome: FlowOutput = {
      disposition: 'PTP',
      promise: { amount: 300, date: '2026-03-20', kind: 'plan', installments: 4 },
      flags: [{ kind: 'callback', detail: 'after 6pm' }, { kind: 'recording_objection' }],
    };
    const result = buildChatResult(outcome, transcript, 'call-1');
    expect(result).toEqual({
      disposition: 'PTP',
      promise: { amount: 300, date: '2026-03-20', kind: 'plan', installments: 4 },
      flags: [{ kind: 'callback', detail: 'after 6pm' }, { kind: 'recording_objection' }],
      transcript,
      recordId: 'call-1',
    });
    expect(Object.keys(result)).toEqual(['disposition', 'promise', 'flags', 'transcript', 'recordId']);
    expect(describeChatOutcome(result, 'USD')).toBe('\ndisposition: PTP  promise: 300 USD on 2026-03-20 (plan, 4 instalments)  flags: callback (after 6pm), recording_objection\nrecord: call-1');
  });

  it('leaves out what the outcome does not have, flags included when none were raised', () => {
    const result = buildChatResult({ disposition: 'ESCALATED', escalation: { reason: 'request_human' }, flags: [] }, [], 'call-2');
    expect(result).toEqual({ disposition: 'ESCALATED', escalation: { reason: 'request_human' }, transcript: [], recordId: 'call-2' });
    expect(buildChatResult({ disposition: 'HUNG_UP' }, [], 'call-3')).toEqual({ disposition: 'HUNG_UP', transcript: [], recordId: 'call-3' });
  });
});
