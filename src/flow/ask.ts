import { and } from 'xstate';
import type { Intent, Signal } from '../nlu/intents.js';
import type { TurnEvent } from './events.js';
import type { FlowContext } from './flow-context.js';
import { dtmfIs, flag, intentIs, say, sayAnswer, signalIs } from './actions.js';
import { ENDING } from './endings.js';
import type { Slot } from './slots.js';
import type { FlowAction, FlowGuard, FlowStateConfig, FlowTransition } from './flow-config.js';

/**
 * What to do with one kind of answer. With a `target` the call moves there; without one it stays
 * at the question and asks it again after the `actions` (e.g. answer "how much do I owe?" then
 * repeat the question).
 */
export interface Answer {
  readonly target?: string;
  readonly actions?: readonly FlowAction[];
  readonly guard?: FlowGuard;
}

/** A target state key, one answer, or several guarded answers tried in order. */
export type AnswerSpec = string | Answer | readonly Answer[];

/** How a question state behaves. */
export interface AskOptions {
  /** Prompts said on entering the question and again on every re-prompt. */
  readonly prompts: readonly string[];
  /** Answers by intent. Standard safety answers are added for intents not listed here. */
  readonly on: Partial<Record<Intent, AnswerSpec>>;
  /** Any other intent (instead of the not-understood path), e.g. for free-form detail capture. */
  readonly otherwise?: AnswerSpec;
  /** What silence does, instead of re-prompting and then ending with NO_RESPONSE. */
  readonly onSilence?: AnswerSpec;
  /** Keypad digits that count as intents. Default: 1 yes, 2 no, 0 a person. */
  readonly dtmf?: Readonly<Record<string, Intent>>;
  /** Entities the question asks for. Default: those its expected intents carry (see `slotsOfIntents`). */
  readonly slots?: readonly Slot[];
}

/** Keypad digits every question accepts unless it says otherwise. */
export const DEFAULT_DTMF: Readonly<Record<string, Intent>> = { '1': 'affirm', '2': 'deny', '0': 'request_human' };

/**
 * Answers every question gives unless it overrides them: distress, a request for a person and
 * abuse go to a human (abuse after one de-escalation); attorney, bankruptcy, death and "stop
 * calling" end the call lawfully. This is what makes escalation reachable from every question.
 */
export const STANDARD_ANSWERS: Readonly<Partial<Record<Intent, AnswerSpec>>> = {
  distress: ENDING.escalateDistress,
  request_human: ENDING.escalateHuman,
  abusive: [
    { guard: { type: 'firstAbuse' }, actions: [{ type: 'countAbuse' }, say('escalation.deescalate')] },
    { target: ENDING.escalateAbuse },
  ],
  // A lawful stop is flagged the moment it is heard: a hang-up before its details still ends with it.
  attorney: { target: ENDING.attorney, actions: [flag('attorney')] },
  bankruptcy: { target: ENDING.bankruptcy, actions: [flag('bankruptcy')] },
  deceased: { target: ENDING.deceased, actions: [flag('deceased')] },
  cease_contact: { target: ENDING.cease, actions: [flag('cease_contact')] },
};

/**
 * What every question does before it reads the intent: a threat of violence or words of self-harm
 * go to a person at once, whatever else was said, and so does a vulnerable caller (serious illness,
 * a recent bereavement, confusion, a minor) unless the turn also invokes a lawful stop; a complaint
 * is put through to someone who can take it; a verified debtor who now says they are someone else
 * hears nothing more about the debt.
 */
const SAFETY_FIRST: readonly FlowTransition[] = [
  { guard: signalIs('self_harm'), target: ENDING.escalateDistress },
  { guard: signalIs('violence_threat'), target: ENDING.escalateViolence },
  // Before the distress intent: a confused or bereaved caller needs a person who can help, not the crisis line.
  { guard: { type: 'vulnerableCaller' }, target: ENDING.escalateVulnerable },
];

/**
 * Emotion that has kept rising over several turns (see EscalationPolicy.emotion) goes to a person
 * before the question reads the answer: a caller that heated is not negotiated with by a bot.
 */
const EMOTION_RISING: FlowTransition = { guard: { type: 'emotionEscalates' }, target: ENDING.escalateEmotion };

/** After the safety intents: complaints and retractions. */
function afterSafety(): FlowTransition[] {
  return [
    { guard: signalIs('complaint'), target: ENDING.escalateComplaint },
    // A wrong number is the retraction that says most: the call ends as one, whatever else withdrew the identity.
    { guard: both(intentIs('wrong_number'), { type: 'verified' }), target: ENDING.retractedWrongNumber },
    { guard: both(signalIs('retraction'), { type: 'verified' }), target: ENDING.retracted },
    { guard: both(intentIs('third_party'), { type: 'verified' }), target: ENDING.retracted },
  ];
}

/** Intents whose standard answer ends or hands over the call: they outrank everything but safety signals. */
const STOPPING_INTENTS: readonly Intent[] = ['distress', 'attorney', 'bankruptcy', 'deceased', 'cease_contact', 'request_human'];

/**
 * Off-script turns a careful collector answers and then asks the question again: a request to
 * repeat, a questioning "yes?", "are you a robot?", "who is this for?", "how do I pay?", a request
 * for a written notice, where and when not to call, an objection to recording, any other question
 * (answered from the account's facts when an answer came with it). Each counts toward
 * the question's bounded retries, so no question is asked forever; the question's own answers win
 * over them.
 */
function offScriptAnswers(answered: readonly Intent[], reprompt: readonly FlowAction[]): FlowTransition[] {
  const offScript = (signal: Signal): FlowGuard => ({ type: 'offScript', params: { signal, answered } });
  const retry = (guard: FlowGuard, actions: readonly FlowAction[]): FlowTransition => ({ guard: both(guard, { type: 'canRepeat' }), actions: [{ type: 'countRepeat' }, ...actions, ...reprompt] });
  return [
    retry(signalIs('repeat_request'), []),
    retry(signalIs('questioning'), []),
    retry(offScript('ask_robot'), [say('answer.robot')]),
    { guard: both(offScript('ask_purpose'), { type: 'notVerified' }), actions: [{ type: 'countRepeat' }, say('answer.purpose_unverified'), ...reprompt] },
    retry(offScript('ask_purpose'), [say('info.identity')]),
    { guard: both(offScript('ask_payment_method'), { type: 'notVerified' }), actions: [{ type: 'countRepeat' }, say('answer.purpose_unverified'), ...reprompt] },
    retry(offScript('ask_payment_method'), [say('answer.payment_channels')]),
    retry(offScript('request_written_notice'), [flag('validation_requested', true), say('answer.written_notice')]),
    retry(offScript('place_restriction'), [flag('place_restriction', true), say('answer.place_restriction')]),
    retry(offScript('time_restriction'), [flag('time_restriction', true), say('answer.time_restriction')]),
    retry(offScript('recording_objection'), [flag('recording_objection', true), say('answer.recording_objection')]),
    // Any other question that is nothing else (no intent, whichever understander read it): the
    // answer grounded in the account that came with it, else the honest "not on this call, a
    // colleague will follow up in writing"; either way the question again.
    { guard: allOf([intentIs('unknown'), offScript('other_question'), { type: 'hasAnswer' }, { type: 'canRepeat' }]), actions: [{ type: 'countRepeat' }, sayAnswer(), ...reprompt] },
    { guard: allOf([intentIs('unknown'), offScript('other_question'), { type: 'canRepeat' }]), actions: [{ type: 'countRepeat' }, say('answer.unknown_question'), ...reprompt] },
  ];
}

function answersOf(spec: AnswerSpec): readonly Answer[] {
  if (typeof spec === 'string') return [{ target: spec }];
  if (Array.isArray(spec)) return spec as readonly Answer[];
  return [spec as Answer];
}

/**
 * Both guards must hold. xstate's `and()` types its result's params as `unknown` where a
 * transition expects `undefined`; the predicate itself is exactly what the transition needs.
 */
function allOf(guards: readonly FlowGuard[]): TransitionGuard {
  return and<FlowContext, TurnEvent, FlowGuard[]>([...guards]) as unknown as TransitionGuard;
}

function both(first: FlowGuard, second: FlowGuard): TransitionGuard {
  return and<FlowContext, TurnEvent, [FlowGuard, FlowGuard]>([first, second]) as unknown as TransitionGuard;
}

type TransitionGuard = NonNullable<FlowTransition['guard']>;

/** Turns one answer into a transition: guarded by `match`, re-asking the question when it has no target. */
function toTransition(answer: Answer, match: FlowGuard | undefined, reprompt: readonly FlowAction[]): FlowTransition {
  const guards = [match, answer.guard].filter((guard): guard is FlowGuard => guard !== undefined);
  if (answer.target === undefined) {
    // An answer that keeps the call at the question (an aside, then the question again) is a
    // retry like any other: bounded, so that no question is asked forever.
    guards.push({ type: 'canRepeat' });
  }
  const guard = guards.length === 0 ? undefined : guards.length === 1 ? guards[0] : allOf(guards);
  const actions = answer.target === undefined ? [{ type: 'countRepeat' } as const, ...(answer.actions ?? []), ...reprompt] : [...(answer.actions ?? [])];
  return {
    ...(answer.target !== undefined ? { target: answer.target } : {}),
    ...(guard !== undefined ? { guard } : {}),
    actions,
  };
}

/**
 * Builds a question state: says its prompts, waits for the debtor, branches on intents (spoken or
 * keyed), re-prompts on silence and on answers it does not understand, and ends the call politely
 * or escalates when either happens too often (counts from the flow's options).
 *
 * @example
 * ```ts
 * confirmPlan: ask({
 *   prompts: ['plan.offer'],
 *   on: { affirm: { target: 'planAgreed', actions: [{ type: 'confirmPlan' }] }, deny: 'promiseAmount' },
 * }),
 * ```
 */
export function ask(options: AskOptions): FlowStateConfig {
  const reprompt = options.prompts.map(say);
  const answers: Partial<Record<Intent, AnswerSpec>> = { ...STANDARD_ANSWERS, ...options.on };
  const stopping: FlowTransition[] = [];
  const said: FlowTransition[] = [];
  for (const [intent, spec] of Object.entries(answers) as [Intent, AnswerSpec][]) {
    const into = STOPPING_INTENTS.includes(intent) ? stopping : said;
    for (const answer of answersOf(spec)) into.push(toTransition(answer, intentIs(intent), reprompt));
  }
  const answered = Object.keys(options.on) as Intent[];
  const keyed: FlowTransition[] = [];
  for (const [digit, intent] of Object.entries(options.dtmf ?? DEFAULT_DTMF)) {
    const spec = answers[intent];
    if (spec === undefined) continue;
    for (const answer of answersOf(spec)) keyed.push(toTransition(answer, dtmfIs(digit), reprompt));
  }
  const notUnderstood: FlowTransition[] = options.otherwise !== undefined
    ? answersOf(options.otherwise).map((answer) => toTransition(answer, undefined, reprompt)).map(understood)
    : notUnderstoodAnswers(reprompt).map(misunderstood);
  const silence = silenceAnswers(options, answers, reprompt);
  // "hmm", "uh", 呃 and nothing else: no answer yet, so it counts as silence does, not as a
  // misunderstanding that would hand the call to a person.
  const hesitation = silenceAnswers(options, answers, reprompt, signalIs('filler_only'));
  return {
    entry: [{ type: 'resetReprompts' }, ...reprompt],
    // The keypad map goes in the meta too, so a caller on keys is told the keys this question takes (`keypadQuestionAt`).
    meta: { question: true, expects: Object.keys(options.on) as Intent[], prompts: options.prompts, ...(options.slots !== undefined ? { slots: options.slots } : {}), ...(options.dtmf !== undefined ? { dtmf: options.dtmf } : {}) },
    on: {
      'user.said': [...SAFETY_FIRST, ...stopping, TURN_LIMIT, ...afterSafety(), EMOTION_RISING, ...offScriptAnswers(answered, reprompt).map(understood), ...hesitation, ...said.map(understood), ...notUnderstood]
        .map(notingSignals)
        .map(trackingEmotion)
        .map(countingTurns),
      'user.dtmf': [...keyed.filter((transition) => isStopping(transition)), TURN_LIMIT, ...keyed.filter((transition) => !isStopping(transition)).map(understood), ...notUnderstood].map(countingTurns),
      'user.silent': [TURN_LIMIT, ...silence].map(countingTurns),
    },
  };
}

/**
 * An answer the question did not understand: across questions, the policy's count of answers not
 * understood in a row (or of unrecognized speech) hands over; else the question is asked again, up
 * to its own limit, and then the call ends or goes to a person (FlowOptions.onNotUnderstood).
 */
function notUnderstoodAnswers(reprompt: readonly FlowAction[]): FlowTransition[] {
  return [
    { guard: { type: 'notUnderstoodInARow' }, target: ENDING.escalateNotUnderstood },
    { guard: { type: 'canRepromptNoMatch' }, actions: [{ type: 'countNoMatch' }, say('common.no_match'), ...reprompt] },
    { guard: { type: 'notUnderstoodEndsCall' }, target: ENDING.notUnderstood },
    { target: ENDING.escalateNotUnderstood },
  ];
}

/** What silence does at a question (or, with `match`, an answer that is as good as silence). */
function silenceAnswers(options: AskOptions, answers: Partial<Record<Intent, AnswerSpec>>, reprompt: readonly FlowAction[], match?: FlowGuard): FlowTransition[] {
  if (options.onSilence !== undefined) return answersOf(options.onSilence).map((answer) => toTransition(answer, match, reprompt));
  const canReprompt: FlowGuard = { type: 'canRepromptNoInput' };
  return [
    // A caller who says nothing may not be able to speak: the question is asked again with its keys.
    { guard: match === undefined ? canReprompt : both(match, canReprompt), actions: [{ type: 'countNoInput' }, say('common.no_input'), ...reprompt, ...keysHint(options, answers)] },
    { ...(match === undefined ? {} : { guard: match }), target: ENDING.noResponse },
  ];
}

/** Past FlowOptions.maxTurns any answer ends the call politely; only safety and lawful stops come first. */
const TURN_LIMIT: FlowTransition = { guard: { type: 'turnLimitReached' }, target: ENDING.turnLimit };

function countingTurns(transition: FlowTransition): FlowTransition {
  return withActionFirst(transition, { type: 'countTurn' });
}

/** Every spoken turn adds its emotion score, if it came with one, to the call's trajectory (before an escalation reads it). */
function trackingEmotion(transition: FlowTransition): FlowTransition {
  return withActionFirst(transition, { type: 'trackEmotion' });
}

/** An answer the question understood: the counts of answers not understood (and not recognized) in a row start over. */
function understood(transition: FlowTransition): FlowTransition {
  return withActionFirst(transition, { type: 'countUnderstood' });
}

/** An answer the question did not understand: counted across questions (EscalationPolicy.notUnderstoodInARow). */
function misunderstood(transition: FlowTransition): FlowTransition {
  return withActionFirst(transition, { type: 'countNotUnderstood' });
}

function withActionFirst(transition: FlowTransition, action: FlowAction): FlowTransition {
  const actions = transition.actions === undefined ? [] : Array.isArray(transition.actions) ? (transition.actions as readonly FlowAction[]) : [transition.actions as FlowAction];
  return { ...transition, actions: [action, ...actions] };
}

/** A keyed answer that asks for a person: it outranks the turn limit, as the spoken one does. */
function isStopping(transition: FlowTransition): boolean {
  return transition.target === ENDING.escalateHuman;
}

/** Every answer keeps what it says about the account (restrictions, a callback time…), whichever way it goes. */
function notingSignals(transition: FlowTransition): FlowTransition {
  const actions = transition.actions === undefined ? [] : Array.isArray(transition.actions) ? (transition.actions as readonly FlowAction[]) : [transition.actions as FlowAction];
  return { ...transition, actions: [{ type: 'noteSignals' }, ...actions] };
}

/** The keys a silent caller can answer with, when the question takes a yes and a no on the default keys. */
function keysHint(options: AskOptions, answers: Partial<Record<Intent, AnswerSpec>>): FlowAction[] {
  if (options.dtmf !== undefined || answers.affirm === undefined || answers.deny === undefined) return [];
  return [say('keypad.keys_yes_no_person')];
}

/**
 * Builds a state that decides at once, without waiting for the debtor: the first answer whose
 * guard holds is taken (the last one should have no guard).
 */
export function decide(answers: readonly Answer[]): FlowStateConfig {
  return { always: answers.map((answer) => toTransition(answer, undefined, [])) };
}
