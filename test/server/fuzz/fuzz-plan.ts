import fc from 'fast-check';
import type { WireEncoding } from './audio-payload.js';
import { MAX_MESSAGE_BURST, MAX_MESSAGES_PER_SECOND } from '../../../src/server/message-rate-limit.js';
import type { TelephonyProvider } from '../../../src/telephony/stream-token.js';
import { mutation, rawMessage, renderMessage, renderRawMessage, type Mutation, type RawMessage, type WireFrame, type WireMessage } from './frame-mutation.js';

/** The ids and counters of one fuzzed stream; a model's `render` advances the counters. */
export interface StreamContext {
  readonly streamId: string;
  readonly callId: string;
  /** The token a start frame carries (Twilio), or undefined when the URL carries it or there is none. */
  readonly startToken: string | undefined;
  sequence: number;
  chunk: number;
  /** How audio is encoded on this stream, as its last start frame said. */
  encoding: WireEncoding;
}

/**
 * One provider's frames for the fuzzer: templates (what a frame says, as data fast-check can
 * generate and shrink), how each is written on the wire, and what a well-behaved peer answers.
 */
export interface ProviderFuzzModel<T> {
  readonly provider: TelephonyProvider;
  /** Where the stream token goes: Twilio's `start.customParameters`, or the others' upgrade URL. */
  readonly tokenIn: 'start' | 'url';
  /** The frames that open a stream (connected, start, …): mostly as the provider sends them, sometimes with a start no provider should send. */
  readonly opening: fc.Arbitrary<readonly T[]>;
  /** The frame that starts a stream exactly as the provider does (Twilio's `start` carrying the token). */
  readonly validStart: T;
  /** Any frame the provider sends, correct in shape (a start too, so starts may repeat or come late). */
  readonly frame: fc.Arbitrary<T>;
  /** The frame a template stands for, on this stream. */
  render(template: T, context: StreamContext): WireFrame;
  /** What the provider answers to a message from the server (a mark's echo), if anything. */
  answer(data: Buffer, isBinary: boolean, context: StreamContext): WireFrame | undefined;
}

/** How a fuzzed stream presents its token. */
export type TokenKind = 'valid' | 'missing' | 'forged' | 'oversized' | 'expired' | 'wrong_provider' | 'reused' | 'wrong_call';

/** How a fuzzed connection ends once its steps are sent. */
export type Ending =
  | { readonly end: 'close'; readonly code: number | undefined }
  | { readonly end: 'terminate' }
  /** Waits up to `ms` of server time for the server to close, then terminates. */
  | { readonly end: 'linger'; readonly ms: number };

/** One step of a fuzzed connection. */
export type FuzzStep<T> =
  /** A provider frame, possibly mutated; `sequenceJump` moves the stream's sequence number first (out of order, duplicate). */
  | { readonly step: 'frame'; readonly frame: T; readonly change: Mutation | undefined; readonly sequenceJump: number }
  | { readonly step: 'raw'; readonly message: RawMessage }
  /** Lets the server's clock move (start timeout, pings, prompts, no-input). */
  | { readonly step: 'pause'; readonly ms: number }
  /** The same frame many times at once: up to and over the flood limits (the rate, the burst allowance). */
  | { readonly step: 'burst'; readonly frame: T; readonly count: number };

/** Everything one fuzzed connection does. */
export interface FuzzPlan<T> {
  readonly token: TokenKind;
  /** Token in the `x-dunbot-token` header rather than the URL (URL-token providers). */
  readonly tokenInHeader: boolean;
  readonly debtorId: string;
  /** The frames that open the stream before the steps, or undefined to start with the steps. */
  readonly opening: readonly T[] | undefined;
  readonly steps: readonly FuzzStep<T>[];
  /** Echoes the server's marks as the provider would, so calls move on. */
  readonly answersMarks: boolean;
  /** Answers the server's pings; a peer that does not, and sends nothing either, is cut. */
  readonly answersPings: boolean;
  readonly ending: Ending;
}

/** A step as the fuzz client runs it. */
export type RunStep =
  | { readonly run: 'send'; readonly message: WireMessage }
  | { readonly run: 'pause'; readonly ms: number }
  | { readonly run: 'burst'; readonly message: WireMessage; readonly count: number };

/** A connection's messages, ready to send, and its answers to the server. */
export interface PreparedScript {
  readonly steps: readonly RunStep[];
  readonly answer: ((data: Buffer, isBinary: boolean) => WireMessage | undefined) | undefined;
}

/** A fuzzed connection of some provider, with its provider's types hidden; fast-check prints it as its plan. */
export interface ConnectionScript extends fc.WithToStringMethod {
  readonly provider: TelephonyProvider;
  readonly tokenIn: 'start' | 'url';
  readonly token: TokenKind;
  readonly tokenInHeader: boolean;
  readonly debtorId: string;
  /** The stream opens with the provider's own valid start (it may still break the protocol later). */
  readonly opensWithValidStart: boolean;
  readonly answersPings: boolean;
  readonly ending: Ending;
  prepare(context: StreamContext): PreparedScript;
}

/** A debtor id no fixture has: a stream for it is refused once started. */
export const UNKNOWN_DEBTOR = 'D-0000';

/** Debtors a fuzzed stream may be for (C-2003 is kept for the good calls). */
export const FUZZ_DEBTORS = ['D-1001', 'D-1002', 'D-1003', 'C-2001', 'C-2002', UNKNOWN_DEBTOR] as const;

const tokenKind: fc.Arbitrary<TokenKind> = fc.oneof(
  { arbitrary: fc.constant('valid' as const), weight: 14 },
  { arbitrary: fc.constantFrom('missing' as const, 'forged' as const, 'oversized' as const, 'expired' as const, 'wrong_provider' as const, 'reused' as const, 'wrong_call' as const), weight: 3 },
);

const ending: fc.Arbitrary<Ending> = fc.oneof(
  { arbitrary: fc.record({ end: fc.constant('close' as const), code: fc.constantFrom(undefined, 1000, 1001, 3000, 4000, 4999) }), weight: 9 },
  { arbitrary: fc.record({ end: fc.constant('terminate' as const) }), weight: 7 },
  { arbitrary: fc.record({ end: fc.constant('linger' as const), ms: fc.constantFrom(500, 2000, 6000) }), weight: 4 },
);

const sequenceJump: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.constant(0), weight: 16 },
  { arbitrary: fc.integer({ min: -5, max: 5 }), weight: 3 },
  { arbitrary: fc.constantFrom(255, 257, 1000, 1e9, 1e14, -1e6), weight: 1 },
);

/** Pauses of server time: short, past the start timeout, past a ping, past two pings (a silent peer is cut). */
const pauseMs: fc.Arbitrary<number> = fc.oneof(
  { arbitrary: fc.constantFrom(20, 100, 500), weight: 10 },
  { arbitrary: fc.constantFrom(1000, 5100, 10_100), weight: 2 },
  { arbitrary: fc.constant(31_000), weight: 1 },
);

/** Arbitrary plans for one provider's connections. */
export function fuzzPlan<T>(model: ProviderFuzzModel<T>): fc.Arbitrary<FuzzPlan<T>> {
  const step: fc.Arbitrary<FuzzStep<T>> = fc.oneof(
    { arbitrary: fc.record({ step: fc.constant('frame' as const), frame: model.frame, change: fc.constant(undefined), sequenceJump }), weight: 10 },
    { arbitrary: fc.record({ step: fc.constant('frame' as const), frame: model.frame, change: mutation, sequenceJump }), weight: 8 },
    { arbitrary: fc.record({ step: fc.constant('raw' as const), message: rawMessage }), weight: 2 },
    { arbitrary: fc.record({ step: fc.constant('pause' as const), ms: pauseMs }), weight: 2 },
    { arbitrary: fc.record({ step: fc.constant('burst' as const), frame: model.frame, count: fc.oneof(fc.integer({ min: 2, max: 50 }), fc.constantFrom(MAX_MESSAGES_PER_SECOND + 1, MAX_MESSAGE_BURST - 1, MAX_MESSAGE_BURST + 1, MAX_MESSAGE_BURST + 100)) }), weight: 1 },
  );
  return fc.record({
    token: tokenKind,
    tokenInHeader: fc.boolean(),
    debtorId: fc.constantFrom(...FUZZ_DEBTORS),
    opening: fc.oneof({ arbitrary: model.opening, weight: 3 }, { arbitrary: fc.constant(undefined), weight: 1 }),
    steps: fc.array(step, { maxLength: 30 }),
    answersMarks: fc.oneof({ arbitrary: fc.constant(true), weight: 3 }, { arbitrary: fc.constant(false), weight: 1 }),
    answersPings: fc.oneof({ arbitrary: fc.constant(true), weight: 7 }, { arbitrary: fc.constant(false), weight: 1 }),
    ending,
  });
}

/** The client's steps for a plan on a stream with `context`'s ids. */
export function prepareScript<T>(model: ProviderFuzzModel<T>, plan: FuzzPlan<T>, context: StreamContext): PreparedScript {
  const steps: RunStep[] = [];
  for (const frame of plan.opening ?? []) steps.push({ run: 'send', message: renderMessage(model.render(frame, context), undefined) });
  for (const step of plan.steps) {
    switch (step.step) {
      case 'frame':
        context.sequence += step.sequenceJump;
        steps.push({ run: 'send', message: renderMessage(model.render(step.frame, context), step.change) });
        break;
      case 'raw':
        steps.push({ run: 'send', message: renderRawMessage(step.message) });
        break;
      case 'pause':
        steps.push({ run: 'pause', ms: step.ms });
        break;
      case 'burst':
        steps.push({ run: 'burst', message: renderMessage(model.render(step.frame, context), undefined), count: step.count });
        break;
    }
  }
  const answer = plan.answersMarks
    ? (data: Buffer, isBinary: boolean): WireMessage | undefined => {
        const frame = model.answer(data, isBinary, context);
        return frame === undefined ? undefined : renderMessage(frame, undefined);
      }
    : undefined;
  return { steps, answer };
}

/** Arbitrary connection scripts for one provider. */
export function connectionScript<T>(model: ProviderFuzzModel<T>): fc.Arbitrary<ConnectionScript> {
  return fuzzPlan(model).map((plan): ConnectionScript => ({
    provider: model.provider,
    tokenIn: model.tokenIn,
    token: plan.token,
    tokenInHeader: plan.tokenInHeader,
    debtorId: plan.debtorId,
    opensWithValidStart: plan.opening !== undefined && JSON.stringify(plan.opening.at(-1)) === JSON.stringify(model.validStart),
    answersPings: plan.answersPings,
    ending: plan.ending,
    prepare: (context) => prepareScript(model, plan, context),
    [fc.toStringMethod]: () => fc.stringify(plan),
  }));
}
