import { describe, expect, it } from 'vitest';
import { CALL_ENDINGS, ask, checkFlow, flowContext, flowOutput, flowSetup, outcome, standardEndings, type PromptCatalog } from '../../src/flow/index.js';
import { defaultScriptsLibrary } from '../../src/scripts/index.js';

const scripts: PromptCatalog = defaultScriptsLibrary();

/** A one-question flow to which each test adds one defect. */
function flowWith(extraStates: Parameters<typeof flowSetup.createMachine>[0]['states'] = {}, question = ask({ prompts: ['verify.ask_identity'], on: { affirm: 'done' } })) {
  return flowSetup.createMachine({
    id: 'probe',
    initial: 'question',
    context: flowContext,
    output: flowOutput,
    on: CALL_ENDINGS,
    states: { question, done: outcome('PTP', ['closing.goodbye']), ...standardEndings(), ...extraStates },
  });
}

function kinds(machine: ReturnType<typeof flowWith>) {
  return checkFlow('probe', machine, scripts).problems.map((problem) => `${problem.state}:${problem.kind}`);
}

describe('checkFlow', () => {
  it('passes a sound flow and reports what it explored', () => {
    const report = checkFlow('probe', flowWith(), scripts);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    // Every state but the two endings only a verified debtor can reach (this flow never verifies)
    // and the turn-limit ending, which the check proves structurally rather than by counting.
    expect(report.statesReached).toBe(report.statesDefined - 3);
    expect(report.pathsToDisposition).toBeGreaterThan(10);
    expect(report.promptsSpoken).toContain('verify.ask_identity');
  });

  it('names a state no debtor turn can reach', () => {
    expect(kinds(flowWith({ orphan: outcome('PTP', ['closing.goodbye']) }))).toEqual(['orphan:unreachable']);
  });

  it('names a final state without a disposition', () => {
    const machine = flowWith({ bare: { type: 'final' } }, ask({ prompts: ['verify.ask_identity'], on: { affirm: 'bare', deny: 'done' } }));
    expect(kinds(machine)).toEqual(['bare:no_disposition']);
  });

  it('names a final state that claims the runtime\'s SYSTEM_FAILURE', () => {
    const machine = flowWith({ broken: { type: 'final', meta: { disposition: 'SYSTEM_FAILURE' } } }, ask({ prompts: ['verify.ask_identity'], on: { affirm: 'broken', deny: 'done' } }));
    expect(kinds(machine)).toEqual(['broken:no_disposition']);
  });

  it('names a state from which no disposition can be reached', () => {
    const loop = { on: { 'user.said': { target: 'loop' } } };
    expect(kinds(flowWith({ loop }, ask({ prompts: ['verify.ask_identity'], on: { affirm: 'done', deny: 'loop' } })))).toContain('loop:dead_end');
  });

  it('names a question from which no human can be reached', () => {
    // ask() always lets self-harm, threats and complaints through to a person, so a sealed
    // question has to be built by hand.
    const sealed = { meta: { question: true, prompts: ['verify.ask_identity'] }, on: { 'user.said': { target: 'done' }, 'user.dtmf': { target: 'done' }, 'user.silent': { target: 'done' } } };
    expect(kinds(flowWith({}, sealed))).toContain('question:no_escalation');
  });

  it('keeps a person within reach of a question that overrides every answer: safety signals come first', () => {
    const overridden = ask({
      prompts: ['verify.ask_identity'],
      on: { affirm: 'done', request_human: 'done', distress: 'done', abusive: 'done' },
      otherwise: 'done',
    });
    expect(kinds(flowWith({}, overridden))).not.toContain('question:no_escalation');
  });

  it('names a prompt that is missing from the scripts library', () => {
    const problems = checkFlow('probe', flowWith({}, ask({ prompts: ['nowhere.to_be_found'], on: { affirm: 'done' } })), scripts).problems;
    expect(problems.map((problem) => problem.detail)).toEqual(
      expect.arrayContaining(['prompt "nowhere.to_be_found" is missing in zh-CN', 'prompt "nowhere.to_be_found" is missing in en-US']),
    );
    expect(problems.every((problem) => problem.flow === 'probe' && problem.state === 'question')).toBe(true);
  });

  it('renders every spoken prompt with the flow\'s variables in both locales', () => {
    const catalog: PromptCatalog = {
      has: () => true,
      render: (locale, prompt) => {
        if (prompt === 'closing.goodbye' && locale === 'zh-CN') throw new Error('missing variable "x"');
        return { text: '' };
      },
    };
    const problems = checkFlow('probe', flowWith(), catalog).problems;
    expect(problems).toContainEqual(expect.objectContaining({ kind: 'prompt_error', state: 'question' }));
  });
});
