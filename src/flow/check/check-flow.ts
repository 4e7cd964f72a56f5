import { getMicrosteps, initialTransition, type AnyMachineSnapshot, type SnapshotFrom } from 'xstate';
import { getAdjacencyMap } from 'xstate/graph';
import { isFlowDisposition } from '../../domain/dispositions.js';
import { LOCALES, type Locale } from '../../domain/locale.js';
import type { FlowEffect, PromptVariables, TurnEvent } from '../events.js';
import type { FlowContext, FlowInput } from '../flow-context.js';
import { ENDING } from '../endings.js';
import type { FlowMachine } from '../flow-machine.js';
import type { FlowStateMeta } from '../flow-setup.js';
import { checkKeypad } from './keypad-check.js';
import { probeEventsFor, probeInputs } from './probe-inputs.js';

/** What the check needs from the scripts library: whether a prompt exists and that it renders. */
export interface PromptCatalog {
  has(locale: Locale, promptId: string): boolean;
  render(locale: Locale, promptId: string, vars: PromptVariables, options: { currency: string }): { readonly text: string };
}

/** One thing wrong with a flow, named by flow and state. */
export interface FlowProblem {
  readonly flow: string;
  readonly state: string;
  readonly kind: 'unreachable' | 'dead_end' | 'no_disposition' | 'missing_prompt' | 'prompt_error' | 'no_escalation' | 'keypad_stuck' | 'keypad_unreachable' | 'unbounded';
  readonly detail: string;
}

/** The result of checking one flow. */
export interface FlowCheckReport {
  readonly flow: string;
  readonly ok: boolean;
  readonly statesDefined: number;
  readonly statesReached: number;
  readonly snapshotsExplored: number;
  readonly transitionsExplored: number;
  /** Shortest paths from the start to every distinct snapshot reached, across probe inputs. */
  readonly pathsChecked: number;
  /** Of those, paths that end the call in a final state. */
  readonly pathsToDisposition: number;
  readonly promptsSpoken: readonly string[];
  readonly problems: readonly FlowProblem[];
}

type FlowSnapshot = SnapshotFrom<FlowMachine>;

/** Events that end a call from outside the flow; a flow must reach a disposition without them. */
const EXTERNAL_ENDINGS = new Set(['call.hung_up', 'call.voicemail']);

/** Endings only a verified debtor can reach (a retraction): a flow that never verifies never needs them. */
const ONLY_AFTER_VERIFICATION: ReadonlySet<string> = new Set([ENDING.retracted, ENDING.retractedWrongNumber]);

/** Endings reached by counting turns, which the probes (deduplicated snapshots) never accumulate: checked structurally instead. */
const BY_TURN_COUNT: ReadonlySet<string> = new Set([ENDING.turnLimit]);

/** The events a debtor's turn can be: each must meet the turn limit at every question. */
const TURN_EVENTS = ['user.said', 'user.dtmf', 'user.silent'] as const;

/**
 * True when every kind of debtor turn at this question can end the call by the turn limit (a
 * transition guarded by `turnLimitReached`): with retries bounded at each question, this bounds
 * every cycle of the flow — no sequence of turns holds a call forever.
 */
function boundedByTurnLimit(on: unknown): boolean {
  if (typeof on !== 'object' || on === null) return false;
  return TURN_EVENTS.every((event) => {
    const transitions: unknown = (on as Record<string, unknown>)[event];
    // A combined guard (a function) has no JSON; the turn limit is always a named guard of its own.
    return Array.isArray(transitions) && transitions.some((transition: unknown) => (JSON.stringify((transition as { guard?: unknown }).guard ?? null) ?? '').includes('"turnLimitReached"'));
  });
}

function stateKey(snapshot: AnyMachineSnapshot): string {
  const value: unknown = snapshot.value;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Snapshots differ by state and by the context that steers guards, not by the fixed account data;
 * final states have no way out, so one vertex per final state is enough.
 */
export function serializeSnapshot(snapshot: AnyMachineSnapshot): string {
  if (snapshot.status === 'done') return `${stateKey(snapshot)}|done`;
  const context = snapshot.context as FlowContext;
  const steering = [
    context.noInputCount,
    context.noMatchCount,
    context.abuseCount > 0,
    context.refusalCount > 0,
    context.hardshipCount > 0,
    context.slots.kind,
    context.slots.amount ?? '',
    context.slots.date ?? '',
    // Not the repeat count: repeats are answered in place, and counting them would multiply every
    // question's snapshots for no new state.
    context.verified,
    context.legalStop ?? '',
    // Whether a live hand-off has been tried: after one, escalations end the call instead of holding.
    context.escalation?.handoff !== undefined,
    // A second-factor miss leaves the call at the same question, where the next miss ends it;
    // once the caller is verified the count steers nothing, and keeping it would explore the rest
    // of the call twice.
    context.verified ? 0 : context.identityMisses,
    // Whether the emotion rule is armed: the last smoothed score is at its threshold, so one more
    // heated turn hands the call over. Not the counts of answers not understood in a row across
    // questions: they only choose between two endings every question has anyway (its own limit
    // reaches the same hand-off), and keeping them would multiply every question's snapshots.
    emotionArmed(context),
  ];
  return `${stateKey(snapshot)}|${steering.join(',')}`;
}

/** The smoothed emotion of the last scored turn is at the threshold of the flow's emotion rule. */
function emotionArmed(context: FlowContext): boolean {
  const rule = context.options.escalation.emotion;
  const last = context.emotion.smoothed.at(-1);
  return rule !== false && last !== undefined && last >= rule.threshold;
}

function emittedEffects(actions: readonly { type: string; params: unknown }[]): FlowEffect[] {
  const effects: FlowEffect[] = [];
  for (const action of actions) {
    if (action.type !== 'xstate.emit') continue;
    const params = action.params;
    if (typeof params === 'object' && params !== null && 'event' in params) effects.push(params.event as FlowEffect);
  }
  return effects;
}

function metaOf(machine: FlowMachine, key: string): FlowStateMeta | undefined {
  const node = machine.root.states[key];
  return node?.meta as FlowStateMeta | undefined;
}

/**
 * The flow as actor logic whose transitions also report every state they pass through (decision
 * states are left at once) and the effects they emit, so one xstate/graph traversal both maps the
 * graph and sees every prompt spoken on every edge.
 */
function observedLogic(machine: FlowMachine, observe: (passed: readonly string[], effects: FlowEffect[], from: string) => void): FlowMachine {
  const logic: FlowMachine = Object.create(machine);
  logic.transition = (snapshot: FlowSnapshot, event: TurnEvent): FlowSnapshot => {
    const steps = getMicrosteps(machine, snapshot, event);
    const effects = steps.flatMap(([, actions]) => emittedEffects(actions));
    observe(steps.map(([step]) => stateKey(step)), effects, stateKey(snapshot));
    const last = steps.at(-1);
    return last === undefined ? snapshot : last[0];
  };
  return logic;
}

/** States from which one of `targets` can be reached, following edges backwards. */
function canReach(edges: readonly [string, string, string][], targets: Iterable<string>, skipEvent: (type: string) => boolean): Set<string> {
  const incoming = new Map<string, string[]>();
  for (const [from, to, type] of edges) {
    if (skipEvent(type)) continue;
    const list = incoming.get(to) ?? [];
    list.push(from);
    incoming.set(to, list);
  }
  const reached = new Set(targets);
  const queue = [...reached];
  while (queue.length > 0) {
    const node = queue.pop() as string;
    for (const from of incoming.get(node) ?? []) {
      if (!reached.has(from)) {
        reached.add(from);
        queue.push(from);
      }
    }
  }
  return reached;
}

/**
 * Proves with xstate/graph, over every turn a debtor can take, that every state of a flow is
 * reachable, every reachable snapshot can still end in a disposition without the caller hanging
 * up, every final state carries a valid disposition, every question has an answer that hands the
 * call to a human, every prompt the flow speaks exists in every locale and renders with the
 * variables the flow gives it, and a caller with only a keypad can answer every question and reach
 * a promise, a plan, a person and the ending of silence (see `checkKeypad`).
 */
export function checkFlow(name: string, machine: FlowMachine, catalog: PromptCatalog, inputs: readonly FlowInput[] = probeInputs()): FlowCheckReport {
  const problems: FlowProblem[] = [];
  const stateKeys = Object.keys(machine.root.states);
  const reachedStates = new Set<string>();
  const spoken = new Map<string, string>();
  const edges: [string, string, string][] = [];
  const vertexState = new Map<string, string>();
  const finals = new Set<string>();
  const escalated = new Set<string>();
  const checkedRenders = new Set<string>();

  const checkPrompts = (effects: readonly FlowEffect[], state: string, currency: string): void => {
    for (const effect of effects) {
      if (effect.type !== 'say') continue;
      spoken.set(effect.prompt, state);
      const renderKey = `${effect.prompt}|${JSON.stringify(effect.vars)}`;
      if (checkedRenders.has(renderKey)) continue;
      checkedRenders.add(renderKey);
      for (const locale of LOCALES) {
        if (!catalog.has(locale, effect.prompt)) {
          problems.push({ flow: name, state, kind: 'missing_prompt', detail: `prompt "${effect.prompt}" is missing in ${locale}` });
          continue;
        }
        try {
          catalog.render(locale, effect.prompt, effect.vars, { currency });
        } catch (error) {
          problems.push({ flow: name, state, kind: 'prompt_error', detail: `prompt "${effect.prompt}" (${locale}): ${error instanceof Error ? error.message : String(error)}` });
        }
      }
    }
  };

  inputs.forEach((input, inputIndex) => {
    const currency = input.debtor.currency;
    const [initial, initialActions] = initialTransition(machine, input);
    checkPrompts(emittedEffects(initialActions), stateKey(initial), currency);
    const logic = observedLogic(machine, (passed, effects, from) => {
      for (const key of passed) reachedStates.add(key);
      checkPrompts(effects, from, currency);
    });
    const adjacency = getAdjacencyMap(logic, { input, events: probeEventsFor(machine, input), serializeState: serializeSnapshot });
    for (const [vertexId, { state, transitions }] of Object.entries(adjacency)) {
      const id = `${inputIndex}#${vertexId}`;
      const key = stateKey(state);
      reachedStates.add(key);
      vertexState.set(id, key);
      if (state.status === 'done') {
        finals.add(id);
        if (metaOf(machine, key)?.disposition === 'ESCALATED') escalated.add(id);
      }
      // With a live hand-off the caller is on hold, on the way to a person: that is handing over too.
      if (metaOf(machine, key)?.onHold === true) escalated.add(id);
      for (const { event, state: next } of Object.values<{ event: TurnEvent; state: AnyMachineSnapshot }>(transitions)) {
        edges.push([id, `${inputIndex}#${serializeSnapshot(next)}`, event.type]);
      }
    }
  });

  for (const key of stateKeys) {
    const node = machine.root.states[key];
    const meta = metaOf(machine, key);
    if (meta?.question === true && !boundedByTurnLimit(node?.config.on)) {
      problems.push({ flow: name, state: key, kind: 'unbounded', detail: 'a debtor turn at this question cannot meet the turn limit: a cycle through it could hold the call forever (build questions with ask())' });
    }
    if (!reachedStates.has(key) && !ONLY_AFTER_VERIFICATION.has(key) && !BY_TURN_COUNT.has(key)) problems.push({ flow: name, state: key, kind: 'unreachable', detail: 'no sequence of debtor turns reaches this state' });
    if (node?.type === 'final' && (meta?.disposition === undefined || !isFlowDisposition(meta.disposition))) {
      problems.push({ flow: name, state: key, kind: 'no_disposition', detail: 'final state without a valid meta.disposition (SYSTEM_FAILURE is the runtime\'s, never a flow\'s)' });
    }
    for (const prompt of meta?.prompts ?? []) {
      for (const locale of LOCALES) {
        if (!catalog.has(locale, prompt)) problems.push({ flow: name, state: key, kind: 'missing_prompt', detail: `prompt "${prompt}" is missing in ${locale}` });
      }
    }
  }

  const canEnd = canReach(edges, finals, (type) => EXTERNAL_ENDINGS.has(type));
  // A question must offer a human in one turn, not merely somewhere further down the call.
  const canEscalate = new Set(edges.filter(([, to]) => escalated.has(to)).map(([from]) => from));
  const reported = new Set<string>();
  for (const [id, key] of vertexState) {
    if (!canEnd.has(id) && !reported.has(`end:${key}`)) {
      reported.add(`end:${key}`);
      problems.push({ flow: name, state: key, kind: 'dead_end', detail: 'from here no disposition can be reached unless the caller hangs up' });
    }
    if (metaOf(machine, key)?.question === true && !canEscalate.has(id) && !reported.has(`esc:${key}`)) {
      reported.add(`esc:${key}`);
      problems.push({ flow: name, state: key, kind: 'no_escalation', detail: 'no answer to this question hands the call to a human' });
    }
  }

  // A caller on keys alone (no recognizer for the locale, or a failed one) must be able to answer every question.
  problems.push(...checkKeypad(name, machine, inputs, serializeSnapshot));

  return {
    flow: name,
    ok: problems.length === 0,
    statesDefined: stateKeys.length,
    statesReached: stateKeys.filter((key) => reachedStates.has(key)).length,
    snapshotsExplored: vertexState.size,
    transitionsExplored: edges.length,
    pathsChecked: vertexState.size,
    pathsToDisposition: finals.size,
    promptsSpoken: [...spoken.keys()].sort(),
    problems,
  };
}

/** A readable report of several flow checks, naming flow and state for every problem. */
export function formatFlowCheckReports(reports: readonly FlowCheckReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    lines.push(
      `${report.ok ? 'ok  ' : 'FAIL'} ${report.flow}: ${report.statesReached}/${report.statesDefined} states reached, ` +
        `${report.snapshotsExplored} snapshots, ${report.transitionsExplored} transitions, ${report.pathsChecked} paths ` +
        `(${report.pathsToDisposition} ending in a disposition), ${report.promptsSpoken.length} prompts`,
    );
    for (const problem of report.problems) lines.push(`     ${problem.flow} › ${problem.state}: ${problem.kind}: ${problem.detail}`);
  }
  return lines.join('\n');
}
