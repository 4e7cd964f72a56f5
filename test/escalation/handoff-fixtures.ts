import type { Handoff, HandoffPacket } from '../../src/escalation/handoff.js';

/** The shared secret the tests sign with. */
export const SECRET = 'whsec-test-0123456789abcdef';

/** Words that appear only in the packet's transcript, to prove they never reach a log line. */
export const TRANSCRIPT_MARKER = 'my landlord took the car keys';

export const TWILIO_ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
export const TWILIO_AUTH_TOKEN = 'twilio-test-auth-token';
export const TWILIO_CALL_SID = 'CAfedcba9876543210fedcba9876543210';

/** A hand-off packet of a Twilio voice call (or, with `telephony: undefined`, of a text call). */
export function packet(overrides: Partial<HandoffPacket> = {}): HandoffPacket {
  const nlu = { intent: 'request_human' as const, confidence: 0.97, entities: {} };
  return {
    version: 1,
    handoffId: 'hof_01HV7Z3K8Q2M4N6P8R0T2V4X6Z',
    callId: 'call_7d2c1e',
    flow: 'early',
    state: 'askPayment',
    reason: 'request_human',
    evidence: { utterance: 'let me talk to a real person', nlu, emotion: 0.4, atMs: 41_200 },
    debtor: { id: 'D-1001', name: 'John Smith', phone: '+14155550100', locale: 'en-US', creditor: 'Acme Auto Finance', product: 'car loan', currency: 'USD', balance: 1250.5, daysPastDue: 12 },
    verified: true,
    transcript: [
      { speaker: 'bot', text: 'Hello, this is an AI assistant calling for Acme Auto Finance.', state: 'opening', prompt: 'opening.greeting' },
      { speaker: 'debtor', text: `${TRANSCRIPT_MARKER}, let me talk to a real person`, state: 'askPayment', intent: 'request_human' },
    ],
    turns: [{ atMs: 41_200, text: 'let me talk to a real person', nlu }],
    flags: [],
    emotion: [{ atMs: 41_200, score: 0.4 }],
    telephony: { provider: 'twilio', callId: TWILIO_CALL_SID, streamId: 'MZ0123456789abcdef0123456789abcdef' },
    summary: { locale: 'en-US', text: 'John Smith, verified, 12 days past due on a car loan, asked for a person.', source: 'template' },
    requestedAt: '2026-03-11T15:04:05.000Z',
    ...overrides,
  };
}

/** A state the adapter reported on the way, or `moving` when it said it moves the caller's leg, with when (ms since the hand-off started). */
export interface Report {
  readonly state: 'briefing' | 'ringing' | 'moving';
  readonly detail?: string;
  readonly atMs: number;
}

/** A hand-off as the runner gives it, with the reports collected and the signal under the test's control. */
export interface TestHandoff {
  readonly handoff: Handoff;
  readonly reports: Report[];
  readonly controller: AbortController;
  /** Clears the ring timer, if any. */
  dispose(): void;
}

/**
 * Builds a hand-off. With `runnerAbortsAfterMs` the signal aborts that long after (in real time),
 * as the runner does at the ring timeout; without it only the adapter's own deadline bounds it.
 */
export function startHandoff(options: { readonly packet?: HandoffPacket; readonly target?: string; readonly ringTimeoutMs: number; readonly runnerAbortsAfterMs?: number }): TestHandoff {
  const controller = new AbortController();
  const reports: Report[] = [];
  const startedAt = performance.now();
  const timer = options.runnerAbortsAfterMs === undefined ? undefined : setTimeout(() => controller.abort(new DOMException('ring timeout', 'TimeoutError')), options.runnerAbortsAfterMs);
  const handoff: Handoff = {
    packet: options.packet ?? packet(),
    ...(options.target !== undefined ? { target: options.target } : {}),
    ringTimeoutMs: options.ringTimeoutMs,
    signal: controller.signal,
    report: (state, detail) => reports.push({ state, ...(detail !== undefined ? { detail } : {}), atMs: performance.now() - startedAt }),
    movingCaller: () => reports.push({ state: 'moving', atMs: performance.now() - startedAt }),
  };
  return { handoff, reports, controller, dispose: () => clearTimeout(timer) };
}

/** Unix seconds of the real clock, as a receiver checks the signature's age against it. */
export function realNowS(): number {
  return Math.floor(Date.now() / 1000);
}
