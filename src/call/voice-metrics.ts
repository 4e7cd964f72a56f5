/** What a voice call reports for monitoring; the server implements it with Prometheus metrics. */
export interface VoiceMetrics {
  callStarted(): void;
  callEnded(): void;
  frameIn(): void;
  /** `count` frames sent at once (a burst of audio, a mark). */
  framesOut(count: number): void;
  badFrame(code: string): void;
  bargeIn(): void;
  /**
   * One turn's whole latency, as its `turn.timing` entry records it (`totalMs`): from the caller's
   * last speech frame (or key, or the no-input timeout) to the first frame of the bot's answer.
   */
  turnLatency(ms: number): void;
  asrError(): void;
  ttsError(): void;
  storeError(): void;
  /** The compliance guard withheld a line the bot was about to say; `rule` is the rule it broke. */
  lineWithheld(rule: string): void;
  /** The runtime ended a call itself (a fault, a dead peer, shutdown); `cause` is the record's note code. */
  callEndedByRuntime(cause: string): void;
}

/** Metrics that go nowhere, for tests and tools. */
export const NO_VOICE_METRICS: VoiceMetrics = {
  callStarted: () => undefined,
  callEnded: () => undefined,
  frameIn: () => undefined,
  framesOut: () => undefined,
  badFrame: () => undefined,
  bargeIn: () => undefined,
  turnLatency: () => undefined,
  asrError: () => undefined,
  ttsError: () => undefined,
  storeError: () => undefined,
  callEndedByRuntime: () => undefined,
  lineWithheld: () => undefined,
};
