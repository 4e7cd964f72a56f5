import { describe, expect, it } from 'vitest';
import { earlyStageFlow } from '../../flows/index.js';
import type { GroundingFacts } from '../../src/answering/index.js';
import { CallSession } from '../../src/call/call-session.js';
import type { TurnAnswering } from '../../src/call/session-ports.js';
import type { RenderedPrompt } from '../../src/scripts/scripts-library.js';
import { defaultScriptsLibrary } from '../../src/scripts/index.js';
import { MemoryCallStore } from '../../src/store/memory-call-store.js';
import { ManualClock } from '../../src/time/clock.js';
import { collectingEffects, fixtureInput, rulesUnderstanding } from '../support/fixtures.js';

/** An answering stage that records what it was asked and answers with the facts' business name. */
function recordingAnswering(): { answering: TurnAnswering; asked: { question: string; facts: GroundingFacts }[] } {
  const asked: { question: string; facts: GroundingFacts }[] = [];
  return {
    asked,
    answering: {
      answer: async (question, facts) => {
        asked.push({ question, facts });
        return `You are speaking with ${facts.caller.businessName}'s AI assistant.`;
      },
    },
  };
}

async function startCall(answering: TurnAnswering) {
  const said: RenderedPrompt[] = [];
  const session = await CallSession.start({
    flowName: 'early',
    machine: earlyStageFlow,
    input: fixtureInput('en-US-early'),
    understanding: rulesUnderstanding(),
    answering,
    scripts: defaultScriptsLibrary(),
    store: new MemoryCallStore(),
    clock: new ManualClock(Date.parse('2026-03-11T15:00:00Z')),
    effects: collectingEffects(said),
  });
  return { session, said };
}

describe('the call session and open questions', () => {
  it('asks for an answer from what the listener may hear now: the caller only before verification, the account after', async () => {
    const { answering, asked } = recordingAnswering();
    const { session, said } = await startCall(answering);

    await session.take({ kind: 'text', text: 'do you have an office near me?' });
    await session.take({ kind: 'text', text: 'yes this is john' });
    await session.take({ kind: 'text', text: 'is this the loan from my dealership?' });

    expect(asked.map((entry) => entry.question)).toEqual(['do you have an office near me?', 'is this the loan from my dealership?']);
    expect(asked[0]?.facts.account).toBeUndefined();
    expect(asked[1]?.facts.account).toMatchObject({ creditor: 'Acme Auto Finance', balance: 1250.5 });
    expect(said.filter((prompt) => prompt.promptId === 'answer.generated').map((prompt) => prompt.text)).toEqual([
      "You are speaking with Account Services's AI assistant.",
      "You are speaking with Account Services's AI assistant.",
    ]);
    expect(session.transcript.filter((entry) => entry.generated === true)).toHaveLength(2);
  });

  it('asks nothing for a question that is something else, nor once a lawful stop has been heard', async () => {
    const { answering, asked } = recordingAnswering();
    const { session, said } = await startCall(answering);

    await session.take({ kind: 'text', text: 'yes this is john' });
    await session.take({ kind: 'text', text: 'how do I pay?' });
    await session.take({ kind: 'text', text: 'can I pay in instalments?' });
    await session.take({ kind: 'text', text: 'talk to my attorney' });
    const before = said.length;
    await session.take({ kind: 'text', text: 'why do you need that?' });

    expect(asked).toEqual([]);
    expect(said[before]?.promptId).toBe('answer.unknown_question');
  });
});
