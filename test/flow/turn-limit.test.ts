import { describe, expect, it } from 'vitest';
import { earlyStageFlow } from '../../flows/index.js';
import { checkFlow, flowContext, flowOutput, flowSetup, outcome, standardEndings, CALL_ENDINGS } from '../../src/flow/index.js';
import { defaultScriptsLibrary } from '../../src/scripts/index.js';
import { driveFlow, type TestTurn } from '../../src/testing/drive-flow.js';
import { fixtureInput } from '../support/fixtures.js';

describe('the turn limit', () => {
  it('ends a call whose debtor keeps changing their mind at the read-back, politely, as CALLBACK', () => {
    const mindChanges: TestTurn[] = Array.from({ length: 30 }, () => [{ intent: 'promise_to_pay', amount: 300, date: '2026-03-13' } as const, 'deny' as const]).flat();
    // The 40th turn (the default maxTurns) ends it, whatever it says.
    const turns: TestTurn[] = ['affirm', ...mindChanges];
    const run = driveFlow(earlyStageFlow, fixtureInput('en-US-early'), turns.slice(0, 40));
    expect(run.output?.disposition).toBe('CALLBACK');
    expect(run.prompts.at(-1)).toBe('common.turn_limit_goodbye');
  });

  it('still lets words of self-harm through at the last turn: safety outranks the limit', () => {
    const input = { ...fixtureInput('en-US-early'), options: { maxTurns: 2 } };
    const run = driveFlow(earlyStageFlow, input, ['affirm', 'distress']);
    expect(run.output?.disposition).toBe('ESCALATED');
  });

  it('is proved at every question by the flow check: a question without it is named', () => {
    const loose = { meta: { question: true, prompts: ['verify.ask_identity'] }, on: { 'user.said': [{ target: 'done' }], 'user.dtmf': [{ target: 'escalateHuman' }], 'user.silent': [{ target: 'done' }] } };
    const machine = flowSetup.createMachine({ id: 'loose', initial: 'question', context: flowContext, output: flowOutput, on: CALL_ENDINGS, states: { question: loose, done: outcome('PTP', ['closing.goodbye']), ...standardEndings() } });
    const kinds = checkFlow('loose', machine, defaultScriptsLibrary()).problems.map((problem) => `${problem.state}:${problem.kind}`);
    expect(kinds).toContain('question:unbounded');
  });
});
