import { createActor } from 'xstate';
import { describe, expect, it } from 'vitest';
import { earlyStageFlow } from '../../flows/index.js';
import { GENERATED_ANSWER_PROMPT, isFlowEffect, type FlowEffect, type FlowMachine, type FlowStateMeta, type TurnEvent } from '../../src/flow/index.js';
import type { Intent } from '../../src/nlu/index.js';
import { fixtureInput } from '../support/fixtures.js';

const ANSWER = 'No, this account is with Acme Auto Finance, not a dealership.';

function said(intent: Intent, signals: readonly ('other_question')[] = [], answer?: string): TurnEvent {
  return { type: 'user.said', text: 'a question', nlu: { intent, confidence: 0.9, entities: {}, ...(signals.length > 0 ? { signals } : {}) }, atMs: 0, ...(answer !== undefined ? { answer } : {}) };
}

/** A flow actor on the early flow, and what it says per turn. */
function call(machine: FlowMachine = earlyStageFlow) {
  const actor = createActor(machine, { input: fixtureInput('en-US-early') });
  let effects: FlowEffect[] = [];
  actor.on('*', (emitted) => {
    if (isFlowEffect(emitted)) effects.push(emitted);
  });
  actor.start();
  const state = (): string => String(actor.getSnapshot().value);
  return {
    state,
    /** The question's own prompts, as `ask()` recorded them. */
    prompts: (): readonly string[] => ((machine.root.states[state()]?.meta as FlowStateMeta | undefined)?.prompts ?? []),
    /** Sends one turn and returns the effects it caused. */
    send(event: TurnEvent): FlowEffect[] {
      effects = [];
      actor.send(event);
      return effects;
    },
  };
}

function promptsOf(effects: readonly FlowEffect[]): string[] {
  return effects.flatMap((effect) => (effect.type === 'say' ? [effect.prompt] : []));
}

describe('an open question at a question of the flow kit', () => {
  it('says the answer that came with it, then the same question again', () => {
    const flow = call();
    flow.send(said('affirm'));
    const question = flow.state();
    const effects = flow.send(said('unknown', ['other_question'], ANSWER));
    expect(flow.state()).toBe(question);
    expect(promptsOf(effects)).toEqual([GENERATED_ANSWER_PROMPT, ...flow.prompts()]);
    expect(effects[0]).toMatchObject({ type: 'say', prompt: 'answer.generated', vars: { answer: ANSWER } });
  });

  it('says it cannot answer that on this call when no answer came, then the same question again', () => {
    const flow = call();
    flow.send(said('affirm'));
    const question = flow.state();
    expect(promptsOf(flow.send(said('unknown', ['other_question'])))).toEqual(['answer.unknown_question', ...flow.prompts()]);
    expect(flow.state()).toBe(question);
  });

  it('is a bounded retry: after the question has been asked again three times, it is not understood', () => {
    const flow = call();
    flow.send(said('affirm'));
    for (let i = 0; i < 3; i += 1) expect(promptsOf(flow.send(said('unknown', ['other_question'], ANSWER)))[0]).toBe('answer.generated');
    expect(promptsOf(flow.send(said('unknown', ['other_question'], ANSWER)))[0]).toBe('common.no_match');
  });

  it('yields to an intent: a question that is a promise or a request is that, answer or not', () => {
    const flow = call();
    flow.send(said('affirm'));
    const effects = flow.send(said('request_human', ['other_question'], ANSWER));
    expect(promptsOf(effects)).not.toContain('answer.generated');
    expect(flow.state()).toBe('escalateHuman');
  });

  it('is answered before verification too: the compliance guard, not the flow, keeps the debt out of it', () => {
    const flow = call();
    const opening = flow.state();
    expect(promptsOf(flow.send(said('unknown', ['other_question'], 'I can only discuss this with John Smith.')))).toEqual(['answer.generated', ...flow.prompts()]);
    expect(flow.state()).toBe(opening);
  });
});
